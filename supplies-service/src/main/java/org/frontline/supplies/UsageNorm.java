package org.frontline.supplies;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * How many units of an item one person uses in one shift of a duty (a screener: 4 N95 respirators). The forecast
 * multiplies the shifts planned in roster-service by these (README "Forecast"). Written by a coordinator.
 */
@Entity
@Table(name = "usage_norm")
public class UsageNorm extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "duty_code") String dutyCode, @Column(name = "item_code") String itemCode)
            implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "per_shift", nullable = false)
    public BigDecimal perShift;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
