package org.frontline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The projection's own throughput (docs/benchmarks.md "Gateway projection"): N ResidentScreened events over 6,000
 * communities produced to screening.events as screening-service's relay publishes them; the rate is events applied
 * (projection_state.events_applied) from the first to the last applied, as the four live consumers run. Not part of
 * the suite (no {@code Tests} suffix): {@code -Dtest=ProjectionBenchmark -Dbench.events=200000}.
 */
@QuarkusTest
@FrontlineTest
class ProjectionBenchmark {

    @Inject
    EntityManager em;

    long applied() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select events_applied from projection_state where id = 1").getSingleResult()).longValue());
    }

    @Test
    void projectionApplyRate() throws Exception {
        int events = Integer.getInteger("bench.events", 200_000);
        int communities = 6_000;
        long base = applied();
        String[] codes = new String[communities];
        for (int i = 0; i < communities; i++) {
            // 60 streets of 100 communities in the bench district 310121
            codes[i] = String.format("310121%03d%03d", 100 + i / 100, 1 + i % 100);
        }
        String[] outcomes = {"NORMAL", "NORMAL", "NORMAL", "FEVER", "SUSPECTED", "REFERRED"};
        OffsetDateTime day = OffsetDateTime.of(2026, 9, 1, 9, 0, 0, 0, ZoneOffset.ofHours(8));
        long produceStart = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers(),
                "linger.ms", 20, "batch.size", 262144, "compression.type", "lz4"), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                String c = codes[i % communities];
                OffsetDateTime at = day.plusMinutes(i % (7 * 24 * 60));
                producer.send(TestEvents.cloudEvent("screening.events", UUID.randomUUID().toString(), "/screening",
                        "frontline.screening.ResidentScreened.v1", c, at.toString(),
                        "{\"screeningId\":\"" + UUID.randomUUID() + "\",\"residentId\":\"" + UUID.randomUUID()
                                + "\",\"communityCode\":\"" + c + "\",\"channel\":\"DOOR_TO_DOOR\","
                                + "\"temperatureCelsius\":36.6,\"outcome\":\"" + outcomes[i % outcomes.length]
                                + "\",\"screenedAt\":\"" + at + "\"}"));
            }
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        long first = 0;
        long firstCount = 0;
        long last = 0;
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long done = applied() - base;
            if (first == 0 && done > 0) {
                first = now;
                firstCount = done;
            }
            if (done >= events) {
                last = now;
                break;
            }
            Thread.sleep(100);
        }
        assertThat(last).as("all events applied").isPositive();
        double seconds = (last - first) / 1e9;
        double rate = (events - firstCount) / seconds;
        System.out.printf("%nPROJECTION BENCHMARK: %d events over %d communities; produced in %.1f s; applied %d in "
                + "%.1f s from the first to the last applied = %.0f events/s%n%n", events, communities, produceSeconds,
                events - firstCount, seconds, rate);
    }
}
