package org.frontline.roster.rules;

/** The hard rules every assignment obeys, manual or planned. The name is the problem type's last segment. */
public enum HardRule {
    /** The person holds every qualification the duty requires, valid on the shift's date. */
    QUALIFICATION("qualification-missing", "does not hold a valid %s qualification on the shift's date"),
    /** The person has no other shift overlapping this one. */
    OVERLAP("shift-overlap", "already works an overlapping shift"),
    /** At least the configured rest lies between this shift and the person's others. */
    REST("rest-too-short", "would rest less than the minimum between shifts"),
    /** At most the configured hours in any rolling window. */
    MAX_HOURS("hours-exceeded", "would work more than the maximum hours in a rolling window"),
    /** Volunteers are never on duties above the configured risk level. */
    VOLUNTEER_RISK("volunteer-risk", "is a volunteer and the duty's risk level is above the volunteer limit"),
    /** The shift lies inside the person's weekly availability and outside their absences. */
    AVAILABILITY("not-available", "is not available for the whole shift");

    public final String slug;
    public final String describe;

    HardRule(String slug, String describe) {
        this.slug = slug;
        this.describe = describe;
    }
}
