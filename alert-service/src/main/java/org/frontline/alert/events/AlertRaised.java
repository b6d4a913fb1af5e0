package org.frontline.alert.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

@EventType(name = "AlertRaised", version = 1)
public record AlertRaised(UUID alertId, String communityCode, String level, String stage, String title,
        OffsetDateTime raisedAt) implements DomainEvent {

    public static final String TOPIC = "alert.events";
}
