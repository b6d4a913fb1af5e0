package org.frontline.screening.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A resident tested positive (antigen or PCR). */
@EventType(name = "PositiveTestReported", version = 1)
public record PositiveTestReported(UUID testResultId, UUID residentId, String communityCode, String kind,
        OffsetDateTime sampledAt) implements DomainEvent {
}
