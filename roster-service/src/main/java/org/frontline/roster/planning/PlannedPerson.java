package org.frontline.roster.planning;

import java.util.UUID;

/** A person as the solver sees them: identity, home community and availability in the horizon. */
public final class PlannedPerson {

    private final UUID id;
    private final String homeCommunity;
    private final long availableMinutes;

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

    /** Minutes available in the horizon ({@code Fairness.availableHours}); their fair share is proportional ({@link FairShare}). */
    public long getAvailableMinutes() {
        return availableMinutes;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
