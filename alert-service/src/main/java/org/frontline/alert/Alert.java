package org.frontline.alert;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.frontline.alert.signal.Signal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An alert about an area (a community, or a wider prefix), with a level (blue lowest, red highest) and a lifecycle
 * {@code OPEN → ACKNOWLEDGED → RESPONDING → RECOVERING → CLOSED}; its {@link Stage} is the phase the status is in.
 * Opened by a detector on a signal (one open alert per area and signal) or by hand (no signal). Changes are guarded
 * by {@link #version} (optimistic locking).
 */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    public enum Level {
        BLUE, YELLOW, ORANGE, RED;

        public Level next() {
            return this == RED ? RED : values()[ordinal() + 1];
        }
    }

    /** The phase of the warning → response → recovery cycle. */
    public enum Stage {
        WARNING, RESPONSE, RECOVERY, CLOSED
    }

    public enum Status {
        OPEN(Stage.WARNING), ACKNOWLEDGED(Stage.WARNING), RESPONDING(Stage.RESPONSE), RECOVERING(Stage.RECOVERY),
        CLOSED(Stage.CLOSED);

        public final Stage stage;

        Status(Stage stage) {
            this.stage = stage;
        }
    }

    /** Who stands before the alert: the community, then (escalated) its district, then the city. */
    public enum Tier {
        COMMUNITY, DISTRICT, CITY
    }

    @Id
    public UUID id;
    /** 12 digits for a community; 4, 6 or 9 for a wider area. */
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;
    @Column(nullable = false)
    public String title;
    public String description;
    /** The signal a detector fired on; null for an alert raised by hand. */
    @Enumerated(EnumType.STRING)
    public Signal signal;
    @Column(name = "detector_id")
    public UUID detectorId;
    /** The detector's version that fired last. */
    @Column(name = "detector_version")
    public Integer detectorVersion;
    public String method;
    public BigDecimal observed;
    public BigDecimal threshold;
    @Column(name = "observed_day")
    public LocalDate observedDay;
    @Column(nullable = false)
    public int firings;
    @Column(name = "first_seen", nullable = false)
    public OffsetDateTime firstSeen;
    @Column(name = "last_seen", nullable = false)
    public OffsetDateTime lastSeen;
    @Enumerated(EnumType.STRING)
    @Column(name = "escalation_tier", nullable = false)
    public Tier escalationTier = Tier.COMMUNITY;
    @Column(name = "escalated_to")
    public String escalatedTo;
    @Column(name = "escalated_at")
    public OffsetDateTime escalatedAt;
    /** When an OPEN alert escalates if nobody acknowledges it; null when its level has no deadline. */
    @Column(name = "ack_due_at")
    public OffsetDateTime ackDueAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
    @Column(name = "raised_by", nullable = false)
    public String raisedBy;
    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
