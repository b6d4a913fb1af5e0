package org.frontline.supplies.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A site was registered. {@code areaCode}: the community (store), district or city (depot) it belongs to. */
@EventType(name = "StockSiteRegistered", version = 2)
public record StockSiteRegistered(UUID siteId, String areaCode, String kind, String name,
        OffsetDateTime registeredAt) implements DomainEvent {

    public static final String TOPIC = SuppliesTopics.EVENTS;

    @Override
    public String subject() {
        return areaCode;
    }
}
