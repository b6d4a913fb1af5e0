package org.frontline.alert.plan;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.service.AlertService;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/**
 * A task's lifecycle (README "Tasks, escalation, phases and recovery"): acknowledged, done with a note (and maybe a
 * finding that opens an alert), or blocked with a reason, against the version the caller read. Every change goes
 * through {@link PlanJournal}; a task done brings its alert's plan forward at once ({@link PlanProgress}).
 */
@ApplicationScoped
@Transactional
public class TaskService {

    /** The legal moves; DONE is final. */
    static final Map<PlanTask.Status, Set<PlanTask.Status>> LEGAL = Map.of(
            PlanTask.Status.OPEN, Set.of(PlanTask.Status.ACKNOWLEDGED, PlanTask.Status.DONE, PlanTask.Status.BLOCKED),
            PlanTask.Status.ACKNOWLEDGED, Set.of(PlanTask.Status.DONE, PlanTask.Status.BLOCKED),
            PlanTask.Status.BLOCKED, Set.of(PlanTask.Status.ACKNOWLEDGED, PlanTask.Status.DONE),
            PlanTask.Status.DONE, Set.of());

    /** What a person found while doing a task (a hazard check): opens an alert in the task's area. */
    public record Finding(Alert.Level level, String title, String description) {
    }

    private final EntityManager em;
    private final PlanJournal journal;
    private final AlertService alerts;
    private final PlanProgress progress;
    private final Clock clock;

    public TaskService(EntityManager em, PlanJournal journal, AlertService alerts, PlanProgress progress, Clock clock) {
        this.em = em;
        this.journal = journal;
        this.alerts = alerts;
        this.progress = progress;
        this.clock = clock;
    }

    public PlanTask acknowledge(UUID id, long expectedVersion, String actor) {
        PlanTask t = locked(id, expectedVersion, PlanTask.Status.ACKNOWLEDGED);
        OffsetDateTime now = OffsetDateTime.now(clock);
        PlanTask.Status from = t.status;
        t.status = PlanTask.Status.ACKNOWLEDGED;
        t.acknowledgedAt = now;
        t.acknowledgedBy = actor;
        journal.log(t, TaskLogEntry.Kind.ACKNOWLEDGED, actor, from, t.status, null, now);
        em.flush(); // the version the answer shows
        return t;
    }

    public PlanTask block(UUID id, long expectedVersion, String reason, String actor) {
        PlanTask t = locked(id, expectedVersion, PlanTask.Status.BLOCKED);
        OffsetDateTime now = OffsetDateTime.now(clock);
        PlanTask.Status from = t.status;
        t.status = PlanTask.Status.BLOCKED;
        t.blockedAt = now;
        t.blockedBy = actor;
        t.blockedReason = reason.strip();
        // the owners and the area's workers see it in the task list (status BLOCKED) and its log; no new event type
        journal.log(t, TaskLogEntry.Kind.BLOCKED, actor, from, t.status, t.blockedReason, now);
        em.flush();
        return t;
    }

    /**
     * Done with a note. A finding on a real task opens an alert in the task's area (raised by hand, by the actor); on
     * a drill it is refused (422): a drill never opens a real alert.
     */
    public PlanTask done(UUID id, long expectedVersion, String note, Finding finding, String actor) {
        PlanTask t = locked(id, expectedVersion, PlanTask.Status.DONE);
        if (finding != null && t.drill) {
            throw new ProblemException(422, "drill-finding", "A drill opens no real alert",
                    "Task " + t.id + " belongs to a drill: a finding would open a real alert; record it in the note",
                    List.of(new Problem.FieldError("finding", "a drill opens no real alert")));
        }
        if (finding != null) {
            Map<String, String> texts = new LinkedHashMap<>();
            texts.put("finding.title", finding.title());
            texts.put("finding.description", finding.description());
            AlertService.requireXmlText(texts);
            Alert alert = alerts.raise(t.areaCode, finding.level(), finding.title(), finding.description(), actor);
            t.findingAlertId = alert.id;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        journal.done(t, level(t), actor, note.strip(), false, now);
        em.flush();
        progress.afterTaskDone(t);
        return t;
    }

    /** The level notifications compare with: the activation's, none for a recurring task. */
    Alert.Level level(PlanTask t) {
        if (t.activationId == null) {
            return null;
        }
        PlanActivation a = em.find(PlanActivation.class, t.activationId);
        return a == null ? null : a.level;
    }

    public List<TaskLogEntry> log(UUID taskId) {
        return TaskLogEntry.list("taskId = ?1 order by id", taskId);
    }

    /**
     * The task locked for a move. A drill's task: its drill is share-locked first (the order DrillService takes:
     * activation, then tasks), so a move and the drill's completion or cancellation never cross; a task of a drill
     * that has ended (COMPLETED or CANCELLED) is a 409 and nothing changes: the drill's report stands as it ended.
     */
    private PlanTask locked(UUID id, long expectedVersion, PlanTask.Status to) {
        PlanTask seen = em.find(PlanTask.class, id);
        if (seen == null) {
            throw ProblemException.notFound("Task", id);
        }
        PlanActivation drill = seen.drill && seen.activationId != null
                ? em.find(PlanActivation.class, seen.activationId, LockModeType.PESSIMISTIC_READ)
                : null;
        PlanTask t = seen;
        em.refresh(t, LockModeType.PESSIMISTIC_WRITE); // read again under the lock
        if (drill != null && !drill.status.open()) {
            throw ProblemException.conflict("Drill ended", "Task " + t.id + " belongs to drill " + drill.id
                    + ", which is " + drill.status + ": the drill has ended").with("version", t.version);
        }
        if (t.version != expectedVersion) {
            throw ProblemException.conflict("Stale task version", "Task " + t.id + " is at version " + t.version
                    + ", not " + expectedVersion + "; read it again").with("version", t.version);
        }
        if (!LEGAL.get(t.status).contains(to)) {
            throw ProblemException.conflict("Illegal task move", t.status == PlanTask.Status.DONE
                    ? "Task " + t.id + " is DONE; a done task is final"
                    : "A task cannot go from " + t.status + " to " + to)
                    .with("from", t.status.name()).with("to", to.name()).with("version", t.version);
        }
        return t;
    }
}
