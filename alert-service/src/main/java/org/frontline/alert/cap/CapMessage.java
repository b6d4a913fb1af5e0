package org.frontline.alert.cap;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One CAP message of an alert: every published change of the alert (each event through AlertJournal) is the next
 * message, {@code urn:frontline:alert:<alertId>:<seq>}, sent at {@link #sent} (whole seconds). The first is the
 * {@code Alert}, every later one an {@code Update} referencing the first and the previous one.
 */
@Entity
@Table(name = "cap_message")
@IdClass(CapMessage.Key.class)
public class CapMessage extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID alertId;
        public int seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.alertId, alertId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(alertId, seq);
        }
    }

    @Id
    @Column(name = "alert_id")
    public UUID alertId;
    @Id
    public int seq;
    @Column(name = "event_kind", nullable = false)
    public String eventKind;
    @Column(nullable = false)
    public OffsetDateTime sent;
}
