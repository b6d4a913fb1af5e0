package org.frontline.supplies;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An item of the catalogue (seeded by migration V2, extended by a coordinator). Quantities count {@code unit}s. */
@Entity
@Table(name = "item")
public class Item extends PanacheEntityBase {

    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String unit;
    @Column(name = "pack_size", nullable = false)
    public int packSize;
    /** Critical items count in the gateway's "lowest days of cover" and allocation is applied to them first. */
    @Column(nullable = false)
    public boolean critical;
    @Column(nullable = false)
    public boolean seeded;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
