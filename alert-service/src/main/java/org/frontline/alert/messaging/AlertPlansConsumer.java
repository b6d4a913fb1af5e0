package org.frontline.alert.messaging;


import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.plan.PlanActivations;
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
        inbox.apply(CONSUMER, record, PlanActivations.TYPES::contains, activations::onAlertEvent);
    }
}
