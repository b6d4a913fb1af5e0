package org.frontline.platform.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Scheduled work that must run once across all replicas of a service (the missed check-in scan, pruning).
 * Every replica's scheduler fires; each tries a transaction-scoped PostgreSQL advisory lock named after the
 * job, and only the one that gets it does the work, in that same transaction. The others skip this round.
 * The lock goes with the transaction (commit, rollback or a lost connection), so a crashed replica never
 * keeps it.
 *
 * <pre>{@code
 * @Scheduled(every = "10m", concurrentExecution = SKIP)
 * void scan() {
 *     jobs.runOnce("screening.quarantine-scan", quarantines::scan);
 * }
 * }</pre>
 *
 * The work itself must still tolerate running again right after another replica finished (a round that
 * starts after the other's commit gets the lock too): make it idempotent, as every job should be.
 */
@ApplicationScoped
public class ClusterJob {

    private static final Logger LOG = Logger.getLogger(ClusterJob.class);

    private final AgroalDataSource dataSource;

    public ClusterJob(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in this transaction if no other replica is running the job now; returns whether it ran. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean runOnce(String name, Runnable work) {
        if (!tryLock(name)) {
            LOG.debugf("Job %s is running on another replica; skipped", name);
            return false;
        }
        work.run();
        return true;
    }

    /** The connection is the transaction's own (enlisted), so the lock lasts exactly as long as the transaction. */
    private boolean tryLock(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select pg_try_advisory_xact_lock(hashtext(?))")) {
            st.setString(1, "frontline.job." + name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the lock of job " + name, e);
        }
    }
}
