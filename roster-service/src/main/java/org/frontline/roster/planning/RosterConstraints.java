package org.frontline.roster.planning;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.toList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.UUID;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.bi.BiJoiner;


/**
 * The score. Hard: the rules between shifts of one person (overlap, rest, hours in a rolling window) and one slot per
 * person per shift; the static rules (qualification, volunteer risk, availability, lending) are enforced by each
 * slot's value range, computed with {@code RuleCheck} itself. Soft, strictly in this order (bendable levels, so no
 * amount of a lower level outweighs one unit of a higher): uncovered minutes; unfairness (squared deviation of each
 * person's minutes from their availability-proportional share); minutes worked by lent people; assignments changed
 * against the published plan.
 *
 * <p>The limits of {@link org.frontline.roster.rules.RosterRules} travel with each {@link PlannedShift}.
 */
public class RosterConstraints implements ConstraintProvider {

    private static BendableLongScore hard(long w) {
        return BendableLongScore.ofHard(RosterPlan.HARD_LEVELS, RosterPlan.SOFT_LEVELS, 0, w);
    }

    private static BendableLongScore soft(int level, long w) {
        return BendableLongScore.ofSoft(RosterPlan.HARD_LEVELS, RosterPlan.SOFT_LEVELS, level, w);
    }

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                sameShiftTwice(factory),
                overlap(factory),
                rest(factory),
                hoursInWindow(factory),
                uncovered(factory),
                fairness(factory),
                fairnessShares(factory),
                lent(factory),
                changed(factory)
        };
    }

    /**
     * Pairs of slots held by one person. The three pair rules share this one join (Bavet shares identical streams,
     * hence the static joiner): an equal-index on the person only, then a cheap interval test per pair. A person holds
     * a handful of slots, so this beats an {@code overlapping} joiner's range index (profiled: its tree lookups
     * dominated the score calculation).
     */
    private static final BiJoiner<Slot, Slot> SAME_PERSON = Joiners.equal(Slot::getPerson);

    /**
     * Each unordered pair once, by the slots' ordinals ({@code forEachUniquePair} would add a {@code lessThan} joiner
     * on the planning id: a second, tree-based index on strings).
     */
    private static final BiPredicate<Slot, Slot> ORDERED = (a, b) -> a.getOrdinal() < b.getOrdinal();

    private static BiConstraintStream<Slot, Slot> pairsOfOnePerson(ConstraintFactory factory) {
        return factory.forEach(Slot.class).join(Slot.class, SAME_PERSON).filter(ORDERED);
    }

    /** A person takes at most one slot of a shift. */
    Constraint sameShiftTwice(ConstraintFactory factory) {
        return pairsOfOnePerson(factory)
                .filter((a, b) -> a.getShift() == b.getShift())
                .penalizeLong(hard(100))
                .asConstraint("same shift twice");
    }

    /** No two overlapping shifts (half-open intervals), as RuleCheck's OVERLAP. */
    Constraint overlap(ConstraintFactory factory) {
        return pairsOfOnePerson(factory)
                .filter((a, b) -> a.getShift() != b.getShift() && overlaps(a.getShift(), b.getShift()))
                .penalizeLong(hard(100))
                .asConstraint("overlap");
    }

    /** At least the minimum rest between two shifts that do not overlap, as RuleCheck's REST. */
    Constraint rest(ConstraintFactory factory) {
        return pairsOfOnePerson(factory)
                .filter((a, b) -> a.getShift() != b.getShift() && !overlaps(a.getShift(), b.getShift())
                        && gap(a.getShift(), b.getShift()) < a.getShift().getMinRestMinutes())
                .penalizeLong(hard(100), (a, b) -> a.getShift().getMinRestMinutes() - gap(a.getShift(), b.getShift()))
                .asConstraint("rest");
    }

    static boolean overlaps(PlannedShift a, PlannedShift b) {
        return a.getStartMinute() < b.getEndMinute() && b.getStartMinute() < a.getEndMinute();
    }

    static long gap(PlannedShift a, PlannedShift b) {
        return b.getEndMinute() > a.getStartMinute() ? b.getStartMinute() - a.getEndMinute()
                : a.getStartMinute() - b.getEndMinute();
    }

    /** At most the limit in any rolling window, as RuleCheck's MAX_HOURS; penalised by the worst window's excess. */
    Constraint hoursInWindow(ConstraintFactory factory) {
        return factory.forEach(Slot.class)
                .groupBy(Slot::getPerson, toList(Slot::getShift))
                .filter((person, shifts) -> shifts.size() > 1 || shifts.get(0).getMinutes() > shifts.get(0).getMaxWindowMinutes())
                .penalizeLong(hard(1), (person, shifts) -> excessMinutes(shifts, shifts.get(0).getWindowMinutes(),
                        shifts.get(0).getMaxWindowMinutes()))
                .asConstraint("hours in a rolling window");
    }

    /**
     * The most minutes by which any window of {@code window} minutes holds more than {@code max} minutes of work. The
     * busiest window starts at a shift's start or ends at a shift's end (RuleCheck's definition).
     */
    static long excessMinutes(List<PlannedShift> shifts, long window, long max) {
        long total = 0;
        for (PlannedShift s : shifts) {
            total += s.getMinutes();
        }
        if (total <= max) {
            return 0; // the usual case, without allocating (duplicates only add to the total)
        }
        Map<UUID, PlannedShift> distinct = new LinkedHashMap<>();
        for (PlannedShift s : shifts) {
            distinct.putIfAbsent(s.getId(), s);
        }
        List<PlannedShift> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparingLong(PlannedShift::getStartMinute));
        TreeSet<Long> starts = new TreeSet<>();
        for (PlannedShift s : sorted) {
            starts.add(s.getStartMinute());
            starts.add(s.getEndMinute() - window);
        }
        long worst = 0;
        for (long from : starts) {
            long to = from + window;
            long worked = 0;
            for (PlannedShift s : sorted) {
                if (s.getStartMinute() >= to) {
                    break;
                }
                long a = Math.max(s.getStartMinute(), from);
                long b = Math.min(s.getEndMinute(), to);
                if (b > a) {
                    worked += b - a;
                }
            }
            worst = Math.max(worst, worked - max);
        }
        return worst;
    }

    /** Soft level 1: every required slot covered; an empty slot costs its shift's minutes. */
    Constraint uncovered(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Slot.class)
                .filter(s -> s.getPerson() == null && s.getShift().isInHorizon())
                .penalizeLong(soft(RosterPlan.COVER, 1), s -> s.getShift().getMinutes())
                .asConstraint("uncovered slot");
    }

    /**
     * Soft level 2: N × {@code Fairness.spread}², exactly — Σ over people of (m(p) − M × a(p) ÷ A)², with m(p) a
     * person's planned minutes in the horizon, M everyone's, a(p) their available minutes and A everyone's. Expanded as
     * Σ m(p)² − 2 (M ÷ A) Σ m(p) a(p) + (M ÷ A)² Σ a(p)², so it is two incremental parts: a per-person sum of minutes
     * (people without work add 0) and one plan-wide group of M and Σ m(p) a(p); Σ a(p)² and A are constants of the
     * run ({@link FairShare}). The shares follow the plan's own total as cover changes, as the spread's do.
     */
    Constraint fairness(ConstraintFactory factory) {
        return factory.forEach(Slot.class)
                .filter(s -> s.getShift().isInHorizon())
                .groupBy(Slot::getPerson, sumLong(s -> s.getShift().getMinutes()))
                .penalizeLong(soft(RosterPlan.FAIRNESS, 1), (person, minutes) -> minutes * minutes)
                .asConstraint("fairness (own minutes)");
    }

    /** The plan-wide part of {@link #fairness}: − 2 (M ÷ A) Σ m(p) a(p) + (M ÷ A)² Σ a(p)². */
    Constraint fairnessShares(ConstraintFactory factory) {
        return factory.forEach(Slot.class)
                .filter(s -> s.getShift().isInHorizon())
                .groupBy(s -> s.getShift().getFairShare(), sumLong(s -> s.getShift().getMinutes()),
                        sumLong(s -> s.getShift().getMinutes() * s.getPerson().getAvailableMinutes()))
                .impactLong(soft(RosterPlan.FAIRNESS, 1), (share, total, weighted) -> share.impact(total, weighted))
                .asConstraint("fairness (shares)");
    }

    /** Soft level 3: prefer the home community; lent people cost their minutes. */
    Constraint lent(ConstraintFactory factory) {
        return factory.forEach(Slot.class)
                .filter(s -> !s.isPinned() && s.isLent())
                .penalizeLong(soft(RosterPlan.HOME, 1), s -> s.getShift().getMinutes())
                .asConstraint("lent person");
    }

    /** Soft level 4: keep changes to the published plan small; each assignment not in it costs 1. */
    Constraint changed(ConstraintFactory factory) {
        return factory.forEach(Slot.class)
                .filter(s -> !s.isPinned() && s.isChanged())
                .penalizeLong(soft(RosterPlan.CHANGES, 1))
                .asConstraint("changed assignment");
    }
}
