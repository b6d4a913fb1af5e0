package org.frontline.supplies.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.supplies.service.ForecastService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads screening-service's events: who is in quarantine now, per community (allocation weighs it), once per event. */
@ApplicationScoped
public class ScreeningEventsConsumer {

    public static final String CHANNEL = "screening-events";
    public static final String CONSUMER = "supplies-need";

    private final Inbox inbox;
    private final ForecastService forecast;

    public ScreeningEventsConsumer(Inbox inbox, ForecastService forecast) {
        this.inbox = inbox;
        this.forecast = forecast;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onScreeningEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, forecast::onScreeningEvent);
    }
}
