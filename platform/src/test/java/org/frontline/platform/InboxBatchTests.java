package org.frontline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.testapp.NoteBatchCopier;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@link Inbox#applyBatch}: one transaction per polled batch, each event once, other types skipped unparsed, and a
 * poison record that takes only itself to the dead-letter topic.
 */
@QuarkusTest
class InboxBatchTests {

    static final String TOPIC = "testapp.batches";
    static final String DLQ = "testapp.batches.dlq";
    static final String COMMUNITY = "310104099001";

    @Inject
    Inbox inbox;
    @Inject
    NoteBatchCopier copier;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager em;

    TestDatabase db;
    long offset = 1_000_000;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
    }

    @Test
    void aDuplicateInsideTheBatchAndAnEventAppliedBeforeApplyOnceAndOtherTypesLeaveNoTrace() {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString(), c = UUID.randomUUID().toString();
        String idA = UUID.randomUUID().toString(), idB = UUID.randomUUID().toString(), idC = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        assertThat(inbox.applyBatch(NoteBatchCopier.CONSUMER, List.of(note(idA, a)), NoteBatchCopier.NOTE_WRITTEN::equals,
                copier::copy)).isEqualTo(1);

        List<ConsumerRecord<String, String>> batch = List.of(
                note(idB, b),
                note(idA, a), // applied by the earlier batch
                record(other, "frontline.testapp.Other.v1", "{ not json"), // another type: not parsed, no inbox row
                note(idB, b), // a duplicate inside this batch
                note(idC, c));
        int applied = inbox.applyBatch(NoteBatchCopier.CONSUMER, batch, NoteBatchCopier.NOTE_WRITTEN::equals, copier::copy);

        assertThat(applied).as("B and C; A before, B's repeat and the other type skipped").isEqualTo(2);
        assertThat(applied(a)).isEqualTo(1);
        assertThat(applied(b)).isEqualTo(1);
        assertThat(applied(c)).isEqualTo(1);
        assertThat(db.count("select count(*) from inbox where consumer = ? and event_id = cast(? as uuid)",
                NoteBatchCopier.CONSUMER, other)).isZero();
        assertThat(db.count("select count(*) from inbox where consumer = ? and event_id in (cast(? as uuid), "
                + "cast(? as uuid), cast(? as uuid))", NoteBatchCopier.CONSUMER, idA, idB, idC)).isEqualTo(3);
    }

    @Test
    void firstRunsInsideEveryTransactionBeforeTheInboxInsert() {
        String id = UUID.randomUUID().toString(), note = UUID.randomUUID().toString();
        List<String> firstTx = new ArrayList<>(), effectTx = new ArrayList<>(), inboxRowsAtFirst = new ArrayList<>();
        Runnable first = () -> {
            firstTx.add(String.valueOf(em.createNativeQuery("select txid_current()").getSingleResult()));
            inboxRowsAtFirst.add(String.valueOf(em.createNativeQuery(
                    "select count(*) from inbox where consumer = ?1 and event_id = cast(?2 as uuid)")
                    .setParameter(1, NoteBatchCopier.CONSUMER).setParameter(2, id).getSingleResult()));
        };
        int applied = inbox.applyBatchAll(NoteBatchCopier.CONSUMER, List.of(note(id, note)),
                NoteBatchCopier.NOTE_WRITTEN::equals, first, events -> {
                    effectTx.add(String.valueOf(em.createNativeQuery("select txid_current()").getSingleResult()));
                    events.forEach(copier::copy);
                });
        assertThat(applied).isEqualTo(1);
        assertThat(applied(note)).isEqualTo(1);
        assertThat(inboxRowsAtFirst).as("first runs before the inbox insert").containsExactly("0");
        assertThat(firstTx).as("in the batch's transaction").isEqualTo(effectTx);

        // a poison record: the batch's transaction, then one per record in the fallback, each starting with first
        firstTx.clear();
        String good = UUID.randomUUID().toString();
        List<ConsumerRecord<String, String>> batch = List.of(note(UUID.randomUUID().toString(), good),
                record(UUID.randomUUID().toString(), NoteBatchCopier.NOTE_WRITTEN, "{\"seq\":1}"));
        applied = inbox.applyBatchAll(NoteBatchCopier.CONSUMER, batch, NoteBatchCopier.NOTE_WRITTEN::equals,
                () -> firstTx.add(String.valueOf(em.createNativeQuery("select txid_current()").getSingleResult())),
                events -> events.forEach(copier::copy));
        assertThat(applied).isEqualTo(1);
        assertThat(applied(good)).isEqualTo(1);
        assertThat(firstTx).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aPoisonRecordInABatchDeadLettersOnlyItselfAndTheRestApplies() {
        String good1 = UUID.randomUUID().toString(), good2 = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString(), malformedNote = UUID.randomUUID().toString();
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        batch.add(note(UUID.randomUUID().toString(), good1));
        batch.add(record(poisonId, NoteBatchCopier.NOTE_WRITTEN, "{\"seq\":1}")); // no noteId: the effect refuses it
        // not a CloudEvent (ce_id is no UUID): refused before the batch's transaction
        batch.add(record("not-a-uuid", NoteBatchCopier.NOTE_WRITTEN, "{\"noteId\":\"" + malformedNote + "\"}"));
        batch.add(note(UUID.randomUUID().toString(), good2));

        int applied = inbox.applyBatch(NoteBatchCopier.CONSUMER, batch, NoteBatchCopier.NOTE_WRITTEN::equals, copier::copy);

        assertThat(applied).isEqualTo(2);
        assertThat(applied(good1)).isEqualTo(1);
        assertThat(applied(good2)).isEqualTo(1);
        assertThat(applied(malformedNote)).isZero();
        // only the two poison records, with what SmallRye's dead-letter strategy writes
        var letters = TopicReader.awaitExactly(DLQ, r -> r.value().contains(good1) || r.value().contains(good2)
                || poisonId.equals(TopicReader.header(r, "ce_id")) || r.value().contains(malformedNote), 2,
                Duration.ofSeconds(30));
        assertThat(letters).extracting(r -> TopicReader.header(r, "ce_id")).containsExactlyInAnyOrder(poisonId, "not-a-uuid");
        assertThat(letters).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(COMMUNITY);
            assertThat(TopicReader.header(r, "ce_type")).isEqualTo(NoteBatchCopier.NOTE_WRITTEN);
            assertThat(TopicReader.header(r, "dead-letter-topic")).isEqualTo(TOPIC);
            assertThat(TopicReader.header(r, "dead-letter-reason")).isNotBlank();
            assertThat(TopicReader.header(r, "dead-letter-offset")).isNotBlank();
        });
        var poison = letters.stream().filter(r -> poisonId.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(TopicReader.header(poison, "dead-letter-reason")).isEqualTo("NoteWritten without noteId");
    }

    @Test
    void theBatchChannelAppliesGoodRecordsAndDeadLettersThePoisonOne() {
        String good1 = UUID.randomUUID().toString(), good2 = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString();
        try (var producer = TestEvents.producer()) {
            producer.send(produced(UUID.randomUUID().toString(), NoteBatchCopier.NOTE_WRITTEN, "{\"noteId\":\"" + good1 + "\"}"));
            producer.send(produced(UUID.randomUUID().toString(), "frontline.testapp.Other.v1", "{ not json"));
            producer.send(produced(poisonId, NoteBatchCopier.NOTE_WRITTEN, "{\"seq\":2}"));
            producer.send(produced(UUID.randomUUID().toString(), NoteBatchCopier.NOTE_WRITTEN, "{\"noteId\":\"" + good2 + "\"}"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(applied(good1)).isEqualTo(1);
            assertThat(applied(good2)).isEqualTo(1);
        });
        var letters = TopicReader.awaitExactly(DLQ, r -> poisonId.equals(TopicReader.header(r, "ce_id"))
                || r.value().contains(good1) || r.value().contains(good2), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(letters.get(0), "ce_id")).isEqualTo(poisonId);
    }

    private long applied(String note) {
        return db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", note);
    }

    private ConsumerRecord<String, String> note(String id, String note) {
        return record(id, NoteBatchCopier.NOTE_WRITTEN, "{\"noteId\":\"" + note + "\",\"seq\":1}");
    }

    private ConsumerRecord<String, String> record(String id, String type, String value) {
        var r = new ConsumerRecord<>(TOPIC, 0, offset++, COMMUNITY, value);
        produced(id, type, value).headers().forEach(h -> r.headers().add(h.key(), h.value()));
        return r;
    }

    private static ProducerRecord<String, String> produced(String id, String type, String value) {
        return TestEvents.cloudEvent(TOPIC, id, "/testapp", type, COMMUNITY, "2026-05-01T08:00:00+08:00", value);
    }
}
