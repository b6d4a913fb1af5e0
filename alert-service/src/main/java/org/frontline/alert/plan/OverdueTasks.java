package org.frontline.alert.plan;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.config.TasksConfig;
import org.frontline.alert.service.JobPages;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Overdue escalation of tasks (README "Tasks, escalation, phases and recovery", "Overdue"): a task not DONE past its
 * {@code dueAt} goes, the first time, to its district (tier DISTRICT, {@code escalatedTo} the first 6 digits; a task of
 * a district or wider area straight to its city, tier CITY, 4 digits); still not done {@code escalate-after} later it
 * goes on to the city; never further. Each step is a log line and a TaskOverdue, whose notifications reach the
 * subscriptions of the area escalated to. Once across replicas, page by page, each page one transaction with its tasks
 * locked (skip locked). Tasks of a drill that has ended (completed or
 * cancelled) are left alone: a drill's report stands as it ended.
 */
@ApplicationScoped
public class OverdueTasks {

    private static final Logger LOG = Logger.getLogger(OverdueTasks.class);
    static final String NAME = "alert.tasks-overdue";

    private final ClusterJob jobs;
    private final EntityManager em;
    private final PlanJournal journal;
    private final TasksConfig config;
    private final Clock clock;

    public OverdueTasks(ClusterJob jobs, EntityManager em, PlanJournal journal, TasksConfig config, Clock clock) {
        this.jobs = jobs;
        this.em = em;
        this.journal = journal;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${alert.tasks.overdue-every:30s}", delayed = "${alert.tasks.overdue-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "overdue task round failed");
        }
    }

    /** One round; returns how many tasks went a step up (-1: another replica was running it). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int size = config.pageSize();
        return JobPages.run(jobs, NAME, size, () -> page(size));
    }

    private int page(int size) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        @SuppressWarnings("unchecked")
        List<PlanTask> due = em.createNativeQuery("""
                select t.* from plan_task t
                where t.status <> 'DONE'
                  and ((t.overdue_at is null and t.due_at <= ?1)
                       or (t.escalation_tier = 'DISTRICT' and t.next_escalation_at <= ?1))
                  and (t.activation_id is null or exists (select 1 from plan_activation a
                       where a.id = t.activation_id and (not a.drill or a.status in ('ACTIVE', 'RECOVERY'))))
                order by t.due_at, t.id limit ?2 for update of t skip locked
                """, PlanTask.class).setParameter(1, now).setParameter(2, size).getResultList();
        for (PlanTask t : due) {
            boolean first = t.overdueAt == null;
            if (first) {
                t.overdueAt = now;
            }
            boolean toDistrict = first && t.areaCode.length() > 6;
            t.escalationTier = toDistrict ? Alert.Tier.DISTRICT : Alert.Tier.CITY;
            t.escalatedTo = t.areaCode.substring(0, Math.min(toDistrict ? 6 : 4, t.areaCode.length()));
            t.nextEscalationAt = toDistrict ? now.plus(config.escalateAfter()) : null;
            journal.log(t, first ? TaskLogEntry.Kind.OVERDUE : TaskLogEntry.Kind.ESCALATED, PlanJournal.SYSTEM, null,
                    null, (first ? "not done by " + t.dueAt + ": " : "still not done: ") + "escalated to "
                            + t.escalationTier + " " + t.escalatedTo, now);
            journal.publish(t.areaCode, t.escalatedTo, level(t), PlanJournal.overdue(t, now), now);
        }
        return due.size();
    }

    private Alert.Level level(PlanTask t) {
        if (t.activationId == null) {
            return null;
        }
        PlanActivation a = em.find(PlanActivation.class, t.activationId);
        return a == null ? null : a.level;
    }
}
