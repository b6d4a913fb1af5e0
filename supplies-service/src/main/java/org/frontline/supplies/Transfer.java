package org.frontline.supplies;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Stock on its way from one site to another: DISPATCHED (it left the source, first-expiry-first-out, and counts as
 * in transit at the destination) → RECEIVED (the destination posted what arrived; a difference is kept per line).
 * Seen by callers whose area covers either end.
 */
@Entity
@Table(name = "transfer")
public class Transfer extends PanacheEntityBase {

    public enum Status {
        DISPATCHED, RECEIVED
    }

    @Id
    public UUID id;
    @Column(name = "from_site_id", nullable = false)
    public UUID fromSiteId;
    @Column(name = "from_area", nullable = false)
    public String fromArea;
    @Column(name = "to_site_id", nullable = false)
    public UUID toSiteId;
    @Column(name = "to_area", nullable = false)
    public String toArea;
    /** The requisition this transfer fulfils, if any. */
    @Column(name = "requisition_id")
    public UUID requisitionId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    public String note;
    @Column(name = "dispatched_by", nullable = false)
    public String dispatchedBy;
    @Column(name = "dispatched_at", nullable = false)
    public OffsetDateTime dispatchedAt;
    @Column(name = "received_by")
    public String receivedBy;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    @Version
    public long version;
}
