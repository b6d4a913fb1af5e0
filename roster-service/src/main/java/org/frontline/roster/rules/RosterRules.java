package org.frontline.roster.rules;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The configurable limits of the hard rules. One instance is built from configuration
 * ({@code roster.rules.*}) and shared by the manual-assignment check and the planner.
 *
 * @param minRest           the least rest between the end of one shift and the start of the next (default 11 h)
 * @param maxHoursPerWindow the most hours a person works in any window of {@code window} length (default 48 h)
 * @param window            the rolling window of the hours limit (default 7 days)
 * @param volunteerMaxRisk  the highest duty risk level a volunteer may be assigned to (1 = low … 3 = high)
 * @param zone              the city's zone: weekly availability windows are local times in it
 */
public record RosterRules(Duration minRest, Duration maxHoursPerWindow, Duration window, int volunteerMaxRisk,
        ZoneId zone) {

    public static RosterRules defaults() {
        return new RosterRules(Duration.ofHours(11), Duration.ofHours(48), Duration.ofDays(7), 1,
                ZoneId.of("Asia/Shanghai"));
    }
}
