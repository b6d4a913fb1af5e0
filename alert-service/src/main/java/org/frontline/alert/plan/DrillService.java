package org.frontline.alert.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.events.PlanEvents;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Drills (演练, README "Drills and notices"): a plan activated in drill mode for an area through
 * {@link PlanActivator#activateDrill} (the same tasks and notifications, marked drill; system actions only noted), its
 * report (per task: deadline against completion; the score), and its end: completed with the attendance
 * (PlanCompleted and DrillCompleted) or cancelled (nothing published). The caller's area scope is checked by the
 * resource; a drill's area must lie inside its plan's area, so the plan is one the caller may read.
 */
@ApplicationScoped
public class DrillService {

    private static final Logger LOG = Logger.getLogger(DrillService.class);
    /** A qualification type code as roster-service writes it: kebab-case. */
    public static final Pattern QUALIFICATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final int MAX_ATTENDEES = 500;

    private final EntityManager em;
    private final PlanActivator activator;
    private final PlanJournal journal;
    private final Clock clock;

    public DrillService(EntityManager em, PlanActivator activator, PlanJournal journal, Clock clock) {
        this.em = em;
        this.activator = activator;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Starts a drill of {@code planId} for {@code area} (already checked against the caller's scope). The plan must be
     * active and its area must cover {@code area} (else 422 naming planId, the same answer as for a missing plan, so
     * an id reveals nothing); {@code level} null takes the highest level the plan has a checklist for, a level it
     * lacks is a 422 naming level.
     */
    @Transactional
    public PlanActivation start(UUID planId, String area, Alert.Level level, String title, String grantsQualification,
            String actor) {
        ResponsePlan plan = ResponsePlan.findById(planId);
        if (plan == null || !plan.active || !area.startsWith(plan.areaCode)) {
            throw unprocessable("planId", "must name an active plan whose area covers areaCode " + area);
        }
        PlanDefinition definition = activator.definition(plan);
        Alert.Level chosen = level;
        if (chosen == null) {
            for (Alert.Level l : Alert.Level.values()) {
                if (definition.checklist(l) != null) {
                    chosen = l;
                }
            }
            if (chosen == null) {
                throw unprocessable("planId", "the plan has no checklist for any level");
            }
        } else if (definition.checklist(chosen) == null) {
            throw unprocessable("level", "the plan has no " + chosen + " checklist");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        PlanActivation drill = activator.activateDrill(plan, area, chosen, title, actor, now);
        drill.grantsQualification = grantsQualification;
        LOG.infof("drill %s of plan %s (%s) started for %s by %s", drill.id, plan.name, chosen, area, actor);
        return drill;
    }

    /** One task's line of the report. */
    public record TaskLine(UUID taskId, String actionKey, String title, PlanDefinition.Phase phase,
            String systemAction, PlanTask.Status status, OffsetDateTime dueAt, Duration dueWithin,
            OffsetDateTime doneAt, Boolean onTime, Long minutesLate) {
    }

    /** The report's numbers: see {@link #report}. */
    public record Totals(int tasks, int done, int doneOnTime, int doneLate, int notDone, int overdue) {
    }

    public record Report(PlanActivation drill, List<TaskLine> tasks, Totals totals, BigDecimal score,
            OffsetDateTime lastDoneAt, Duration elapsed, OffsetDateTime at) {
    }

    /**
     * The report of a drill, so far while it runs or as it ended. Per task: its deadline ({@code dueAt}, and relative
     * to the start, {@code dueWithin}), when it was done, {@code onTime} (done by its deadline; false for a task not
     * done past its deadline, null for one not done and not yet due) and {@code minutesLate} (done − due in whole
     * minutes, negative = early). Score = 100 × (tasks done by their deadline) / (tasks), rounded half-up to one
     * decimal; null for a drill without tasks. A drill that has ended reports as it ended: its stored score (fixed on
     * completion; none for a cancelled drill), and overdue tasks, {@code onTime} and elapsed (whole seconds) as of its
     * end — completedAt for a completed drill; for a cancelled one, which records no end time, the time of the last
     * entry in its tasks' logs (the cancellation notes every task not done; with every task done it is the last
     * completion), elapsed null when it has no task log at all. While it runs: as of now.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Report report(PlanActivation drill) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime end = end(drill, now);
        OffsetDateTime asOf = end != null ? end : now;
        List<PlanTask> tasks = PlanTask.list("activationId = ?1", drill.id);
        tasks.sort(Comparator.comparing((PlanTask t) -> t.dueAt).thenComparing(t -> t.actionKey)
                .thenComparing(t -> t.targetKey));
        List<TaskLine> lines = new ArrayList<>();
        int done = 0;
        int onTime = 0;
        int overdue = 0;
        OffsetDateTime lastDone = null;
        for (PlanTask t : tasks) {
            Boolean taskOnTime = null;
            Long late = null;
            if (t.status == PlanTask.Status.DONE && t.doneAt != null) {
                done++;
                taskOnTime = !t.doneAt.isAfter(t.dueAt);
                if (taskOnTime) {
                    onTime++;
                }
                late = Duration.between(t.dueAt, t.doneAt).toMinutes();
                lastDone = lastDone == null || t.doneAt.isAfter(lastDone) ? t.doneAt : lastDone;
            } else if (asOf.isAfter(t.dueAt)) {
                taskOnTime = false;
                overdue++;
            }
            lines.add(new TaskLine(t.id, t.actionKey, t.title, t.phase,
                    t.systemAction == null ? null : t.systemAction.name(), t.status, t.dueAt,
                    Duration.between(drill.activatedAt, t.dueAt), t.doneAt, taskOnTime, late));
        }
        Totals totals = new Totals(tasks.size(), done, onTime, done - onTime, tasks.size() - done, overdue);
        BigDecimal score = drill.status.open() ? score(onTime, tasks.size()) : drill.score;
        return new Report(drill, lines, totals, score, lastDone,
                end == null ? null : Duration.between(drill.activatedAt, end).truncatedTo(ChronoUnit.SECONDS), now);
    }

    /** When the drill ended (see {@link #report}): completedAt, a cancelled drill's last task log, now while it runs. */
    private OffsetDateTime end(PlanActivation drill, OffsetDateTime now) {
        if (drill.completedAt != null) {
            return drill.completedAt;
        }
        if (drill.status != PlanActivation.Status.CANCELLED) {
            return now;
        }
        return em.createQuery("""
                select max(l.at) from TaskLogEntry l
                where l.taskId in (select t.id from PlanTask t where t.activationId = :drill)
                """, OffsetDateTime.class).setParameter("drill", drill.id).getSingleResult();
    }

    /** 100 × onTime / tasks, rounded half-up to one decimal; null without tasks. */
    public static BigDecimal score(int onTime, int tasks) {
        if (tasks == 0) {
            return null;
        }
        return BigDecimal.valueOf(100L * onTime).divide(BigDecimal.valueOf(tasks), 1, RoundingMode.HALF_UP);
    }

    /**
     * Completes a running drill against {@code version}: COMPLETED, completedAt, its score and attendance fixed;
     * publishes PlanCompleted (drill) and DrillCompleted (grantsQualification, attendeeIds) through the journal.
     * Attendees: roster person ids the directory knows in the drill's area (else 422 naming attendeeIds), no
     * duplicates (400). A completed or cancelled drill, or a stale version, is a 409.
     */
    @Transactional
    public PlanActivation complete(UUID id, long version, List<UUID> attendeeIds, String actor) {
        PlanActivation drill = locked(id);
        requireRunning(drill, version);
        Set<UUID> attendees = new LinkedHashSet<>(attendeeIds);
        if (attendees.size() != attendeeIds.size() || attendees.contains(null)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("attendeeIds",
                    "must not contain duplicates or nulls")));
        }
        if (!attendees.isEmpty()) {
            // the ids as one text parameter: no array binding needed, and each is a parsed UUID (nothing to inject)
            @SuppressWarnings("unchecked")
            List<Object> known = em.createNativeQuery("""
                    select person_id from roster_person
                    where person_id in (select cast(x as uuid) from unnest(string_to_array(?1, ',')) x)
                      and community_code like concat(?2, '%')
                    """).setParameter(1, String.join(",", attendees.stream().map(UUID::toString).toList()))
                    .setParameter(2, drill.areaCode).getResultList();
            Set<UUID> unknown = new HashSet<>(attendees);
            known.forEach(k -> unknown.remove(k instanceof UUID u ? u : UUID.fromString(k.toString())));
            if (!unknown.isEmpty()) {
                throw unprocessable("attendeeIds", unknown.size() + " of the ids are no roster person of area "
                        + drill.areaCode + " (known to alert-service): " + unknown.stream().sorted().limit(5).toList());
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        drill.completedAt = now;
        Report report = report(drill);
        drill.status = PlanActivation.Status.COMPLETED;
        drill.score = report.score();
        drill.attendeeIds = attendees.toArray(new UUID[0]);
        int tasks = report.totals().tasks();
        int onTime = report.totals().doneOnTime();
        journal.publish(drill.areaCode, null, drill.level, PlanJournal.planCompleted(drill, tasks, onTime), now);
        journal.publish(drill.areaCode, null, drill.level,
                new PlanEvents.DrillCompleted(drill.id, drill.planId, drill.planVersion, drill.areaCode,
                        drill.level.name(), drill.title, drill.activatedAt, now, tasks, onTime, drill.score,
                        drill.grantsQualification, List.copyOf(attendees)),
                now);
        LOG.infof("drill %s completed by %s: %d of %d tasks on time, score %s, %d attendees", drill.id, actor, onTime,
                tasks, drill.score, attendees.size());
        return drill;
    }

    /**
     * Calls off a running drill against {@code version}: CANCELLED; nothing is published, a note goes into the log of
     * every task not done. A completed or cancelled drill, or a stale version, is a 409.
     */
    @Transactional
    public PlanActivation cancel(UUID id, long version, String actor) {
        PlanActivation drill = locked(id);
        requireRunning(drill, version);
        OffsetDateTime now = OffsetDateTime.now(clock);
        drill.status = PlanActivation.Status.CANCELLED;
        for (PlanTask t : PlanTask.<PlanTask>list("activationId = ?1 and status <> ?2", drill.id,
                PlanTask.Status.DONE)) {
            journal.log(t, TaskLogEntry.Kind.NOTE, actor, t.status, t.status, "Drill cancelled", now);
        }
        LOG.infof("drill %s cancelled by %s", drill.id, actor);
        return drill;
    }

    private PlanActivation locked(UUID id) {
        PlanActivation a = em.find(PlanActivation.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null || !a.drill) {
            throw ProblemException.notFound("Drill", id);
        }
        return a;
    }

    private static void requireRunning(PlanActivation drill, long version) {
        if (!drill.status.open()) {
            throw ProblemException.conflict("Drill ended", "Drill " + drill.id + " is " + drill.status)
                    .with("version", drill.version);
        }
        if (drill.version != version) {
            throw ProblemException.conflict("Stale drill version", "Drill " + drill.id + " is at version "
                    + drill.version + ", not " + version + "; read it again").with("version", drill.version);
        }
    }

    static ProblemException unprocessable(String field, String message) {
        return new ProblemException(422, "unprocessable", "Cannot be applied", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /** The drill's attendees as a list (empty before completion). */
    public static List<UUID> attendees(PlanActivation drill) {
        return drill.attendeeIds == null ? List.of() : Arrays.asList(drill.attendeeIds);
    }
}
