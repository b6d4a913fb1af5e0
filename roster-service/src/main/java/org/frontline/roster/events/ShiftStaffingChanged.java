package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The staffing of a published shift changed: what the gateway and alert-service count as uncovered hours
 * ({@code (required − assigned) × hours}). {@code qualifiedAssigned}: assigned people holding every qualification
 * of the duty, valid on the shift's date. A cancelled shift says {@code required} 0.
 */
@EventType(name = "ShiftStaffingChanged", version = 1)
public record ShiftStaffingChanged(UUID shiftId, String communityCode, String dutyCode, OffsetDateTime startAt,
        OffsetDateTime endAt, int required, int assigned, int qualifiedAssigned) implements DomainEvent {

    public static final String TOPIC = "roster.events";
}
