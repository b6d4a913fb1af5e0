package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A shift became binding: {@code required} people are expected on the duty from start to end. */
@EventType(name = "ShiftPublished", version = 1)
public record ShiftPublished(UUID shiftId, String communityCode, String dutyCode, OffsetDateTime startAt,
        OffsetDateTime endAt, int required) implements DomainEvent {

    public static final String TOPIC = "roster.events";
}
