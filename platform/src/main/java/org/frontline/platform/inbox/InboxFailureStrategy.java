package org.frontline.platform.inbox;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.frontline.platform.db.DatabaseFailures;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * The failure strategy of every channel a service consumes through the {@link Inbox}
 * ({@code mp.messaging.incoming.<channel>.failure-strategy=frontline-inbox}). It decides what a failed record
 * means:
 * <ul>
 * <li>the application is stopping, or the failure is transient (a database that will be back): the record is
 * neither acknowledged nor dead-lettered. Its offset stays uncommitted (the throttled commit strategy commits
 * only below the oldest unacknowledged record of a partition), so it is delivered again after the restart and
 * the inbox absorbs any repeats;</li>
 * <li>anything else can never apply: it goes to {@code dead-letter-queue.topic} with the reason, then is
 * acknowledged — exactly SmallRye's {@code dead-letter-queue} strategy, which this one delegates to.</li>
 * </ul>
 */
@ApplicationScoped
@Identifier(InboxFailureStrategy.NAME)
public class InboxFailureStrategy implements KafkaFailureHandler.Factory {

    public static final String NAME = "frontline-inbox";

    private static final Logger LOG = Logger.getLogger(InboxFailureStrategy.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    @Inject
    ApplicationStopping stopping;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler deadLetters = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        String channel = config.getChannel();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (mustStayUncommitted(reason)) {
                    LOG.infof("%s: record %s-%d@%d left uncommitted, delivered again after a restart (%s)", channel,
                            record.getTopic(), record.getPartition(), record.getOffset(),
                            DatabaseFailures.describe(reason));
                    return Uni.createFrom().voidItem();
                }
                return deadLetters.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                deadLetters.terminate();
            }
        };
    }

    boolean mustStayUncommitted(Throwable reason) {
        return stopping.isStopping() || reason instanceof ApplicationStoppingException
                || (!(reason instanceof PoisonMessageException) && DatabaseFailures.isTransient(reason));
    }
}
