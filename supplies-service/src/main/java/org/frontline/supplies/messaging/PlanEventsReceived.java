package org.frontline.supplies.messaging;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What this service reads of alert-service's plan events (tolerant reader: only the fields used here; alert-service
 * owns the contract, docs/asyncapi.yaml).
 */
public final class PlanEventsReceived {

    private PlanEventsReceived() {
    }

    /** A response plan asks to raise the minimum level of every item of a community's store to {@code minDays}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MinimumStockRequested(UUID requestId, String communityCode, String level, BigDecimal minDays,
            OffsetDateTime requestedAt) {
    }
}
