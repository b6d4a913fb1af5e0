package org.frontline.gateway.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontline.gateway.events.EventStreamConsumer;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * How fresh the city picture is: when the gateway last applied an event, and whether its consumers are
 * connected to the broker. The gateway keeps answering from its database while Kafka is away; clients read
 * this to know the picture may be behind.
 */
@ApplicationScoped
public class PictureFreshness {

    public record Freshness(
            @Schema(description = "The time (the event's own) of the newest event the picture reflects; null before the first",
                    nullable = true)
            OffsetDateTime newestEventAt,
            @Schema(description = "When the gateway last applied an event; null before the first", nullable = true)
            OffsetDateTime lastEventAppliedAt,
            @Schema(description = "How many events the picture has applied since it was (re)built")
            long eventsApplied,
            @Schema(description = "Whether every consumer is connected to the broker; if not, the picture may be behind")
            boolean consumersConnected,
            List<String> disconnectedChannels) {
    }

    /** A response body that says how fresh it is; {@code FreshnessHeader} copies it into the response header. */
    public interface Fresh {
        Freshness freshness();
    }

    private final EntityManager em;
    private final KafkaClientService kafka;

    public PictureFreshness(EntityManager em, KafkaClientService kafka) {
        this.em = em;
        this.kafka = kafka;
    }

    public Freshness now() {
        List<String> disconnected = EventStreamConsumer.CHANNELS.stream().filter(c -> !connected(c)).toList();
        // the projection keeps this one row in the transaction of each batch it applies (package A)
        Object[] row = (Object[]) em.createNativeQuery(
                "select newest_event_at, last_applied_at, events_applied from projection_state where id = 1")
                .getSingleResult();
        return new Freshness(time(row[0]), time(row[1]), ((Number) row[2]).longValue(), disconnected.isEmpty(),
                disconnected);
    }

    /** The time of the newest event the picture reflects; null before the first (reports carry it without the rest). */
    public OffsetDateTime newestEventAt() {
        List<?> found = em.createNativeQuery("select newest_event_at from projection_state where id = 1")
                .getResultList();
        return found.isEmpty() ? null : time(found.get(0));
    }

    private static OffsetDateTime time(Object last) {
        if (last instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        if (last instanceof OffsetDateTime time) {
            return time;
        }
        if (last instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
    }

    /** A channel is connected while its consumer holds an open connection to a broker (the client's own metric). */
    private boolean connected(String channel) {
        List<KafkaConsumer<Object, Object>> consumers = kafka.getConsumers(channel);
        if (consumers == null || consumers.isEmpty()) {
            return false;
        }
        return consumers.stream().allMatch(consumer -> {
            var client = consumer.unwrap();
            if (client == null) {
                return false;
            }
            for (var entry : client.metrics().entrySet()) {
                MetricName name = entry.getKey();
                if ("connection-count".equals(name.name()) && "consumer-metrics".equals(name.group())) {
                    Metric metric = entry.getValue();
                    return metric.metricValue() instanceof Double d && d > 0;
                }
            }
            return false;
        });
    }
}
