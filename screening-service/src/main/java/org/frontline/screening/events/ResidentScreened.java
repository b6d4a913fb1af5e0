package org.frontline.screening.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A resident was screened. Carries the pseudonymous resident id only, never a name or phone. */
@EventType(name = "ResidentScreened", version = 1)
public record ResidentScreened(UUID screeningId, UUID residentId, String communityCode, String channel,
        BigDecimal temperatureCelsius, String outcome, OffsetDateTime screenedAt) implements DomainEvent {
}
