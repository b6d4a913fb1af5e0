package org.frontline.alert.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.plan.PlanProgress;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads alert-service's own {@code alert.events}: AlertClosed moves the alert's ACTIVE activations into recovery and
 * completes those whose tasks are all done (README "Tasks, escalation, phases and recovery", "Phases" (c), (d)). Other
 * types are skipped without an inbox row; the progress job catches anything this misses.
 */
@ApplicationScoped
public class PlanProgressConsumer {

    /** Channel name; its block in application.properties names the topic alert.events. */
    public static final String CHANNEL = "plan-progress";
    public static final String CONSUMER = "alert-plan-progress";
    static final String CLOSED = "frontline.alert.AlertClosed.v";

    private final Inbox inbox;
    private final PlanProgress progress;

    public PlanProgressConsumer(Inbox inbox, PlanProgress progress) {
        this.inbox = inbox;
        this.progress = progress;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, type -> type.startsWith(CLOSED), this::apply);
    }

    void apply(InboundEvent event) {
        if (!event.type().startsWith(CLOSED)) {
            return;
        }
        var id = event.data().get("alertId");
        UUID alertId;
        try {
            alertId = UUID.fromString(id == null ? "" : id.asText());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("AlertClosed " + event.id() + " has no alertId that is a UUID");
        }
        progress.onAlertClosed(alertId);
    }
}
