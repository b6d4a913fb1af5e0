package org.frontline.screening;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One screening of one resident: a temperature, and the outcome the rules derive from it. */
@Entity
@Table(name = "screening_record")
public class ScreeningRecord extends PanacheEntityBase {

    public enum Channel {
        DOOR_TO_DOOR, CHECKPOINT, SELF_REPORT
    }

    public enum Outcome {
        NORMAL, FEVER
    }

    @Id
    public UUID id;

    @Column(name = "community_code", nullable = false)
    public String communityCode;

    @Column(name = "resident_id", nullable = false)
    public UUID residentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "temperature_celsius", nullable = false, precision = 4, scale = 1)
    public BigDecimal temperatureCelsius;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "screened_at", nullable = false)
    public OffsetDateTime screenedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
