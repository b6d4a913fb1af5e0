package org.frontline.roster.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What this service reads of alert-service's plan events (tolerant reader: only the fields used here; alert-service
 * owns the contract, docs/asyncapi.yaml).
 */
public final class PlanEventsReceived {

    private PlanEventsReceived() {
    }

    /** A drill ended: recorded here as a training of kind DRILL with its attendance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DrillCompleted(UUID drillId, String communityCode, String title, OffsetDateTime completedAt,
            String grantsQualification, List<UUID> attendeeIds) {
    }
}
