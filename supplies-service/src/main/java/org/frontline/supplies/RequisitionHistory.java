package org.frontline.supplies;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One state a requisition entered, who moved it there and when (append-only). */
@Entity
@Table(name = "requisition_history")
public class RequisitionHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "requisition_id", nullable = false)
    public UUID requisitionId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Requisition.Status status;
    @Column(name = "changed_by", nullable = false)
    public String changedBy;
    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;
    public String note;
}
