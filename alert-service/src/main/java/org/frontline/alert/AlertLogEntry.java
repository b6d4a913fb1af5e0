package org.frontline.alert;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of an alert's log: a transition (who, when, from, to), a firing, a level change, an escalation, a note. */
@Entity
@Table(name = "alert_log")
public class AlertLogEntry extends PanacheEntityBase {

    public enum Kind {
        RAISED, FIRED, LEVEL, TRANSITION, ESCALATED, NOTE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "alert_id", nullable = false)
    public UUID alertId;
    @Column(nullable = false)
    public OffsetDateTime at;
    /** The user's name, or {@code system} for the detectors and the escalation job. */
    @Column(nullable = false)
    public String actor;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public Alert.Status fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public Alert.Status toStatus;
    public String text;

    public static AlertLogEntry of(UUID alertId, OffsetDateTime at, String actor, Kind kind, String text) {
        AlertLogEntry entry = new AlertLogEntry();
        entry.alertId = alertId;
        entry.at = at;
        entry.actor = actor;
        entry.kind = kind;
        entry.text = text;
        return entry;
    }
}
