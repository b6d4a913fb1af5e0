package org.frontline.supplies;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One line of the append-only stock ledger: a signed change of one lot of one item at one site, with the
 * balances after it. Written only by {@code Ledger}; never updated or deleted. The table is partitioned by month
 * of {@code postedAt}.
 */
@Entity
@Table(name = "ledger_posting")
public class LedgerPosting extends PanacheEntityBase {

    public enum Kind {
        /** Goods arrived from outside the system (a supplier, a donation). */
        RECEIPT,
        /** Consumption: handed out for use. */
        ISSUE,
        /** A correction with a reason (damaged, expired, lost, found…). */
        ADJUSTMENT,
        /** A physical count: the variance between counted and on hand. */
        COUNT,
        TRANSFER_OUT,
        TRANSFER_IN
    }

    @Id
    public UUID id;
    @Column(name = "posted_at", nullable = false)
    public OffsetDateTime postedAt;
    @Column(name = "site_id", nullable = false)
    public UUID siteId;
    @Column(name = "item_code", nullable = false)
    public String itemCode;
    @Column(name = "lot_code", nullable = false)
    public String lotCode;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    /** The signed change of the lot's balance. */
    @Column(nullable = false)
    public long quantity;
    @Column(name = "lot_balance", nullable = false)
    public long lotBalance;
    @Column(name = "stock_balance", nullable = false)
    public long stockBalance;
    @Column(name = "city_date", nullable = false)
    public LocalDate cityDate;
    public String reason;
    public String note;
    @Column(name = "reference_id")
    public UUID referenceId;
    @Column(name = "duty_code")
    public String dutyCode;
    @Column(name = "posted_by", nullable = false)
    public String postedBy;
}
