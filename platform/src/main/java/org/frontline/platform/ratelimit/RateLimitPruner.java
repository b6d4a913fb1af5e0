package org.frontline.platform.ratelimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/** Deletes the rate-limit rows whose window has ended, every {@code frontline.rate-limit.prune-interval}, once across replicas. */
@ApplicationScoped
public class RateLimitPruner {

    private static final Logger LOG = Logger.getLogger(RateLimitPruner.class);

    private final ClusterJob jobs;
    private final AgroalDataSource dataSource;

    public RateLimitPruner(ClusterJob jobs, AgroalDataSource dataSource) {
        this.jobs = jobs;
        this.dataSource = dataSource;
    }

    @Scheduled(every = "${frontline.rate-limit.prune-interval:10m}", delay = 60, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        jobs.runOnce("rate-limit-prune", this::prune);
    }

    /** Deletes ended windows; must run inside a transaction (the job's). Returns how many. */
    public int prune() {
        try (Connection c = dataSource.getConnection()) {
            int deleted = RateLimitCounter.prune(c);
            if (deleted > 0) {
                LOG.debugf("Pruned %d ended rate-limit windows", deleted);
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune rate-limit windows", e);
        }
    }
}
