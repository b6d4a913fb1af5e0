package org.frontline.alert.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.alert.config.TasksConfig;
import org.frontline.alert.service.JobPages;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;

/**
 * Recurring actions of the warning phase, without an alert (README "Tasks, escalation, phases and recovery",
 * "Recurring actions"): for every active community plan (12 digits) one task per recurring action and period, keyed by
 * the period's first city day. A template's (city or district) recurring actions take effect through the communities'
 * adaptations, which carry them: the template itself makes no tasks. Once across replicas (the job) and once per
 * period (checked before the insert; a unique index on plan, action and period backs it).
 */
@ApplicationScoped
public class RecurringTasks {

    private static final Logger LOG = Logger.getLogger(RecurringTasks.class);
    static final String NAME = "alert.tasks-recurring";
    static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

    private final ClusterJob jobs;
    private final EntityManager em;
    private final PlanJournal journal;
    private final Owners owners;
    private final ObjectMapper mapper;
    private final TasksConfig config;
    private final Clock clock;

    public RecurringTasks(ClusterJob jobs, EntityManager em, PlanJournal journal, Owners owners, ObjectMapper mapper,
            TasksConfig config, Clock clock) {
        this.jobs = jobs;
        this.em = em;
        this.journal = journal;
        this.owners = owners;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${alert.tasks.recurring-every:5m}", delayed = "${alert.tasks.recurring-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "recurring task round failed");
        }
    }

    /**
     * The first day of the period {@code day} lies in: {@code P1D} the day itself, {@code PnD} blocks of n days counted
     * from 1970-01-01, {@code PnM} blocks of n calendar months counted from January 1970.
     */
    static LocalDate periodStart(Period every, LocalDate day) {
        long months = every.toTotalMonths();
        if (months > 0) {
            long since = (day.getYear() - 1970L) * 12 + day.getMonthValue() - 1;
            return EPOCH.plusMonths(since - Math.floorMod(since, months));
        }
        long n = every.getDays();
        long epochDay = day.toEpochDay();
        return LocalDate.ofEpochDay(epochDay - Math.floorMod(epochDay, n));
    }

    /** One round over the active community plans; returns how many tasks it created (-1: another replica ran it). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int size = config.pageSize();
        AtomicReference<UUID> after = new AtomicReference<>(new UUID(0, 0));
        int[] created = {0};
        int plans = JobPages.run(jobs, NAME, size, () -> {
            List<ResponsePlan> page = em.createQuery("""
                    from ResponsePlan p where p.active = true and length(p.areaCode) = 12 and p.id > :after
                    order by p.id
                    """, ResponsePlan.class).setParameter("after", after.get()).setMaxResults(size).getResultList();
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (ResponsePlan p : page) {
                created[0] += tasks(p, now);
                after.set(p.id);
            }
            return page.size();
        });
        return plans < 0 ? -1 : created[0];
    }

    private int tasks(ResponsePlan plan, OffsetDateTime now) {
        PlanDefinition d = PlanDefinition.read(mapper, plan.definition);
        if (d.recurring().isEmpty()) {
            return 0;
        }
        LocalDate today = LocalDate.ofInstant(now.toInstant(), clock.getZone());
        int created = 0;
        for (PlanDefinition.Recurring r : d.recurring()) {
            LocalDate start = periodStart(r.every(), today);
            String target = start.toString();
            if (PlanTask.count("activationId is null and planId = ?1 and actionKey = ?2 and targetKey = ?3", plan.id,
                    r.key(), target) > 0) {
                continue;
            }
            PlanTask t = new PlanTask();
            t.id = UUID.randomUUID();
            t.planId = plan.id;
            t.planVersion = plan.planVersion;
            t.areaCode = plan.areaCode;
            t.actionKey = r.key();
            t.targetKey = target;
            t.phase = PlanDefinition.Phase.WARNING;
            t.title = r.title();
            t.description = r.description();
            t.responsible = r.responsible();
            Owners.Resolved o = owners.resolve(plan.areaCode, r.responsible(), today);
            t.ownerTeamId = o.teamId();
            t.ownerIds = o.personIds();
            // due from the period's start; created late (a new plan, a replica away), it is overdue at once
            t.dueAt = start.atStartOfDay(clock.getZone()).toOffsetDateTime().plus(r.dueWithin());
            journal.create(t, null, PlanJournal.SYSTEM, now);
            created++;
        }
        return created;
    }
}
