package org.frontline.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The live stream of one replica: one poller reads the change log by id (every replica serves its own clients, so
 * this is deliberately not a cluster job) and fans the events out to the subscribers watching an area they concern.
 * The log's ids become visible in increasing order (the projection writes it under an advisory lock), so reading
 * "after the last id seen" never skips a change.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    /** Rows read per poll; a longer backlog is read in the next polls, at once. */
    static final int BATCH = 1000;

    private final PictureChanges changes;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private ScheduledExecutorService executor;
    /** The last change id fanned out; -1 until first read. */
    private long position = -1;

    public ChangeFeed(PictureChanges changes,
            @ConfigProperty(name = "frontline.gateway.stream.poll-interval", defaultValue = "250ms") Duration pollInterval,
            @ConfigProperty(name = "frontline.gateway.stream.heartbeat", defaultValue = "15s") Duration heartbeat) {
        this.changes = changes;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "picture-stream-poller");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        subscribers.forEach(Subscriber::close);
    }

    /**
     * Registers a client: from the returned id on, every change reaches it (buffered until {@link Subscriber#goLive});
     * the caller replays what came before.
     */
    public long subscribe(Subscriber subscriber) {
        synchronized (lock) {
            if (position < 0) {
                position = changes.newestId();
            }
            subscriber.startAfter(position);
            subscribers.add(subscriber);
            return position;
        }
    }

    public Subscriber subscriber(String area, SseEventSink sink, Sse sse) {
        return new Subscriber(area, sink, sse, subscribers::remove);
    }

    /** The last change id fanned out (-1 before the first poll). */
    public long position() {
        synchronized (lock) {
            return position;
        }
    }

    public int subscribers() {
        return subscribers.size();
    }

    private void pollSafely() {
        try {
            while (poll() == BATCH) {
                // a backlog: read on at once
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Reading the picture's change log failed; retried in %s", pollInterval);
        }
    }

    /** One round: reads the next rows and fans them out; returns how many rows were read. */
    int poll() {
        long from;
        synchronized (lock) {
            if (position < 0) {
                position = changes.newestId();
                return 0;
            }
            from = position;
        }
        subscribers.removeIf(Subscriber::closed);
        List<PictureChanges.Change> rows = changes.after(from, BATCH);
        if (rows.isEmpty()) {
            return 0;
        }
        // only the rows some subscriber watches are turned into events (with their figure reads); none: only move on
        List<Subscriber> watching = List.copyOf(subscribers);
        List<StreamEvent> events = events(rows, watching);
        synchronized (lock) {
            List<Subscriber> now = List.copyOf(subscribers);
            if (!watching.containsAll(now)) {
                events = events(rows, now); // someone subscribed meanwhile, after the old position
            }
            position = rows.get(rows.size() - 1).id();
            if (!events.isEmpty()) {
                for (Subscriber subscriber : now) {
                    subscriber.offer(events);
                }
            }
        }
        return rows.size();
    }

    /** The events of the rows that concern at least one of {@code watching} (none read when nobody watches). */
    private List<StreamEvent> events(List<PictureChanges.Change> rows, List<Subscriber> watching) {
        if (watching.isEmpty()) {
            return List.of();
        }
        List<String> areas = watching.stream().map(Subscriber::area).distinct().toList();
        List<PictureChanges.Change> concerning = rows.stream()
                .filter(r -> r.areaCode() != null
                        && areas.stream().anyMatch(a -> StreamEvent.concerns(r.kind(), r.areaCode(), a)))
                .toList();
        return concerning.isEmpty() ? List.of() : changes.events(concerning);
    }

    private void heartbeat() {
        try {
            subscribers.forEach(Subscriber::heartbeat);
        } catch (RuntimeException e) {
            LOG.debugf(e, "heartbeat failed");
        }
    }
}
