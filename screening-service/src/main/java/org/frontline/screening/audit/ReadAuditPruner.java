package org.frontline.screening.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes read-audit rows older than {@code screening.read-audit.retention} (default 400 days), every
 * {@code screening.read-audit.prune-interval}, once across replicas (a {@link ClusterJob}).
 */
@ApplicationScoped
public class ReadAuditPruner {

    private static final Logger LOG = Logger.getLogger(ReadAuditPruner.class);

    private final ClusterJob jobs;
    private final AgroalDataSource dataSource;
    private final Duration retention;

    public ReadAuditPruner(ClusterJob jobs, AgroalDataSource dataSource,
            ReadAuditConfig config) {
        this.jobs = jobs;
        this.dataSource = dataSource;
        this.retention = config.retention();
    }

    @Scheduled(every = "${screening.read-audit.prune-interval:1h}", delay = 90, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        jobs.runOnce("screening.read-audit-prune", this::prune);
    }

    /** Deletes the rows past the retention; must run inside a transaction (the job's). Returns how many. */
    public int prune() {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "delete from read_audit where read_at < now() - make_interval(secs => ?)")) {
            st.setLong(1, retention.toSeconds());
            int deleted = st.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Pruned %d read-audit rows older than %s", deleted, retention);
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune the read audit", e);
        }
    }
}
