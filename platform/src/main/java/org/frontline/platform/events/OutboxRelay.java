package org.frontline.platform.events;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontline.platform.config.FrontlineConfig;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes outbox rows to Kafka, in insertion order, and marks them published only after the broker
 * acknowledged them ({@code acks=all}, idempotent, transactional producer: one Kafka transaction a batch).
 *
 * <p>One relay is active per database at a time (a session advisory lock held while it drains), so several
 * replicas of a service never interleave one key's events, and the producer's transactional id fences out a
 * stalled former relay. Because only the leader touches pending rows, it claims them by id order without
 * row locks (the next batch starts after the last id of the current one); {@code FOR UPDATE SKIP LOCKED}
 * cost a row lock write per event for no extra safety (measured: docs/benchmarks.md). Published rows move
 * to the narrow {@code outbox_published} log.
 * When the broker is down the batch fails, nothing is marked, and the relay backs off exponentially.
 * Per key, order holds because all of a key's rows go to one partition through one idempotent producer
 * (at most 5 requests in flight, which Kafka keeps in order across retries).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant shared by every replica of a service (each service has its own database). */
    private static final long RELAY_LOCK = 0x46726f6e746c696eL;

    private final AgroalDataSource dataSource;
    private final FrontlineConfig config;
    private final String bootstrapServers;
    private final Event<OutboxBatchSent> batchSent;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<Instant> lastPublishedAt = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Counter published;
    private final Counter failures;

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile Duration backoff;
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The relay's database side (claims and marks), so it overlaps with the Kafka side. */
    private final java.util.concurrent.ExecutorService database = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-db");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ExecutorService wakeExecutor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });

    public OutboxRelay(AgroalDataSource dataSource, FrontlineConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            Event<OutboxBatchSent> batchSent) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.batchSent = batchSent;
        this.backoff = config.outbox().initialBackoff();
        Gauge.builder("frontline.outbox.pending", backlog, AtomicLong::get)
                .description("Events recorded in the outbox and not yet acknowledged by Kafka")
                .register(registry);
        this.published = Counter.builder("frontline.outbox.published")
                .description("Events acknowledged by Kafka and marked published").register(registry);
        this.failures = Counter.builder("frontline.outbox.publish.failures")
                .description("Relay batches that failed to publish").register(registry);
    }

    /** The safety net: finds rows whose wake-up was missed (e.g. written by another replica). */
    @Scheduled(every = "${frontline.outbox.poll-interval:1s}", delay = 1, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (ready()) {
            publishPending();
        }
    }

    /**
     * Called after a transaction that recorded events committed, so they leave at once instead of at the
     * next poll. Wake-ups that arrive while a drain is queued are coalesced.
     */
    public void wake() {
        if (ready() && wakeQueued.compareAndSet(false, true)) {
            try {
                wakeExecutor.execute(() -> {
                    wakeQueued.set(false);
                    publishPending();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false); // shutting down; the rows stay pending for the next start
            }
        }
    }

    private boolean ready() {
        return config.outbox().relayEnabled() && !stopping && !Instant.now().isBefore(nextAttempt);
    }

    /**
     * Publishes until no pending row is left (or a batch fails). Returns the number of events published.
     * Called by the scheduler; public for benchmarks and tests that want to drain synchronously.
     */
    public synchronized long publishPending() {
        long total = 0;
        try (Connection leader = dataSource.getConnection()) {
            if (!lock(leader, "pg_try_advisory_lock")) {
                return 0; // another replica is relaying
            }
            try {
                total = drain();
            } finally {
                lock(leader, "pg_advisory_unlock");
            }
            if (lastError.get() != null) {
                LOG.infof("Outbox relay recovered: publishing to Kafka again");
            }
            lastError.set(null);
            backoff = config.outbox().initialBackoff();
            nextAttempt = Instant.EPOCH;
        } catch (Exception e) {
            failures.increment();
            String message = rootMessage(e);
            if (!message.equals(lastError.getAndSet(message))) {
                LOG.warnf("Outbox relay could not publish (%s); retrying in %s", message, backoff);
            }
            nextAttempt = Instant.now().plus(backoff);
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : doubled;
            closeProducer();
        } finally {
            refreshBacklog();
        }
        return total;
    }

    /**
     * The pipeline, two threads: while this thread builds batch k for Kafka and waits for its commit, the
     * database thread marks batch k-1 and claims batch k+1. Order is kept: batch k is committed to Kafka only
     * after batch k-1 was committed there and marked; a batch is marked only after its Kafka commit, so
     * nothing is marked that the broker did not take.
     */
    private long drain() throws Exception {
        Claim current = claim(0);
        if (current == null) {
            return 0;
        }
        long total = 0;
        Future<Claim> nextClaim = null;
        Future<Integer> previousMark = null;
        try {
            KafkaProducer<String, byte[]> p = producer();
            while (true) {
                long after = current.rows().get(current.rows().size() - 1).id();
                nextClaim = stopping ? null : database.submit(() -> claim(after));
                send(p, current.rows());
                if (previousMark != null) {
                    total += previousMark.get(); // batch k-1 marked before batch k becomes visible
                    previousMark = null;
                }
                p.commitTransaction(); // waits for every acknowledgement of batch k
                batchSent.fire(new OutboxBatchSent(current.ids()));
                Claim sent = current;
                current = null;
                previousMark = database.submit(() -> {
                    sent.markPublished();
                    published.increment(sent.rows().size());
                    lastPublishedAt.set(Instant.now());
                    return sent.rows().size();
                });
                current = nextClaim == null ? null : nextClaim.get();
                nextClaim = null;
                if (current == null) {
                    total += previousMark.get();
                    previousMark = null;
                    return total;
                }
            }
        } catch (Exception e) {
            if (current != null) {
                current.abandon();
            }
            settle(nextClaim, previousMark);
            throw e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** After a failure: release a claim still being made, and let a mark in progress finish either way. */
    private static void settle(Future<Claim> nextClaim, Future<Integer> previousMark) {
        if (nextClaim != null) {
            try {
                Claim claimed = nextClaim.get();
                if (claimed != null) {
                    claimed.abandon();
                }
            } catch (Exception ignored) {
                // the claim failed: nothing is held
            }
        }
        if (previousMark != null) {
            try {
                previousMark.get();
            } catch (Exception ignored) {
                // the mark failed: those rows stay pending and are sent again, which consumers absorb
            }
        }
    }

    private static boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select " + function + "(?)")) {
            st.setLong(1, RELAY_LOCK);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Reads the next pending rows after {@code afterId}, in a transaction of their own that later moves them
     * to the published log. Returns null when nothing is pending.
     */
    private Claim claim(long afterId) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            // The relay's commits need not wait for the disk: a mark lost in a database crash only means the
            // rows are published again, which consumers absorb (inbox). Business writes stay durable.
            try (PreparedStatement st = c.prepareStatement("set local synchronous_commit = off")) {
                st.execute();
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    select id, event_id, topic, record_key, event_type, source, subject, occurred_at, payload, ctid::text
                    from outbox where status = 'PENDING' and id > ? order by id limit ?
                    """)) {
                st.setLong(1, afterId);
                st.setInt(2, config.outbox().batchSize());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10)));
                    }
                }
            }
            if (rows.isEmpty()) {
                c.rollback();
                c.close();
                return null;
            }
            return new Claim(c, rows);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } finally {
                c.close();
            }
            throw e;
        }
    }

    /** Claimed rows and the open transaction that locks them. */
    private record Claim(Connection connection, List<Row> rows) {

        List<Long> ids() {
            return rows.stream().map(Row::id).toList();
        }

        /** Moves the rows from the outbox to the narrow published log, and commits. */
        void markPublished() throws SQLException {
            try (Connection c = connection; PreparedStatement st = c.prepareStatement("""
                    with moved as (
                        delete from outbox where ctid = any(cast(? as tid[]))
                        returning event_id, topic, event_type, subject, occurred_at, created_at)
                    insert into outbox_published (event_id, topic, event_type, subject, occurred_at, created_at, published_at)
                    select event_id, topic, event_type, subject, occurred_at, created_at, now() from moved
                    """)) {
                st.setArray(1, c.createArrayOf("text", rows.stream().map(Row::tid).toArray()));
                st.executeUpdate();
                c.commit();
            }
        }

        /** Releases the rows unmarked: they stay pending and are sent again later. */
        void abandon() {
            try (Connection c = connection) {
                c.rollback();
            } catch (SQLException e) {
                LOG.debugf("rollback of an abandoned claim failed: %s", e.getMessage());
            }
        }
    }

    /**
     * Starts a Kafka transaction and hands the batch to the producer; {@link #drain} commits it. Either
     * every record of a batch becomes visible to ({@code read_committed}) consumers, or none does, so a
     * broker outage mid-batch never leaves half a batch behind to be sent again.
     */
    private static void send(KafkaProducer<String, byte[]> p, List<Row> rows) {
        p.beginTransaction();
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(),
                    row.payload().getBytes(StandardCharsets.UTF_8));
            header(record, CloudEvents.H_SPECVERSION, CloudEvents.SPEC_VERSION);
            header(record, CloudEvents.H_ID, row.eventId());
            header(record, CloudEvents.H_SOURCE, row.source());
            header(record, CloudEvents.H_TYPE, row.type());
            header(record, CloudEvents.H_SUBJECT, row.subject());
            header(record, CloudEvents.H_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.time()));
            header(record, CloudEvents.H_CONTENT_TYPE, CloudEvents.CONTENT_TYPE);
            p.send(record);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
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
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement st = c.prepareStatement(
                            "delete from outbox_published where published_at < now() - make_interval(secs => ?)")) {
                st.setLong(1, config.outbox().retention().toSeconds());
                return st.executeUpdate();
            }
        });
    }

    /** Counts pending rows now (cheap: a partial index covers them) and returns the count. */
    public long refreshBacklog() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select count(*) from outbox where status = 'PENDING'");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
        } catch (Exception e) {
            LOG.debugf("could not count the outbox backlog: %s", e.getMessage());
        }
        return backlog.get();
    }

    public long backlog() {
        return backlog.get();
    }

    public Instant lastPublishedAt() {
        return lastPublishedAt.get();
    }

    /** Why the last attempt failed, or null if it succeeded. */
    public String lastError() {
        return lastError.get();
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            int deliveryMs = (int) config.outbox().deliveryTimeout().toMillis();
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, config.service() + "-outbox-relay");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryMs / 2));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
            // one relay per service is active at a time (advisory lock); the transactional id also fences a
            // stalled former relay ("zombie") out of the topic
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.service() + "-outbox-relay");
            p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return p;
    }

    private void closeProducer() {
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }

    @PreDestroy
    void shutdown() {
        stopping = true;
        wakeExecutor.shutdown();
        database.shutdown();
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** {@code tid}: the row's physical address, stable while our claim holds its lock; marking by it skips the index. */
    private record Row(long id, String eventId, String topic, String key, String type, String source,
            String subject, OffsetDateTime time, String payload, String tid) {
    }
}
