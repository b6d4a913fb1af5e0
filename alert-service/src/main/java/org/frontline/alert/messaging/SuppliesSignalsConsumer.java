package org.frontline.alert.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.signal.SignalChanges;
import org.frontline.alert.signal.SignalConsumers;
import org.frontline.alert.signal.SignalsChanged;
import org.frontline.platform.inbox.Inbox;


import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads supplies-service's events: items below minimum and critical items out of stock at community stores. Whole polled batches ({@code batch=true}): one transaction and one inbox statement per batch,
 * other event types skipped unparsed; after the commit, {@link SignalsChanged} names the series days it changed.
 */
@ApplicationScoped
public class SuppliesSignalsConsumer {

    /** Channel name; its block in application.properties names the topic supplies.events. */
    public static final String CHANNEL = "supplies-signals";

    public static final String CONSUMER = "alert-signals-supplies";

    private final Inbox inbox;
    private final SignalConsumers signals;
    private final SignalChanges changes;

    public SuppliesSignalsConsumer(Inbox inbox, SignalConsumers signals, SignalChanges changes) {
        this.inbox = inbox;
        this.signals = signals;
        this.changes = changes;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, String> records) {
        // a retried batch may add a change twice or one rolled back: a superset only makes detection look again
        Set<SignalsChanged.Change> touched = ConcurrentHashMap.newKeySet();
        inbox.applyBatch(CONSUMER, records, SignalConsumers.SUPPLIES_TYPES::contains, e -> signals.onSupplies(e, touched));
        changes.announce(CONSUMER, touched);
    }
}
