package org.frontline.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.events.KafkaClientSettings;
import org.jboss.logging.Logger;

/**
 * Sets one record of a polled batch aside on {@code <topic>.dlq}, as SmallRye's {@code dead-letter-queue} strategy
 * would: same key, value and headers, plus {@code dead-letter-reason}, {@code -cause}, {@code -exception-class-name},
 * {@code -cause-class-name}, {@code -topic}, {@code -partition}, {@code -offset}. Needed because the connector's batch
 * mode can only nack a whole batch (every record of it would go to the dead-letter topic), see
 * {@link Inbox#applyBatch}. {@link DeadLetterRedrive} copies these back like any other.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Config config;
    private final FrontlineConfig frontline;
    private final ApplicationStopping stopping;
    private volatile KafkaProducer<String, String> producer;

    public DeadLetters(Config config, FrontlineConfig frontline, ApplicationStopping stopping) {
        this.config = config;
        this.frontline = frontline;
        this.stopping = stopping;
    }

    /**
     * Sends the record to {@code <its topic>.dlq} and waits for the broker's acknowledgement, retrying (growing
     * pause, no attempt limit) while the broker is away, so the batch's offset is committed only after the dead
     * letter is safe. Throws {@link ApplicationStoppingException} once the application stops (the record stays
     * uncommitted and is dead-lettered again after the restart).
     */
    public void send(ConsumerRecord<String, String> record, Throwable reason) {
        String topic = record.topic() + DeadLetterRedrive.DLQ_SUFFIX;
        var letter = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header h : record.headers()) {
            letter.headers().add(h.key(), h.value());
        }
        header(letter, "dead-letter-reason", reason.getMessage() == null ? reason.toString() : reason.getMessage());
        header(letter, "dead-letter-exception-class-name", reason.getClass().getName());
        if (reason.getCause() != null) {
            header(letter, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
            header(letter, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
        }
        header(letter, "dead-letter-topic", record.topic());
        header(letter, "dead-letter-partition", Integer.toString(record.partition()));
        header(letter, "dead-letter-offset", Long.toString(record.offset()));
        long pause = frontline.inbox().retryBackoff().toMillis();
        long maxPause = Math.max(pause, frontline.inbox().retryMaxBackoff().toMillis());
        for (int attempt = 1;; attempt++) {
            if (stopping.isStopping()) {
                throw new ApplicationStoppingException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " not dead-lettered: the application is stopping", reason);
            }
            try {
                producer().send(letter).get(30, TimeUnit.SECONDS);
                LOG.warnf("%s-%d@%d (%s) dead-lettered to %s: %s", record.topic(), record.partition(), record.offset(),
                        record.key(), topic, reason.toString());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplicationStoppingException("interrupted while dead-lettering", e);
            } catch (Exception e) {
                LOG.warnf("could not dead-letter %s-%d@%d to %s (attempt %d), retrying in %d ms: %s", record.topic(),
                        record.partition(), record.offset(), topic, attempt, pause, e.toString());
                try {
                    stopping.awaitStopping(Duration.ofMillis(pause));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ApplicationStoppingException("interrupted while dead-lettering", e);
                }
                pause = Math.min(pause * 2, maxPause);
            }
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> settings = new HashMap<>(KafkaClientSettings.from(config));
                    settings.put(ProducerConfig.ACKS_CONFIG, "all");
                    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    settings.put(ProducerConfig.CLIENT_ID_CONFIG, frontline.service() + "-dead-letters");
                    producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
