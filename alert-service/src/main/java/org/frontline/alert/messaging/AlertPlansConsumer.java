package org.frontline.alert.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.plan.PlanActivations;
import org.frontline.platform.events.CloudEvents;
import org.frontline.platform.inbox.Inbox;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads this service's own {@code alert.events}: an alert opening or rising activates the matching response plan,
 * once per event (inbox) and once per alert and level ({@link PlanActivations}). Records of other types are skipped
 * before the inbox (no row for the plan events this service publishes itself).
 */
@ApplicationScoped
public class AlertPlansConsumer {

    /** The channel block in application.properties. */
    public static final String CHANNEL = "alert-plans";
    public static final String CONSUMER = "alert-plans";

    private final Inbox inbox;
    private final PlanActivations activations;

    public AlertPlansConsumer(Inbox inbox, PlanActivations activations) {
        this.inbox = inbox;
        this.activations = activations;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAlertEvent(ConsumerRecord<String, String> record) {
        String type = type(record);
        if (type != null && !PlanActivations.TYPES.contains(type)) {
            return;
        }
        inbox.apply(CONSUMER, record, activations::onAlertEvent);
    }

    static String type(ConsumerRecord<String, String> record) {
        Header h = record.headers().lastHeader(CloudEvents.H_TYPE);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
