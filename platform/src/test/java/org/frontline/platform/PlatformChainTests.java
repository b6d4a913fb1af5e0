package org.frontline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.testapp.NoteCopier;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The platform's whole chain in a small app: REST → table + outbox → relay → Kafka → inbox consumer. */
@QuarkusTest
class PlatformChainTests {

    static final String TOPIC = "testapp.events";
    static final String COMMUNITY = "310104012003";
    static final String OTHER_COMMUNITY = "310105001001";
    static final String WORKER = TestTokens.token("wang", "community-worker", "310104");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    org.frontline.platform.events.OutboxRelay relay;
    @Inject
    ObjectMapper mapper;

    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
    }

    String post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/notes")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void postPersistsAndThePublishedEventCarriesCloudEventsHeadersAndKey() throws Exception {
        String id = post(WORKER, Map.of("communityCode", COMMUNITY, "text", "hello", "seq", 1));

        assertThat(db.count("select count(*) from note where id = cast(? as uuid)", id)).isEqualTo(1);
        var records = TopicReader.await(TOPIC, r -> r.value().contains(id), 1, Duration.ofSeconds(30));
        var record = records.get(0);
        assertThat(record.key()).isEqualTo(COMMUNITY);
        assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(record, "ce_type")).isEqualTo("frontline.testapp.NoteWritten.v1");
        assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/testapp");
        assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(COMMUNITY);
        assertThat(TopicReader.header(record, "content-type")).isEqualTo("application/json");
        UUID.fromString(TopicReader.header(record, "ce_id"));
        assertThat(OffsetDateTime.parse(TopicReader.header(record, "ce_time"))).isBefore(OffsetDateTime.now().plusSeconds(1));
        JsonNode data = mapper.readTree(record.value());
        assertThat(data.get("noteId").asText()).isEqualTo(id);
        assertThat(data.get("seq").asInt()).isEqualTo(1);
        // the outbox row moves to the published log once the broker acknowledged it
        String eventId = TopicReader.header(record, "ce_id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.published(eventId)).isTrue());
        assertThat(db.count("select count(*) from outbox where payload like ?", "%" + id + "%")).isZero();
        // and the consumer applied it exactly once
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", id))
                .isEqualTo(1));
    }

    @Test
    void invalidInputIsA400ProblemAndWritesNothing() {
        long notes = db.count("select count(*) from note");
        long outbox = db.outboxRows();

        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "31010401200", "text", "", "seq", -1))
                .when().post("/api/v1/notes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", equalTo("urn:frontline:problem:validation"))
                .body("errors.field", hasItem("communityCode"))
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("seq"))
                .body(not(containsString("Exception")));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body("{\"communityCode\": \"3101")
                .when().post("/api/v1/notes")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body(not(containsString("Exception")));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "x", "seq", "not-a-number"))
                .when().post("/api/v1/notes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("seq"));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "x", "seq", 1, "surprise", true))
                .when().post("/api/v1/notes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("surprise"));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .when().post("/api/v1/notes")
                .then().statusCode(400).contentType("application/problem+json");

        // a community code at street level ("000") is not a community
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012000", "text", "x", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(400).body("errors[0].field", equalTo("communityCode"));

        assertThat(db.count("select count(*) from note")).isEqualTo(notes);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void aFailureAfterRecordingRollsBackTheRowAndTheEvent() {
        long notes = db.count("select count(*) from note");
        long outbox = db.outboxRows();
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "fail-after-outbox", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(db.count("select count(*) from note")).isEqualTo(notes);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void aLostRaceIsA409AndABusyDatabaseA503NeverA500AndNothingIsWritten() {
        long notes = db.count("select count(*) from note");
        long outbox = db.outboxRows();
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "db-error:23505", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:frontline:problem:conflict"))
                .body("detail", not(containsString("simulated")));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "db-error:40001", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2")
                .body("type", equalTo("urn:frontline:problem:unavailable"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "text", "db-error:XX000", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("reference"));
        assertThat(db.count("select count(*) from note")).isEqualTo(notes);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void authenticationRoleAndAreaAreEnforced() {
        Map<String, Object> body = Map.of("communityCode", COMMUNITY, "text", "x", "seq", 1);
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/notes").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/notes").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("li", "resident", "310104")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/notes").then().statusCode(403).contentType("application/problem+json");

        long notes = db.count("select count(*) from note");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", OTHER_COMMUNITY, "text", "x", "seq", 1))
                .when().post("/api/v1/notes")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString(OTHER_COMMUNITY));
        given().auth().oauth2(TestTokens.tokenWithoutArea("zhao", "community-worker")).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/notes").then().statusCode(403);
        assertThat(db.count("select count(*) from note")).isEqualTo(notes);
    }

    @Test
    void namedResourcesOutsideTheAreaAre403AndListsAreFiltered() {
        String other = TestTokens.token("chen", "community-worker", "310105");
        String mine = post(WORKER, Map.of("communityCode", COMMUNITY, "text", "mine", "seq", 2));
        String theirs = post(other, Map.of("communityCode", OTHER_COMMUNITY, "text", "theirs", "seq", 3));

        given().auth().oauth2(WORKER).when().get("/api/v1/notes/" + mine).then().statusCode(200);
        given().auth().oauth2(WORKER).when().get("/api/v1/notes/" + theirs).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(WORKER).when().get("/api/v1/notes/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");

        List<String> visible = given().auth().oauth2(WORKER).when().get("/api/v1/notes")
                .then().statusCode(200).extract().jsonPath().getList("communityCode");
        assertThat(visible).isNotEmpty().allMatch(code -> code.startsWith("310104"));

        // a city-level user sees both; narrowing to a street inside the scope works
        String city = TestTokens.token("sun", "community-worker", "3101");
        List<String> all = given().auth().oauth2(city).when().get("/api/v1/notes")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(all).contains(mine, theirs);
        List<String> street = given().auth().oauth2(city).queryParam("area", "310104012").when().get("/api/v1/notes")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(street).contains(mine).doesNotContain(theirs);

        // an area wholly outside the scope is refused, a malformed one is a 400
        given().auth().oauth2(WORKER).queryParam("area", "310105").when().get("/api/v1/notes")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(WORKER).queryParam("area", "31%").when().get("/api/v1/notes")
                .then().statusCode(400).contentType("application/problem+json");
        // several prefixes in one claim
        String two = TestTokens.token("zhou", java.util.Set.of("community-worker"), List.of("310104012", "310105001"));
        List<String> both = given().auth().oauth2(two).when().get("/api/v1/notes")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(both).contains(mine, theirs);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().auth().oauth2(WORKER).when().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(WORKER).when().delete("/api/v1/notes").then().statusCode(405)
                .contentType("application/problem+json");
        given().auth().oauth2(WORKER).contentType(ContentType.TEXT).body("x").when().post("/api/v1/notes")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() {
        UUID noteId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 2; i++) {
                producer.send(cloudEvent(eventId, "{\"noteId\":\"" + noteId + "\",\"communityCode\":\"" + COMMUNITY
                        + "\",\"seq\":9}"));
            }
            producer.flush();
        }
        TopicReader.await(TOPIC, r -> eventId.equals(TopicReader.header(r, "ce_id")), 2, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                db.count("select count(*) from inbox where event_id = cast(? as uuid)", eventId)).isEqualTo(1));
        // give the second copy time to be (not) applied, then check the effect happened once
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                db.count("select applied from note_copy where note_id = cast(? as uuid)", noteId.toString()))
                .isEqualTo(1));
    }

    @Test
    void aRelayCrashBetweenSendAndMarkDuplicatesOnKafkaButTheConsumerAppliesOnce() {
        // the relay "crashes" after Kafka took the batch and before the rows are marked: the database refuses the
        // mark of this note's row once (a trigger; sequences are not rolled back, so it fires only the first time)
        int seq = 770_000 + (int) (Math.random() * 10_000);
        db.execute("create sequence if not exists relay_crash_" + seq);
        db.execute("""
                create or replace function relay_crash_%1$d() returns trigger language plpgsql as $$
                begin
                    if old.payload like '%%"seq":%1$d%%' then
                        if nextval('relay_crash_%1$d') = 1 then
                            raise exception 'simulated relay crash between send and mark';
                        end if;
                    end if;
                    return old;
                end $$""".formatted(seq));
        db.execute("create trigger relay_crash_%1$d before delete on outbox for each row execute function relay_crash_%1$d()"
                .formatted(seq));
        try {
            String id = post(WORKER, Map.of("communityCode", COMMUNITY, "text", "crash", "seq", seq));

            // sent once before the "crash", again by the retry: two copies with one event id
            var copies = TopicReader.await(TOPIC, r -> r.value().contains(id), 2, Duration.ofSeconds(30));
            assertThat(copies).extracting(r -> TopicReader.header(r, "ce_id"))
                    .containsOnly(TopicReader.header(copies.get(0), "ce_id"));
            assertThat(db.count("select last_value from relay_crash_" + seq)).as("the crash happened").isEqualTo(2);
            String eventId = TopicReader.header(copies.get(0), "ce_id");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.published(eventId)).isTrue());
            assertThat(db.count("select count(*) from outbox_published where event_id = cast(? as uuid)", eventId)).isEqualTo(1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", id))
                    .isEqualTo(1));
        } finally {
            db.execute("drop trigger if exists relay_crash_%1$d on outbox".formatted(seq));
            db.execute("drop function if exists relay_crash_%1$d()".formatted(seq));
        }
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicWithTheError() {
        String marker = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            // no CloudEvents headers at all
            producer.send(new ProducerRecord<>(TOPIC, COMMUNITY, "{\"marker\":\"" + marker + "\"}"));
            // a valid envelope whose data the consumer cannot apply
            producer.send(cloudEvent(UUID.randomUUID().toString(), "{\"marker\":\"" + marker + "\"}"));
            producer.flush();
        }
        var dead = TopicReader.await(TOPIC + ".dlq", r -> r.value().contains(marker), 2, Duration.ofSeconds(30));
        assertThat(dead).allSatisfy(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).isNotBlank());
        assertThat(dead).anySatisfy(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).contains("CloudEvent"));
        assertThat(dead).anySatisfy(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).contains("noteId"));
    }

    @Test
    void aTransientDatabaseFailureIsRetriedAndTheEventAppliedOnce() {
        String note = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(cloudEvent(eventId, "{\"noteId\":\"" + note + "\",\"failTimes\":2}"));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", note))
                .isEqualTo(1));
        assertThat(NoteCopier.attempts.get(UUID.fromString(eventId))).as("two failed attempts, then success").isEqualTo(3);
        assertThat(TopicReader.readAll(TOPIC + ".dlq")).noneMatch(r -> r.value().contains(note));
    }

    @Test
    void aDatabaseFailingTransientlyLongerThanAnyAttemptLimitStillAppliesTheEventOnceAndNothingIsDeadLettered() {
        // 12 failures: more than twice the old limit of 5 attempts, several seconds of a failing database
        String note = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(cloudEvent(eventId, "{\"noteId\":\"" + note + "\",\"failTimes\":12}"));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                db.count("select coalesce(sum(applied), 0) from note_copy where note_id = cast(? as uuid)", note))
                .isEqualTo(1));
        assertThat(NoteCopier.attempts.get(UUID.fromString(eventId))).as("twelve failed attempts, then success").isEqualTo(13);
        assertThat(db.count("select count(*) from inbox where event_id = cast(? as uuid)", eventId)).isEqualTo(1);
        assertThat(TopicReader.readAll(TOPIC + ".dlq")).noneMatch(r -> r.value().contains(note));
    }

    @Test
    void aPermanentDatabaseFailureGoesToTheDeadLetterTopicWithoutRetries() {
        String note = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            // division by zero (22012): no attempt can succeed
            producer.send(cloudEvent(eventId, "{\"noteId\":\"" + note + "\",\"failTimes\":100,\"failState\":\"22012\"}"));
            producer.flush();
        }
        var dead = TopicReader.await(TOPIC + ".dlq", r -> r.value().contains(note), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("simulated failure 22012");
        assertThat(TopicReader.header(dead.get(0), "ce_id")).as("the envelope travels with it").isEqualTo(eventId);
        assertThat(NoteCopier.attempts.get(UUID.fromString(eventId))).as("not retried").isEqualTo(1);
        assertThat(db.count("select count(*) from note_copy where note_id = cast(? as uuid)", note)).isZero();
        assertThat(db.count("select count(*) from inbox where event_id = cast(? as uuid)", eventId)).isZero();
    }

    @Test
    void publishedRowsArePrunedAfterTheRetention() {
        String insert = """
                insert into outbox_published (event_id, topic, event_type, subject, occurred_at, created_at, published_at)
                values (cast(? as uuid), 'testapp.none', 'frontline.testapp.Old.v1', ?, now(), now() - cast(? as interval),
                        now() - cast(? as interval))
                """;
        String old = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        // rows already published (a pending row would be picked up by the relay at once)
        db.execute(insert, old, COMMUNITY, "8 days", "8 days");
        db.execute(insert, fresh, COMMUNITY, "6 days", "6 days");

        assertThat(relay.prune()).isGreaterThanOrEqualTo(1);

        assertThat(db.published(old)).isFalse();
        assertThat(db.published(fresh)).isTrue();
    }

    @Test
    void healthAndMetricsReportTheOutbox() {
        // the consumer may still be reconnecting after another test restarted the broker
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox' }.data.pending", not(nullValue())));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("frontline_outbox_pending"))
                .body(containsString("frontline_outbox_published_total"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/notes"));
    }

    private static ProducerRecord<String, String> cloudEvent(String id, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, COMMUNITY, data);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/testapp".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "frontline.testapp.NoteWritten.v1".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", COMMUNITY.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}
