package org.frontline.screening;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A dwelling in a community: grid (网格), building, unit, room. */
@Entity
@Table(name = "household")
public class Household extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    public String grid;
    public String building;
    public String unit;
    public String room;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
