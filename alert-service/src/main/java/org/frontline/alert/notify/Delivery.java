package org.frontline.alert.notify;

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

/**
 * One message to one subscription: PENDING until due, IN_FLIGHT while a worker sends it (until
 * {@link #claimedUntil}), then DELIVERED, or back to PENDING with a later {@link #nextAttemptAt}, or FAILED after the
 * last attempt; CANCELLED when its subscription was deleted before it went out.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public enum Status {
        PENDING, IN_FLIGHT, DELIVERED, FAILED, CANCELLED
    }

    @Id
    public UUID id;
    @Column(name = "subscription_id", nullable = false)
    public UUID subscriptionId;
    @Column(name = "alert_id")
    public UUID alertId;
    @Column(name = "event_kind", nullable = false)
    public String eventKind;
    @Column(nullable = false)
    public String body;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;
    @Column(name = "claimed_until")
    public OffsetDateTime claimedUntil;
    @Column(name = "claim_token")
    public UUID claimToken;
    @Column(name = "last_status_code")
    public Integer lastStatusCode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "digest_day")
    public LocalDate digestDay;
}
