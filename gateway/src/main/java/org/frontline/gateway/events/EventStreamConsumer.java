package org.frontline.gateway.events;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.gateway.picture.Projection;
import org.frontline.gateway.picture.ProjectionRebuild;
import org.frontline.platform.inbox.Inbox;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads the four service topics into the city picture: whole polled batches ({@code batch=true}), each event once
 * (inbox), one transaction and one inbox statement per poll; the {@link Projection} writes a batch's effects with
 * a few set-based statements. Event types the picture does not read are skipped unparsed.
 */
@ApplicationScoped
public class EventStreamConsumer {

    public static final String CONSUMER = "city-picture";

    /** The channels (one per topic, see application.properties); all use the platform's inbox failure strategy. */
    public static final List<String> CHANNELS = List.of("screening-events", "roster-events", "supplies-events",
            "alert-events");

    private final Inbox inbox;
    private final Projection projection;
    private final ProjectionRebuild rebuild;

    public EventStreamConsumer(Inbox inbox, Projection projection, ProjectionRebuild rebuild) {
        this.inbox = inbox;
        this.projection = projection;
        this.rebuild = rebuild;
    }

    @Incoming("screening-events")
    @Blocking(ordered = true)
    public void screening(ConsumerRecords<String, String> records) {
        apply(records);
    }

    @Incoming("roster-events")
    @Blocking(ordered = true)
    public void roster(ConsumerRecords<String, String> records) {
        apply(records);
    }

    @Incoming("supplies-events")
    @Blocking(ordered = true)
    public void supplies(ConsumerRecords<String, String> records) {
        apply(records);
    }

    @Incoming("alert-events")
    @Blocking(ordered = true)
    public void alerts(ConsumerRecords<String, String> records) {
        apply(records);
    }

    private void apply(ConsumerRecords<String, String> records) {
        // while a rebuild runs, wait before the inbox's transaction (the batch would wait for its lock inside it)
        rebuild.awaitNotRunning();
        // the shared rebuild lock first, then the inbox rows: a rebuild replaying the same ids never waits for them
        inbox.applyBatchAll(CONSUMER, records, Projection::relevant, projection::lockForLiveBatch, projection::apply);
    }
}
