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
            @Schema(description = "When the gateway last applied an event; null before the first", nullable = true)
            OffsetDateTime lastEventAppliedAt,
            @Schema(description = "Whether every consumer is connected to the broker; if not, the picture may be behind")
            boolean consumersConnected,
            List<String> disconnectedChannels) {
    }

    private final EntityManager em;
    private final KafkaClientService kafka;

    public PictureFreshness(EntityManager em, KafkaClientService kafka) {
        this.em = em;
        this.kafka = kafka;
    }

    public Freshness now() {
        List<String> disconnected = EventStreamConsumer.CHANNELS.stream().filter(c -> !connected(c)).toList();
        return new Freshness(lastEventAppliedAt(), disconnected.isEmpty(), disconnected);
    }

    private OffsetDateTime lastEventAppliedAt() {
        // served by the inbox's processed_at index, read backwards until the first row of this consumer
        Object last = em.createNativeQuery("select max(processed_at) from inbox where consumer = ?1")
                .setParameter(1, EventStreamConsumer.CONSUMER).getSingleResult();
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
