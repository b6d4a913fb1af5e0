package org.frontline.screening.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.jobs.ClusterJob;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Quarantine;
import org.frontline.screening.Resident;
import org.frontline.screening.Symptom;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.QuarantineEvents.QuarantineCheckInMissed;
import org.frontline.screening.events.QuarantineEvents.QuarantineCheckInRecovered;
import org.frontline.screening.events.QuarantineEvents.QuarantineEnded;
import org.frontline.screening.events.QuarantineEvents.QuarantineExtended;
import org.frontline.screening.events.QuarantineEvents.QuarantineStarted;
import org.frontline.screening.events.ScreeningTopics;

import io.quarkus.scheduler.Scheduled;

/**
 * Quarantine and health monitoring: start (policy length by kind unless an end date is given), one check-in a
 * day, extension and early release with a reason, and a scan that finds missed check-in days and completed
 * periods. Days are the city's dates ({@link Clock} in the city's zone).
 */
@ApplicationScoped
public class QuarantineService {

    private final Outbox outbox;
    private final ScreeningConfig config;
    private final Clock clock;
    private final EntityManager em;
    private final ClusterJob jobs;

    public QuarantineService(Outbox outbox, ScreeningConfig config, Clock clock, EntityManager em, ClusterJob jobs) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.em = em;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    @Transactional
    public Quarantine start(Resident resident, Quarantine.Kind kind, LocalDate startDate, LocalDate plannedEnd,
            String recordedBy) {
        LocalDate start = startDate == null ? today() : startDate;
        LocalDate end = plannedEnd == null ? start.plusDays(policyDays(kind)) : plannedEnd;
        if (start.isAfter(today())) {
            throw ProblemException.validation(List.of(new Problem.FieldError("startDate", "must not be in the future")));
        }
        if (!end.isAfter(start)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("plannedEndDate", "must be after startDate")));
        }
        if (Quarantine.count("residentId = ?1 and status = ?2", resident.id, Quarantine.Status.ACTIVE) > 0) {
            throw ProblemException.conflict("Already in quarantine", "Resident " + resident.id + " has an active period");
        }
        Quarantine q = new Quarantine();
        q.id = UUID.randomUUID();
        q.residentId = resident.id;
        q.communityCode = resident.communityCode;
        q.kind = kind;
        q.startDate = start;
        q.plannedEndDate = end;
        q.status = Quarantine.Status.ACTIVE;
        q.recordedBy = recordedBy;
        q.createdAt = OffsetDateTime.now(clock);
        q.persist();
        outbox.record(ScreeningTopics.EVENTS, new QuarantineStarted(q.id, q.residentId, q.communityCode, kind.name(),
                start, end));
        return q;
    }

    int policyDays(Quarantine.Kind kind) {
        return switch (kind) {
            case HOME -> config.quarantine().homeDays();
            case CENTRALISED -> config.quarantine().centralisedDays();
            case HEALTH_MONITORING -> config.quarantine().healthMonitoringDays();
        };
    }

    /**
     * A check-in, on the city's day it was taken ({@code checkedInAt}, default now: a phone may sync it later,
     * within the late-sync window). The day must lie inside the period, start to planned end inclusive (the
     * planned end day may have its exit check-in, though the scan never reports that day missed); a second one
     * the same day is a 409.
     * <p>
     * Offline phones: a period the scan completed meanwhile (ENDED, COMPLETED) still takes a late check-in for a
     * day inside it (an early release does not: monitoring was stopped on purpose). A late check-in for a day
     * the scan already reported missed deletes that missed day and publishes {@link QuarantineCheckInRecovered},
     * so projections that counted the miss can take it back.
     */
    @Transactional
    public LocalDate checkIn(UUID id, BigDecimal temperature, Set<Symptom> symptoms, OffsetDateTime checkedInAt,
            String recordedBy) {
        Quarantine q = Quarantine.findById(id);
        if (q == null) {
            throw ProblemException.notFound("Quarantine", id);
        }
        if (q.status != Quarantine.Status.ACTIVE && q.endReason != Quarantine.EndReason.COMPLETED) {
            throw ProblemException.conflict("Quarantine ended", "Quarantine " + q.id + " ended on " + q.endedOn);
        }
        OffsetDateTime at = Plausibility.occurred(checkedInAt, "checkedInAt", config.lateSyncWindow(), clock);
        LocalDate day = at.atZoneSameInstant(clock.getZone()).toLocalDate();
        if (day.isBefore(q.startDate) || day.isAfter(q.plannedEndDate)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("checkedInAt",
                    "falls on " + day + ", outside the period " + q.startDate + " to " + q.plannedEndDate)));
        }
        long already = ((Number) em.createNativeQuery(
                "select count(*) from quarantine_check_in where quarantine_id = ?1 and day = ?2")
                .setParameter(1, q.id).setParameter(2, day).getSingleResult()).longValue();
        if (already > 0) {
            throw ProblemException.conflict("Already checked in", "There is already a check-in for " + day);
        }
        em.createNativeQuery("""
                insert into quarantine_check_in (id, quarantine_id, day, temperature_celsius, symptoms, recorded_by, checked_in_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
                .setParameter(1, UUID.randomUUID()).setParameter(2, q.id).setParameter(3, day)
                .setParameter(4, temperature)
                .setParameter(5, new Symptom.SetConverter().convertToDatabaseColumn(
                        symptoms == null || symptoms.isEmpty() ? EnumSet.noneOf(Symptom.class) : EnumSet.copyOf(symptoms)))
                .setParameter(6, recordedBy).setParameter(7, at)
                .executeUpdate();
        int withdrawn = em.createNativeQuery("delete from quarantine_missed_day where quarantine_id = ?1 and day = ?2")
                .setParameter(1, q.id).setParameter(2, day).executeUpdate();
        if (withdrawn > 0) {
            outbox.record(ScreeningTopics.EVENTS, new QuarantineCheckInRecovered(q.id, q.residentId, q.communityCode, day));
        }
        return day;
    }

    @Transactional
    public Quarantine extend(UUID id, LocalDate newPlannedEnd, String reason) {
        Quarantine q = load(id);
        if (!newPlannedEnd.isAfter(q.plannedEndDate)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("plannedEndDate",
                    "must be after the current planned end " + q.plannedEndDate)));
        }
        LocalDate previous = q.plannedEndDate;
        q.plannedEndDate = newPlannedEnd;
        q.note = reason;
        flush(q);
        outbox.record(ScreeningTopics.EVENTS, new QuarantineExtended(q.id, q.residentId, q.communityCode, previous,
                newPlannedEnd));
        return q;
    }

    /**
     * Early release. The period is changed under its version (optimistic lock): if the scan ended it meanwhile,
     * this is a 409 and nothing is written, so QuarantineEnded is published once.
     */
    @Transactional
    public Quarantine release(UUID id, String reason) {
        Quarantine q = load(id);
        end(q, Quarantine.EndReason.EARLY_RELEASE, today());
        q.note = reason;
        flush(q);
        return q;
    }

    /** Writes the change now, under the version read, so a lost race is a clear 409, not a failed commit. */
    private void flush(Quarantine q) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw ProblemException.conflict("Quarantine changed meanwhile",
                    "Quarantine " + q.id + " was changed by someone else meanwhile; nothing was written. Reload it");
        }
    }

    private void end(Quarantine q, Quarantine.EndReason reason, LocalDate on) {
        q.status = Quarantine.Status.ENDED;
        q.endReason = reason;
        q.endedOn = on;
        outbox.record(ScreeningTopics.EVENTS, new QuarantineEnded(q.id, q.residentId, q.communityCode, reason.name(), on));
    }

    /** Loaded in the caller's transaction (changes are saved under its version); it must still be active. */
    private Quarantine load(UUID id) {
        Quarantine q = Quarantine.findById(id);
        if (q == null) {
            throw ProblemException.notFound("Quarantine", id);
        }
        if (q.status != Quarantine.Status.ACTIVE) {
            throw ProblemException.conflict("Quarantine ended", "Quarantine " + q.id + " ended on " + q.endedOn);
        }
        return q;
    }

    @Scheduled(every = "${screening.quarantine.scan-interval:10m}", delayed = "${screening.quarantine.scan-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        jobs.runOnce("screening.quarantine-scan", this::scan);
    }

    /**
     * Finds, for every active period, each whole past day without a check-in since the period was recorded
     * (a backdated start is not reported for the days before anyone knew of it), reports each once (the day
     * is recorded), and ends periods whose planned end has passed. Returns how many missed days it found.
     * Runs once across replicas ({@link ClusterJob}); a period released meanwhile is left alone (the end is
     * a conditional update under the period's version).
     */
    @Transactional
    public int scan() {
        LocalDate today = today();
        List<Object[]> missed = rows("""
                insert into quarantine_missed_day (quarantine_id, day, detected_at)
                select q.id, d.day::date, ?
                from quarantine q
                cross join lateral generate_series(greatest(q.start_date, (q.created_at at time zone ?)::date),
                    least(q.planned_end_date, cast(? as date)) - 1, interval '1 day') as d(day)
                where q.status = 'ACTIVE'
                  and not exists (select 1 from quarantine_check_in c where c.quarantine_id = q.id and c.day = d.day::date)
                on conflict do nothing
                returning quarantine_id, day
                """, OffsetDateTime.now(clock), clock.getZone().getId(), today);
        missed.sort(java.util.Comparator.comparing((Object[] row) -> row[0].toString()).thenComparing(row -> day(row[1])));
        for (Object[] row : missed) {
            Quarantine q = Quarantine.findById((UUID) row[0]);
            outbox.record(ScreeningTopics.EVENTS, new QuarantineCheckInMissed(q.id, q.residentId, q.communityCode,
                    day(row[1])));
        }
        // conditional on still being ACTIVE: a release that committed first wins, and this row is skipped
        List<Object[]> ended = rows("""
                update quarantine set status = 'ENDED', end_reason = 'COMPLETED', ended_on = planned_end_date,
                    version = version + 1
                where status = 'ACTIVE' and planned_end_date <= ?
                returning id, resident_id, community_code, planned_end_date
                """, today);
        for (Object[] row : ended) {
            outbox.record(ScreeningTopics.EVENTS, new QuarantineEnded((UUID) row[0], (UUID) row[1], (String) row[2],
                    Quarantine.EndReason.COMPLETED.name(), day(row[3])));
        }
        return missed.size();
    }

    /** A statement with {@code returning}, on this transaction's connection. */
    private List<Object[]> rows(String sql, Object... params) {
        em.flush();
        return em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            List<Object[]> result = new java.util.ArrayList<>();
            try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    st.setObject(i + 1, params[i]);
                }
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        result.add(row);
                    }
                }
            }
            return result;
        });
    }

    private static LocalDate day(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
