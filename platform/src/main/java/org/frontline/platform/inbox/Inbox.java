package org.frontline.platform.inbox;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.db.DatabaseFailures;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final FrontlineConfig config;
    private final ApplicationStopping stopping;

    public Inbox(EntityManager em, ObjectMapper mapper, FrontlineConfig config, ApplicationStopping stopping) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.stopping = stopping;
    }

    /** Applies the effect unless this consumer applied the event before; returns whether it did. */
    public boolean apply(String consumer, ConsumerRecord<String, String> record, Consumer<InboundEvent> effect) {
        InboundEvent event = InboundEvent.from(record, mapper);
        return apply(consumer, event, effect);
    }

    public boolean apply(String consumer, InboundEvent event, Consumer<InboundEvent> effect) {
        if (QuarkusTransaction.isActive()) {
            return applyOnce(consumer, event, effect);
        }
        long pause = config.inbox().retryBackoff().toMillis();
        long maxPause = Math.max(pause, config.inbox().retryMaxBackoff().toMillis());
        for (int attempt = 1;; attempt++) {
            if (stopping.isStopping()) {
                throw new ApplicationStoppingException(consumer + " did not apply event " + event.id()
                        + ": the application is stopping; the record stays uncommitted", null);
            }
            try {
                return applyOnce(consumer, event, effect);
            } catch (RuntimeException e) {
                if (stopping.isStopping()) {
                    // whatever broke (a closed EntityManagerFactory, a closed pool) broke because we are going away
                    throw new ApplicationStoppingException(consumer + " could not apply event " + event.id()
                            + " while the application stops; the record stays uncommitted", e);
                }
                // a concurrent writer's optimistic lock failure is retried as well: the retry re-reads its result
                if (e instanceof PoisonMessageException
                        || !(DatabaseFailures.isTransient(e) || DatabaseFailures.isConcurrentUpdate(e))) {
                    throw e;
                }
                LOG.warnf("%s could not apply event %s (%s), attempt %d, database failing transiently or a "
                        + "concurrent update; "
                        + "retrying in %d ms: %s", consumer, event.id(), event.type(), attempt, pause,
                        DatabaseFailures.describe(e));
                try {
                    stopping.awaitStopping(java.time.Duration.ofMillis(pause));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ApplicationStoppingException(consumer + " was interrupted while waiting for the "
                            + "database; event " + event.id() + " stays uncommitted", e);
                }
                pause = Math.min(pause * 2, maxPause);
            }
        }
    }

    private boolean applyOnce(String consumer, InboundEvent event, Consumer<InboundEvent> effect) {
        boolean applied = QuarkusTransaction.joiningExisting().call(() -> {
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
