package org.frontline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;

import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

/** Which failures the inbox may retry: transient database ones, and a concurrent writer's optimistic lock. */
class DatabaseFailuresTest {

    @Test
    void anOptimisticLockFailureIsAConcurrentUpdateButNotADatabaseFault() {
        var jpa = new OptimisticLockException("row was updated by another transaction");
        var hibernate = new PersistenceException("commit failed",
                new StaleObjectStateException("org.frontline.roster.SurgeProposal", "id"));
        assertThat(DatabaseFailures.isConcurrentUpdate(new RuntimeException("wrapped", jpa))).isTrue();
        assertThat(DatabaseFailures.isConcurrentUpdate(hibernate)).isTrue();
        assertThat(DatabaseFailures.isTransient(jpa)).isFalse(); // not a database fault: no 503 for it
        assertThat(DatabaseFailures.isConcurrentUpdate(new SQLException("deadlock", "40P01"))).isFalse();
        assertThat(DatabaseFailures.isConcurrentUpdate(new IllegalStateException("bug"))).isFalse();
    }
}
