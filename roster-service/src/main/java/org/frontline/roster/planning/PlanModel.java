package org.frontline.roster.planning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;

import org.frontline.roster.rules.Fairness;
import org.frontline.roster.rules.ShiftFacts;

/** Turns a {@link PlanningProblem} into the solver's {@link RosterPlan} and a solved plan into a {@link PlanningResult}. */
final class PlanModel {

    final PlanningProblem problem;
    final Map<UUID, List<PlanningProblem.Person>> eligible;
    final Map<UUID, Double> availableHours = new LinkedHashMap<>();
    final Map<UUID, PlannedPerson> people = new LinkedHashMap<>();

    PlanModel(PlanningProblem problem) {
        this.problem = problem;
        this.eligible = Eligibility.of(problem);
        double totalAvailable = 0;
        for (PlanningProblem.Person p : problem.people()) {
            double a = Fairness.availableHours(p.facts(), problem.horizonStart(), problem.horizonEnd(), problem.rules());
            availableHours.put(p.id(), a);
            totalAvailable += a;
        }
        long required = problem.shifts().stream()
                .mapToLong(s -> s.facts().length().toMinutes() * s.headcount()).sum();
        for (PlanningProblem.Person p : problem.people()) {
            long target = totalAvailable > 0 ? Math.round(required * availableHours.get(p.id()) / totalAvailable) : 0;
            people.put(p.id(), new PlannedPerson(p.id(), p.facts().homeCommunity(), target));
        }
        for (PlanningProblem.FixedAssignment f : problem.fixed()) {
            people.computeIfAbsent(f.personId(), id -> new PlannedPerson(id, f.shift().communityCode(), 0));
        }
    }

    /**
     * The solver's plan. Open slots start from {@code start} (shift id → people) where those people are eligible and
     * not pinned on the shift already; the rest start empty.
     */
    RosterPlan plan(Map<UUID, Set<UUID>> start) {
        Set<UUID> horizonShifts = new HashSet<>();
        problem.shifts().forEach(s -> horizonShifts.add(s.id()));
        Map<UUID, List<UUID>> fixedOn = new HashMap<>();
        Map<UUID, ShiftFacts> outside = new LinkedHashMap<>();
        for (PlanningProblem.FixedAssignment f : problem.fixed()) {
            fixedOn.computeIfAbsent(f.shift().id(), k -> new ArrayList<>()).add(f.personId());
            if (!horizonShifts.contains(f.shift().id())) {
                outside.putIfAbsent(f.shift().id(), f.shift());
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (PlanningProblem.Shift shift : problem.shifts()) {
            PlannedShift ps = new PlannedShift(shift.facts(), true, problem.rules());
            Set<UUID> published = problem.published().getOrDefault(shift.id(), Set.of());
            List<UUID> pinned = fixedOn.getOrDefault(shift.id(), List.of());
            int index = 0;
            for (UUID personId : pinned) {
                slots.add(new Slot(ps, index++, true, List.of(people.get(personId)), published, people.get(personId)));
            }
            List<PlannedPerson> range = eligible.get(shift.id()).stream().map(p -> people.get(p.id())).toList();
            List<UUID> warm = new ArrayList<>(start.getOrDefault(shift.id(), Set.of()));
            warm.sort(Comparator.comparing(UUID::toString));
            warm.removeIf(id -> pinned.contains(id) || range.stream().noneMatch(p -> p.getId().equals(id)));
            for (int i = pinned.size(); i < shift.headcount(); i++) {
                PlannedPerson initial = warm.isEmpty() ? null : people.get(warm.remove(0));
                slots.add(new Slot(ps, index++, false, range, published, initial));
            }
        }
        for (Map.Entry<UUID, ShiftFacts> o : outside.entrySet()) {
            PlannedShift ps = new PlannedShift(o.getValue(), false, problem.rules());
            int index = 0;
            for (UUID personId : fixedOn.get(o.getKey())) {
                slots.add(new Slot(ps, index++, true, List.of(people.get(personId)), Set.of(), people.get(personId)));
            }
        }
        return new RosterPlan(new ArrayList<>(people.values()), slots);
    }

    PlanningResult result(RosterPlan plan, Duration timeToFeasible, Duration solveTime,
            PlanningResult.Termination termination) {
        List<PlanningResult.Assignment> assignments = new ArrayList<>();
        Map<UUID, Integer> missing = new LinkedHashMap<>();
        Map<UUID, Double> hours = new LinkedHashMap<>();
        for (Slot slot : plan.getSlots()) {
            if (!slot.getShift().isInHorizon()) {
                continue;
            }
            UUID shiftId = slot.getShift().getId();
            if (slot.getPerson() == null) {
                missing.merge(shiftId, 1, Integer::sum);
            } else {
                assignments.add(new PlanningResult.Assignment(shiftId, slot.getPerson().getId()));
                hours.merge(slot.getPerson().getId(), slot.getShift().getMinutes() / 60.0, Double::sum);
            }
        }
        List<PlanningResult.Uncovered> uncovered = new ArrayList<>();
        for (PlanningProblem.Shift shift : problem.shifts()) {
            Integer m = missing.get(shift.id());
            if (m != null) {
                uncovered.add(new PlanningResult.Uncovered(shift.id(), m));
            }
        }
        BendableLongScore score = plan.getScore();
        List<Long> soft = new ArrayList<>();
        for (int i = 0; i < RosterPlan.SOFT_LEVELS; i++) {
            soft.add(score.softScore(i));
        }
        return new PlanningResult(assignments, uncovered, score.toString(), score.hardScore(0), soft, hours,
                Fairness.spread(hours, availableHours), timeToFeasible, solveTime, termination);
    }
}
