package org.frontline.roster.planning;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/**
 * One place to fill: the {@code index}-th person of a shift. The person may stay unassigned (the slot is then
 * reported uncovered). Only people who pass the static rules for this shift (qualification, volunteer risk,
 * availability, lending) are in its value range; the rules between shifts are constraints.
 */
@PlanningEntity
public class Slot {

    @PlanningId
    private String id;
    private PlannedShift shift;
    private int index;
    /** a number unique within the plan, for ordering pairs of slots cheaply */
    private int ordinal;
    @PlanningPin
    private boolean pinned;
    private List<PlannedPerson> eligible;
    /** people of this shift in the published plan */
    private Set<UUID> published;

    @PlanningVariable(allowsUnassigned = true, valueRangeProviderRefs = "eligible")
    private PlannedPerson person;

    public Slot() {
    }

    public Slot(PlannedShift shift, int index, boolean pinned, List<PlannedPerson> eligible, Set<UUID> published,
            PlannedPerson person) {
        this.id = shift.getId() + "#" + index;
        this.shift = shift;
        this.index = index;
        this.pinned = pinned;
        this.eligible = eligible;
        this.published = published;
        this.person = person;
    }

    public String getId() {
        return id;
    }

    public PlannedShift getShift() {
        return shift;
    }

    public int getIndex() {
        return index;
    }

    public int getOrdinal() {
        return ordinal;
    }

    void setOrdinal(int ordinal) {
        this.ordinal = ordinal;
    }

    public boolean isPinned() {
        return pinned;
    }

    @ValueRangeProvider(id = "eligible")
    public List<PlannedPerson> getEligible() {
        return eligible;
    }

    public Set<UUID> getPublished() {
        return published;
    }

    public PlannedPerson getPerson() {
        return person;
    }

    public void setPerson(PlannedPerson person) {
        this.person = person;
    }

    /** Whether the person is lent: works outside their home community. */
    public boolean isLent() {
        return person != null && !person.getHomeCommunity().equals(shift.getCommunity());
    }

    /** Whether the assignment differs from the published plan. */
    public boolean isChanged() {
        return person != null && !published.contains(person.getId());
    }

    @Override
    public String toString() {
        return id + "=" + person;
    }
}
