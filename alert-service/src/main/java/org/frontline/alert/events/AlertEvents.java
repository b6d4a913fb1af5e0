package org.frontline.alert.events;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The lifecycle facts of an alert on {@code alert.events}. {@code communityCode} is the alert's area: a 12-digit
 * community code, or a shorter prefix for an alert about a wider area (kept under this name since AlertRaised v1,
 * which roster-service reads); it is the subject and the key, so an alert's events stay in order. {@code stage}
 * is the phase (WARNING, RESPONSE, RECOVERY, CLOSED), {@code status} the lifecycle step (OPEN, ACKNOWLEDGED,
 * RESPONDING, RECOVERING, CLOSED). No event names a person.
 */
public final class AlertEvents {

    public static final String TOPIC = "alert.events";

    private AlertEvents() {
    }

    /**
     * A detector fired again on a signal whose alert is still open (one open alert per area and signal): the alert
     * counts the firing ({@code firings}), moves {@code lastSeen}, carries the new {@code observed} against
     * {@code threshold}, and may rise to a higher {@code level} ({@code previousLevel} the one before; a firing
     * never lowers it). {@code changedAt}: when the change was recorded.
     */
    @EventType(name = "AlertUpdated", version = 1)
    public record AlertUpdated(UUID alertId, String communityCode, String level, String previousLevel, String stage,
            String status, String signal, String detector, UUID detectorId, Integer detectorVersion,
            BigDecimal observed, BigDecimal threshold, LocalDate observedDay, int firings, OffsetDateTime lastSeen,
            OffsetDateTime changedAt) implements DomainEvent {
    }

    /**
     * Not acknowledged within its level's deadline ({@code ackDueAt}): the alert now also stands before the next
     * administrative level, {@code tier} DISTRICT or CITY, whose area is {@code escalatedTo} (6 or 4 digits).
     */
    @EventType(name = "AlertEscalated", version = 1)
    public record AlertEscalated(UUID alertId, String communityCode, String level, String stage, String status,
            String tier, String escalatedTo, OffsetDateTime ackDueAt, OffsetDateTime escalatedAt)
            implements DomainEvent {
    }

    @EventType(name = "AlertAcknowledged", version = 1)
    public record AlertAcknowledged(UUID alertId, String communityCode, String level, String stage, String status,
            OffsetDateTime acknowledgedAt) implements DomainEvent {
    }

    /** The lifecycle moved to RESPONDING or RECOVERING (or back); {@code stage} follows it. */
    @EventType(name = "AlertPhaseChanged", version = 1)
    public record AlertPhaseChanged(UUID alertId, String communityCode, String level, String previousStatus,
            String status, String previousStage, String stage, OffsetDateTime changedAt) implements DomainEvent {
    }

    @EventType(name = "AlertClosed", version = 1)
    public record AlertClosed(UUID alertId, String communityCode, String level, String previousStatus, String stage,
            String status, int firings, OffsetDateTime firstSeen, OffsetDateTime lastSeen, OffsetDateTime closedAt)
            implements DomainEvent {
    }
}
