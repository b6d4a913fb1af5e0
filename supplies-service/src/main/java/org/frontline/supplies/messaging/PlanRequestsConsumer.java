package org.frontline.supplies.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.supplies.service.MinimumStockService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads alert-service's events: a response plan's MinimumStockRequested raises a store's minimum levels, once per event. */
@ApplicationScoped
public class PlanRequestsConsumer {

    /** Channel name in the channel block of application.properties (topic alert.events). */
    public static final String CHANNEL = "plan-requests";
    public static final String CONSUMER = "supplies-plan-requests";

    private final Inbox inbox;
    private final MinimumStockService minimums;

    public PlanRequestsConsumer(Inbox inbox, MinimumStockService minimums) {
        this.inbox = inbox;
        this.minimums = minimums;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAlertEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, t -> t.startsWith("frontline.alert.MinimumStockRequested.v"), minimums::onAlertEvent);
    }
}
