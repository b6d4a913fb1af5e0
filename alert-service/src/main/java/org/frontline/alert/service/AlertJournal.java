package org.frontline.alert.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.alert.Alert;
import org.frontline.alert.AlertLogEntry;
import org.frontline.alert.events.AlertEvents;
import org.frontline.alert.events.AlertRaised;
import org.frontline.alert.notify.Notifications;
import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.Outbox;

/**
 * The one place an alert's change becomes a fact: the event on {@code alert.events} (outbox), the notifications it
 * calls for, and the line in the alert's log — all in the caller's transaction. The event builders read the alert
 * as it stands after the change.
 */
@ApplicationScoped
public class AlertJournal {

    public static final String SYSTEM = "system";

    private final Outbox outbox;
    private final Notifications notifications;

    public AlertJournal(Outbox outbox, Notifications notifications) {
        this.outbox = outbox;
        this.notifications = notifications;
    }

    /** Publishes the event (outbox, with {@code at} as the fact's time) and queues its notifications. */
    public void publish(Alert alert, DomainEvent event, OffsetDateTime at) {
        UUID id = outbox.record(AlertEvents.TOPIC, event, at);
        notifications.enqueue(alert, event, id);
    }

    public AlertLogEntry log(Alert alert, AlertLogEntry.Kind kind, String actor, Alert.Status from, Alert.Status to,
            String text, OffsetDateTime at) {
        AlertLogEntry entry = AlertLogEntry.of(alert.id, at, actor, kind, text);
        entry.fromStatus = from;
        entry.toStatus = to;
        entry.persist();
        return entry;
    }

    public static AlertRaised raised(Alert a) {
        return new AlertRaised(a.id, a.areaCode, a.level.name(), a.stage.name(), a.title, a.raisedAt, a.status.name(),
                a.signal == null ? null : a.signal.path(), a.method, a.detectorId, a.detectorVersion, a.observed,
                a.threshold, a.observedDay);
    }

    public static AlertEvents.AlertUpdated updated(Alert a, Alert.Level previousLevel, OffsetDateTime at) {
        return new AlertEvents.AlertUpdated(a.id, a.areaCode, a.level.name(), previousLevel.name(), a.stage.name(),
                a.status.name(), a.signal == null ? null : a.signal.path(), a.method, a.detectorId,
                a.detectorVersion, a.observed, a.threshold, a.observedDay, a.firings, a.lastSeen, at);
    }

    public static AlertEvents.AlertEscalated escalated(Alert a, OffsetDateTime missedDeadline, OffsetDateTime at) {
        return new AlertEvents.AlertEscalated(a.id, a.areaCode, a.level.name(), a.stage.name(), a.status.name(),
                a.escalationTier.name(), a.escalatedTo, missedDeadline, at);
    }

    public static AlertEvents.AlertAcknowledged acknowledged(Alert a) {
        return new AlertEvents.AlertAcknowledged(a.id, a.areaCode, a.level.name(), a.stage.name(), a.status.name(),
                a.acknowledgedAt);
    }

    public static AlertEvents.AlertPhaseChanged phaseChanged(Alert a, Alert.Status previous, OffsetDateTime at) {
        return new AlertEvents.AlertPhaseChanged(a.id, a.areaCode, a.level.name(), previous.name(), a.status.name(),
                previous.stage.name(), a.stage.name(), at);
    }

    public static AlertEvents.AlertClosed closed(Alert a, Alert.Status previous) {
        return new AlertEvents.AlertClosed(a.id, a.areaCode, a.level.name(), previous.name(), a.stage.name(),
                a.status.name(), a.firings, a.firstSeen, a.lastSeen, a.closedAt);
    }
}
