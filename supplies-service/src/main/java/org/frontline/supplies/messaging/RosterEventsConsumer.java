package org.frontline.supplies.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.supplies.service.ForecastService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads roster-service's events: planned shifts make the forecast of the community's store, once per event (inbox). */
@ApplicationScoped
public class RosterEventsConsumer {

    /** Channel name = the topic's name in the channel block of application.properties. */
    public static final String CHANNEL = "roster-events";
    public static final String CONSUMER = "supplies-forecast";

    private final Inbox inbox;
    private final ForecastService forecast;

    public RosterEventsConsumer(Inbox inbox, ForecastService forecast) {
        this.inbox = inbox;
        this.forecast = forecast;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onRosterEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, forecast::onRosterEvent);
    }
}
