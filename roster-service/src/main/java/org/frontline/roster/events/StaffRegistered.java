package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** Someone joined a community's roster. The name stays in this service; the event carries the id only. */
@EventType(name = "StaffRegistered", version = 1)
public record StaffRegistered(UUID staffId, String communityCode, String kind, OffsetDateTime registeredAt)
        implements DomainEvent {

    public static final String TOPIC = "roster.events";
}
