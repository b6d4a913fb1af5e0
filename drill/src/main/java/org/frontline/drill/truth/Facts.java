package org.frontline.drill.truth;

import java.util.List;

/**
 * The kinds of record the drill counts end to end: each service's count of the run's city = the events of that kind
 * on its topic (distinct ids) = the gateway's projection.
 */
public final class Facts {

    /** screening-service screenings ({@code ResidentScreened}; gateway {@code screened}). */
    public static final String SCREENINGS = "screenings";
    /** positive test results ({@code PositiveTestReported}; gateway {@code positives}). */
    public static final String POSITIVE_TESTS = "positiveTests";
    /** quarantine periods ({@code QuarantineStarted}; gateway {@code inQuarantine}, nothing ends during a drill). */
    public static final String QUARANTINES = "quarantines";
    /** published shifts ({@code ShiftPublished}). */
    public static final String SHIFTS = "shifts";
    /** volunteers registered ({@code VolunteerRegistered}; gateway {@code volunteers}). */
    public static final String VOLUNTEERS = "volunteers";
    /** households and residents registered (screening-service counts only: their events carry no figure). */
    public static final String HOUSEHOLDS = "households";
    public static final String RESIDENTS = "residents";
    /** stock issues posted (supplies-service). */
    public static final String ISSUES = "stockIssues";

    public static final List<String> ALL = List.of(SCREENINGS, POSITIVE_TESTS, QUARANTINES, SHIFTS, VOLUNTEERS,
            HOUSEHOLDS, RESIDENTS, ISSUES);

    private Facts() {
    }
}
