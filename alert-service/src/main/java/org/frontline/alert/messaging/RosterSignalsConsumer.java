package org.frontline.alert.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.signal.SignalConsumers;
import org.frontline.alert.signal.SignalsChanged;
import org.frontline.platform.inbox.Inbox;

import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads roster-service's events: uncovered shift hours. Whole polled batches ({@code batch=true}): one transaction and one inbox statement per batch,
 * other event types skipped unparsed; after the commit, {@link SignalsChanged} names the series days it changed.
 */
@ApplicationScoped
public class RosterSignalsConsumer {

    /** Channel name; its block in application.properties names the topic roster.events. */
    public static final String CHANNEL = "roster-signals";
    private static final Logger LOG = Logger.getLogger(RosterSignalsConsumer.class);

    public static final String CONSUMER = "alert-signals-roster";

    private final Inbox inbox;
    private final SignalConsumers signals;
    private final Event<SignalsChanged> changed;

    public RosterSignalsConsumer(Inbox inbox, SignalConsumers signals, Event<SignalsChanged> changed) {
        this.inbox = inbox;
        this.signals = signals;
        this.changed = changed;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, String> records) {
        // a retried batch may add a change twice or one rolled back: a superset only makes detection look again
        Set<SignalsChanged.Change> touched = ConcurrentHashMap.newKeySet();
        inbox.applyBatch(CONSUMER, records, SignalConsumers.ROSTER_TYPES::contains, e -> signals.onRoster(e, touched));
        if (!touched.isEmpty()) {
            try {
                changed.fire(new SignalsChanged(Set.copyOf(touched)));
            } catch (RuntimeException e) {
                // the batch is committed: a failing observer must not nack it (that would dead-letter every record);
                // detection finds the same days in signal_dirty at its next round
                LOG.warnf(e, "%s: an observer of SignalsChanged failed", CONSUMER);
            }
        }
    }
}
