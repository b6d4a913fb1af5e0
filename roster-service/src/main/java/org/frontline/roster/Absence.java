package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A one-off absence (sick, leave) during which a person cannot be assigned. Half-open [from, to). */
@Entity
@Table(name = "absence")
public class Absence extends PanacheEntityBase {

    public enum Reason {
        SICK, LEAVE, OTHER
    }

    @Id
    public UUID id;
    @Column(name = "person_id", nullable = false)
    public UUID personId;
    @Column(name = "from_at", nullable = false)
    public OffsetDateTime fromAt;
    @Column(name = "to_at", nullable = false)
    public OffsetDateTime toAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Reason reason;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}
