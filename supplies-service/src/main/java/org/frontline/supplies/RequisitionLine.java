package org.frontline.supplies;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One item of a requisition: what was asked for and, once decided, what was approved. */
@Entity
@Table(name = "requisition_line")
public class RequisitionLine extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "requisition_id") UUID requisitionId, @Column(name = "item_code") String itemCode)
            implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(nullable = false)
    public long requested;
    /** Null until decided. */
    public Long approved;

    public String itemCode() {
        return id.itemCode();
    }
}
