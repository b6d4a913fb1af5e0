package org.frontline.gateway.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.gateway.service.CityPicture;
import org.frontline.platform.inbox.Inbox;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads the four service topics into the city picture, each event once (inbox). */
@ApplicationScoped
public class EventStreamConsumer {

    public static final String CONSUMER = "city-picture";

    /** The channels (one per topic, see application.properties); all use the platform's inbox failure strategy. */
    public static final java.util.List<String> CHANNELS = java.util.List.of("screening-events", "roster-events",
            "supplies-events", "alert-events");

    private final Inbox inbox;
    private final CityPicture picture;

    public EventStreamConsumer(Inbox inbox, CityPicture picture) {
        this.inbox = inbox;
        this.picture = picture;
    }

    @Incoming("screening-events")
    @Blocking(ordered = true)
    public void screening(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, picture::apply);
    }

    @Incoming("roster-events")
    @Blocking(ordered = true)
    public void roster(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, picture::apply);
    }

    @Incoming("supplies-events")
    @Blocking(ordered = true)
    public void supplies(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, picture::apply);
    }

    @Incoming("alert-events")
    @Blocking(ordered = true)
    public void alerts(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, picture::apply);
    }
}
