package org.frontline.alert.notify;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One try of a delivery: when, the HTTP status or the error, how long it took. Written by the worker. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;
    @Column(nullable = false)
    public int attempt;
    @Column(name = "attempted_at", nullable = false)
    public OffsetDateTime attemptedAt;
    @Column(name = "status_code")
    public Integer statusCode;
    public String error;
    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
}
