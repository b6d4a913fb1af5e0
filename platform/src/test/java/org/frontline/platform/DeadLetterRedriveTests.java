package org.frontline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.inbox.DeadLetterRedrive;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** A dead-letter topic re-driven once its cause is fixed: every event applies once, a second run copies nothing. */
@QuarkusTest
class DeadLetterRedriveTests {

    static final String TOPIC = "testapp.events";
    /** Its own dead-letter topic, so records other tests dead-letter on purpose stay out of the counts. */
    static final String DLQ = "testapp.redrive.dlq";
    static final String COMMUNITY = "310104012003";

    @Inject
    AgroalDataSource dataSource;

    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
        TestKafka.createTopics(List.of(DLQ), 2);
    }

    @Test
    void redrivenEventsApplyOnceAndASecondRunCopiesNothing() {
        String[] notes = { UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString() };
        String[] ids = { UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString() };
        try (var producer = producer()) {
            // the third was applied before it was dead-lettered (say, a redelivery that failed)
            producer.send(event(TOPIC, ids[2], notes[2]));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(applied(notes[2])).isEqualTo(1));
            for (int i = 0; i < 3; i++) {
                producer.send(deadLetter(event(DLQ, ids[i], notes[i])));
            }
            producer.flush();
        }
        var redrive = new DeadLetterRedrive(TestKafka.bootstrapServers(), Map.of());

        DeadLetterRedrive.Result first = redrive.redrive(DLQ);

        assertThat(first.copied()).isEqualTo(3);
        assertThat(first.targets()).containsExactly(TOPIC);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(applied(notes[0])).isEqualTo(1);
            assertThat(applied(notes[1])).isEqualTo(1);
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(applied(notes[2])).as("applied before, not again").isEqualTo(1));
        var copies = TopicReader.await(TOPIC, r -> ids[0].equals(TopicReader.header(r, "ce_id")), 1, Duration.ofSeconds(10));
        assertThat(copies.get(0).key()).isEqualTo(COMMUNITY);
        assertThat(TopicReader.header(copies.get(0), "ce_type")).isEqualTo("frontline.testapp.NoteWritten.v1");
        assertThat(copies.get(0).headers()).noneMatch(h -> h.key().startsWith("dead-letter-"));

        assertThat(redrive.redrive(DLQ).copied()).as("a second run").isZero();

        // one more dead letter later: the next run copies that one only
        String late = UUID.randomUUID().toString();
        try (var producer = producer()) {
            producer.send(deadLetter(event(DLQ, UUID.randomUUID().toString(), late)));
            producer.flush();
        }
        assertThat(redrive.redrive(DLQ).copied()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(applied(late)).isEqualTo(1));
    }

    private long applied(String note) {
        return db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", note);
    }

    private static ProducerRecord<String, String> event(String topic, String id, String note) {
        var record = new ProducerRecord<>(topic, COMMUNITY, "{\"noteId\":\"" + note + "\",\"seq\":1}");
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_source", "/testapp");
        header(record, "ce_type", "frontline.testapp.NoteWritten.v1");
        header(record, "ce_subject", COMMUNITY);
        return record;
    }

    /** What SmallRye's dead-letter strategy adds to a record it sets aside. */
    private static ProducerRecord<String, String> deadLetter(ProducerRecord<String, String> record) {
        header(record, "dead-letter-reason", "EntityManagerFactory is closed");
        header(record, "dead-letter-exception-class-name", IllegalStateException.class.getName());
        header(record, "dead-letter-topic", TOPIC);
        header(record, "dead-letter-partition", "0");
        header(record, "dead-letter-offset", "42");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}
