package org.frontline.roster.planning;

import java.util.UUID;

/** A person as the solver sees them: identity, home and their fair share of the horizon's hours, in minutes. */
public final class PlannedPerson {

    private final UUID id;
    private final String homeCommunity;
    private final long targetMinutes;

    public PlannedPerson(UUID id, String homeCommunity, long targetMinutes) {
        this.id = id;
        this.homeCommunity = homeCommunity;
        this.targetMinutes = targetMinutes;
    }

    public UUID getId() {
        return id;
    }

    public String getHomeCommunity() {
        return homeCommunity;
    }

    public long getTargetMinutes() {
        return targetMinutes;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
