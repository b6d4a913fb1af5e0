package org.frontline.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.events.OutboxSender.Delivery;
import org.frontline.platform.events.OutboxTable.Row;
import org.frontline.platform.events.OutboxTable.SetAside;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes outbox rows to Kafka in id order, and moves them to the published log only after the broker
 * acknowledged them: claim → send → mark, batch after batch ({@link #drain}).
 *
 * <ul>
 * <li><b>One leader per database.</b> The replica holding the relay's advisory lock ({@link RelayLeadership})
 * publishes; it keeps the lock, and its producer, until it stops or its database session breaks. It uses that
 * session at every poll (also while it backs off after a failure) and between batches, which keeps it alive; the
 * server ends it after {@code frontline.outbox.leader-session-timeout} without use, so a leader whose node died
 * frees the lock within that time. The others only try the lock at each poll and never create a producer.</li>
 * <li><b>Order.</b> All of a key's rows go to one partition through one idempotent producer, in id order.</li>
 * <li><b>Broker away.</b> The batch fails as a whole, nothing is marked or counted against a row, and the relay
 * backs off exponentially.</li>
 * <li><b>A row the broker refuses</b> is set aside with its reason and tried again later. Refused for its topic
 * (unknown, not allowed): the topic's rows wait together and go on in order. Refused for itself (too large): the
 * rows behind it go on at once. After {@code frontline.outbox.max-attempts} refusals and
 * {@code frontline.outbox.park-after} it is parked.</li>
 * <li><b>Counting</b> the outbox (gauges, readiness) is a scan: the leader does it every
 * {@code frontline.outbox.count-interval}, a standby four times less often.</li>
 * <li><b>A crash</b> between a Kafka commit and its mark republishes at most the last two batches; consumers
 * absorb the copies through their inbox.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final FrontlineConfig config;
    private final OutboxTable table;
    private final RelayLeadership leadership;
    private final OutboxSender sender;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicReference<Instant> lastPublishedAt = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    /** When the outbox was last counted (null: never). */
    private volatile Instant countedAt;
    /** When the leader last used its lock session (which keeps it alive). */
    private volatile Instant sessionCheckedAt = Instant.EPOCH;
    private final Counter published;
    private final Counter failures;
    private final Counter leaderships;

    private volatile boolean leading;
    private volatile boolean stopping;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile Duration backoff;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(daemon("outbox-relay"));
    /** Claims and marks run here, so the database works while a batch travels to Kafka. */
    private final ExecutorService database = Executors.newSingleThreadExecutor(daemon("outbox-relay-db"));

    public OutboxRelay(AgroalDataSource dataSource, FrontlineConfig config, MeterRegistry registry, Config kafkaConfig) {
        this.config = config;
        this.table = new OutboxTable(dataSource);
        var outbox = config.outbox();
        Duration least = outbox.maxBackoff().compareTo(outbox.pollInterval()) > 0 ? outbox.maxBackoff()
                : outbox.pollInterval();
        if (outbox.leaderSessionTimeout().compareTo(least) <= 0) {
            throw new IllegalStateException("frontline.outbox.leader-session-timeout (" + outbox.leaderSessionTimeout()
                    + ") must exceed frontline.outbox.max-backoff and poll-interval (" + least
                    + "), or a live leader would lose its lock");
        }
        if (outbox.leaderSessionTimeout().compareTo(outbox.deliveryTimeout().multipliedBy(2)) < 0) {
            LOG.warnf("frontline.outbox.leader-session-timeout (%s) is less than twice delivery-timeout (%s): a leader "
                    + "waiting long for the broker may lose its lock", outbox.leaderSessionTimeout(),
                    outbox.deliveryTimeout());
        }
        this.leadership = new RelayLeadership(dataSource, outbox.leaderSessionTimeout());
        this.sender = new OutboxSender(KafkaClientSettings.from(kafkaConfig), config.service(),
                config.outbox().deliveryTimeout());
        this.backoff = config.outbox().initialBackoff();
        Gauge.builder("frontline.outbox.pending", pending, AtomicLong::get)
                .description("Events recorded in the outbox and not yet acknowledged by Kafka").register(registry);
        Gauge.builder("frontline.outbox.parked", parked, AtomicLong::get)
                .description("Events the broker refused max-attempts times, kept aside with their reason")
                .register(registry);
        Gauge.builder("frontline.outbox.leader", this, relay -> relay.leading ? 1 : 0)
                .description("1 if this instance is the service's relay leader").register(registry);
        this.published = Counter.builder("frontline.outbox.published")
                .description("Events acknowledged by Kafka and marked published").register(registry);
        this.failures = Counter.builder("frontline.outbox.publish.failures")
                .description("Relay drains that failed (broker or database unreachable)").register(registry);
        this.leaderships = Counter.builder("frontline.outbox.leadership.changes")
                .description("Times this instance became the relay leader").register(registry);
    }

    /** The safety net, and how a replica that is not the leader finds out that it may lead now. */
    @Scheduled(every = "${frontline.outbox.poll-interval:1s}", delay = 1, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.outbox().relayEnabled() || stopping) {
            return;
        }
        if (mayPublish()) {
            publishPending();
        } else {
            keepLeadership(); // backing off: the lock's session is used anyway, or the server would end it
        }
    }

    /**
     * Called after a transaction that recorded events committed, so the leader sends them at once instead of at
     * the next poll. Wake-ups that arrive while a drain is queued are coalesced.
     */
    public void wake() {
        if (leading && mayPublish() && wakeQueued.compareAndSet(false, true)) {
            try {
                wakeUps.execute(() -> {
                    wakeQueued.set(false);
                    publishPending();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false); // shutting down; the rows stay pending for the next start
            }
        }
    }

    private boolean mayPublish() {
        return config.outbox().relayEnabled() && !stopping && !Instant.now().isBefore(nextAttempt);
    }

    /**
     * If this instance leads (or may now), publishes until nothing is pending; returns the number published.
     * Public for benchmarks and tests that drain synchronously.
     */
    public synchronized long publishPending() {
        if (stopping) {
            // a poll that passed its check just before shutdown() ran must not take the lock again: nothing
            // would release it, and a later instance in this JVM (a test restart) or this database session
            // would never lead
            return 0;
        }
        try {
            if (!lead()) {
                return 0;
            }
            long total = drain();
            succeeded();
            return total;
        } catch (Exception e) {
            failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            return 0;
        }
    }

    /**
     * Batch k is sent while the database thread marks batch k-1 and claims batch k+1. A batch with a refused row
     * was aborted as a whole, so the claim starts again from the first pending row once it is set aside. Every
     * {@value #SESSION_CHECK_BATCHES} batches, or a quarter of the leader session timeout, the lock's session is
     * checked (and so kept alive); if it is gone, the drain stops and this instance resigns.
     */
    private long drain() throws Exception {
        int size = config.outbox().batchSize();
        long total = 0;
        int batches = 0;
        List<Row> batch = database.submit(() -> table.claim(0, size)).get(); // after any mark still running
        Future<?> marking = CompletableFuture.completedFuture(null);
        while (!batch.isEmpty() && !stopping) {
            if (++batches % SESSION_CHECK_BATCHES == 0 || sessionCheckDue()) {
                if (!checkSession()) {
                    marking.get();
                    LOG.warn("Outbox relay lost its database session while draining: giving up leadership");
                    resign();
                    return total;
                }
            }
            long after = batch.get(batch.size() - 1).id();
            Future<List<Row>> next = database.submit(() -> table.claim(after, size)); // claim k+1 ...
            Delivery delivery = sender.send(batch); // ... while batch k travels and is acknowledged
            marking.get(); // batch k-1 marked
            marking = database.submit(() -> mark(delivery));
            total += delivery.published().size();
            batch = delivery.refused().isEmpty() ? next.get() : database.submit(() -> table.claim(0, size)).get();
        }
        marking.get();
        return total;
    }

    /** Batches between two checks of the lock's session within one drain. */
    static final int SESSION_CHECK_BATCHES = 10;

    private boolean sessionCheckDue() {
        return Instant.now().isAfter(sessionCheckedAt.plus(config.outbox().leaderSessionTimeout().dividedBy(4)));
    }

    private boolean checkSession() {
        if (leadership.sessionAlive()) {
            sessionCheckedAt = Instant.now();
            return true;
        }
        return false;
    }

    /** While backing off: keeps the lock's session in use, or gives leadership up if the session is gone. */
    private synchronized void keepLeadership() {
        if (leading && !stopping && !checkSession()) {
            LOG.warn("Outbox relay lost its database session: giving up leadership");
            resign();
        }
    }

    private Void mark(Delivery delivery) throws Exception {
        table.markPublished(delivery.published());
        published.increment(delivery.published().size());
        if (!delivery.published().isEmpty()) {
            lastPublishedAt.set(Instant.now());
        }
        if (!delivery.refused().isEmpty()) {
            var outbox = config.outbox();
            for (SetAside row : table.setAside(delivery.refused(), outbox.maxAttempts(), outbox.parkAfter(),
                    outbox.initialBackoff(), outbox.maxBackoff())) {
                if (row.parked()) {
                    LOG.errorf("Outbox event %s (%s to %s) parked after %d refusals: %s. Fix the cause, then set it "
                            + "back to PENDING (platform/README.md).", row.row().eventId(), row.row().type(),
                            row.row().topic(), row.attempts(), row.reason());
                } else {
                    LOG.warnf("Kafka refused outbox event %s (attempt %d): %s", row.row().eventId(), row.attempts(),
                            row.reason());
                }
            }
        }
        return null;
    }

    /** Keeps leadership while its session lives; otherwise gives it up cleanly, or takes it if it is free. */
    private boolean lead() throws Exception {
        if (leading) {
            if (checkSession()) {
                return true;
            }
            LOG.warn("Outbox relay lost its database session: giving up leadership");
            resign();
            return false; // another replica may take over at its next poll; we try again at ours
        }
        if (leadership.tryTake()) {
            leading = true;
            sessionCheckedAt = Instant.now();
            leaderships.increment();
            LOG.info("Outbox relay: this instance is now the leader");
        }
        return leading;
    }

    private void resign() {
        leading = false;
        sender.close();
        leadership.release();
    }

    private void succeeded() {
        if (lastError.getAndSet(null) != null) {
            LOG.infof("Outbox relay recovered: publishing to Kafka again");
        }
        backoff = config.outbox().initialBackoff();
        nextAttempt = Instant.EPOCH;
    }

    private void failed(Throwable e) {
        failures.increment();
        String message = rootMessage(e);
        if (!message.equals(lastError.getAndSet(message))) {
            LOG.warnf("Outbox relay could not publish (%s); retrying in %s", message, backoff);
        }
        nextAttempt = Instant.now().plus(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : doubled;
        sender.close(); // a fresh producer next time; it aborts whatever the failed one left open
    }

    @Scheduled(every = "${frontline.outbox.prune-interval:10m}", delay = 30, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPrune() {
        int deleted = prune();
        if (deleted > 0) {
            LOG.debugf("Pruned %d published outbox rows", deleted);
        }
    }

    /** Deletes published events older than the retention from the published log; returns how many. */
    public int prune() {
        try {
            return table.prune(config.outbox().retention());
        } catch (Exception e) {
            LOG.warnf("could not prune the published outbox log: %s", e.getMessage());
            return 0;
        }
    }

    /**
     * Counts pending and parked rows if the last count is older than {@code frontline.outbox.count-interval} (the
     * leader) or four times that (a standby). The gauges and the health check show the last count. A job of its
     * own, not part of {@link #poll()}: while the broker is away a poll can wait in a send for the whole delivery
     * timeout, and the backlog must keep being counted exactly then.
     */
    @Scheduled(every = "${frontline.outbox.poll-interval:1s}", delay = 1, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshCountsIfDue() {
        Instant last = countedAt;
        Duration every = config.outbox().countInterval();
        if (last == null || !Instant.now().isBefore(last.plus(leading ? every : every.multipliedBy(4)))) {
            refreshCounts();
        }
    }

    /** Counts pending and parked rows now (a scan of the outbox: the poll does it every count-interval). */
    public void refreshCounts() {
        try {
            OutboxTable.Counts counts = table.counts();
            pending.set(counts.pending());
            parked.set(counts.parked());
            countedAt = Instant.now();
        } catch (Exception e) {
            LOG.debugf("could not count the outbox: %s", e.getMessage());
        }
    }

    /** When {@link #pending()} and {@link #parked()} were counted, or null if not yet. */
    public Instant countedAt() {
        return countedAt;
    }

    public long pending() {
        return pending.get();
    }

    public long parked() {
        return parked.get();
    }

    /** Whether this instance is the relay leader (holds the lock); the others stand by. */
    public boolean leading() {
        return leading;
    }

    public Instant lastPublishedAt() {
        return lastPublishedAt.get();
    }

    /** Why the last attempt failed, or null if it succeeded. */
    public String lastError() {
        return lastError.get();
    }

    @PreDestroy
    void shutdown() {
        stopping = true;
        wakeUps.shutdown();
        synchronized (this) {
            leading = false;
            sender.close(Duration.ofSeconds(5));
            leadership.release();
        }
        database.shutdown();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
