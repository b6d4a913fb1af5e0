package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * A volunteer joined a community's roster, registered by staff or by themself ({@code selfRegistered}). The id
 * only: name and phone stay in this service.
 */
@EventType(name = "VolunteerRegistered", version = 1)
public record VolunteerRegistered(UUID personId, String communityCode, boolean selfRegistered,
        OffsetDateTime registeredAt) implements DomainEvent {
}
