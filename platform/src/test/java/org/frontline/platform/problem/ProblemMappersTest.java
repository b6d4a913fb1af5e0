package org.frontline.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

/** Which failures the mappers turn into a 409 (a lost optimistic race) or a 400 (a value the database refused). */
class ProblemMappersTest {

    @Test
    void optimisticLockFailuresAreConcurrentUpdatesAnywhereInTheChain() {
        assertThat(org.frontline.platform.db.DatabaseFailures.isConcurrentUpdate(new OptimisticLockException("row changed"))).isTrue();
        assertThat(org.frontline.platform.db.DatabaseFailures.isConcurrentUpdate(new StaleObjectStateException("Shift", "id"))).isTrue();
        assertThat(org.frontline.platform.db.DatabaseFailures.isConcurrentUpdate(new RuntimeException("commit failed",
                new PersistenceException(new StaleObjectStateException("Assignment", "id"))))).isTrue();
        assertThat(org.frontline.platform.db.DatabaseFailures.isConcurrentUpdate(new PersistenceException("other"))).isFalse();
        assertThat(org.frontline.platform.db.DatabaseFailures.isConcurrentUpdate(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void postgresDataExceptionsAreFoundByTheirClass() {
        assertThat(ProblemMappers.dataException(new PersistenceException(
                new SQLException("date/time field value out of range", "22008")))).isEqualTo("22008");
        assertThat(ProblemMappers.dataException(new SQLException("numeric field overflow", "22003"))).isEqualTo("22003");
        assertThat(ProblemMappers.dataException(new SQLException("duplicate key", "23505"))).isNull();
        assertThat(ProblemMappers.dataException(new IllegalStateException("bug"))).isNull();
    }
}
