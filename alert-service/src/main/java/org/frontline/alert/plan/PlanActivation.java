package org.frontline.alert.plan;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.frontline.alert.Alert;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A plan put to work for an area: for an alert at a level (once per alert and level, a unique index) or as a drill
 * ({@link #drill}, no alert). It runs the version of the plan it recorded.
 */
@Entity
@Table(name = "plan_activation")
public class PlanActivation extends PanacheEntityBase {

    public enum Status {
        /** warning and response tasks under way */
        ACTIVE,
        /** the response is done and the signal has fallen (or the alert closed): recovery tasks under way */
        RECOVERY,
        /** every task done and the alert closed (a drill: completed by hand) */
        COMPLETED,
        /** the same alert rose to a higher level, whose activation carries on */
        SUPERSEDED,
        /** stopped by hand (a drill called off) */
        CANCELLED;

        public boolean open() {
            return this == ACTIVE || this == RECOVERY;
        }
    }

    @Id
    public UUID id;
    @Column(name = "plan_id", nullable = false)
    public UUID planId;
    @Column(name = "plan_version", nullable = false)
    public int planVersion;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Alert.Level level;
    @Column(name = "alert_id")
    public UUID alertId;
    @Column(nullable = false)
    public boolean drill;
    @Column(nullable = false)
    public String title;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "activated_at", nullable = false)
    public OffsetDateTime activatedAt;
    @Column(name = "activated_by", nullable = false)
    public String activatedBy;
    @Column(name = "recovery_at")
    public OffsetDateTime recoveryAt;
    @Column(name = "completed_at")
    public OffsetDateTime completedAt;
    @Column(name = "superseded_by")
    public UUID supersededBy;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "attendee_ids")
    public UUID[] attendeeIds;
    public BigDecimal score;
    /** A drill's qualification type code (kebab-case) its attendees renew on completion (V11); null for none. */
    @Column(name = "grants_qualification")
    public String grantsQualification;
    @Version
    public long version;
}
