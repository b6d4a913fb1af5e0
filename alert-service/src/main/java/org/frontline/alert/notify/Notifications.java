package org.frontline.alert.notify;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.cap.CapMessage;
import org.frontline.alert.config.NotifyConfig;
import org.frontline.alert.events.AlertEvents;
import org.frontline.platform.events.DomainEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Webhook notifications of alert events (README "Notifications"). {@link #enqueue} runs in the transaction that
 * changed the alert, so a notification exists exactly when the change does; delivery happens later, outside it
 * ({@link DeliveryWorker}), so a dead endpoint never holds up detection: this only inserts rows.
 */
@ApplicationScoped
public class Notifications {

    private static final String WAKE = Notifications.class.getName() + ".wake";

    private final NotifyConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;
    private final DeliveryWorker worker;

    public Notifications(NotifyConfig config, Clock clock, ObjectMapper mapper,
            TransactionSynchronizationRegistry transactions, DeliveryWorker worker) {
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
        this.transactions = transactions;
        this.worker = worker;
    }

    /**
     * Queues a delivery of {@code event} to every active subscription that wants it: its area prefix covers the
     * alert's area (or the area the alert escalated to), the alert's level is at least its minimum level (an
     * AlertEscalated addressed to exactly the subscription's area passes whatever the level: the alert now stands
     * before that area), and the event's kind is one it asked for. Events of an alert at a digest level
     * ({@code alert.notify.digest-levels}) wait for the subscription's daily digest instead; escalations never wait.
     * Also records the alert's next CAP message. {@code eventId}: the event's id on alert.events (the CloudEvents
     * id), which the envelope carries, so a receiver can match a delivery with the event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(Alert alert, DomainEvent event, UUID eventId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        recordCapMessage(alert, event, now);
        String kind = Payloads.kind(event);
        List<Subscription> candidates = Subscription.list(
                "active = true and (:area like concat(areaPrefix, '%') or :escalated like concat(areaPrefix, '%'))",
                io.quarkus.panache.common.Parameters.with("area", alert.areaCode).and("escalated",
                        alert.escalatedTo == null ? "-" : alert.escalatedTo));
        boolean escalation = event instanceof AlertEvents.AlertEscalated;
        boolean digest = !escalation && config.digestLevels().contains(alert.level);
        String body = null;
        int immediate = 0;
        for (Subscription s : candidates) {
            if (!s.kinds().contains(kind)) {
                continue;
            }
            boolean addressed = escalation && s.areaPrefix.equals(alert.escalatedTo);
            if (alert.level.ordinal() < s.minLevel.ordinal() && !addressed) {
                continue;
            }
            if (body == null) {
                body = json(Payloads.envelope(eventId, Payloads.type(event), now,
                        Payloads.alert(alert, config.publicApiUrl()), event));
            }
            if (digest) {
                DigestItem item = new DigestItem();
                item.subscriptionId = s.id;
                item.cityDay = now.atZoneSameInstant(clock.getZone()).toLocalDate();
                item.eventKind = kind;
                item.alertId = alert.id;
                item.item = body;
                item.createdAt = now;
                item.persist();
            } else {
                queue(s.id, alert.id, kind, body, now);
                immediate++;
            }
        }
        if (immediate > 0) {
            wakeAfterCommit();
        }
    }

    /**
     * Queues a delivery of a response-plan event (PlanActivated, TaskAssigned, TaskOverdue, ...) to every active
     * subscription that asked for its kind and whose area prefix covers {@code areaCode} or {@code escalatedTo} (an
     * overdue task escalated to a district or the city). {@code level}: the level of the plan's activation, compared
     * with the subscription's minimum unless the event is addressed to exactly the subscription's area; null (a
     * recurring task, a notice) passes. Immediate, never in a digest; the envelope's {@code alert} is null.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueuePlanEvent(String areaCode, String escalatedTo, Alert.Level level, DomainEvent event,
            UUID eventId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String kind = Payloads.kind(event);
        List<Subscription> candidates = Subscription.list(
                "active = true and (:area like concat(areaPrefix, '%') or :escalated like concat(areaPrefix, '%'))",
                io.quarkus.panache.common.Parameters.with("area", areaCode).and("escalated",
                        escalatedTo == null ? "-" : escalatedTo));
        String body = null;
        int queued = 0;
        for (Subscription s : candidates) {
            if (!s.kinds().contains(kind)) {
                continue;
            }
            boolean addressed = escalatedTo != null && s.areaPrefix.equals(escalatedTo);
            if (level != null && level.ordinal() < s.minLevel.ordinal() && !addressed) {
                continue;
            }
            if (body == null) {
                body = json(Payloads.envelope(eventId, Payloads.type(event), now, null, event));
            }
            queue(s.id, null, kind, body, now);
            queued++;
        }
        if (queued > 0) {
            wakeAfterCommit();
        }
    }

    /** A delivery due now; the worker takes it after the commit. */
    public Delivery queue(UUID subscriptionId, UUID alertId, String kind, String body, OffsetDateTime createdAt) {
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.subscriptionId = subscriptionId;
        d.alertId = alertId;
        d.eventKind = kind;
        d.body = body;
        d.status = Delivery.Status.PENDING;
        // retry timing runs on the wall clock (the worker compares with the database's now()), days on the city clock
        d.nextAttemptAt = OffsetDateTime.now(ZoneOffset.UTC);
        d.createdAt = createdAt;
        d.persist();
        return d;
    }

    /**
     * The alert's next CAP message (n = last + 1). Every writer of an alert holds the alert's row lock (AlertService
     * and the escalation and detection rounds lock it before changing it), so two transactions never pick the same n.
     * A writer that did not would fail loudly here: the primary key (alert_id, seq) refuses the second n and the
     * unique violation rolls its whole transaction back — never a change published without its CAP message.
     * Only cap_message is synchronised, so this does not flush the caller's other changes early.
     */
    private void recordCapMessage(Alert alert, DomainEvent event, OffsetDateTime now) {
        recordCapMessage(alert.id, Payloads.kind(event), now);
    }

    /**
     * The alert's next CAP message for a change that is no alert event (a notice linked to it, which becomes its
     * instruction). The caller holds the alert's row lock, as every writer of an alert does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCapMessage(UUID alertId, String kind, OffsetDateTime now) {
        CapMessage.getEntityManager().createNativeQuery("""
                insert into cap_message (alert_id, seq, event_kind, sent)
                select ?1, coalesce(max(seq), 0) + 1, ?2, ?3 from cap_message where alert_id = ?1
                """).unwrap(org.hibernate.query.NativeQuery.class).addSynchronizedQuerySpace("cap_message")
                .setParameter(1, alertId).setParameter(2, kind)
                .setParameter(3, now.truncatedTo(ChronoUnit.SECONDS)).executeUpdate();
    }

    public void wakeAfterCommit() {
        if (transactions.getResource(WAKE) != null) {
            return;
        }
        transactions.putResource(WAKE, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    worker.wake();
                }
            }
        });
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a notification", e);
        }
    }
}
