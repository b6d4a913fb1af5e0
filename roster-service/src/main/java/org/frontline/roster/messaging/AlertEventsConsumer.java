package org.frontline.roster.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.roster.service.SurgeService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads alert-service's events; an alert for a community proposes surge shifts there, once per event (inbox). */
@ApplicationScoped
public class AlertEventsConsumer {

    /** Channel name = the topic's name in the channel block of application.properties. */
    public static final String CHANNEL = "alert-events";
    public static final String CONSUMER = "roster-surge";

    private final Inbox inbox;
    private final SurgeService surge;

    public AlertEventsConsumer(Inbox inbox, SurgeService surge) {
        this.inbox = inbox;
        this.surge = surge;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAlert(ConsumerRecord<String, String> record) {
        // only the events that may propose shifts pass to the inbox (alert.events also carries every plan's tasks)
        inbox.apply(CONSUMER, record, AlertEventsConsumer::proposes, surge::onAlert);
    }

    /** {@code frontline.alert.<Name>.v<N>} of one of {@link SurgeService#ALERT_EVENTS}. */
    static boolean proposes(String type) {
        String[] parts = type.split("\\.");
        return parts.length == 4 && SurgeService.ALERT_EVENTS.contains(parts[2]);
    }
}
