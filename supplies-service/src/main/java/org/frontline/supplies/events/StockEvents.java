package org.frontline.supplies.events;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The stock facts: about one item at one site, subject = the site's area (a community code for a store, a
 * district or city prefix for a depot).
 */
public final class StockEvents {

    private StockEvents() {
    }

    /**
     * The stock of an item at a site changed (once per posting transaction: a receipt, an issue, an adjustment,
     * a count line, a transfer). {@code rate} and {@code forecastRate} are units a day; {@code daysOfCover} is
     * on hand ÷ max(rate, forecastRate), null when nothing is being used. {@code cause}: the ledger kind.
     */
    @EventType(name = "StockChanged", version = 1)
    public record StockChanged(UUID siteId, String areaCode, String siteKind, String itemCode, boolean critical,
            long onHand, long inTransit, BigDecimal rate, BigDecimal forecastRate, BigDecimal daysOfCover,
            String level, String cause, OffsetDateTime changedAt) implements DomainEvent {

        @Override
        public String subject() {
            return areaCode;
        }
    }

    /**
     * The level of an item at a site changed: {@code to} BELOW_MIN, EMERGENCY or STOCK_OUT, or OK when it was
     * restored. Once per crossing: issues while it stays below announce nothing more.
     */
    @EventType(name = "StockLevelCrossed", version = 1)
    public record StockLevelCrossed(UUID siteId, String areaCode, String siteKind, String itemCode, boolean critical,
            String from, String to, long onHand, BigDecimal daysOfCover, OffsetDateTime crossedAt)
            implements DomainEvent {

        @Override
        public String subject() {
            return areaCode;
        }
    }

    /** A lot with stock on hand expires within the notice period; announced once per lot. */
    @EventType(name = "LotExpiring", version = 1)
    public record LotExpiring(UUID siteId, String areaCode, String itemCode, String lotCode, LocalDate expiresOn,
            long onHand, OffsetDateTime announcedAt) implements DomainEvent {

        @Override
        public String subject() {
            return areaCode;
        }
    }
}
