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

/** One lot of an item on a transfer: dispatched from the source's lot, received into the same lot code. */
@Entity
@Table(name = "transfer_line")
public class TransferLine extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "transfer_id") UUID transferId, @Column(name = "item_code") String itemCode,
            @Column(name = "lot_code") String lotCode) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(nullable = false)
    public long dispatched;
    /** Null until received. */
    public Long received;

    public String itemCode() {
        return id.itemCode();
    }

    public String lotCode() {
        return id.lotCode();
    }

    /** dispatched − received once received (what went missing on the way), else null. */
    public Long shortage() {
        return received == null ? null : dispatched - received;
    }
}
