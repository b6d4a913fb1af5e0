package org.frontline.alert.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.AlertLogEntry;
import org.frontline.alert.config.AlertsConfig;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Escalation (README "Alerts"): an OPEN alert past its {@code ack_due_at} goes one tier up — COMMUNITY → DISTRICT
 * (its first 6 digits), DISTRICT → CITY (first 4) — and its deadline moves on by its level's deadline again; CITY is
 * the last tier. An alert starts at its own area's tier (a district-wide alert at DISTRICT, a city-wide one at CITY,
 * which never escalates), so it never "escalates" to its own area. Acknowledging (or closing) stops it: only OPEN alerts are looked at. Once across replicas, page
 * by page, each page one transaction with its alerts locked (skip locked).
 */
@ApplicationScoped
public class Escalation {

    private static final Logger LOG = Logger.getLogger(Escalation.class);
    static final String NAME = "alert.escalation";

    private final ClusterJob jobs;
    private final EntityManager em;
    private final AlertService alerts;
    private final AlertJournal journal;
    private final AlertsConfig.Escalation config;
    private final Clock clock;

    public Escalation(ClusterJob jobs, EntityManager em, AlertService alerts, AlertJournal journal,
            AlertsConfig.Escalation config, Clock clock) {
        this.jobs = jobs;
        this.em = em;
        this.alerts = alerts;
        this.journal = journal;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${alert.escalation.every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "escalation round failed");
        }
    }

    /** One round; returns how many alerts went up a tier (-1: another replica was running it). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int size = config.pageSize();
        return JobPages.run(jobs, NAME, size, () -> page(size));
    }

    private int page(int size) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        @SuppressWarnings("unchecked")
        List<Alert> due = em.createNativeQuery("""
                select * from alert where status = 'OPEN' and ack_due_at <= ?1 and escalation_tier <> 'CITY'
                order by ack_due_at limit ?2 for update skip locked
                """, Alert.class).setParameter(1, now).setParameter(2, size).getResultList();
        for (Alert a : due) {
            OffsetDateTime missed = a.ackDueAt;
            // the tier above the current one (an alert starts at its own area's tier, AlertService.startingTier):
            // a community alert goes to its district, a district alert to its city; the query left out CITY
            a.escalationTier = a.escalationTier == Alert.Tier.COMMUNITY ? Alert.Tier.DISTRICT : Alert.Tier.CITY;
            int digits = a.escalationTier == Alert.Tier.DISTRICT ? 6 : 4;
            a.escalatedTo = a.areaCode.substring(0, Math.min(digits, a.areaCode.length()));
            a.escalatedAt = now;
            a.ackDueAt = alerts.deadline(a.level).map(now::plus).orElse(null);
            a.updatedAt = now;
            journal.log(a, AlertLogEntry.Kind.ESCALATED, AlertJournal.SYSTEM, null, null,
                    "not acknowledged by " + missed + ": escalated to " + a.escalationTier + " " + a.escalatedTo, now);
            journal.publish(a, AlertJournal.escalated(a, missed, now), now);
        }
        return due.size();
    }
}
