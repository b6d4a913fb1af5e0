package org.frontline.alert.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.config.TasksConfig;
import org.frontline.alert.service.AlertService;
import org.frontline.alert.service.JobPages;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The phases follow the plan (README "Tasks, escalation, phases and recovery", "Phases"): for every open, real
 * activation of an alert —
 * <ol type="a">
 * <li>alert ACKNOWLEDGED and the level's checklist has response actions → the alert RESPONDING;</li>
 * <li>alert RESPONDING (or moved to RECOVERING by hand), every RESPONSE task of the alert DONE, and the signal has
 * fallen → the activation enters RECOVERY (recovery tasks, follow-ups for the residents released since it was
 * activated) and the alert goes RESPONDING → RECOVERING;</li>
 * <li>alert CLOSED while the activation is ACTIVE → RECOVERY as in (b), the alert untouched;</li>
 * <li>activation in RECOVERY, alert CLOSED, every task of the alert DONE → COMPLETED and PlanCompleted, once.</li>
 * </ol>
 * Run by a job (once across replicas; each activation in its own transaction, a failing one logged and skipped),
 * right after a task is done, and when AlertClosed arrives. A request or an event locks the alert, then its activations
 * (as activation does); the job takes an alert and then its activation the same way but with skip locked, so it never
 * waits for either and no two paths deadlock.
 */
@ApplicationScoped
public class PlanProgress {

    private static final Logger LOG = Logger.getLogger(PlanProgress.class);
    static final String NAME = "alert.plan-progress";

    private final ClusterJob jobs;
    private final EntityManager em;
    private final PlanActivator activator;
    private final PlanJournal journal;
    private final AlertService alerts;
    private final TasksConfig config;
    private final Clock clock;

    public PlanProgress(ClusterJob jobs, EntityManager em, PlanActivator activator, PlanJournal journal,
            AlertService alerts, TasksConfig config, Clock clock) {
        this.jobs = jobs;
        this.em = em;
        this.activator = activator;
        this.journal = journal;
        this.alerts = alerts;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${alert.tasks.progress-every:30s}", delayed = "${alert.tasks.progress-delay:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "plan progress round failed");
        }
    }

    /**
     * One round over the open real activations; returns how many it looked at (-1: another replica ran it). The page
     * only reads ids (keyset, under the job's lock); each activation is then brought forward in a transaction of its
     * own with its alert and itself locked (skip locked), so one that fails is logged and skipped — its work rolled
     * back, the others' kept, the round moving on — and no more than one alert and activation are held at a time.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int size = config.pageSize();
        AtomicReference<UUID> after = new AtomicReference<>(new UUID(0, 0));
        return JobPages.run(jobs, NAME, size, () -> {
            @SuppressWarnings("unchecked")
            List<Object> page = em.createNativeQuery("""
                    select id from plan_activation
                    where status in ('ACTIVE', 'RECOVERY') and not drill and alert_id is not null and id > ?1
                    order by id limit ?2
                    """).setParameter(1, after.get()).setParameter(2, size).getResultList();
            for (Object row : page) {
                UUID id = row instanceof UUID u ? u : UUID.fromString(row.toString());
                after.set(id);
                try {
                    QuarkusTransaction.requiringNew().run(() -> advanceOne(id));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "plan progress: activation %s failed and was skipped this round", id);
                }
            }
            return page.size();
        });
    }

    /**
     * One activation in the caller's (new) transaction: its alert, then itself, each with skip locked (the order a
     * request takes, and a request holding either is never waited for); gone, closed or held: left for the next round.
     */
    void advanceOne(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object> alertIds = em.createNativeQuery("""
                select al.id from alert al join plan_activation a on a.alert_id = al.id where a.id = ?1
                for update of al skip locked
                """).setParameter(1, id).getResultList();
        if (alertIds.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<PlanActivation> locked = em.createNativeQuery("""
                select * from plan_activation
                where id = ?1 and status in ('ACTIVE', 'RECOVERY') and not drill
                for update skip locked
                """, PlanActivation.class).setParameter(1, id).getResultList();
        if (!locked.isEmpty()) {
            advance(locked.get(0), OffsetDateTime.now(clock));
        }
    }

    /** Right after a task was done: the open activations of its alert, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void afterTaskDone(PlanTask task) {
        if (task.alertId != null && !task.drill) {
            forAlert(task.alertId);
        }
    }

    /** AlertClosed arrived: its ACTIVE activations enter recovery (the alert untouched), and may complete. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onAlertClosed(UUID alertId) {
        forAlert(alertId);
    }

    private void forAlert(UUID alertId) {
        if (em.find(Alert.class, alertId, LockModeType.PESSIMISTIC_WRITE) == null) {
            return;
        }
        List<PlanActivation> open = em.createQuery("""
                from PlanActivation where alertId = :alert and status in :open and drill = false order by id
                """, PlanActivation.class).setParameter("alert", alertId)
                .setParameter("open", List.of(PlanActivation.Status.ACTIVE, PlanActivation.Status.RECOVERY))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (PlanActivation a : open) {
            advance(a, now);
        }
    }

    /** Brings one locked activation (and its alert) up to date. */
    void advance(PlanActivation a, OffsetDateTime now) {
        Alert alert = em.find(Alert.class, a.alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null) {
            return;
        }
        if (a.status == PlanActivation.Status.ACTIVE) {
            PlanDefinition d = activator.definition(a);
            PlanDefinition.Checklist c = d.checklist(a.level);
            boolean hasResponse = c != null && !c.response().isEmpty();
            if (alert.status == Alert.Status.CLOSED) {
                enterRecovery(a, d, now); // (c)
            } else {
                if (alert.status == Alert.Status.ACKNOWLEDGED && hasResponse) { // (a)
                    alerts.transition(alert.id, Alert.Status.RESPONDING, alert.version,
                            "response plan: " + a.title + " has response actions", PlanJournal.SYSTEM);
                }
                if ((alert.status == Alert.Status.RESPONDING || alert.status == Alert.Status.RECOVERING)
                        && responseDone(a.alertId) && signalFallen(alert, now)) { // (b)
                    enterRecovery(a, d, now);
                    if (alert.status == Alert.Status.RESPONDING) {
                        alerts.transition(alert.id, Alert.Status.RECOVERING, alert.version,
                                "response plan: every response task done and the signal has fallen",
                                PlanJournal.SYSTEM);
                    }
                }
            }
        }
        if (a.status == PlanActivation.Status.RECOVERY && alert.status == Alert.Status.CLOSED) { // (d)
            complete(a, now);
        }
    }

    /**
     * The signal has fallen: the alert has none (raised by hand), or it fired last before the start of the city day
     * {@code quiet-days} before today (with 1: no firing yesterday or today).
     */
    boolean signalFallen(Alert alert, OffsetDateTime now) {
        if (alert.signal == null) {
            return true;
        }
        LocalDate today = LocalDate.ofInstant(now.toInstant(), clock.getZone());
        OffsetDateTime quietSince = today.minusDays(config.quietDays()).atStartOfDay(clock.getZone())
                .toOffsetDateTime();
        return alert.lastSeen.isBefore(quietSince);
    }

    private boolean responseDone(UUID alertId) {
        return PlanTask.count("alertId = ?1 and phase = ?2 and status <> ?3", alertId, PlanDefinition.Phase.RESPONSE,
                PlanTask.Status.DONE) == 0;
    }

    private void enterRecovery(PlanActivation a, PlanDefinition d, OffsetDateTime now) {
        a.status = PlanActivation.Status.RECOVERY;
        a.recoveryAt = now;
        int created = activator.createPhaseTasks(a, d, PlanDefinition.Phase.RECOVERY, now);
        int followUps = followUps(a, d, now);
        LOG.infof("activation %s (alert %s) entered recovery: %d recovery tasks, %d follow-ups", a.id, a.alertId,
                created, followUps);
    }

    /**
     * The follow-ups of the residents of the activation's area released on or after the city day of its alert's first
     * activation ({@link #since}; a rise from YELLOW to ORANGE keeps YELLOW's day), for each recovery
     * action per released resident; due {@code dueWithin} after the start of the release day. Once per alert, action
     * and resident (createFollowUp skips one made before).
     */
    int followUps(PlanActivation a, PlanDefinition d, OffsetDateTime now) {
        PlanDefinition.Checklist c = d.checklist(a.level);
        if (c == null || c.recovery().stream().noneMatch(PlanDefinition.Action::perReleasedResident)) {
            return 0;
        }
        LocalDate since = since(a);
        @SuppressWarnings("unchecked")
        List<Object[]> released = em.createNativeQuery("""
                select resident_id, min(ended_on) from released_resident
                where community_code like concat(?1, '%') and ended_on >= ?2
                group by resident_id order by resident_id
                """).setParameter(1, a.areaCode).setParameter(2, since).getResultList();
        int created = 0;
        for (Object[] row : released) {
            created += followUp(a, c, (UUID) row[0], day(row[1]), now);
        }
        return created;
    }

    /**
     * The city day the plan began to work on the activation's alert: its FIRST activation (the lowest level's, also
     * when superseded since), so a rise to a higher level loses none of the residents released before it.
     */
    LocalDate since(PlanActivation a) {
        OffsetDateTime first = a.alertId == null ? a.activatedAt
                : em.createQuery("select min(x.activatedAt) from PlanActivation x where x.alertId = :alert",
                        OffsetDateTime.class).setParameter("alert", a.alertId).getSingleResult();
        return LocalDate.ofInstant((first == null ? a.activatedAt : first).toInstant(), clock.getZone());
    }

    /** The follow-ups of one released resident under an activation in recovery; returns how many were new. */
    int followUp(PlanActivation a, PlanDefinition.Checklist c, UUID residentId, LocalDate endedOn,
            OffsetDateTime now) {
        int created = 0;
        OffsetDateTime from = endedOn.atStartOfDay(clock.getZone()).toOffsetDateTime();
        for (PlanDefinition.Action action : c.recovery()) {
            if (action.perReleasedResident()
                    && activator.createFollowUp(a, action, residentId, from, now).isPresent()) {
                created++;
            }
        }
        return created;
    }

    /**
     * QuarantineEnded: the release is kept (once per quarantine), then every real activation in RECOVERY whose area
     * covers the community and whose alert was first activated on or before the release day ({@link #since}) gets its follow-ups for the resident.
     * The open activations are locked first, so an activation entering recovery at the same time either sees this
     * release or is seen here in RECOVERY. Returns how many follow-ups were created.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int onQuarantineEnded(UUID quarantineId, UUID residentId, String community, String reason,
            LocalDate endedOn, OffsetDateTime at) {
        em.createNativeQuery("""
                insert into released_resident (quarantine_id, resident_id, community_code, reason, ended_on, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing
                """).setParameter(1, quarantineId).setParameter(2, residentId).setParameter(3, community)
                .setParameter(4, reason.length() > 20 ? reason.substring(0, 20) : reason).setParameter(5, endedOn)
                .setParameter(6, at).executeUpdate();
        List<PlanActivation> open = em.createQuery("""
                from PlanActivation where status in :open and drill = false and alertId is not null
                  and :community like concat(areaCode, '%') order by id
                """, PlanActivation.class)
                .setParameter("open", List.of(PlanActivation.Status.ACTIVE, PlanActivation.Status.RECOVERY))
                .setParameter("community", community).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        int created = 0;
        for (PlanActivation a : open) {
            if (a.status != PlanActivation.Status.RECOVERY || endedOn.isBefore(since(a))) {
                continue;
            }
            PlanDefinition.Checklist c = activator.definition(a).checklist(a.level);
            if (c != null) {
                created += followUp(a, c, residentId, endedOn, at);
            }
        }
        return created;
    }

    private void complete(PlanActivation a, OffsetDateTime now) {
        Object[] counts = (Object[]) em.createNativeQuery("""
                select count(*), count(*) filter (where status = 'DONE'),
                       count(*) filter (where status = 'DONE' and done_at <= due_at)
                from plan_task where alert_id = ?1
                """).setParameter(1, a.alertId).getSingleResult();
        int tasks = ((Number) counts[0]).intValue();
        int done = ((Number) counts[1]).intValue();
        if (done < tasks) {
            return;
        }
        a.status = PlanActivation.Status.COMPLETED;
        a.completedAt = now;
        journal.publish(a.areaCode, null, a.level, PlanJournal.planCompleted(a, tasks, ((Number) counts[2]).intValue()),
                now);
        LOG.infof("activation %s (alert %s) completed: %d tasks", a.id, a.alertId, tasks);
    }

    static LocalDate day(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
