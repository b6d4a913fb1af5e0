package org.frontline.supplies.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

@EventType(name = "StockSiteRegistered", version = 1)
public record StockSiteRegistered(UUID siteId, String communityCode, String kind, String name,
        OffsetDateTime registeredAt) implements DomainEvent {

    public static final String TOPIC = "supplies.events";
}
