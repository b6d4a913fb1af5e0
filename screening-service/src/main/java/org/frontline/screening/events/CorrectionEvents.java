package org.frontline.screening.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * Corrections and retractions of mistyped records, with the new values, so every projection that counted the
 * original can follow. {@code revision} is the record's version after the change (the original is 1); a
 * consumer applies a change only if it is newer than what it holds. The reason stays in the service (free
 * text may name people).
 */
public final class CorrectionEvents {

    private CorrectionEvents() {
    }

    @EventType(name = "ScreeningCorrected", version = 1)
    public record ScreeningCorrected(UUID screeningId, UUID residentId, String communityCode, int revision,
            BigDecimal temperatureCelsius, String outcome, String previousOutcome, boolean fever,
            OffsetDateTime screenedAt, OffsetDateTime correctedAt) implements DomainEvent {
    }

    @EventType(name = "ScreeningRetracted", version = 1)
    public record ScreeningRetracted(UUID screeningId, UUID residentId, String communityCode, int revision,
            String previousOutcome, OffsetDateTime screenedAt, OffsetDateTime retractedAt) implements DomainEvent {
    }

    @EventType(name = "TestResultCorrected", version = 1)
    public record TestResultCorrected(UUID testResultId, UUID residentId, String communityCode, int revision,
            String kind, String result, String previousResult, OffsetDateTime sampledAt, OffsetDateTime correctedAt)
            implements DomainEvent {
    }

    @EventType(name = "TestResultRetracted", version = 1)
    public record TestResultRetracted(UUID testResultId, UUID residentId, String communityCode, int revision,
            String previousResult, OffsetDateTime sampledAt, OffsetDateTime retractedAt) implements DomainEvent {
    }
}
