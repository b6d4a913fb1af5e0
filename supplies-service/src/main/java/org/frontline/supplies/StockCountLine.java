package org.frontline.supplies;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One row of a count sheet: the lot counted, the quantity found, what was on hand at the preview and — once
 * confirmed — the variance really posted (against what was on hand at confirmation). {@code lineNo} is the
 * sheet's row number (the header is row 1).
 */
@Entity
@Table(name = "stock_count_line")
public class StockCountLine extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "count_id") UUID countId, @Column(name = "line_no") int lineNo)
            implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "item_code", nullable = false)
    public String itemCode;
    @Column(name = "lot_code", nullable = false)
    public String lotCode;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(nullable = false)
    public long counted;
    @Column(name = "on_hand_at_preview", nullable = false)
    public long onHandAtPreview;
    @Column(name = "posted_variance")
    public Long postedVariance;

    public int lineNo() {
        return id.lineNo();
    }
}
