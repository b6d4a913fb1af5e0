package org.frontline.alert.notify;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A low-level alert event waiting for its subscription's digest of {@link #cityDay} ({@link DigestJob}). */
@Entity
@Table(name = "digest_item")
public class DigestItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;
    @Column(name = "city_day", nullable = false)
    public LocalDate cityDay;
    @Column(name = "event_kind", nullable = false)
    public String eventKind;
    @Column(name = "alert_id", nullable = false)
    public UUID alertId;
    /** The event's envelope, as an immediate delivery would have carried it. */
    @Column(nullable = false)
    public String item;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
