package org.frontline.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.db.DatabaseFailures;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.frontline.platform.events.CloudEvents;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Idempotent consumption. Delivery is at least once; the inbox makes the effect happen once: it records
 * the event id in the same transaction as the effect and skips ids it has recorded before.
 *
 * <pre>{@code
 * @Incoming(GatewayTopics.SCREENING)
 * @Blocking(ordered = true)
 * public void on(ConsumerRecord<String, String> record) {
 *     inbox.apply("city-picture", record, event -> picture.count(event));
 * }
 * }</pre>
 *
 * An exception from the effect rolls back both. What happens next depends on why it failed:
 * <ul>
 * <li>a transient database failure (see {@link DatabaseFailures}: lost connection, serialization failure,
 * deadlock, shutdown) — or an optimistic lock failure (a concurrent writer changed a versioned row; the retry
 * re-reads it, see {@link DatabaseFailures#isConcurrentUpdate}) — is retried with a growing pause ({@code frontline.inbox.retry-backoff}, doubling up to
 * {@code retry-max-backoff}) <em>without an attempt limit</em>: the database is expected back. Meanwhile the
 * calling thread waits, so the channel takes no further records and the Kafka connector pauses its partitions
 * (back-pressure) while it keeps polling, so the consumer stays in its group;</li>
 * <li>once the application is stopping ({@link ApplicationStopping}) the inbox neither starts new work nor
 * retries: it throws {@link ApplicationStoppingException}, and the channel's failure strategy
 * ({@link InboxFailureStrategy}) leaves the record uncommitted, to be applied after the restart;</li>
 * <li>anything else — a {@link PoisonMessageException}, a malformed envelope, a non-transient failure of the
 * effect — propagates at once, and the failure strategy sends the record to the channel's dead-letter topic.</li>
 * </ul>
 * Called inside a transaction of its own caller, the inbox cannot retry (that transaction is spoiled) and
 * leaves it to the caller.
 *
 * <p>A consumer that must keep up with a busy topic applies whole polled batches with {@link #applyBatch}: one
 * transaction and one inbox statement per batch, records of types it does not read skipped unparsed.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final FrontlineConfig config;
    private final ApplicationStopping stopping;

    private final DeadLetters deadLetters;

    public Inbox(EntityManager em, ObjectMapper mapper, FrontlineConfig config, ApplicationStopping stopping,
            DeadLetters deadLetters) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.stopping = stopping;
        this.deadLetters = deadLetters;
    }

    /**
     * Applies a polled batch (SmallRye Kafka {@code batch=true}, method parameter
     * {@code ConsumerRecords<String, String>}; a {@code List<ConsumerRecord>} parameter would receive the payloads):
     * the effect once per event id, in record order (per partition), for the records
     * whose {@code ce_type} {@code relevantType} accepts. Returns how many events it applied.
     * <ul>
     * <li>Records of other types are skipped without parsing their data and leave no inbox row.</li>
     * <li>One transaction and one inbox statement for the whole batch ({@code insert … select from unnest(…) on
     * conflict do nothing returning event_id}); a duplicate inside the batch or an event applied before is skipped.</li>
     * <li>Transient database failure or optimistic lock failure: the whole batch is retried, pause doubling, no
     * attempt limit, as {@link #apply}. The application stopping: {@link ApplicationStoppingException} (the batch
     * stays uncommitted; the failure strategy {@code frontline-inbox} leaves every record of it uncommitted).</li>
     * <li>A record that is not a CloudEvent, or any other failure of the effect: the batch falls back to applying its
     * records one by one with {@link #apply}, so the good records apply and only the poison one is set aside. The
     * connector's batch mode cannot dead-letter one record of a batch (a nack reaches every record of it), so the
     * inbox itself sends the poison record to {@code <topic>.dlq} with the headers SmallRye's dead-letter strategy
     * writes ({@link DeadLetters}), after the batch's transaction committed and before the method returns (the
     * batch's offsets are committed after that).</li>
     * </ul>
     * Must not be called inside a transaction.
     */
    public int applyBatch(String consumer, Iterable<ConsumerRecord<String, String>> records, Predicate<String> relevantType,
            Consumer<InboundEvent> effect) {
        return applyBatchAll(consumer, records, relevantType, events -> events.forEach(effect));
    }

    /**
     * {@link #applyBatch}, with an effect that takes the batch's new events at once (in record order, inside the
     * batch's transaction), so it can write them with a few set-based statements instead of a few per event. In the
     * record-by-record fallback it is called with one event at a time.
     */
    public int applyBatchAll(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Predicate<String> relevantType, Consumer<List<InboundEvent>> effect) {
        return applyBatchAll(consumer, records, relevantType, () -> { }, effect);
    }

    /**
     * {@link #applyBatchAll(String, Iterable, Predicate, Consumer)}, with {@code first} run as the first statement(s)
     * of every transaction the batch opens — the batch's transaction, each retry of it, and each transaction of the
     * record-by-record fallback — before the inbox insert. Use it to take a lock the effect needs, so that the
     * transaction holds no inbox rows while it waits for the lock (another transaction holding the lock could
     * otherwise wait for those uncommitted inbox rows: a deadlock that an advisory lock does not detect).
     * {@code first} is not run when no record of the batch is relevant.
     */
    public int applyBatchAll(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Predicate<String> relevantType, Runnable first, Consumer<List<InboundEvent>> effect) {
        List<InboundEvent> events = new ArrayList<>();
        List<ConsumerRecord<String, String>> relevant = new ArrayList<>();
        Map<ConsumerRecord<String, String>, RuntimeException> poison = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String type = header(record, CloudEvents.H_TYPE);
            if (type != null && !relevantType.test(type)) {
                continue; // not read by this consumer: not parsed, no inbox row
            }
            try {
                events.add(InboundEvent.from(record, mapper));
                relevant.add(record);
            } catch (RuntimeException e) {
                poison.put(record, e); // not a CloudEvent: cannot apply however often it is retried
            }
        }
        int applied = 0;
        if (!events.isEmpty()) {
            try {
                applied = retrying(consumer, "a batch of " + events.size() + " events",
                        () -> applyBatchOnce(consumer, events, first, effect));
            } catch (ApplicationStoppingException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warnf("%s could not apply a batch of %d events (%s); applying them one by one to find the "
                        + "record that fails", consumer, events.size(), e.toString());
                applied = 0;
                for (int i = 0; i < relevant.size(); i++) {
                    try {
                        if (apply(consumer, events.get(i), first, one -> effect.accept(List.of(one)))) {
                            applied++;
                        }
                    } catch (ApplicationStoppingException stop) {
                        throw stop;
                    } catch (RuntimeException failure) {
                        poison.put(relevant.get(i), failure);
                    }
                }
            }
        }
        poison.forEach(deadLetters::send);
        return applied;
    }

    private int applyBatchOnce(String consumer, List<InboundEvent> events, Runnable first,
            Consumer<List<InboundEvent>> effect) {
        return QuarkusTransaction.requiringNew().call(() -> {
            first.run();
            Map<UUID, String> distinct = new LinkedHashMap<>();
            for (InboundEvent e : events) {
                distinct.putIfAbsent(e.id(), e.type());
            }
            @SuppressWarnings("unchecked")
            List<Object> inserted = em.createNativeQuery("""
                    insert into inbox (consumer, event_id, event_type)
                    select ?1, cast(t.id as uuid), t.type
                    from unnest(string_to_array(?2, ','), string_to_array(?3, ',')) as t(id, type)
                    on conflict (consumer, event_id) do nothing
                    returning event_id
                    """)
                    .setParameter(1, consumer)
                    .setParameter(2, distinct.keySet().stream().map(UUID::toString).collect(Collectors.joining(",")))
                    .setParameter(3, String.join(",", distinct.values()))
                    .getResultList();
            Set<UUID> fresh = new HashSet<>();
            for (Object id : inserted) {
                fresh.add(id instanceof UUID u ? u : UUID.fromString(id.toString()));
            }
            List<InboundEvent> applied = new ArrayList<>(fresh.size());
            for (InboundEvent event : events) {
                if (fresh.remove(event.id())) { // the first of its id in the batch; a repeat finds it removed
                    applied.add(event);
                }
            }
            if (!applied.isEmpty()) {
                effect.accept(applied);
            }
            return applied.size();
        });
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * {@link #apply}, for a consumer that reads only some types of a topic: a record whose {@code ce_type}
     * {@code relevantType} refuses is skipped before the inbox (not parsed, no transaction, no inbox row), as in
     * {@link #applyBatch}. A record without {@code ce_type} goes to {@link #apply}, which refuses it as it should.
     */
    public boolean apply(String consumer, ConsumerRecord<String, String> record, Predicate<String> relevantType,
            Consumer<InboundEvent> effect) {
        String type = header(record, CloudEvents.H_TYPE);
        if (type != null && !relevantType.test(type)) {
            return false;
        }
        return apply(consumer, record, effect);
    }

    /** Applies the effect unless this consumer applied the event before; returns whether it did. */
    public boolean apply(String consumer, ConsumerRecord<String, String> record, Consumer<InboundEvent> effect) {
        InboundEvent event = InboundEvent.from(record, mapper);
        return apply(consumer, event, effect);
    }

    public boolean apply(String consumer, InboundEvent event, Consumer<InboundEvent> effect) {
        return apply(consumer, event, () -> { }, effect);
    }

    /**
     * {@link #apply(String, InboundEvent, Consumer)}, with {@code first} run inside the transaction before the inbox
     * insert (see {@link #applyBatchAll(String, Iterable, Predicate, Runnable, Consumer)}).
     */
    public boolean apply(String consumer, InboundEvent event, Runnable first, Consumer<InboundEvent> effect) {
        if (QuarkusTransaction.isActive()) {
            return applyOnce(consumer, event, first, effect);
        }
        return retrying(consumer, "event " + event.id() + " (" + event.type() + ")",
                () -> applyOnce(consumer, event, first, effect));
    }

    /**
     * Runs {@code work} (its own transaction) until it succeeds: transient database failures and optimistic lock
     * failures are retried with a growing pause and no attempt limit; the application stopping ends it with
     * {@link ApplicationStoppingException}; anything else propagates at once.
     */
    private <T> T retrying(String consumer, String what, java.util.function.Supplier<T> work) {
        long pause = config.inbox().retryBackoff().toMillis();
        long maxPause = Math.max(pause, config.inbox().retryMaxBackoff().toMillis());
        for (int attempt = 1;; attempt++) {
            if (stopping.isStopping()) {
                throw new ApplicationStoppingException(consumer + " did not apply " + what
                        + ": the application is stopping; the record stays uncommitted", null);
            }
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (stopping.isStopping()) {
                    // whatever broke (a closed EntityManagerFactory, a closed pool) broke because we are going away
                    throw new ApplicationStoppingException(consumer + " could not apply " + what
                            + " while the application stops; the record stays uncommitted", e);
                }
                // a concurrent writer's optimistic lock failure is retried as well: the retry re-reads its result
                if (e instanceof PoisonMessageException
                        || !(DatabaseFailures.isTransient(e) || DatabaseFailures.isConcurrentUpdate(e))) {
                    throw e;
                }
                LOG.warnf("%s could not apply %s, attempt %d, database failing transiently or a "
                        + "concurrent update; retrying in %d ms: %s", consumer, what, attempt, pause,
                        DatabaseFailures.describe(e));
                try {
                    stopping.awaitStopping(java.time.Duration.ofMillis(pause));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ApplicationStoppingException(consumer + " was interrupted while waiting for the "
                            + "database; " + what + " stays uncommitted", e);
                }
                pause = Math.min(pause * 2, maxPause);
            }
        }
    }

    private boolean applyOnce(String consumer, InboundEvent event, Runnable first, Consumer<InboundEvent> effect) {
        boolean applied = QuarkusTransaction.joiningExisting().call(() -> {
            first.run();
            int inserted = em.createNativeQuery("""
                    insert into inbox (consumer, event_id, event_type) values (?1, ?2, ?3)
                    on conflict (consumer, event_id) do nothing
                    """)
                    .setParameter(1, consumer)
                    .setParameter(2, event.id())
                    .setParameter(3, event.type())
                    .executeUpdate();
            if (inserted == 0) {
                return false;
            }
            effect.accept(event);
            return true;
        });
        if (!applied) {
            LOG.debugf("%s skipped event %s (%s): already applied", consumer, event.id(), event.type());
        }
        return applied;
    }

    /** Forgets event ids older than the retention; a redelivery older than that is not expected. */
    @Scheduled(every = "${frontline.inbox.prune-interval:1h}", delay = 60, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        if (stopping.isStopping()) {
            return; // the datasource may already be closed
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from inbox where processed_at < now() - make_interval(secs => ?1)")
                .setParameter(1, config.inbox().retention().toSeconds())
                .executeUpdate());
    }
}
