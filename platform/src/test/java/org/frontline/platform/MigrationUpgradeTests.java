package org.frontline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.frontline.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A deployed database gets the platform migrations that were added after the service's own ones. Runs on the
 * module's shared app and database (testapp.TestInfrastructure) like the other tests here, so no restart.
 */
@QuarkusTest
class MigrationUpgradeTests {

    @Inject
    Flyway flyway;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReplicaWaitsForAnotherReplicasMigrationAsLongAsConfigured() {
        // FlywayLockWait: frontline.flyway.lock-retry-count (300, about five minutes) instead of Flyway's 50
        assertThat(flyway.getConfiguration().getLockRetryCount())
                .isEqualTo(ConfigProvider.getConfig().getValue("frontline.flyway.lock-retry-count", Integer.class))
                .isEqualTo(300);
    }

    @Test
    void aPlatformMigrationAddedAfterTheServicesOwnIsAppliedOnUpgrade() {
        TestDatabase db = new TestDatabase(dataSource);
        // the database as an installation from before V0_3 left it: the platform's V0_1, V0_2 and the
        // service's V1 applied, V0_3 not (its effect undone, its history row gone)
        db.execute("create index if not exists outbox_pending on outbox (id) where status = 'PENDING'");
        db.execute("delete from flyway_schema_history where version = '0.3'");

        // the service starts with the same Flyway configuration as at boot
        var result = Flyway.configure().configuration(flyway.getConfiguration()).load().migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(1);
        assertThat(db.count("select count(*) from pg_indexes where indexname = 'outbox_pending'")).isZero();
        assertThat(db.count("select count(*) from flyway_schema_history where version = '0.3' and success"))
                .isEqualTo(1);
    }
}
