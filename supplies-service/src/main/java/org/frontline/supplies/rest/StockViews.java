package org.frontline.supplies.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.frontline.supplies.Item;
import org.frontline.supplies.LedgerPosting;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.cover.Cover;

/** The views of stock every resource answers with: one item at one site with its cover, its lots, a posting. */
public final class StockViews {

    private StockViews() {
    }

    public record LotView(String lotCode, LocalDate expiresOn, long onHand) {
        public static LotView of(StockLot lot) {
            return new LotView(lot.lotCode(), lot.expiresOn, lot.onHand);
        }
    }

    /**
     * One item at one site. {@code daysOfCover} = onHand ÷ max(rate, forecastRate) (null: nothing used);
     * {@code reorder} = ⌈maxDays × max(rate, forecastRate)⌉ − onHand − inTransit, at least 0. Levels are the
     * stock's own or the configured defaults.
     */
    public record StockView(UUID siteId, String areaCode, StockSite.Kind siteKind, String itemCode, String unit,
            boolean critical, long onHand, long inTransit, BigDecimal rate, BigDecimal forecastRate,
            BigDecimal daysOfCover, BigDecimal historicalDaysOfCover, BigDecimal forecastDaysOfCover,
            BigDecimal minDays, BigDecimal maxDays, BigDecimal emergencyDays, Stock.Level level, long reorder,
            OffsetDateTime updatedAt, List<LotView> lots) {

        /** {@code lots} may be empty when the caller did not ask for them. */
        public static StockView of(StockSite site, Item item, Stock stock, Cover cover, List<StockLot> lots) {
            return new StockView(site.id, site.areaCode, site.kind, item.code, item.unit, item.critical, stock.onHand,
                    stock.inTransit, stock.rate, stock.forecastRate, cover.daysOfCover(), cover.historicalDaysOfCover(),
                    cover.forecastDaysOfCover(), cover.levels().minDays(), cover.levels().maxDays(),
                    cover.levels().emergencyDays(), stock.level, cover.reorder(), stock.updatedAt,
                    lots.stream().map(LotView::of).toList());
        }
    }

    public record PostingView(UUID id, OffsetDateTime postedAt, UUID siteId, String itemCode, String lotCode,
            LedgerPosting.Kind kind, long quantity, long lotBalance, long stockBalance, LocalDate cityDate,
            String reason, String note, UUID referenceId, String dutyCode, String postedBy) {
        public static PostingView of(LedgerPosting p) {
            return new PostingView(p.id, p.postedAt, p.siteId, p.itemCode, p.lotCode, p.kind, p.quantity,
                    p.lotBalance, p.stockBalance, p.cityDate, p.reason, p.note, p.referenceId, p.dutyCode, p.postedBy);
        }
    }
}
