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
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Quarantine;
import org.frontline.screening.Resident;
import org.frontline.screening.Symptom;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.QuarantineEvents.QuarantineCheckInMissed;
import org.frontline.screening.events.QuarantineEvents.QuarantineEnded;
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

    public QuarantineService(Outbox outbox, ScreeningConfig config, Clock clock, EntityManager em) {
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

    /** Today's check-in; a second one the same day is a 409. */
    @Transactional
    public void checkIn(UUID id, BigDecimal temperature, Set<Symptom> symptoms, String recordedBy) {
        Quarantine q = load(id);
        LocalDate day = today();
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
                .setParameter(6, recordedBy).setParameter(7, OffsetDateTime.now(clock))
                .executeUpdate();
    }

    @Transactional
    public Quarantine extend(UUID id, LocalDate newPlannedEnd, String reason) {
        Quarantine q = load(id);
        if (!newPlannedEnd.isAfter(q.plannedEndDate)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("plannedEndDate",
                    "must be after the current planned end " + q.plannedEndDate)));
        }
        q.plannedEndDate = newPlannedEnd;
        q.note = reason;
        return q;
    }

    @Transactional
    public Quarantine release(UUID id, String reason) {
        Quarantine q = load(id);
        end(q, Quarantine.EndReason.EARLY_RELEASE, today());
        q.note = reason;
        return q;
    }

    private void end(Quarantine q, Quarantine.EndReason reason, LocalDate on) {
        q.status = Quarantine.Status.ENDED;
        q.endReason = reason;
        q.endedOn = on;
        outbox.record(ScreeningTopics.EVENTS, new QuarantineEnded(q.id, q.residentId, q.communityCode, reason.name(), on));
    }

    /** Loaded (and locked) in the caller's transaction, so changes are saved; it must still be active. */
    private Quarantine load(UUID id) {
        Quarantine q = Quarantine.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (q == null) {
            throw ProblemException.notFound("Quarantine", id);
        }
        if (q.status != Quarantine.Status.ACTIVE) {
            throw ProblemException.conflict("Quarantine ended", "Quarantine " + q.id + " ended on " + q.endedOn);
        }
        return q;
    }

    @Scheduled(every = "${screening.quarantine.scan-interval:10m}", delay = 30, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        scan();
    }

    /**
     * Finds, for every active period, each whole past day without a check-in (once per day: the day is
     * recorded), and ends periods whose planned end has passed. Returns how many missed days it found.
     */
    @Transactional
    public int scan() {
        LocalDate today = today();
        @SuppressWarnings("unchecked")
        List<Object[]> missed = em.createNativeQuery("""
                select q.id, d.day::date
                from quarantine q
                cross join lateral generate_series(q.start_date, least(q.planned_end_date, cast(?1 as date)) - 1, interval '1 day') as d(day)
                where q.status = 'ACTIVE'
                  and not exists (select 1 from quarantine_check_in c where c.quarantine_id = q.id and c.day = d.day::date)
                  and not exists (select 1 from quarantine_missed_day m where m.quarantine_id = q.id and m.day = d.day::date)
                order by q.id, 2
                """).setParameter(1, today).getResultList();
        for (Object[] row : missed) {
            UUID id = (UUID) row[0];
            LocalDate day = row[1] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) row[1];
            em.createNativeQuery("insert into quarantine_missed_day (quarantine_id, day, detected_at) values (?1, ?2, ?3)")
                    .setParameter(1, id).setParameter(2, day).setParameter(3, OffsetDateTime.now(clock)).executeUpdate();
            Quarantine q = Quarantine.findById(id);
            outbox.record(ScreeningTopics.EVENTS, new QuarantineCheckInMissed(q.id, q.residentId, q.communityCode, day));
        }
        for (Quarantine q : Quarantine.<Quarantine>list("status = ?1 and plannedEndDate <= ?2", Quarantine.Status.ACTIVE, today)) {
            end(q, Quarantine.EndReason.COMPLETED, q.plannedEndDate);
        }
        return missed.size();
    }
}
