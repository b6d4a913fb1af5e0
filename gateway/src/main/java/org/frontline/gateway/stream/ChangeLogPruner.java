package org.frontline.gateway.stream;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes changes older than the retention ({@code frontline.gateway.stream.retention}, 24 h): a client away longer
 * than that gets a {@code resync} and reloads. The newest row always stays, so the ids go on from it after a restart.
 * It deletes by id, below the first id written within the retention: {@code at} is the writing transaction's start,
 * while the ids follow the commit order, so a row older by {@code at} may sit after a newer one.
 */
@ApplicationScoped
public class ChangeLogPruner {

    private static final Logger LOG = Logger.getLogger(ChangeLogPruner.class);

    private final ClusterJob jobs;
    private final EntityManager em;
    private final Duration retention;

    public ChangeLogPruner(ClusterJob jobs, EntityManager em,
            @ConfigProperty(name = "frontline.gateway.stream.retention", defaultValue = "24h") Duration retention) {
        this.jobs = jobs;
        this.em = em;
        this.retention = retention;
    }

    @Scheduled(every = "${frontline.gateway.stream.prune-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune();
    }

    /** Runs once across the replicas; returns the rows deleted (0 if another replica ran it). */
    public int prune() {
        int[] deleted = {0};
        jobs.runOnce("gateway.picture-change-prune", () -> deleted[0] = em.createNativeQuery("""
                delete from picture_change
                where id < coalesce(
                    (select min(id) from picture_change where at >= now() - make_interval(secs => ?1)),
                    (select max(id) from picture_change))
                """).setParameter(1, (double) retention.toSeconds()).executeUpdate());
        if (deleted[0] > 0) {
            LOG.infof("Pruned %d picture changes older than %s", deleted[0], retention);
        }
        return deleted[0];
    }
}
