package org.frontline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The broker goes away: writes are still accepted, and every event arrives once, in order, when it is back. */
@QuarkusTest
class OutboxOutageTests {

    static final List<String> COMMUNITIES = List.of("310104012001", "310104012002", "310104013001");
    static final int WRITES = 30;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @AfterEach
    void brokerBack() {
        TestKafka.start();
    }

    @Test
    void writesDuringABrokerOutageArriveExactlyOnceInOrderPerKeyAfterItReturns() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        String token = TestTokens.token("wang", "community-worker", "310104");
        TestKafka.stop();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            String community = COMMUNITIES.get(i % COMMUNITIES.size());
            ids.add(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("communityCode", community, "text", "outage", "seq", 1000 + i))
                    .when().post("/api/v1/notes")
                    .then().statusCode(201).extract().path("id"));
        }
        // accepted and waiting: nothing can have been published
        assertThat(db.count("select count(*) from outbox where status = 'PENDING' and payload like '%\"seq\":10%'"))
                .isEqualTo(WRITES);
        // the outbox check stays UP (writes are accepted); it shows the backlog (as last counted: every
        // count-interval, 1 s in tests) and that Kafka is unreachable
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'outbox' }.data.pending", org.hamcrest.Matchers.greaterThanOrEqualTo(WRITES)));

        TestKafka.start();

        var arrived = TopicReader.await("testapp.events",
                r -> ids.stream().anyMatch(id -> r.value().contains(id)), WRITES, Duration.ofSeconds(90));
        // exactly once: one record per note, no more
        Map<String, Integer> perNote = new HashMap<>();
        Map<String, List<Integer>> seqPerKey = new LinkedHashMap<>();
        for (var record : arrived) {
            var data = mapper.readTree(record.value());
            perNote.merge(data.get("noteId").asText(), 1, Integer::sum);
            seqPerKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(data.get("seq").asInt());
        }
        assertThat(perNote).hasSize(WRITES).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        // in order per key: each community's events keep the order they were written in
        assertThat(seqPerKey).hasSize(COMMUNITIES.size());
        seqPerKey.values().forEach(seqs -> assertThat(seqs).isSorted());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                db.count("select count(*) from outbox where status = 'PENDING'")).isZero());
    }

    @Test
    void aBacklogLargerThanTheOldReadinessLimitKeepsTheServiceReady() {
        TestDatabase db = new TestDatabase(dataSource);
        // more than the 100,000 that used to turn readiness DOWN; held back an hour, so they stay pending
        db.execute("""
                insert into outbox (event_id, topic, record_key, event_type, source, subject, occurred_at, payload,
                    next_attempt_at)
                select gen_random_uuid(), 'testapp.events', '310104012001', 'frontline.testapp.Backlog.v1', '/testapp',
                    '310104012001', now(), '{}', now() + interval '1 hour'
                from generate_series(1, 100001)
                """);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'outbox' }.status", org.hamcrest.Matchers.equalTo("UP"))
                    .body("checks.find { it.name == 'outbox' }.data.pending",
                            org.hamcrest.Matchers.greaterThanOrEqualTo(100_001)));
            // the backlog is a metric to alert on instead
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics.lines().filter(l -> l.startsWith("frontline_outbox_pending"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0))
                    .isGreaterThanOrEqualTo(100_001);
        } finally {
            db.execute("delete from outbox where event_type = 'frontline.testapp.Backlog.v1'");
        }
    }
}
