package org.frontline.supplies;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One lot of an item at a site: its expiry and its balance (derived from the ledger, never negative). */
@Entity
@Table(name = "stock_lot")
public class StockLot extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "site_id") UUID siteId, @Column(name = "item_code") String itemCode,
            @Column(name = "lot_code") String lotCode) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    /** Null for stock without an expiry date; such lots are issued after every dated lot. */
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(name = "on_hand", nullable = false)
    public long onHand;
    @Column(name = "first_received_at", nullable = false)
    public OffsetDateTime firstReceivedAt;
    @Column(name = "expiry_announced_at")
    public OffsetDateTime expiryAnnouncedAt;

    public String lotCode() {
        return id.lotCode();
    }
}
