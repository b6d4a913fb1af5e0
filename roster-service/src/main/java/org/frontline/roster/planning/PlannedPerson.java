package org.frontline.roster.planning;

import java.util.UUID;

/** A person as the solver sees them: identity, home community and availability in the horizon. */
public final class PlannedPerson {

    private final UUID id;
    private final String homeCommunity;
    private final long availableMinutes;
    private long targetMinutes;

    public PlannedPerson(UUID id, String homeCommunity, long availableMinutes) {
        this.id = id;
        this.homeCommunity = homeCommunity;
        this.availableMinutes = availableMinutes;
    }

    public UUID getId() {
        return id;
    }

    public String getHomeCommunity() {
        return homeCommunity;
    }

    /** Minutes available in the horizon ({@code Fairness.availableHours}); their fair share is proportional. */
    public long getAvailableMinutes() {
        return availableMinutes;
    }

    /**
     * The fair share of this person: the start plan's total minutes × their availability ÷ everyone's. Fixed for a
     * run (set before solving), so the fairness level stays a per-person, incremental sum.
     */
    public long getTargetMinutes() {
        return targetMinutes;
    }

    void setTargetMinutes(long targetMinutes) {
        this.targetMinutes = targetMinutes;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
