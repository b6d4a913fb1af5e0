package org.frontline.supplies;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One item held at one site: the balance derived from the ledger (kept with every posting, in its transaction),
 * what is in transit to the site, the levels in days of cover, the rates and the level last announced. The
 * ledger locks this row while it posts, so postings of one item at one site are serial. Levels left null take
 * the defaults of {@code supplies.levels.*}.
 */
@Entity
@Table(name = "stock")
public class Stock extends PanacheEntityBase {

    public enum Level {
        OK, BELOW_MIN, EMERGENCY, STOCK_OUT
    }

    @Embeddable
    public record Key(@Column(name = "site_id") UUID siteId, @Column(name = "item_code") String itemCode)
            implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Column(name = "on_hand", nullable = false)
    public long onHand;
    @Column(name = "in_transit", nullable = false)
    public long inTransit;
    @Column(name = "min_days")
    public BigDecimal minDays;
    @Column(name = "max_days")
    public BigDecimal maxDays;
    @Column(name = "emergency_days")
    public BigDecimal emergencyDays;
    /** Units a day, moving average of past consumption (see {@code ConsumptionRate}). */
    @Column(nullable = false)
    public BigDecimal rate;
    /** The city date {@link #rate} was computed on (it changes only when the day does). */
    @Column(name = "rate_on")
    public LocalDate rateOn;
    /** Units a day expected from the shifts planned in roster-service × usage norms. */
    @Column(name = "forecast_rate", nullable = false)
    public BigDecimal forecastRate;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;
    /** The first city day anything was posted: the rate window never reaches before it. */
    @Column(name = "first_day")
    public LocalDate firstDay;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Version
    public long version;

    public UUID siteId() {
        return id.siteId();
    }

    public String itemCode() {
        return id.itemCode();
    }
}
