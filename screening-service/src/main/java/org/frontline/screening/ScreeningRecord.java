package org.frontline.screening;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

    /** Derived by rules (see ScreeningRules), never typed by hand. */
    public enum Outcome {
        NORMAL, FEVER, SUSPECTED, REFERRED
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

    @Convert(converter = Symptom.SetConverter.class)
    @Column(nullable = false)
    public Set<Symptom> symptoms = EnumSet.noneOf(Symptom.class);

    @Column(name = "travel_history", nullable = false)
    public boolean travelHistory;

    @Column(name = "contact_with_case", nullable = false)
    public boolean contactWithCase;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The door-to-door campaign this screening was made in, if any. */
    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Who sent the idempotency key (the token's subject): a key is unique per writer, not per community. */
    public String writer;

    /** Hash of the request that carried the key, so a reused key with a different request is a 422. */
    @Column(name = "request_fingerprint")
    public String requestFingerprint;

    /** 1 as recorded; raised by each correction or retraction (earlier versions: screening_revision). */
    @Column(nullable = false)
    public int revision = 1;

    /** Retracted records stay, marked, so every projection can take them back. */
    @Column(nullable = false)
    public boolean retracted;
}
