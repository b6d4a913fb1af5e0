package org.frontline.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.events.Outbox;
import org.frontline.platform.events.OutboxRelay;
import org.frontline.platform.testapp.NoteWritten;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The cost of the outbox: events/s published by the relay (read rows, send in a Kafka transaction, mark
 * published) against events/s of a plain producer sending the same records to the same broker, in one run.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -pl platform -am verify -Dtest=OutboxBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events=50000}
 */
@QuarkusTest
@TestProfile(OutboxBenchmark.RelayDrivenByTheBenchmark.class)
class OutboxBenchmark {

    /**
     * The scheduled relay stays idle, so the rows written before timing are all still pending when it starts;
     * the test app's consumer is off, so both sides are timed on an otherwise idle machine.
     */
    public static class RelayDrivenByTheBenchmark implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the test app's consumer would compete for the two cores and the database while timing
            return Map.of("frontline.outbox.relay-enabled", "false", "mp.messaging.incoming.notes.enabled", "false",
                    "frontline.outbox.batch-size", System.getProperty("bench.batch-size", "2000"));
        }
    }

    static final String TOPIC = "testapp.events";

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void relayThroughputAgainstAPlainProducer() throws Exception {
        int events = Integer.getInteger("bench.events", 50_000);
        int rounds = Integer.getInteger("bench.rounds", 6);
        List<String> communities = List.of("310104012001", "310104012002", "310104013001", "310105001001",
                "310105001002", "310106003004");
        TestDatabase db = new TestDatabase(dataSource);
        relay.publishPending();

        StringBuilder report = new StringBuilder();
        List<Double> ratios = new java.util.ArrayList<>();
        List<Double> relayRates = new java.util.ArrayList<>();
        List<Double> plainRates = new java.util.ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // --- outbox: write the rows (not timed), then time the relay draining them ---------------
            int written = 0;
            while (written < events) {
                int batch = Math.min(1000, events - written);
                int start = written;
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = start; i < start + batch; i++) {
                        outbox.record(TOPIC, new NoteWritten(UUID.randomUUID(), communities.get(i % communities.size()), i));
                    }
                });
                written += batch;
            }
            if (db.count("select count(*) from outbox where status = 'PENDING'") < events) {
                throw new IllegalStateException("rows were published before timing started");
            }
            long t0 = System.nanoTime();
            while (db.count("select count(*) from outbox where status = 'PENDING'") > 0) {
                relay.publishPending();
            }
            double relaySeconds = (System.nanoTime() - t0) / 1e9;

            // --- plain producer: the same records, headers and keys, straight to the broker ----------
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
            long t1;
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.partitionsFor(TOPIC); // connect before timing
                t1 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    String community = communities.get(i % communities.size());
                    String payload = "{\"noteId\":\"" + UUID.randomUUID() + "\",\"communityCode\":\"" + community
                            + "\",\"seq\":" + i + "}";
                    var record = new ProducerRecord<String, byte[]>(TOPIC, community, payload.getBytes(StandardCharsets.UTF_8));
                    header(record, "ce_specversion", "1.0");
                    header(record, "ce_id", UUID.randomUUID().toString());
                    header(record, "ce_source", "/testapp");
                    header(record, "ce_type", "frontline.testapp.NoteWritten.v1");
                    header(record, "ce_subject", community);
                    header(record, "ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString());
                    header(record, "content-type", "application/json");
                    producer.send(record);
                }
                producer.flush();
            }
            double plainSeconds = (System.nanoTime() - t1) / 1e9;

            double relayRate = events / relaySeconds;
            double plainRate = events / plainSeconds;
            if (round > 1) { // round 1 warms up the JIT on both sides
                ratios.add(relayRate / plainRate);
                relayRates.add(relayRate);
                plainRates.add(plainRate);
            }
            String line = String.format("round %d: events=%d relay=%.0f ev/s (%.2fs) plain=%.0f ev/s (%.2fs) ratio=%.2f",
                    round, events, relayRate, relaySeconds, plainRate, plainSeconds, relayRate / plainRate);
            System.out.println("[bench] " + line);
            report.append(line).append('\n');
        }
        String summary = String.format("batch-size=%s, median of rounds 2..%d: relay=%.0f ev/s plain=%.0f ev/s ratio=%.2f (target >= 0.50)",
                System.getProperty("bench.batch-size", "2000"), rounds, median(relayRates), median(plainRates), median(ratios));
        System.out.println("[bench] " + summary);
        report.append(summary).append('\n');
        Path out = Path.of("target", "benchmarks", "outbox.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
