package org.frontline.alert.plan;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.events.PlanEvents;
import org.frontline.alert.service.AlertService;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Puts a plan to work (README "Activation"): finds the plan of an area and level, records the activation once per
 * alert and level, turns the checklist's actions into tasks with owners and due times, carries out the system actions
 * (requests to roster-, supplies- and screening-service, or nothing but a note in a drill), and moves an acknowledged
 * alert into the response phase. Everything happens in the caller's transaction, through {@link PlanJournal}.
 */
@ApplicationScoped
public class PlanActivator {

    private static final Logger LOG = Logger.getLogger(PlanActivator.class);
    public static final String DRILL_NOTE = "Drill: the request was not sent (a drill changes no real figure)";

    private final EntityManager em;
    private final PlanJournal journal;
    private final Owners owners;
    private final AlertService alerts;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PlanActivator(EntityManager em, PlanJournal journal, Owners owners, AlertService alerts,
            ObjectMapper mapper, Clock clock) {
        this.em = em;
        this.journal = journal;
        this.owners = owners;
        this.alerts = alerts;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A plan and its parsed checklist. */
    public record Matched(ResponsePlan plan, PlanDefinition definition) {
    }

    /**
     * The plan that answers for {@code area} at {@code level}: of the active plans whose area covers it (a prefix of
     * it), the most specific one that has a checklist for the level. Empty when none has.
     */
    public Optional<Matched> match(String area, Alert.Level level) {
        List<ResponsePlan> plans = em.createQuery("""
                from ResponsePlan p where p.active = true and :area like concat(p.areaCode, '%')
                order by length(p.areaCode) desc, p.name, p.id
                """, ResponsePlan.class).setParameter("area", area).getResultList();
        for (ResponsePlan p : plans) {
            PlanDefinition d = definition(p);
            if (d.checklist(level) != null) {
                return Optional.of(new Matched(p, d));
            }
        }
        return Optional.empty();
    }

    public PlanDefinition definition(ResponsePlan plan) {
        return PlanDefinition.read(mapper, plan.definition);
    }

    /** The definition an activation runs: the version it recorded. */
    public PlanDefinition definition(PlanActivation activation) {
        Object json = em.createNativeQuery(
                "select cast(definition as text) from response_plan_version where plan_id = ?1 and plan_version = ?2")
                .setParameter(1, activation.planId).setParameter(2, activation.planVersion).getSingleResult();
        return PlanDefinition.read(mapper, json.toString());
    }

    /**
     * Activates the matching plan for an alert that opened at, or rose to, {@code level}: once per alert and level
     * (a repeat, or an older lower level arriving late, changes nothing). The alert's row is locked for the whole
     * activation, so two deliveries of its events never activate twice. A lower level's open activation of the same
     * alert is superseded; actions it already made tasks of are not repeated. Empty when the alert is closed or no
     * plan has a checklist for the level.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PlanActivation> activateForAlert(UUID alertId, Alert.Level level, OffsetDateTime at) {
        Alert alert = em.find(Alert.class, alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null || alert.status == Alert.Status.CLOSED) {
            return Optional.empty();
        }
        List<PlanActivation> earlier = em.createQuery("from PlanActivation where alertId = :alert order by activatedAt",
                PlanActivation.class).setParameter("alert", alertId).getResultList();
        for (PlanActivation e : earlier) {
            if (e.level == level) {
                return Optional.of(e);
            }
            if (e.level.ordinal() > level.ordinal()) {
                return Optional.empty();
            }
        }
        Optional<Matched> matched = match(alert.areaCode, level);
        if (matched.isEmpty()) {
            LOG.infof("alert %s (%s, %s): no response plan has a %s checklist for this area", alertId, alert.areaCode,
                    level, level);
            return Optional.empty();
        }
        PlanActivation a = newActivation(matched.get().plan(), alert.areaCode, level, false, at, PlanJournal.SYSTEM);
        a.alertId = alertId;
        a.title = matched.get().plan().title + " (" + level + ")";
        a.persist();
        for (PlanActivation e : earlier) {
            if (e.status.open()) {
                e.status = PlanActivation.Status.SUPERSEDED;
                e.supersededBy = a.id;
            }
        }
        start(a, matched.get(), at);
        if (alert.status == Alert.Status.ACKNOWLEDGED
                && !matched.get().definition().checklist(level).response().isEmpty()) {
            alerts.transition(alert.id, Alert.Status.RESPONDING, alert.version,
                    "response plan '" + matched.get().plan().name + "' activated", PlanJournal.SYSTEM);
        }
        return Optional.of(a);
    }

    /** Activates {@code plan} as a drill for {@code area}: the same tasks and notifications, marked drill. */
    @Transactional(Transactional.TxType.MANDATORY)
    public PlanActivation activateDrill(ResponsePlan plan, String area, Alert.Level level, String title, String actor,
            OffsetDateTime at) {
        PlanDefinition d = definition(plan);
        if (d.checklist(level) == null) {
            throw new IllegalArgumentException("plan " + plan.id + " has no " + level + " checklist");
        }
        PlanActivation a = newActivation(plan, area, level, true, at, actor);
        a.title = title;
        a.persist();
        start(a, new Matched(plan, d), at);
        return a;
    }

    private PlanActivation newActivation(ResponsePlan plan, String area, Alert.Level level, boolean drill,
            OffsetDateTime at, String actor) {
        PlanActivation a = new PlanActivation();
        a.id = UUID.randomUUID();
        a.planId = plan.id;
        a.planVersion = plan.planVersion;
        a.areaCode = area;
        a.level = level;
        a.drill = drill;
        a.status = PlanActivation.Status.ACTIVE;
        a.activatedAt = at;
        a.activatedBy = actor;
        return a;
    }

    private void start(PlanActivation a, Matched m, OffsetDateTime at) {
        PlanDefinition.Checklist c = m.definition().checklist(a.level);
        List<PlanDefinition.Action> due = new ArrayList<>();
        for (PlanDefinition.Phase phase : List.of(PlanDefinition.Phase.WARNING, PlanDefinition.Phase.RESPONSE)) {
            for (PlanDefinition.Action action : c.of(phase)) {
                if (a.alertId == null || !taskExists(a.alertId, action.key(), target(action, a.level))) {
                    due.add(action);
                }
            }
        }
        journal.publish(a.areaCode, null, a.level, PlanJournal.activated(a, m.plan(), due.size()), at);
        LocalDate today = LocalDate.ofInstant(at.toInstant(), clock.getZone());
        for (PlanDefinition.Action action : due) {
            PlanDefinition.Phase phase = c.warning().contains(action) ? PlanDefinition.Phase.WARNING
                    : PlanDefinition.Phase.RESPONSE;
            PlanTask t = task(a, action, phase, target(action, a.level), null, at.plus(action.dueWithin()), today);
            journal.create(t, a.level, PlanJournal.SYSTEM, at);
            if (action.system() != null) {
                carryOut(a, t, action, at);
            }
        }
    }

    /**
     * Creates the tasks of one phase's actions that are not per resident (the recovery checklist when the plan enters
     * recovery), due {@code dueWithin} after {@code at}; an action already made a task of is skipped. Returns how
     * many were created.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int createPhaseTasks(PlanActivation a, PlanDefinition d, PlanDefinition.Phase phase, OffsetDateTime at) {
        PlanDefinition.Checklist c = d.checklist(a.level);
        if (c == null) {
            return 0;
        }
        LocalDate today = LocalDate.ofInstant(at.toInstant(), clock.getZone());
        int created = 0;
        for (PlanDefinition.Action action : c.of(phase)) {
            if (action.perReleasedResident() || taskExists(a, action.key(), "")) {
                continue;
            }
            journal.create(task(a, action, phase, "", null, at.plus(action.dueWithin()), today), a.level,
                    PlanJournal.SYSTEM, at);
            created++;
        }
        return created;
    }

    /**
     * A per-resident follow-up of a recovery action for a resident released from quarantine, due {@code dueWithin}
     * after {@code from}; once per activation (and alert), action and resident.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PlanTask> createFollowUp(PlanActivation a, PlanDefinition.Action action, UUID residentId,
            OffsetDateTime from, OffsetDateTime at) {
        String target = residentId.toString();
        if (taskExists(a, action.key(), target)) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(at.toInstant(), clock.getZone());
        PlanTask t = task(a, action, PlanDefinition.Phase.RECOVERY, target, residentId, from.plus(action.dueWithin()),
                today);
        return Optional.of(journal.create(t, a.level, PlanJournal.SYSTEM, at));
    }

    /**
     * The target of an activation's task: none for an action people carry out (a rise does not repeat it), the level
     * for a system action — a higher level asks again with its own parameters (roster-service proposes the level's
     * shifts, supplies-service raises to the higher minimum, screening-service opens the level's campaign).
     */
    static String target(PlanDefinition.Action action, Alert.Level level) {
        return action.system() == null ? "" : level.name();
    }

    private boolean taskExists(PlanActivation a, String key, String target) {
        return a.alertId != null ? taskExists(a.alertId, key, target)
                : PlanTask.count("activationId = ?1 and actionKey = ?2 and targetKey = ?3", a.id, key, target) > 0;
    }

    private boolean taskExists(UUID alertId, String key, String target) {
        return PlanTask.count("alertId = ?1 and actionKey = ?2 and targetKey = ?3", alertId, key, target) > 0;
    }

    private PlanTask task(PlanActivation a, PlanDefinition.Action action, PlanDefinition.Phase phase, String target,
            UUID residentId, OffsetDateTime dueAt, LocalDate today) {
        PlanTask t = new PlanTask();
        t.id = UUID.randomUUID();
        t.activationId = a.id;
        t.alertId = a.alertId;
        t.planId = a.planId;
        t.planVersion = a.planVersion;
        t.areaCode = a.areaCode;
        t.actionKey = action.key();
        t.targetKey = target;
        t.phase = phase;
        t.title = action.title();
        t.description = action.description();
        t.responsible = action.responsible();
        Owners.Resolved o = owners.resolve(a.areaCode, action.responsible(), today);
        t.ownerTeamId = o.teamId();
        t.ownerIds = o.personIds();
        t.systemAction = action.system();
        t.residentId = residentId;
        t.drill = a.drill;
        t.dueAt = dueAt;
        return t;
    }

    /** A system action: the request event (not in a drill), then the task done by the system with what was done. */
    private void carryOut(PlanActivation a, PlanTask t, PlanDefinition.Action action, OffsetDateTime at) {
        String note;
        boolean community = a.areaCode.length() == 12;
        if (a.drill) {
            note = DRILL_NOTE;
        } else if (!community) {
            // nothing was done: the task waits for people (blocked with the reason), it is not counted as done
            String reason = "Not sent: " + action.system() + " applies to one community, and this plan runs for area "
                    + a.areaCode + "; carry it out by hand for the communities concerned";
            t.status = PlanTask.Status.BLOCKED;
            t.blockedAt = at;
            t.blockedBy = PlanJournal.SYSTEM;
            t.blockedReason = reason;
            journal.log(t, TaskLogEntry.Kind.BLOCKED, PlanJournal.SYSTEM, PlanTask.Status.OPEN, PlanTask.Status.BLOCKED,
                    reason, at);
            return;
        } else {
            switch (action.system()) {
                case SURGE_SHIFTS -> {
                    journal.request(new PlanEvents.SurgeShiftsRequested(t.id, a.id, a.alertId, a.areaCode,
                            a.level.name(), "RESPONSE", at), at);
                    note = "Asked roster-service for the " + a.level + " surge shifts (SurgeShiftsRequested)";
                }
                case RAISE_MIN_STOCK -> {
                    journal.request(new PlanEvents.MinimumStockRequested(t.id, a.id, a.alertId, a.areaCode,
                            a.level.name(), action.minDays(), at), at);
                    note = "Asked supplies-service to raise the store's minimum levels to " + action.minDays()
                            + " days of cover (MinimumStockRequested)";
                }
                case OPEN_CAMPAIGN -> {
                    journal.request(new PlanEvents.CampaignRequested(t.id, a.id, a.alertId, a.areaCode, action.grid(),
                            action.title(), at), at);
                    note = "Asked screening-service to open a door-to-door campaign"
                            + (action.grid() == null ? "" : " in grid " + action.grid()) + " (CampaignRequested)";
                }
                default -> throw new IllegalStateException("unknown system action " + action.system());
            }
        }
        journal.done(t, a.level, PlanJournal.SYSTEM, note, true, at);
    }
}
