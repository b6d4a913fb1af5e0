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

/** A qualification a person holds, valid from {@code issuedOn} to {@code expiresOn} (both inclusive). */
@Entity
@Table(name = "person_qualification")
public class PersonQualification extends PanacheEntityBase {

    public enum Source {
        RECORDED, TRAINING
    }

    @Id
    public UUID id;
    @Column(name = "person_id", nullable = false)
    public UUID personId;
    @Column(name = "qualification_code", nullable = false)
    public String qualificationCode;
    @Column(name = "issued_on", nullable = false)
    public LocalDate issuedOn;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;
    @Column(name = "training_id")
    public UUID trainingId;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}
