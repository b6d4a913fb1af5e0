package org.frontline.supplies;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A place that holds stock: a community store or a district depot. */
@Entity
@Table(name = "stock_site")
public class StockSite extends PanacheEntityBase {

    public enum Kind {
        COMMUNITY_STORE, DISTRICT_DEPOT
    }

    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Column(nullable = false)
    public String name;
    @Column(name = "registered_by", nullable = false)
    public String registeredBy;
    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;
}
