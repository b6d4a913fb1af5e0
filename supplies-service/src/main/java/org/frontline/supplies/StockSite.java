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

/**
 * A place that holds stock, in an area: a community store (its community's 12-digit code; one per community), a
 * district depot (the district's 6 digits) or a city depot (the city's 4 digits). The area decides who sees it:
 * a community worker their store, a district officer the district's depot and all its communities' stores.
 */
@Entity
@Table(name = "stock_site")
public class StockSite extends PanacheEntityBase {

    public enum Kind {
        COMMUNITY_STORE(12), DISTRICT_DEPOT(6), CITY_DEPOT(4);

        /** The length of the area code a site of this kind belongs to. */
        public final int codeLength;

        Kind(int codeLength) {
            this.codeLength = codeLength;
        }

        public boolean isDepot() {
            return this != COMMUNITY_STORE;
        }
    }

    @Id
    public UUID id;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
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
