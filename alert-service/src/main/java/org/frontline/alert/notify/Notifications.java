package org.frontline.alert.notify;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.alert.Alert;
import org.frontline.platform.events.DomainEvent;

/**
 * Webhook notifications of alert events (README "Notifications"). {@link #enqueue} runs in the transaction that
 * changed the alert, so a notification exists exactly when the change does; delivery happens later, outside it,
 * so a dead endpoint never holds up detection.
 */
@ApplicationScoped
public class Notifications {

    /** Queues a delivery of {@code event} to every subscription that wants it (area, minimum level, event kinds). */
    public void enqueue(Alert alert, DomainEvent event) {
        // issue 11, work package "notifications": subscriptions, deliveries, daily digest
    }
}
