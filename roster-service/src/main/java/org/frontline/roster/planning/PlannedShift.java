package org.frontline.roster.planning;

import java.util.UUID;

import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.ShiftFacts;

/** A shift as the solver sees it: its facts plus start and end as epoch minutes, for fast joins. */
public final class PlannedShift {

    private final ShiftFacts facts;
    private final long startMinute;
    private final long endMinute;
    private final boolean inHorizon;
    private final long minRestMinutes;
    private final long windowMinutes;
    private final long maxWindowMinutes;
    private final FairShare fairShare;

    public PlannedShift(ShiftFacts facts, boolean inHorizon, RosterRules rules, FairShare fairShare) {
        this.facts = facts;
        this.fairShare = fairShare;
        this.minRestMinutes = rules.minRest().toMinutes();
        this.windowMinutes = rules.window().toMinutes();
        this.maxWindowMinutes = rules.maxHoursPerWindow().toMinutes();
        this.startMinute = facts.start().getEpochSecond() / 60;
        this.endMinute = facts.end().getEpochSecond() / 60;
        this.inHorizon = inHorizon;
    }

    public ShiftFacts getFacts() {
        return facts;
    }

    public UUID getId() {
        return facts.id();
    }

    public String getCommunity() {
        return facts.communityCode();
    }

    public long getStartMinute() {
        return startMinute;
    }

    public long getEndMinute() {
        return endMinute;
    }

    public long getMinutes() {
        return endMinute - startMinute;
    }

    /** Whether it is one of the horizon's shifts (counted for cover and fairness) rather than a fixed one outside. */
    public boolean isInHorizon() {
        return inHorizon;
    }

    /** The rules' limits travel with each shift, so one constraint provider serves runs with different rules. */
    public long getMinRestMinutes() {
        return minRestMinutes;
    }

    public long getWindowMinutes() {
        return windowMinutes;
    }

    public long getMaxWindowMinutes() {
        return maxWindowMinutes;
    }

    /** The run's fairness constants (the same instance on every shift of a run). */
    public FairShare getFairShare() {
        return fairShare;
    }

    @Override
    public String toString() {
        return facts.id().toString();
    }
}
