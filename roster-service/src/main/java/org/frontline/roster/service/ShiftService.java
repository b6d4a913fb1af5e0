package org.frontline.roster.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Assignment;
import org.frontline.roster.Duty;
import org.frontline.roster.Person;
import org.frontline.roster.Shift;
import org.frontline.roster.events.ShiftPublished;
import org.frontline.roster.events.ShiftStaffingChanged;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.RuleCheck;
import org.frontline.roster.rules.ShiftFacts;

/**
 * Shifts and their assignments. Every assignment passes {@link RuleCheck}; the person's row and the shift's row are
 * locked first (in that order: shift, then person), so two replicas cannot both place one person on overlapping
 * shifts or fill one shift beyond its headcount.
 */
@ApplicationScoped
@Transactional
public class ShiftService {

    /** The longest shift accepted. */
    public static final Duration MAX_LENGTH = Duration.ofHours(24);
    /** Check-in and check-out times accepted around the shift. */
    public static final Duration EARLY = Duration.ofHours(2);
    public static final Duration LATE = Duration.ofHours(12);

    private final EntityManager em;
    private final Outbox outbox;
    private final RuleFacts facts;
    private final RosterRules rules;
    private final Clock clock;
    private final AreaScope scope;
    private final WorkloadService workload;

    public ShiftService(EntityManager em, Outbox outbox, RuleFacts facts, RosterRules rules, Clock clock,
            AreaScope scope, WorkloadService workload) {
        this.em = em;
        this.outbox = outbox;
        this.facts = facts;
        this.rules = rules;
        this.clock = clock;
        this.scope = scope;
        this.workload = workload;
    }

    public Shift create(String communityCode, String dutyCode, OffsetDateTime startAt, OffsetDateTime endAt,
            int required, String createdBy) {
        times(startAt, endAt);
        if (Duty.findById(dutyCode) == null) {
            throw ProblemException.badRequest("Unknown duty", "duty " + dutyCode + " does not exist", "dutyCode");
        }
        Shift shift = new Shift();
        shift.id = UUID.randomUUID();
        shift.communityCode = communityCode;
        shift.dutyCode = dutyCode;
        shift.startAt = startAt.withOffsetSameInstant(ZoneOffset.UTC);
        shift.endAt = endAt.withOffsetSameInstant(ZoneOffset.UTC);
        shift.requiredHeadcount = required;
        shift.status = Shift.Status.DRAFT;
        shift.createdBy = createdBy;
        shift.createdAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        shift.persist();
        return shift;
    }

    /** Times and headcount while a draft; only the headcount once published. {@code version}: the one the caller read. */
    public Shift update(UUID id, long version, OffsetDateTime startAt, OffsetDateTime endAt, Integer required) {
        Shift shift = locked(id);
        if (shift.version != version) {
            throw stale(shift);
        }
        if (shift.status == Shift.Status.CANCELLED) {
            throw ProblemException.conflict("Shift cancelled", "shift " + shift.id + " is cancelled");
        }
        if ((startAt != null || endAt != null) && shift.status != Shift.Status.DRAFT) {
            throw ProblemException.conflict("Shift published",
                    "the times of a published shift cannot change; cancel it and create another");
        }
        if (startAt != null || endAt != null) {
            OffsetDateTime s = startAt != null ? startAt : shift.startAt;
            OffsetDateTime e = endAt != null ? endAt : shift.endAt;
            times(s, e);
            if (assigned(shift.id) > 0) {
                throw ProblemException.conflict("Shift has assignments",
                        "remove the assignments before moving the shift: the rules were checked for its old times");
            }
            shift.startAt = s.withOffsetSameInstant(ZoneOffset.UTC);
            shift.endAt = e.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (required != null) {
            long assigned = assigned(shift.id);
            if (required < assigned) {
                throw ProblemException.conflict("Headcount below assignments", "shift " + shift.id + " has " + assigned
                        + " people assigned; remove assignments before lowering the headcount to " + required);
            }
            shift.requiredHeadcount = required;
        }
        announce(shift);
        return shift;
    }

    /**
     * Publishes one shift by hand: first re-checks its draft assignments against the hard rules ({@link #recheck}),
     * so an absence or a revoked qualification recorded since the assignment is a 409 and nothing changes.
     */
    public Shift publishChecked(UUID id) {
        Shift shift = locked(id);
        if (shift.status == Shift.Status.DRAFT) {
            recheck(shift);
        }
        return publish(id);
    }

    /** Publishes without a re-check: for the planner, which has re-checked the whole plan under the same locks. */
    public Shift publish(UUID id) {
        Shift shift = locked(id);
        if (shift.status == Shift.Status.CANCELLED) {
            throw ProblemException.conflict("Shift cancelled", "a cancelled shift cannot be published");
        }
        if (shift.status == Shift.Status.PUBLISHED) {
            return shift; // publishing twice changes nothing and says nothing
        }
        shift.status = Shift.Status.PUBLISHED;
        outbox.record(ShiftPublished.TOPIC, new ShiftPublished(shift.id, shift.communityCode, shift.dutyCode,
                shift.startAt, shift.endAt, shift.requiredHeadcount));
        announce(shift);
        for (Assignment a : Assignment.<Assignment>list("shiftId", shift.id)) {
            workload.warnIfExceeded(a.personId, shift.startAt.toInstant());
        }
        return shift;
    }

    public Shift cancel(UUID id) {
        Shift shift = locked(id);
        if (shift.status == Shift.Status.CANCELLED) {
            return shift;
        }
        boolean wasPublished = shift.status == Shift.Status.PUBLISHED;
        shift.status = Shift.Status.CANCELLED;
        if (wasPublished) {
            announce(shift);
        }
        return shift;
    }

    /**
     * Places the person on the shift, or says which rule refuses it. Locks the shift's row, then the person's, so
     * concurrent assignments (on any replica) are checked one after the other against committed rows.
     */
    public Assignment assign(UUID shiftId, UUID personId, String assignedBy) {
        Shift shift = locked(shiftId);
        Person person = em.find(Person.class, personId, LockModeType.PESSIMISTIC_WRITE);
        if (person == null || !scope.covers(person.communityCode)) {
            throw ProblemException.notFound("Person", personId);
        }
        if (shift.status == Shift.Status.CANCELLED) {
            throw ProblemException.conflict("Shift cancelled", "shift " + shift.id + " is cancelled");
        }
        if (!person.active) {
            throw new ProblemException(409, "person-inactive", "Person inactive",
                    "person " + person.id + " is no longer active", null);
        }
        if (!person.communityCode.equals(shift.communityCode)
                && !(person.lendConsent && district(person.communityCode).equals(district(shift.communityCode)))) {
            throw new ProblemException(409, "person-not-lendable", "Person not available to this community",
                    "person " + person.id + " belongs to another community and has not consented to be lent within "
                            + "their district", null);
        }
        if (Assignment.count("shiftId = ?1 and personId = ?2", shift.id, person.id) > 0) {
            throw new ProblemException(409, "already-assigned", "Already assigned",
                    "person " + person.id + " already works shift " + shift.id, null);
        }
        long assigned = assigned(shift.id);
        if (assigned >= shift.requiredHeadcount) {
            throw new ProblemException(409, "shift-full", "Shift full", "shift " + shift.id + " already has "
                    + assigned + " of " + shift.requiredHeadcount + " people", null);
        }
        ShiftFacts candidate = facts.shift(shift);
        List<ShiftFacts> others = facts.assignedShifts(person.id, candidate.start(), candidate.end());
        List<RuleCheck.Violation> violations = RuleCheck.violations(facts.person(person), candidate, others, rules);
        if (!violations.isEmpty()) {
            throw refusal(person, violations.get(0), others, violations);
        }
        Assignment a = new Assignment();
        a.id = UUID.randomUUID();
        a.shiftId = shift.id;
        a.personId = person.id;
        a.assignedBy = assignedBy;
        a.assignedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        a.persist();
        em.flush();
        announce(shift);
        if (shift.status == Shift.Status.PUBLISHED) {
            workload.warnIfExceeded(person.id, shift.startAt.toInstant());
        }
        return a;
    }

    public void unassign(UUID shiftId, UUID assignmentId) {
        Shift shift = locked(shiftId);
        Assignment assignment = assignment(shift, assignmentId);
        if (assignment.checkedInAt != null) {
            throw ProblemException.conflict("Already checked in",
                    "assignment " + assignment.id + " was checked in; it is part of the record now");
        }
        assignment.delete();
        em.flush();
        announce(shift);
    }

    /**
     * Records the arrival. {@code volunteerSubject}: the caller's token subject when the caller is a volunteer, who
     * may check in only their own assignment; null for staff callers, who need the shift in their area.
     */
    public Assignment checkIn(UUID shiftId, UUID assignmentId, OffsetDateTime at, String volunteerSubject) {
        Assignment a = ownAssignment(shiftId, assignmentId, volunteerSubject);
        Shift shift = Shift.findById(shiftId);
        if (a.checkedInAt != null) {
            throw ProblemException.conflict("Already checked in", "assignment " + a.id + " checked in at " + a.checkedInAt);
        }
        if (shift.status == Shift.Status.CANCELLED) {
            throw ProblemException.conflict("Shift cancelled", "shift " + shift.id + " is cancelled");
        }
        OffsetDateTime when = plausible(shift, at);
        a.checkedInAt = when;
        return a;
    }

    public Assignment checkOut(UUID shiftId, UUID assignmentId, OffsetDateTime at, String volunteerSubject) {
        Assignment a = ownAssignment(shiftId, assignmentId, volunteerSubject);
        Shift shift = Shift.findById(shiftId);
        if (a.checkedInAt == null) {
            throw ProblemException.conflict("Not checked in", "check in before checking out");
        }
        if (a.checkedOutAt != null) {
            throw ProblemException.conflict("Already checked out", "assignment " + a.id + " checked out at " + a.checkedOutAt);
        }
        OffsetDateTime when = plausible(shift, at);
        if (!when.isAfter(a.checkedInAt)) {
            throw ProblemException.badRequest("Check-out before check-in",
                    "check-out " + when + " is not after the check-in " + a.checkedInAt, "at");
        }
        a.checkedOutAt = when;
        em.flush();
        if (shift.status == Shift.Status.PUBLISHED) {
            workload.warnIfExceeded(a.personId, shift.startAt.toInstant());
        }
        return a;
    }

    /**
     * Checks every draft assignment of the shift against the hard rules again before it is published (an absence
     * or a revoked qualification may have been recorded since): the first one refused is a 409 naming the person and
     * the rule, and nothing changes. The people's rows are locked (after the shift's, as in {@link #assign}).
     */
    private void recheck(Shift shift) {
        List<Assignment> assignments = Assignment.list("shiftId", io.quarkus.panache.common.Sort.by("personId"), shift.id);
        if (assignments.isEmpty()) {
            return;
        }
        ShiftFacts candidate = facts.shift(shift);
        for (Assignment a : assignments) {
            Person person = em.find(Person.class, a.personId, LockModeType.PESSIMISTIC_WRITE);
            List<ShiftFacts> others = facts.assignedShifts(person.id, candidate.start(), candidate.end()).stream()
                    .filter(o -> !o.id().equals(shift.id)).toList();
            List<RuleCheck.Violation> violations = RuleCheck.violations(facts.person(person), candidate, others, rules);
            if (!violations.isEmpty()) {
                throw refusal(person, violations.get(0), others, violations);
            }
        }
    }

    /**
     * The published, not yet ended shifts the person works, row locked in id order. For a change to the person's
     * qualifications: take these before the person's row (the order {@link #assign} uses: shifts, then person), then
     * {@link #announceFor} after the change.
     */
    public List<Shift> lockFutureShifts(UUID personId) {
        return em.createQuery("select s from Shift s where s.status = :published and s.endAt > :now and s.id in "
                + "(select a.shiftId from Assignment a where a.personId = :p) order by s.id", Shift.class)
                .setParameter("published", Shift.Status.PUBLISHED)
                .setParameter("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .setParameter("p", personId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /**
     * Re-announces the staffing of the person's published shifts that have not ended, after their qualifications
     * changed: only those whose numbers (qualifiedAssigned) changed say anything.
     */
    public void announceFor(UUID personId) {
        em.flush();
        for (Shift shift : lockFutureShifts(personId)) {
            announce(shift);
        }
    }

    /** The shift for a write, row locked; 404 when missing or outside the caller's area (the same answer). */
    public Shift locked(UUID id) {
        Shift shift = em.find(Shift.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (shift == null || !scope.covers(shift.communityCode)) {
            throw ProblemException.notFound("Shift", id);
        }
        return shift;
    }

    private Assignment ownAssignment(UUID shiftId, UUID assignmentId, String volunteerSubject) {
        Assignment a = em.find(Assignment.class, assignmentId, LockModeType.PESSIMISTIC_WRITE);
        Shift shift = a == null ? null : Shift.findById(a.shiftId);
        boolean mayAct;
        if (shift == null || !shift.id.equals(shiftId)) {
            mayAct = false;
        } else if (volunteerSubject != null) {
            Person person = Person.findById(a.personId);
            mayAct = volunteerSubject.equals(person.loginSubject);
        } else {
            mayAct = scope.covers(shift.communityCode);
        }
        if (!mayAct) {
            throw ProblemException.notFound("Assignment", assignmentId);
        }
        return a;
    }

    /**
     * The shift's assignment {@code id}, row locked (so a check-in and a removal of it run one after the other);
     * 404 when it belongs to another shift.
     */
    public static Assignment assignment(Shift shift, UUID id) {
        Assignment a = Assignment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null || !a.shiftId.equals(shift.id)) {
            throw ProblemException.notFound("Assignment", id);
        }
        return a;
    }

    public long assigned(UUID shiftId) {
        return Assignment.count("shiftId", shiftId);
    }

    /** Assigned people holding every qualification of the duty, valid on the shift's date. */
    public int qualifiedAssigned(Shift shift) {
        List<UUID> ids = Assignment.<Assignment>list("shiftId", shift.id).stream().map(a -> a.personId).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        ShiftFacts candidate = facts.shift(shift);
        java.time.LocalDate date = RuleCheck.shiftDate(candidate, rules);
        return (int) facts.people(Person.list("id in ?1", ids)).values().stream()
                .filter(p -> candidate.requiredQualifications().stream().allMatch(code -> p.qualifications().stream()
                        .anyMatch(q -> q.code().equals(code) && q.validOn(date))))
                .count();
    }

    /**
     * Says ShiftStaffingChanged when a published (or just cancelled) shift's numbers differ from the last ones said.
     * Public so that changes elsewhere (a qualification recorded or expired) can re-announce a shift.
     */
    public void announce(Shift shift) {
        if (shift.status == Shift.Status.DRAFT) {
            return;
        }
        int required = shift.status == Shift.Status.CANCELLED ? 0 : shift.requiredHeadcount;
        int assigned = (int) assigned(shift.id);
        int qualified = qualifiedAssigned(shift);
        if (Integer.valueOf(required).equals(shift.announcedRequired) && Integer.valueOf(assigned).equals(shift.announcedAssigned)
                && Integer.valueOf(qualified).equals(shift.announcedQualified)) {
            return;
        }
        shift.announcedRequired = required;
        shift.announcedAssigned = assigned;
        shift.announcedQualified = qualified;
        outbox.record(ShiftStaffingChanged.TOPIC, new ShiftStaffingChanged(shift.id, shift.communityCode,
                shift.dutyCode, shift.startAt, shift.endAt, required, assigned, qualified));
    }

    /**
     * Makes {@code personIds} the shift's people in one step, for a published plan (PlanningService), which has
     * checked every hard rule against the state after the whole plan and holds the locks of the shift (taken
     * through {@link #locked}) and of the people. Checked-in assignments stay; the others not in the set go; the
     * missing ones are added. The staffing is announced once, after the change, so a shift whose numbers did not
     * change says nothing.
     */
    public void replaceAssignments(Shift shift, java.util.Set<UUID> personIds, String assignedBy) {
        java.util.Set<UUID> have = new java.util.HashSet<>();
        for (Assignment a : Assignment.<Assignment>list("shiftId", shift.id)) {
            if (a.checkedInAt == null && !personIds.contains(a.personId)) {
                a.delete();
            } else {
                have.add(a.personId);
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (UUID personId : personIds) {
            if (have.add(personId)) {
                Assignment a = new Assignment();
                a.id = UUID.randomUUID();
                a.shiftId = shift.id;
                a.personId = personId;
                a.assignedBy = assignedBy;
                a.assignedAt = now;
                a.persist();
            }
        }
        em.flush();
        announce(shift);
        if (shift.status == Shift.Status.PUBLISHED) {
            personIds.forEach(p -> workload.warnIfExceeded(p, shift.startAt.toInstant()));
        }
    }

    /** The 409 for a broken hard rule: names the rule, and the other shift only when the caller may see it. */
    private ProblemException refusal(Person person, RuleCheck.Violation v, List<ShiftFacts> others,
            List<RuleCheck.Violation> all) {
        String detail = v.detail();
        UUID conflicting = v.conflictingShiftId();
        boolean visible = true;
        if (conflicting != null) {
            String community = others.stream().filter(o -> o.id().equals(conflicting)).map(ShiftFacts::communityCode)
                    .findFirst().orElse(null);
            visible = scope.covers(community);
            if (!visible) {
                detail = detail.replace("shift " + conflicting, "another shift");
            }
        }
        String describe = v.rule().describe.contains("%s")
                ? String.format(v.rule().describe, detail.replaceFirst("^no valid (.*) on .*$", "$1")) : v.rule().describe;
        ProblemException p = new ProblemException(409, v.rule().slug, "Hard rule broken: " + v.rule().slug,
                "Person " + person.id + " " + describe + " (" + detail + ")", (List<Problem.FieldError>) null)
                .with("rule", v.rule().slug)
                .with("rules", all.stream().map(x -> x.rule().slug).toList());
        return conflicting != null && visible ? p.with("conflictingShiftId", conflicting) : p;
    }

    private OffsetDateTime plausible(Shift shift, OffsetDateTime at) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime when = at == null ? now : at;
        if (when.isAfter(now.plusMinutes(5))) {
            throw ProblemException.badRequest("Time in the future", "at " + when + " lies in the future", "at");
        }
        if (when.isBefore(shift.startAt.minus(EARLY)) || when.isAfter(shift.endAt.plus(LATE))) {
            throw ProblemException.badRequest("Time outside the shift", "at " + when + " is not between 2 h before "
                    + "the shift's start " + shift.startAt + " and 12 h after its end " + shift.endAt, "at");
        }
        // at the database's precision (microseconds): a check-out compared with the stored check-in in nanoseconds
        // could be "after" it here and equal to it in the row, which the row's check refuses (a 500)
        return when.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static void times(OffsetDateTime startAt, OffsetDateTime endAt) {
        Years.check(startAt, "startAt");
        Years.check(endAt, "endAt");
        if (!endAt.isAfter(startAt)) {
            throw ProblemException.badRequest("Invalid times", "endAt must be after startAt", "endAt");
        }
        if (Duration.between(startAt, endAt).compareTo(MAX_LENGTH) > 0) {
            throw ProblemException.badRequest("Shift too long", "a shift lasts at most 24 h", "endAt");
        }
    }

    private static ProblemException stale(Shift shift) {
        return ProblemException.conflict("Shift changed", "shift " + shift.id + " was changed by someone else (now version "
                + shift.version + "); reload it and try again").with("currentVersion", shift.version);
    }

    private static String district(String communityCode) {
        return communityCode.substring(0, 6);
    }
}
