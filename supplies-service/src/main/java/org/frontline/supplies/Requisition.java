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
 * A community store asks a depot of its district (or city) for items. Its state changes only forward (see the
 * supplies-service README, "Requisitions"); every change checks the state and saves under {@link #version}, so of
 * two replicas racing one wins and the other answers 409.
 */
@Entity
@Table(name = "requisition")
public class Requisition extends PanacheEntityBase {

    public enum Status {
        SUBMITTED, APPROVED, PARTIALLY_APPROVED, REFUSED, CANCELLED, DISPATCHED, RECEIVED;

        /** Approved (in whole or in part) and not yet dispatched: the quantities reserve depot stock. */
        public boolean awaitsDispatch() {
            return this == APPROVED || this == PARTIALLY_APPROVED;
        }
    }

    @Id
    public UUID id;
    /** The requesting community's store. */
    @Column(name = "site_id", nullable = false)
    public UUID siteId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Column(name = "depot_id", nullable = false)
    public UUID depotId;
    @Column(name = "depot_area", nullable = false)
    public String depotArea;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    public String note;
    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;
    @Column(name = "submitted_at", nullable = false)
    public OffsetDateTime submittedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    @Column(name = "decision_note")
    public String decisionNote;
    @Column(name = "transfer_id")
    public UUID transferId;
    @Version
    public long version;
}
