package org.frontline.platform.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** CloudEvents (binary mode) as another service would publish them, for tests of consumers. */
public final class TestEvents {

    private TestEvents() {
    }

    /** A record keyed by {@code subject} with the CloudEvents headers the platform's inbox reads. */
    public static ProducerRecord<String, String> cloudEvent(String topic, String id, String source, String type,
            String subject, String time, String data) {
        var record = new ProducerRecord<>(topic, subject, data);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_source", source);
        header(record, "ce_type", type);
        header(record, "ce_subject", subject);
        header(record, "ce_time", time);
        return record;
    }

    /** A producer to the test broker; close it (try-with-resources) to flush. */
    public static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
