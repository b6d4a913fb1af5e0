package org.frontline.platform.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A row the broker refuses is set aside with its reason; the rows behind it go on; an outage counts against none. */
@QuarkusTest
class OutboxRefusedRowTests {

    static final String TOPIC = "testapp.events";
    static final String BAD = "frontline.testapp.Refused.v1";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry registry;

    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
    }

    @AfterEach
    void cleanUp() {
        TestKafka.start();
        db.execute("delete from outbox where event_type = ?", BAD);
    }

    @Test
    void aRowForAMissingTopicAndAnOversizedRowAreParkedAndTheRowsAroundThemArrivePromptly() {
        List<String> before = write(5, 6000);
        long missingTopic = insertBadRow("testapp.no-such-topic", "{\"note\":\"nowhere to go\"}");
        // over the producer's 1 MB max.request.size
        long oversized = insertBadRow(TOPIC, "{\"pad\":\"" + "x".repeat(1_200_000) + "\"}");
        List<String> after = write(5, 6100);

        List<String> good = new ArrayList<>(before);
        good.addAll(after);
        TopicReader.await(TOPIC, r -> good.stream().anyMatch(id -> r.value().contains(id)), good.size(),
                Duration.ofSeconds(30));

        // each refused at least max-attempts (5) times and for at least park-after (15 s in tests), then parked
        // with a reason an operator can act on
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                db.count("select count(*) from outbox where event_type = ? and status = 'PARKED'", BAD)).isEqualTo(2));
        var parked = db.query("""
                select id, attempts, last_error, extract(epoch from now() - first_refused_at) as refused_for
                from outbox where event_type = ? order by id""", BAD);
        assertThat(parked).extracting(row -> ((Number) row.get("id")).longValue()).containsExactly(missingTopic, oversized);
        assertThat(parked).allSatisfy(row -> {
            assertThat((Integer) row.get("attempts")).isGreaterThanOrEqualTo(5);
            assertThat(((Number) row.get("refused_for")).doubleValue()).as("refused for at least park-after")
                    .isGreaterThanOrEqualTo(15);
        });
        long attempts = db.count("select max(attempts) from outbox where event_type = ?", BAD);
        assertThat((String) parked.get(0).get("last_error")).contains("testapp.no-such-topic").contains("does not exist");
        assertThat((String) parked.get(1).get("last_error")).contains("RecordTooLargeException");
        assertThat(TopicReader.readAll(TOPIC)).noneMatch(r -> BAD.equals(TopicReader.header(r, "ce_type")));

        // counted for the alert, and shown by the health check
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                registry.find("frontline.outbox.parked").gauge().value()).isGreaterThanOrEqualTo(2));
        given().when().get("/q/metrics").then().body(containsString("frontline_outbox_parked"));
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox' }.data.parked", greaterThanOrEqualTo(2));

        // parked rows are never claimed again; the relay keeps publishing what comes next
        List<String> later = write(3, 6200);
        TopicReader.await(TOPIC, r -> later.stream().anyMatch(id -> r.value().contains(id)), later.size(),
                Duration.ofSeconds(30));
        assertThat(db.count("select max(attempts) from outbox where event_type = ?", BAD)).isEqualTo(attempts);
    }

    /**
     * After a broker restart a topic can be unknown for a while. Its rows are refused again and again, but not
     * parked before park-after; they wait together, a row written meanwhile does not pass them, and once the topic
     * is back they all arrive, in order.
     */
    @Test
    void aTopicUnknownForAWhileParksNothingAndItsRowsArriveInOrder() {
        String topic = "testapp.late-" + UUID.randomUUID().toString().substring(0, 8);
        for (int seq = 1; seq <= 3; seq++) {
            insertBadRow(topic, "{\"seq\":" + seq + "}");
        }
        // refused max-attempts (5) times, all three alike
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.count(
                "select min(attempts) from outbox where topic = ?", topic)).isGreaterThanOrEqualTo(5));
        var rows = db.query("select status, last_error, next_attempt_at from outbox where topic = ? order by id", topic);
        assertThat(rows).as("not parked before park-after").allSatisfy(row -> assertThat(row.get("status")).isEqualTo("PENDING"));
        assertThat((String) rows.get(0).get("last_error")).contains(topic).contains("does not exist");
        assertThat(db.count("select count(distinct next_attempt_at) from outbox where topic = ?", topic))
                .as("one retry time for the topic").isEqualTo(1);

        // a row of the same key written meanwhile, then the topic is back
        insertBadRow(topic, "{\"seq\":4}");
        TestKafka.createTopics(List.of(topic), 3);

        var arrived = TopicReader.await(topic, r -> true, 4, Duration.ofSeconds(60));
        assertThat(arrived).extracting(r -> r.value()).containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}",
                "{\"seq\":4}");
        await().atMost(Duration.ofSeconds(30)).until(() -> db.count("select count(*) from outbox where topic = ?", topic) == 0);
    }

    @Test
    void aBrokerOutageCountsAgainstNoRow() {
        double failures = registry.find("frontline.outbox.publish.failures").counter().count();
        TestKafka.stop();
        List<String> ids = write(5, 6300);
        // the relay tries (and fails) more than once meanwhile
        await().atMost(Duration.ofSeconds(90)).until(
                () -> registry.find("frontline.outbox.publish.failures").counter().count() >= failures + 2);
        assertThat(db.count("select count(*) from outbox where attempts > 0 or status = 'PARKED'")).isZero();

        TestKafka.start();
        TopicReader.await(TOPIC, r -> ids.stream().anyMatch(id -> r.value().contains(id)), ids.size(),
                Duration.ofSeconds(90));
        assertThat(db.count("select count(*) from outbox where attempts > 0 or status = 'PARKED'")).isZero();
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox' }.status", equalTo("UP"));
    }

    private long insertBadRow(String topic, String payload) {
        return db.count("""
                insert into outbox (event_id, topic, record_key, event_type, source, subject, occurred_at, payload)
                values (gen_random_uuid(), ?, '310104012001', ?, '/testapp', '310104012001', now(), ?)
                returning id""", topic, BAD, payload);
    }

    private List<String> write(int notes, int firstSeq) {
        String token = TestTokens.token("wang", "community-worker", "310104");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            ids.add(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("communityCode", "310104012001", "text", "refused", "seq", firstSeq + i))
                    .when().post("/api/v1/notes")
                    .then().statusCode(201).extract().path("id"));
        }
        return ids;
    }
}
