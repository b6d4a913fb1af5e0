package org.frontline.roster.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.roster.service.DrillService;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads alert-service's events a second time, in a group of its own: a completed drill (DrillCompleted) becomes a
 * training of kind DRILL with its attendance, once per event (inbox) and once per drill (natural key).
 */
@ApplicationScoped
public class DrillEventsConsumer {

    /** Channel name in the channel block of application.properties (topic alert.events). */
    public static final String CHANNEL = "alert-drills";
    public static final String CONSUMER = "roster-drills";

    private final Inbox inbox;
    private final DrillService drills;

    public DrillEventsConsumer(Inbox inbox, DrillService drills) {
        this.inbox = inbox;
        this.drills = drills;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAlertEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, t -> t.startsWith("frontline.alert.DrillCompleted.v"), drills::onAlertEvent);
    }
}
