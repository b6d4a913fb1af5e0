package org.frontline.platform.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/** Forgets idempotency keys older than {@code frontline.idempotency.retention}, once across replicas. */
@ApplicationScoped
public class IdempotencyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruner.class);

    private final ClusterJob jobs;
    private final AgroalDataSource dataSource;
    private final IdempotencyConfig config;

    public IdempotencyPruner(ClusterJob jobs, AgroalDataSource dataSource, IdempotencyConfig config) {
        this.jobs = jobs;
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "${frontline.idempotency.prune-interval:1h}", delay = 60, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        jobs.runOnce("idempotency-prune", this::prune);
    }

    /** Deletes expired keys; must run inside a transaction (the job's). Returns how many. */
    public int prune() {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "delete from idempotency_key where created_at < now() - make_interval(secs => ?)")) {
            st.setLong(1, config.retention().toSeconds());
            int deleted = st.executeUpdate();
            if (deleted > 0) {
                LOG.debugf("Forgot %d expired idempotency keys", deleted);
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune idempotency keys", e);
        }
    }
}
