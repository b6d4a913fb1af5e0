package org.frontline.alert.plan;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.events.AlertEvents;
import org.frontline.alert.events.PlanEvents;
import org.frontline.alert.notify.Notifications;
import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.Outbox;

/**
 * The one place a response plan's change becomes a fact: the event on {@code alert.events} (outbox), the webhook
 * notifications it calls for and the task's log line, all in the caller's transaction. Every writer of plans,
 * activations, tasks, drills and notices goes through here, so nothing is published without its state change or
 * changed without its event.
 */
@ApplicationScoped
public class PlanJournal {

    public static final String SYSTEM = "system";

    private final Outbox outbox;
    private final Notifications notifications;

    public PlanJournal(Outbox outbox, Notifications notifications) {
        this.outbox = outbox;
        this.notifications = notifications;
    }

    /**
     * Publishes the event about {@code areaCode} (outbox, {@code at} = the fact's time) and queues its notifications
     * ({@code escalatedTo}, {@code level}: see {@link Notifications#enqueuePlanEvent}). Returns the event id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String areaCode, String escalatedTo, Alert.Level level, DomainEvent event, OffsetDateTime at) {
        UUID id = outbox.record(AlertEvents.TOPIC, event, at);
        notifications.enqueuePlanEvent(areaCode, escalatedTo, level, event, id);
        return id;
    }

    /** Publishes a request to another service (SurgeShiftsRequested, ...): an event, no notification. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID request(DomainEvent event, OffsetDateTime at) {
        return outbox.record(AlertEvents.TOPIC, event, at);
    }

    /**
     * Stores a new task, logs it and publishes TaskAssigned. The caller has filled every field but the id, status and
     * times it passes; {@code level} is the activation's (null for a recurring task).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PlanTask create(PlanTask task, Alert.Level level, String actor, OffsetDateTime at) {
        if (task.id == null) {
            task.id = UUID.randomUUID();
        }
        task.status = PlanTask.Status.OPEN;
        task.createdAt = at;
        task.persist();
        log(task, TaskLogEntry.Kind.CREATED, actor, null, PlanTask.Status.OPEN, null, at);
        publish(task.areaCode, null, level, assigned(task, at), at);
        return task;
    }

    /** Marks a task done (by a person with a note, or by the system), logs it and publishes TaskCompleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void done(PlanTask task, Alert.Level level, String actor, String note, boolean system, OffsetDateTime at) {
        PlanTask.Status from = task.status;
        task.status = PlanTask.Status.DONE;
        task.doneAt = at;
        task.doneBy = actor;
        task.note = note;
        log(task, TaskLogEntry.Kind.DONE, actor, from, PlanTask.Status.DONE, note, at);
        publish(task.areaCode, task.escalatedTo, level, completed(task, system), at);
    }

    public TaskLogEntry log(PlanTask task, TaskLogEntry.Kind kind, String actor, PlanTask.Status from,
            PlanTask.Status to, String text, OffsetDateTime at) {
        TaskLogEntry entry = new TaskLogEntry();
        entry.taskId = task.id;
        entry.at = at;
        entry.actor = actor;
        entry.kind = kind;
        entry.fromStatus = from;
        entry.toStatus = to;
        entry.text = text;
        entry.persist();
        return entry;
    }

    // ------------------------------------------------------------------------------------------ event builders

    public static PlanEvents.TaskAssigned assigned(PlanTask t, OffsetDateTime at) {
        return new PlanEvents.TaskAssigned(t.id, t.activationId, t.alertId, t.planId, t.areaCode, t.actionKey,
                t.phase.name(), t.title, t.responsible, t.ownerTeamId, Arrays.asList(t.ownerIds), t.residentId,
                t.systemAction == null ? null : t.systemAction.name(), t.drill, t.dueAt, at);
    }

    public static PlanEvents.TaskCompleted completed(PlanTask t, boolean system) {
        return new PlanEvents.TaskCompleted(t.id, t.activationId, t.alertId, t.areaCode, t.actionKey, t.phase.name(),
                system, t.drill, t.dueAt, t.doneAt, !t.doneAt.isAfter(t.dueAt), t.findingAlertId);
    }

    public static PlanEvents.TaskOverdue overdue(PlanTask t, OffsetDateTime at) {
        return new PlanEvents.TaskOverdue(t.id, t.activationId, t.alertId, t.areaCode, t.actionKey, t.title,
                t.status.name(), t.drill, t.dueAt, t.escalationTier == null ? null : t.escalationTier.name(),
                t.escalatedTo, at);
    }

    public static PlanEvents.PlanActivated activated(PlanActivation a, ResponsePlan plan, int tasks) {
        return new PlanEvents.PlanActivated(a.id, a.planId, a.planVersion, plan.name, a.areaCode, a.level.name(),
                a.alertId, a.drill, tasks, a.activatedAt);
    }

    public static PlanEvents.PlanCompleted planCompleted(PlanActivation a, int tasks, int doneOnTime) {
        return new PlanEvents.PlanCompleted(a.id, a.planId, a.areaCode, a.level.name(), a.alertId, a.drill, tasks,
                doneOnTime, a.activatedAt, a.completedAt);
    }
}
