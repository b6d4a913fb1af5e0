package org.frontline.roster.planning;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.frontline.roster.rules.PersonFacts;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.ShiftFacts;

/**
 * What the planner is asked to plan, independent of storage.
 *
 * @param horizonStart  start of the planned range (inclusive); hours and availability for fairness are counted in it
 * @param horizonEnd    end of the planned range (exclusive)
 * @param people        everyone who could be planned: the home communities' people and lendable people of the district
 * @param shifts        the shifts to staff, each with its required headcount
 * @param fixed         assignments the planner must keep: outside the horizon (for rest and hours limits) or already
 *                      checked in; one whose shift is among {@code shifts} takes one of that shift's slots
 * @param published     the previously published plan, shift id → person ids ("keep changes small"); empty when none
 * @param rules         the hard rules' limits
 * @param communities   the planned (home) communities; a person whose home is outside them works here only when lent
 */
public record PlanningProblem(Instant horizonStart, Instant horizonEnd, List<Person> people, List<Shift> shifts,
        List<FixedAssignment> fixed, Map<UUID, Set<UUID>> published, RosterRules rules, Set<String> communities) {

    public PlanningProblem {
        people = List.copyOf(people);
        shifts = List.copyOf(shifts);
        fixed = List.copyOf(fixed);
        published = Map.copyOf(published);
        communities = Set.copyOf(communities);
        if (!horizonEnd.isAfter(horizonStart)) {
            throw new IllegalArgumentException("the horizon ends after it starts");
        }
    }

    /** A person and whether they consented to being lent to other communities of their district. */
    public record Person(PersonFacts facts, boolean lendable) {
        public UUID id() {
            return facts.id();
        }
    }

    /** A shift to staff with {@code headcount} people. */
    public record Shift(ShiftFacts facts, int headcount) {
        public Shift {
            if (headcount < 0) {
                throw new IllegalArgumentException("headcount is not negative");
            }
        }

        public UUID id() {
            return facts.id();
        }
    }

    /** An assignment that stays as it is. */
    public record FixedAssignment(ShiftFacts shift, UUID personId) {
    }

    /** The same problem with another published plan. */
    public PlanningProblem withPublished(Map<UUID, Set<UUID>> plan) {
        return new PlanningProblem(horizonStart, horizonEnd, people, shifts, fixed, plan, rules, communities);
    }

    /** The district of a community: the first six digits of its area code. */
    public static String district(String communityCode) {
        return communityCode.length() >= 6 ? communityCode.substring(0, 6) : communityCode;
    }

    /**
     * Whether {@code person} may work in {@code shiftCommunity} at all: in their home community always; elsewhere only
     * if they consented to lending and it lies in their own district.
     */
    public static boolean mayWorkIn(Person person, String shiftCommunity) {
        String home = person.facts().homeCommunity();
        return home.equals(shiftCommunity) || person.lendable() && district(home).equals(district(shiftCommunity));
    }
}
