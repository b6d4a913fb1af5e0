package org.frontline.screening.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A screening found a temperature at or above the fever threshold. */
@EventType(name = "FeverDetected", version = 1)
public record FeverDetected(UUID screeningId, UUID residentId, String communityCode,
        BigDecimal temperatureCelsius, OffsetDateTime screenedAt) implements DomainEvent {
}
