package org.frontline.supplies.service;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the ledger's month partitions ahead of time: this month and the next {@value #MONTHS_AHEAD}
 * ({@code ensure_month_partitions}, migration V2), a few seconds after start and then twice a day, once across
 * replicas. A posting whose month has no partition would land in the default partition (still correct, but the
 * month can then no longer get its own partition until those rows move).
 */
@ApplicationScoped
public class LedgerPartitions {

    private static final Logger LOG = Logger.getLogger(LedgerPartitions.class);
    static final int MONTHS_AHEAD = 2;

    private final ClusterJob jobs;
    private final EntityManager em;

    public LedgerPartitions(ClusterJob jobs, EntityManager em) {
        this.jobs = jobs;
        this.em = em;
    }

    @Scheduled(every = "${supplies.ledger.partition-interval:12h}", delayed = "${supplies.ledger.partition-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        ensure();
    }

    /** Creates the missing month partitions; returns how many it created (0 also when another replica ran). */
    public int ensure() {
        AtomicInteger created = new AtomicInteger();
        jobs.runOnce("supplies.ledger-partitions", () -> created.set(((Number) em
                .createNativeQuery("select ensure_month_partitions('ledger_posting', " + MONTHS_AHEAD + ")")
                .getSingleResult()).intValue()));
        if (created.get() > 0) {
            LOG.infof("Created %d month partition(s) of ledger_posting", created.get());
        }
        return created.get();
    }
}
