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
 * @Blocking
 * public void on(ConsumerRecord<String, String> record) {
 *     inbox.apply("city-picture", record, event -> picture.count(event));
 * }
 * }</pre>
 *
 * An exception from the effect rolls back both. A transient database failure (see {@link DatabaseFailures})
 * is retried with a growing pause, up to {@code frontline.inbox.max-attempts}; any other exception, or the
 * last transient one, propagates, so the messaging layer sends the record to the channel's dead-letter topic.
 * Called inside a transaction of its own caller, the inbox cannot retry (that transaction is spoiled) and
 * leaves it to the caller.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final long MAX_PAUSE_MILLIS = 5000;

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final FrontlineConfig config;

    public Inbox(EntityManager em, ObjectMapper mapper, FrontlineConfig config) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
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
        for (int attempt = 1;; attempt++) {
            try {
                return applyOnce(consumer, event, effect);
            } catch (RuntimeException e) {
                boolean retry = !(e instanceof PoisonMessageException) && DatabaseFailures.isTransient(e);
                if (!retry || attempt >= config.inbox().maxAttempts()) {
                    throw e;
                }
                LOG.warnf("%s could not apply event %s (%s), attempt %d of %d, retrying in %d ms: %s", consumer,
                        event.id(), event.type(), attempt, config.inbox().maxAttempts(), pause,
                        DatabaseFailures.describe(e));
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
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
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from inbox where processed_at < now() - make_interval(secs => ?1)")
                .setParameter(1, config.inbox().retention().toSeconds())
                .executeUpdate());
    }
}
