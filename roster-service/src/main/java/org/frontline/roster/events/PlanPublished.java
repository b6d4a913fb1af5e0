package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * A reviewed plan became the roster of its area: its assignments replaced those of its shifts and its draft shifts
 * were published. Numbers only, never names.
 */
@EventType(name = "PlanPublished", version = 1)
public record PlanPublished(UUID planId, String area, OffsetDateTime from, OffsetDateTime to, int shifts,
        int slotsRequired, int slotsCovered, int uncoveredSlots, double fairnessSpread, OffsetDateTime publishedAt)
        implements DomainEvent {

    public static final String TOPIC = "roster.events";

    /** The planned area: a community or a district, so a district plan's event is keyed by the district. */
    @Override
    public String subject() {
        return area;
    }
}
