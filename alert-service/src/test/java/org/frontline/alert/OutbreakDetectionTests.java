package org.frontline.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.frontline.alert.service.Detection;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The whole path, on the real broker and database: screening-service's FeverDetected events (late, and some twice)
 * → the signal consumer → detection → exactly one alert in the outbreak community, none in its quiet neighbour.
 */
@QuarkusTest
@FrontlineTest
class OutbreakDetectionTests {

    static final String STREET = "310105095";
    static final String OUTBREAK = STREET + "001";
    static final String QUIET = STREET + "002";
    static final String OFFICER = TestTokens.token("gu", "district-officer", "310105");
    static final ZoneOffset CITY = ZoneOffset.ofHours(8);

    @Inject
    TestClock clock;
    @Inject
    EntityManager em;
    @Inject
    Detection detection;

    @Test
    void aPlantedOutbreakRaisesOneAlertThereAndNoneNextDoor() throws Exception {
        clock.set(Instant.now());
        LocalDate today = LocalDate.now(clock);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET, "name", "e2e-fever-c2", "signal", "fever-screenings",
                        "method", "ears-c2", "level", "YELLOW", "params", Map.of("baseline", 7, "minSigma", 1)))
                .when().post("/api/v1/detectors").then().statusCode(201);

        // three weeks of history arriving now (late): in both communities one fever every fourth day
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int back = 21; back >= 2; back--) {
            if (back % 4 == 0) {
                records.add(fever(OUTBREAK, today.minusDays(back), 10));
                records.add(fever(QUIET, today.minusDays(back), 11));
            }
        }
        // the outbreak: 5 fevers yesterday, 6 today — today's sent twice (a redelivery: the same event ids)
        for (int i = 0; i < 5; i++) {
            records.add(fever(OUTBREAK, today.minusDays(1), 8 + i));
        }
        List<ProducerRecord<String, String>> todays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            todays.add(fever(OUTBREAK, today, 0));
        }
        records.addAll(todays);
        records.addAll(todays);
        records.add(fever(QUIET, today, 0));
        // a record with a ce_time that is not RFC 3339: a poison record, dead-lettered alone; the rest still counts
        ProducerRecord<String, String> poison = fever(OUTBREAK, today, 9);
        poison.headers().remove("ce_time");
        poison.headers().add("ce_time", "yesterday at noon".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String poisonId = new String(poison.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8);
        records.add(poison);
        try (var producer = TestEvents.producer()) {
            for (var r : records) {
                producer.send(r);
            }
        }

        // the C2 window of yesterday and today (days −10..−3 and −9..−3) holds one or two single fevers:
        // mean ≤ 2/7, sd < 1 → σ = minSigma 1, upper bound ≤ 0.29 + 3.09 = 3.38 < 5 and < 6: both days alarm;
        // the quiet neighbour's 1 today does not (1 < 3.09)
        var raised = TopicReader.awaitExactly("alert.events",
                TopicReader.subject(OUTBREAK).and(TopicReader.type("frontline.alert.AlertRaised.v1")), 1,
                Duration.ofSeconds(90));
        assertThat(raised.get(0).value()).contains("\"signal\":\"fever-screenings\"", "\"detector\":\"ears-c2\"",
                "\"detectorVersion\":1");
        // two alarm days → the second firing updates the same alert, once
        TopicReader.awaitExactly("alert.events",
                TopicReader.subject(OUTBREAK).and(TopicReader.type("frontline.alert.AlertUpdated.v1")), 1,
                Duration.ofSeconds(60));
        // the quiet neighbour: wait until its today's fever has landed and detection has taken its mark, then
        // evaluate its whole series once more here (so the answer does not depend on when the background run got
        // to it): no firing, no alert row, nothing on alert.events
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var series = given().auth().oauth2(OFFICER).when().get("/api/v1/signals/fever-screenings?area=" + QUIET
                    + "&from=" + today + "&to=" + today).then().statusCode(200).extract().jsonPath();
            assertThat(series.getList("days.value", Float.class)).containsExactly(1f);
            assertThat(QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                    "select count(*) from signal_dirty where area_code = ?1").setParameter(1, QUIET)
                    .getSingleResult()).longValue())).isZero();
        });
        assertThat(QuarkusTransaction.requiringNew()
                .call(() -> detection.evaluate(org.frontline.alert.signal.Signal.FEVER_SCREENINGS, QUIET))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> Alert.count("areaCode = ?1", QUIET))).isZero();
        assertThat(TopicReader.readAll("alert.events").stream().filter(TopicReader.subject(QUIET))).isEmpty();

        // the duplicates counted once, each on the day the fever was measured
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var series = given().auth().oauth2(OFFICER)
                    .when().get("/api/v1/signals/fever-screenings?area=" + OUTBREAK + "&from=" + today.minusDays(1)
                            + "&to=" + today)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(series.getList("days.value", Float.class)).containsExactly(5f, 6f);
        });
        var alerts = given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?area=" + STREET + "&size=500")
                .then().statusCode(200).extract().jsonPath();
        assertThat(alerts.getList("items.areaCode", String.class)).containsExactly(OUTBREAK);
        assertThat(alerts.getInt("items[0].firings")).isEqualTo(2);
        assertThat(alerts.getString("items[0].status")).isEqualTo("OPEN");
        TopicReader.await("screening.events.dlq", r -> poisonId.equals(TopicReader.header(r, "ce_id")), 1,
                Duration.ofSeconds(30));
    }

    static ProducerRecord<String, String> fever(String community, LocalDate day, int hour) {
        String id = UUID.randomUUID().toString();
        String at = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(day.atTime(hour, 30).atOffset(CITY));
        String data = "{\"screeningId\":\"" + UUID.randomUUID() + "\",\"residentId\":\"" + UUID.randomUUID()
                + "\",\"communityCode\":\"" + community + "\",\"temperatureCelsius\":38.1,\"screenedAt\":\"" + at + "\"}";
        return TestEvents.cloudEvent("screening.events", id, "/screening", "frontline.screening.FeverDetected.v1",
                community, at, data);
    }
}
