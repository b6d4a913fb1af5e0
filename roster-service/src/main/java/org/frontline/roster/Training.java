package org.frontline.roster;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A training session or a drill (演练) held in an area on a day; attending may grant a qualification. */
@Entity
@Table(name = "training")
public class Training extends PanacheEntityBase {

    public enum Kind {
        TRAINING, DRILL
    }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Column(nullable = false)
    public String title;
    /** A community code or a prefix of one (street, district, city): whose people may attend. */
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Column(name = "held_on", nullable = false)
    public LocalDate heldOn;
    @Column(name = "grants_qualification")
    public String grantsQualification;
    /** How long the granted qualification lasts; the qualification type's validity if null. */
    @Column(name = "validity_months")
    public Integer validityMonths;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
    /** The alert-service drill this training records (DrillCompleted); null for one recorded through the API. */
    @Column(name = "drill_id")
    public UUID drillId;
}
