package org.frontline.alert.signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.alert.messaging.ScreeningSignalsConsumer;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The fever-screenings consumer against the producer it must keep up with: the bulk-ingest mix (ResidentScreened for
 * every screening record, FeverDetected for 4 %, CloudEvents keyed by 50 communities) produced onto screening.events as
 * fast as a Kafka producer goes, while the service's own consumer (batch inbox) applies it; "applied" = until every
 * FeverDetected is counted. In the same run, in-process without Kafka, the batch inbox against the old
 * one-event-per-transaction path ({@code Inbox.apply} per record) on fresh copies of the same mix. See docs/benchmarks.md.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -o -T 1 -pl alert-service -am verify -DskipITs -Dtest=SignalConsumerBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.records=200000 "-Dtest.jvm.args=-Xmx1g -XX:+UseParallelGC"}
 */
@QuarkusTest
@FrontlineTest
class SignalConsumerBenchmark {

    static final String TOPIC = "screening.events";
    static final int COMMUNITIES = 50;
    static final String DAY = "2026-01-15";

    @Inject
    Inbox inbox;
    @Inject
    SignalConsumers signals;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void consumerKeepsUpWithBulkIngest() throws Exception {
        int records = Integer.getInteger("bench.records", 200_000);
        int perRecordRecords = Integer.getInteger("bench.per-record", 40_000);
        TestDatabase db = new TestDatabase(dataSource);

        // 1. live: produce as fast as a producer can, the service's consumer applies meanwhile
        List<ProducerRecord<String, String>> mix = mix(records, "3101059810");
        int fevers = mix.size() - records; // one FeverDetected beside every 25th ResidentScreened
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all");
        String countSql = "select coalesce(sum(value), 0) from signal_day where signal = 'FEVER_SCREENINGS' "
                + "and area_code like '3101059810%' and day = cast(? as date)";
        long before = db.count(countSql, DAY); // an earlier run's
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (var r : mix) {
                producer.send(r);
            }
            producer.flush();
        }
        long produced = System.nanoTime();
        long counted = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < deadline) {
            counted = db.count(countSql, DAY) - before;
            if (counted >= fevers) {
                break;
            }
            Thread.sleep(50);
        }
        long applied = System.nanoTime();
        if (counted != fevers) {
            throw new AssertionError("counted " + counted + " of " + fevers + " fever screenings");
        }
        double produceSeconds = (produced - start) / 1e9;
        double applySeconds = (applied - start) / 1e9;

        // 2. in-process, same mix (fresh ids, other communities): batches of 500 as the connector polls them
        List<ConsumerRecord<String, String>> batchMix = consumed(mix(records, "3101059820"));
        long t0 = System.nanoTime();
        for (int i = 0; i < batchMix.size(); i += 500) {
            inbox.applyBatchAll("bench-batch", batchMix.subList(i, Math.min(batchMix.size(), i + 500)),
                    SignalConsumers.SCREENING_TYPES::contains, events -> signals.onScreeningBatch(events, new HashSet<>()));
        }
        double batchSeconds = (System.nanoTime() - t0) / 1e9;

        // 3. in-process, the old path: every record its own transaction and inbox row (a smaller share of the mix)
        List<ConsumerRecord<String, String>> singleMix = consumed(mix(perRecordRecords, "3101059830"));
        long t1 = System.nanoTime();
        for (var r : singleMix) {
            inbox.apply("bench-per-record", r, e -> {
                if (SignalConsumers.SCREENING_TYPES.contains(e.type())) {
                    signals.onScreening(e, new HashSet<>());
                }
            });
        }
        double singleSeconds = (System.nanoTime() - t1) / 1e9;

        String report = String.format("""
                screening records: %,d (events %,d, FeverDetected %,d), %d communities, live consumer max.poll.records %s
                produced: %.1f s = %,.0f events/s = %,.0f records/s
                applied by the live consumer (until every FeverDetected counted): %.1f s = %,.0f events/s = %,.0f records/s; lag after the producer finished %.1f s
                in-process batch inbox (500 a batch): %,.0f events/s
                in-process Inbox.apply per record (%,d events): %,.0f events/s
                batch / per record: %.1fx
                """, records, mix.size(), fevers, COMMUNITIES, org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("mp.messaging.incoming.screening-signals.max.poll.records", String.class).orElse("500"), produceSeconds, mix.size() / produceSeconds,
                records / produceSeconds, applySeconds, mix.size() / applySeconds, records / applySeconds,
                applySeconds - produceSeconds, batchMix.size() / batchSeconds, singleMix.size(),
                singleMix.size() / singleSeconds, (batchMix.size() / batchSeconds) / (singleMix.size() / singleSeconds));
        System.out.println("[bench] " + ScreeningSignalsConsumer.CONSUMER + "\n" + report);
        Path out = Path.of("target", "benchmarks", "signal-consumer.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    /** The bulk-ingest mix: per screening record a ResidentScreened, plus a FeverDetected for every 25th (4 %). */
    private static List<ProducerRecord<String, String>> mix(int records, String communityPrefix) {
        List<ProducerRecord<String, String>> out = new ArrayList<>(records + records / 25 + 1);
        for (int i = 0; i < records; i++) {
            String community = communityPrefix + String.format("%02d", i % COMMUNITIES);
            String screening = UUID.randomUUID().toString();
            String resident = UUID.randomUUID().toString();
            boolean fever = i % 25 == 0;
            String at = DAY + "T10:" + String.format("%02d", i % 60) + ":00+08:00";
            out.add(event("ResidentScreened", community, "{\"screeningId\":\"" + screening + "\",\"residentId\":\""
                    + resident + "\",\"communityCode\":\"" + community + "\",\"temperatureCelsius\":"
                    + (fever ? "38.4" : "36.6") + ",\"outcome\":\"" + (fever ? "FEVER" : "NORMAL")
                    + "\",\"symptoms\":[],\"screenedAt\":\"" + at + "\"}"));
            if (fever) {
                out.add(event("FeverDetected", community, "{\"screeningId\":\"" + screening + "\",\"residentId\":\""
                        + resident + "\",\"communityCode\":\"" + community
                        + "\",\"temperatureCelsius\":38.4,\"screenedAt\":\"" + at + "\"}"));
            }
        }
        return out;
    }

    private static ProducerRecord<String, String> event(String name, String community, String data) {
        var r = new ProducerRecord<>(TOPIC, community, data);
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", UUID.randomUUID().toString());
        header(r, "ce_source", "/screening");
        header(r, "ce_type", "frontline.screening." + name + ".v1");
        header(r, "ce_subject", community);
        header(r, "ce_time", "2026-01-15T02:00:00Z");
        return r;
    }

    private static List<ConsumerRecord<String, String>> consumed(List<ProducerRecord<String, String>> produced) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>(produced.size());
        long offset = 0;
        for (var p : produced) {
            var c = new ConsumerRecord<>(TOPIC, 0, offset++, p.key(), p.value());
            p.headers().forEach(h -> c.headers().add(h.key(), h.value()));
            out.add(c);
        }
        return out;
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
