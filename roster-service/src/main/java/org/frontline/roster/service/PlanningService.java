package org.frontline.roster.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Assignment;
import org.frontline.roster.Person;
import org.frontline.roster.PlanningRun;
import org.frontline.roster.Shift;
import org.frontline.roster.events.PlanPublished;
import org.frontline.roster.planning.PlanningProblem;
import org.frontline.roster.planning.PlanningResult;
import org.frontline.roster.rules.PersonFacts;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.RuleCheck;
import org.frontline.roster.rules.ShiftFacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Planning runs: requests, the planner's problem read from the database, the stored result, and publishing a
 * reviewed plan (every planned assignment re-checked against the current state first).
 */
@ApplicationScoped
@Transactional
public class PlanningService {

    /** The longest range one run plans. */
    public static final Duration MAX_RANGE = Duration.ofDays(14);

    /**
     * The proposed plan as stored and shown.
     *
     * @param shifts            every planned shift with the people the plan puts on it (checked-in ones included)
     * @param uncovered         the shifts left short, with how many people are missing
     * @param hoursPerPerson    planned hours of the range's shifts per person
     * @param secondsToFeasible from the start of the solve to the first plan breaking no hard rule (null: none found)
     */
    public record PlanResult(List<ShiftPlan> shifts, List<Uncovered> uncovered, int slotsRequired, int slotsCovered,
            int uncoveredSlots, Map<UUID, Double> hoursPerPerson, double fairnessSpread, boolean feasible,
            String score, Double secondsToFeasible, double solveSeconds, String termination) {
    }

    /**
     * @param required  the slots the planner filled (the headcount less the checked-in people it did not plan)
     * @param personIds the people the plan puts on the shift
     * @param seen      the shift as the planner read it; publishing refuses a shift that differs from it now
     */
    public record ShiftPlan(UUID shiftId, int required, List<UUID> personIds, Seen seen) {
    }

    /** A planned shift as the planner read it: status, headcount and everyone assigned (sorted). */
    public record Seen(Shift.Status status, int headcount, List<UUID> assigned) {
    }

    /** The planner's problem and the planned shifts as read with it. */
    public record Read(PlanningProblem problem, Map<UUID, Seen> seen) {
    }

    public record Uncovered(UUID shiftId, int missing) {
    }

    /** A planned assignment that no longer holds at publish time. */
    public record Conflict(UUID shiftId, UUID personId, List<String> rules, String detail) {
    }

    private final EntityManager em;
    private final RuleFacts facts;
    private final RosterRules rules;
    private final ShiftService shifts;
    private final Outbox outbox;
    private final AreaScope scope;
    private final Clock clock;
    private final ObjectMapper mapper;

    public PlanningService(EntityManager em, RuleFacts facts, RosterRules rules, ShiftService shifts, Outbox outbox,
            AreaScope scope, Clock clock, ObjectMapper mapper) {
        this.em = em;
        this.facts = facts;
        this.rules = rules;
        this.shifts = shifts;
        this.outbox = outbox;
        this.scope = scope;
        this.clock = clock;
        this.mapper = mapper;
    }

    public PlanningRun request(String area, Instant from, Instant to, int timeLimitSeconds, String requestedBy) {
        scope.check(area);
        PlanningRun run = new PlanningRun();
        run.id = UUID.randomUUID();
        run.area = area;
        run.fromAt = from.atOffset(ZoneOffset.UTC);
        run.toAt = to.atOffset(ZoneOffset.UTC);
        run.timeLimitSeconds = timeLimitSeconds;
        run.status = PlanningRun.Status.QUEUED;
        run.requestedBy = requestedBy;
        run.requestedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        run.persist();
        return run;
    }

    /** The run as the caller may see it: 404 alike for a missing one and one outside the caller's area. */
    public PlanningRun visible(UUID id) {
        PlanningRun run = PlanningRun.findById(id);
        if (run == null || !scope.covers(run.area)) {
            throw ProblemException.notFound("Plan", id);
        }
        return run;
    }

    private PlanningRun locked(UUID id) {
        PlanningRun run = em.find(PlanningRun.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !scope.covers(run.area)) {
            throw ProblemException.notFound("Plan", id);
        }
        return run;
    }

    /** Stops a queued or running run (a running one stops on its replica at the next heartbeat). */
    public PlanningRun cancel(UUID id, String by) {
        PlanningRun run = locked(id);
        if (run.status != PlanningRun.Status.QUEUED && run.status != PlanningRun.Status.RUNNING) {
            throw ProblemException.conflict("Plan not running", "plan " + id + " is " + run.status
                    + "; only a queued or running plan can be cancelled");
        }
        run.status = PlanningRun.Status.CANCELLED;
        run.finishedAt = now();
        run.decidedBy = by;
        run.decidedAt = run.finishedAt;
        return run;
    }

    public PlanningRun discard(UUID id, long version, String by) {
        PlanningRun run = reviewable(id, version);
        run.status = PlanningRun.Status.DISCARDED;
        run.decidedBy = by;
        run.decidedAt = now();
        return run;
    }

    private PlanningRun reviewable(UUID id, long version) {
        PlanningRun run = locked(id);
        if (run.status != PlanningRun.Status.DONE) {
            throw ProblemException.conflict("Plan not ready for review", "plan " + id + " is " + run.status
                    + "; only a DONE plan can be published or discarded").with("planStatus", run.status);
        }
        if (run.version != version) {
            throw ProblemException.conflict("Plan changed", "plan " + id + " is now version " + run.version
                    + "; reload it and review again").with("currentVersion", run.version);
        }
        return run;
    }

    /**
     * Makes a reviewed plan the roster: re-checks every planned assignment against the current state (409 listing
     * those that no longer hold, nothing changed), then replaces the non-checked-in assignments of the planned shifts,
     * publishes the draft ones and says PlanPublished once.
     */
    public PlanningRun publish(UUID id, long version, String by) {
        PlanningRun run = reviewable(id, version);
        PlanResult plan = result(run);
        // lock order as in ShiftService: shifts (sorted, so two publishes cannot deadlock), then people
        List<ShiftPlan> planned = plan.shifts().stream().sorted(Comparator.comparing(ShiftPlan::shiftId)).toList();
        Map<UUID, Shift> shiftRows = new LinkedHashMap<>();
        for (ShiftPlan sp : planned) {
            shiftRows.put(sp.shiftId(), em.find(Shift.class, sp.shiftId(), LockModeType.PESSIMISTIC_WRITE));
        }
        Set<UUID> personIds = new java.util.TreeSet<>();
        planned.forEach(sp -> personIds.addAll(sp.personIds()));
        Map<UUID, Person> people = new HashMap<>();
        for (UUID pid : personIds) {
            people.put(pid, em.find(Person.class, pid, LockModeType.PESSIMISTIC_WRITE));
        }
        List<Conflict> conflicts = changedSince(planned, shiftRows);
        if (conflicts.isEmpty()) {
            conflicts = recheck(run, planned, shiftRows, people);
        }
        if (!conflicts.isEmpty()) {
            throw ProblemException.conflict("Plan no longer holds", conflicts.size() + " planned assignment(s) no "
                    + "longer hold against the current roster; plan again").with("conflicts", conflicts);
        }
        for (ShiftPlan sp : planned) {
            Shift shift = shiftRows.get(sp.shiftId());
            shift.planId = run.id;
            shifts.replaceAssignments(shift, new LinkedHashSet<>(sp.personIds()), by);
        }
        for (ShiftPlan sp : planned) {
            if (shiftRows.get(sp.shiftId()).status == Shift.Status.DRAFT) {
                shifts.publish(sp.shiftId());
            }
        }
        run.status = PlanningRun.Status.PUBLISHED;
        run.decidedBy = by;
        run.decidedAt = now();
        outbox.record(PlanPublished.TOPIC, new PlanPublished(run.id, run.area, run.fromAt, run.toAt, planned.size(),
                plan.slotsRequired(), plan.slotsCovered(), plan.uncoveredSlots(), plan.fairnessSpread(), run.decidedAt));
        return run;
    }

    /**
     * The planned shifts whose status, headcount or assignments differ from what the planner read (a hand-made change
     * after the solve, which publishing would otherwise overwrite).
     */
    private List<Conflict> changedSince(List<ShiftPlan> planned, Map<UUID, Shift> shiftRows) {
        List<Conflict> conflicts = new ArrayList<>();
        Map<UUID, List<UUID>> now = new HashMap<>();
        if (!shiftRows.isEmpty()) {
            Assignment.<Assignment>list("shiftId in ?1", shiftRows.keySet())
                    .forEach(a -> now.computeIfAbsent(a.shiftId, k -> new ArrayList<>()).add(a.personId));
        }
        for (ShiftPlan sp : planned) {
            Shift s = shiftRows.get(sp.shiftId());
            if (sp.seen() == null || s == null) {
                continue; // a result stored before shifts were remembered; the re-check still runs
            }
            List<UUID> assigned = new ArrayList<>(now.getOrDefault(s.id, List.of()));
            assigned.sort(null);
            if (s.status != sp.seen().status() || s.requiredHeadcount != sp.seen().headcount()
                    || !assigned.equals(sp.seen().assigned())) {
                conflicts.add(new Conflict(sp.shiftId(), null, List.of("shift-changed"),
                        "changed since the plan was made"));
            }
        }
        return conflicts;
    }

    /** Every planned assignment checked with RuleCheck against the person's other shifts after the plan. */
    private List<Conflict> recheck(PlanningRun run, List<ShiftPlan> planned, Map<UUID, Shift> shiftRows, Map<UUID, Person> people) {
        List<Conflict> conflicts = new ArrayList<>();
        Map<UUID, ShiftFacts> plannedFacts = new HashMap<>();
        Instant from = null;
        Instant to = null;
        for (ShiftPlan sp : planned) {
            Shift s = shiftRows.get(sp.shiftId());
            if (s == null || s.status == Shift.Status.CANCELLED) {
                conflicts.add(new Conflict(sp.shiftId(), null, List.of("conflict"), "the shift was cancelled"));
                continue;
            }
            if (!scope.covers(s.communityCode)) {
                conflicts.add(new Conflict(sp.shiftId(), null, List.of("outside-your-area"),
                        "the shift lies outside your area"));
                continue;
            }
            if (s.requiredHeadcount < sp.personIds().size()) {
                conflicts.add(new Conflict(sp.shiftId(), null, List.of("shift-full"), "the shift now needs "
                        + s.requiredHeadcount + " people; the plan has " + sp.personIds().size()));
            }
            ShiftFacts f = facts.shift(s);
            plannedFacts.put(s.id, f);
            from = from == null || f.start().isBefore(from) ? f.start() : from;
            to = to == null || f.end().isAfter(to) ? f.end() : to;
        }
        if (!conflicts.isEmpty() || plannedFacts.isEmpty()) {
            return conflicts;
        }
        Set<String> checkedIn = new HashSet<>();
        Assignment.<Assignment>list("shiftId in ?1 and checkedInAt is not null", plannedFacts.keySet())
                .forEach(a -> checkedIn.add(a.shiftId + "/" + a.personId));
        Map<UUID, List<ShiftFacts>> planOf = new HashMap<>();
        for (ShiftPlan sp : planned) {
            sp.personIds().forEach(p -> planOf.computeIfAbsent(p, k -> new ArrayList<>()).add(plannedFacts.get(sp.shiftId())));
        }
        Map<UUID, PersonFacts> personFacts = facts.people(people.values().stream().filter(java.util.Objects::nonNull).toList());
        Map<UUID, List<ShiftFacts>> current = facts.assignedShifts(people.keySet(), from, to);
        for (ShiftPlan sp : planned) {
            Shift shift = shiftRows.get(sp.shiftId());
            ShiftFacts candidate = plannedFacts.get(sp.shiftId());
            for (UUID pid : sp.personIds()) {
                if (checkedIn.contains(sp.shiftId() + "/" + pid)) {
                    continue; // a record, kept as it is
                }
                Person person = people.get(pid);
                if (person == null || !person.active) {
                    conflicts.add(new Conflict(sp.shiftId(), pid, List.of("person-inactive"), "no longer active"));
                    continue;
                }
                if (!scope.covers(person.communityCode)) {
                    conflicts.add(new Conflict(sp.shiftId(), pid, List.of("outside-your-area"),
                            "the person belongs to a community outside your area"));
                    continue;
                }
                if (!person.communityCode.equals(shift.communityCode) && !(person.lendConsent && run.area.length() == 6
                        && PlanningProblem.district(person.communityCode).equals(PlanningProblem.district(shift.communityCode)))) {
                    conflicts.add(new Conflict(sp.shiftId(), pid, List.of("person-not-lendable"),
                            "belongs to another community and may not be lent to this one"));
                    continue;
                }
                List<ShiftFacts> others = new ArrayList<>(planOf.get(pid));
                current.getOrDefault(pid, List.of()).stream().filter(o -> !plannedFacts.containsKey(o.id()))
                        .forEach(others::add);
                List<RuleCheck.Violation> v = RuleCheck.violations(personFacts.get(pid), candidate, others, rules);
                if (!v.isEmpty()) {
                    conflicts.add(new Conflict(sp.shiftId(), pid, v.stream().map(x -> x.rule().slug).toList(),
                            v.stream().map(RuleCheck.Violation::detail).reduce((a, b) -> a + "; " + b).orElse("")));
                }
            }
        }
        return conflicts;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PlanningProblem problem(PlanningRun run) {
        return read(run).problem();
    }

    /**
     * The planner's problem for a run: the non-cancelled shifts of the area starting in the range; the active people
     * of the area (a community run plans only its own people; a district run all of the district's, and lends a
     * person to a community not their own only with their consent); fixed: what they work outside the planned shifts
     * and the checked-in assignments (a checked-in person the run does not plan, say made inactive since, still
     * takes a slot: the shift's headcount is reduced by them); published: the current assignments of the shifts.
     * With it, each planned shift as read, for the check at publishing.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Read read(PlanningRun run) {
        Instant from = run.fromAt.toInstant();
        Instant to = run.toAt.toInstant();
        RuleFacts.Batch batch = facts.batch(List.of(run.area), from, to);
        Map<UUID, PersonFacts> people = new LinkedHashMap<>(batch.people());
        Map<UUID, Boolean> lendable = new HashMap<>();
        Map<UUID, List<ShiftFacts>> assigned = new HashMap<>(batch.assignments());
        // lending happens only within a district run: a community run plans its own people only
        Person.<Person>list("communityCode like ?1 and active = true", run.area + "%")
                .forEach(p -> lendable.put(p.id, run.area.length() == 6 && p.lendConsent));
        Set<UUID> planned = new HashSet<>();
        batch.shifts().forEach(s -> planned.add(s.id()));
        Map<UUID, Shift> rows = new HashMap<>();
        if (!planned.isEmpty()) {
            Shift.<Shift>list("id in ?1", planned).forEach(s -> rows.put(s.id, s));
        }
        List<PlanningProblem.FixedAssignment> fixed = new ArrayList<>();
        assigned.forEach((pid, list) -> list.stream().filter(s -> !planned.contains(s.id()))
                .forEach(s -> fixed.add(new PlanningProblem.FixedAssignment(s, pid))));
        Map<UUID, Set<UUID>> published = new HashMap<>();
        Map<UUID, List<UUID>> assignedNow = new HashMap<>();
        Map<UUID, Integer> checkedInElsewhere = new HashMap<>();
        if (!planned.isEmpty()) {
            Map<UUID, ShiftFacts> byId = new HashMap<>();
            batch.shifts().forEach(s -> byId.put(s.id(), s));
            for (Assignment a : Assignment.<Assignment>list("shiftId in ?1", planned)) {
                assignedNow.computeIfAbsent(a.shiftId, k -> new ArrayList<>()).add(a.personId);
                if (!people.containsKey(a.personId)) {
                    if (a.checkedInAt != null) { // worked (or working) it: the slot is taken whoever they are now
                        checkedInElsewhere.merge(a.shiftId, 1, Integer::sum);
                    }
                    continue;
                }
                if (a.checkedInAt != null) {
                    fixed.add(new PlanningProblem.FixedAssignment(byId.get(a.shiftId), a.personId));
                } else {
                    published.computeIfAbsent(a.shiftId, k -> new HashSet<>()).add(a.personId);
                }
            }
        }
        List<PlanningProblem.Shift> problemShifts = batch.shifts().stream()
                .map(s -> new PlanningProblem.Shift(s, Math.max(0, rows.get(s.id()).requiredHeadcount
                        - checkedInElsewhere.getOrDefault(s.id(), 0)))).toList();
        Map<UUID, Seen> seen = new HashMap<>();
        for (UUID id : planned) {
            List<UUID> list = new ArrayList<>(assignedNow.getOrDefault(id, List.of()));
            list.sort(null);
            seen.put(id, new Seen(rows.get(id).status, rows.get(id).requiredHeadcount, List.copyOf(list)));
        }
        Set<String> communities = new java.util.TreeSet<>();
        if (run.area.length() == 12) {
            communities.add(run.area);
        } else {
            batch.people().values().forEach(p -> communities.add(p.homeCommunity()));
            batch.shifts().forEach(s -> communities.add(s.communityCode()));
        }
        List<PlanningProblem.Person> problemPeople = people.values().stream()
                .map(p -> new PlanningProblem.Person(p, lendable.getOrDefault(p.id(), false))).toList();
        return new Read(new PlanningProblem(from, to, problemPeople, problemShifts, fixed, published, rules, communities),
                seen);
    }

    /** The stored form of a planner's result, for the shifts of {@code problem}. */
    public static PlanResult result(PlanningProblem problem, PlanningResult r) {
        return result(new Read(problem, Map.of()), r);
    }

    /** The stored form of a planner's result, with each planned shift as it was read. */
    public static PlanResult result(Read read, PlanningResult r) {
        PlanningProblem problem = read.problem();
        Map<UUID, List<UUID>> byShift = new TreeMap<>();
        r.assignments().forEach(a -> byShift.computeIfAbsent(a.shiftId(), k -> new ArrayList<>()).add(a.personId()));
        List<ShiftPlan> shiftPlans = new ArrayList<>();
        int required = 0;
        for (PlanningProblem.Shift s : problem.shifts()) {
            required += s.headcount();
            shiftPlans.add(new ShiftPlan(s.id(), s.headcount(), byShift.getOrDefault(s.id(), List.of()),
                    read.seen().get(s.id())));
        }
        int uncovered = r.uncoveredSlots();
        return new PlanResult(shiftPlans, r.uncovered().stream().map(u -> new Uncovered(u.shiftId(), u.missing())).toList(),
                required, required - uncovered, uncovered, new TreeMap<>(r.hoursPerPerson()), r.fairnessSpread(),
                r.feasible(), r.score(), r.timeToFeasible() == null ? null : r.timeToFeasible().toMillis() / 1000.0,
                r.solveTime().toMillis() / 1000.0, r.termination().name());
    }

    public PlanResult result(PlanningRun run) {
        if (run.result == null) {
            return null;
        }
        try {
            return mapper.readValue(run.result, PlanResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan " + run.id + " has an unreadable result", e);
        }
    }

    public String json(PlanResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store a plan result", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
