package org.frontline.roster.planning;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;

/** The solver's working solution: all slots (pinned ones included) and the people. */
@PlanningSolution
public class RosterPlan {

    /** 1 hard level; soft levels: cover, fairness, home community, changes. */
    public static final int HARD_LEVELS = 1;
    public static final int SOFT_LEVELS = 4;
    public static final int COVER = 0;
    public static final int FAIRNESS = 1;
    public static final int HOME = 2;
    public static final int CHANGES = 3;

    @ProblemFactCollectionProperty
    private List<PlannedPerson> people;

    @PlanningEntityCollectionProperty
    private List<Slot> slots;
    @PlanningScore(bendableHardLevelsSize = HARD_LEVELS, bendableSoftLevelsSize = SOFT_LEVELS)
    private BendableLongScore score;

    public RosterPlan() {
    }

    public RosterPlan(List<PlannedPerson> people, List<Slot> slots) {
        this.people = people;
        this.slots = slots;
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).setOrdinal(i);
        }
    }

    public List<PlannedPerson> getPeople() {
        return people;
    }

    public List<Slot> getSlots() {
        return slots;
    }

    public BendableLongScore getScore() {
        return score;
    }

    public void setScore(BendableLongScore score) {
        this.score = score;
    }
}
