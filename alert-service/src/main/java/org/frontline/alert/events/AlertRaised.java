package org.frontline.alert.events;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * An alert was opened (status OPEN, stage WARNING). {@code communityCode} is the alert's area (12 digits, or a
 * prefix for a wider area). Opened by a detector: {@code signal}, {@code detector} (the method), {@code detectorId}
 * and {@code detectorVersion} (which version fired), {@code observed} against {@code threshold} on
 * {@code observedDay}; by hand: those are null. The optional fields were added to v1 (a compatible change).
 */
@EventType(name = "AlertRaised", version = 1)
public record AlertRaised(UUID alertId, String communityCode, String level, String stage, String title,
        OffsetDateTime raisedAt, String status, String signal, String detector, UUID detectorId,
        Integer detectorVersion, BigDecimal observed, BigDecimal threshold, LocalDate observedDay)
        implements DomainEvent {

    public static final String TOPIC = AlertEvents.TOPIC;
}
