package org.frontline.roster.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** What the hard rules need to know of a shift. Shifts are half-open intervals [start, end). */
public record ShiftFacts(UUID id, String communityCode, String dutyCode, int riskLevel,
        Set<String> requiredQualifications, Instant start, Instant end) {

    public ShiftFacts {
        requiredQualifications = Set.copyOf(requiredQualifications);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a shift ends after it starts");
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean overlaps(ShiftFacts other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }
}
