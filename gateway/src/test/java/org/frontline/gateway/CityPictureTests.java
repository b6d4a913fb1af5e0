package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The gateway builds its picture only from the topics, applies each event once, and scopes what it shows. */
@QuarkusTest
@FrontlineTest
class CityPictureTests {

    static final String FEVER = "frontline.screening.FeverDetected.v1";

    @Test
    void eventsFromEveryTopicAreCountedOnceEvenWhenDeliveredTwice() {
        String community = "310104012007";
        String duplicated = UUID.randomUUID().toString();
        try (var producer = producer()) {
            producer.send(event("screening.events", duplicated, FEVER, community));
            producer.send(event("screening.events", duplicated, FEVER, community)); // redelivery
            producer.send(event("screening.events", UUID.randomUUID().toString(), FEVER, community));
            producer.send(event("roster.events", UUID.randomUUID().toString(), "frontline.roster.StaffRegistered.v1", community));
            producer.send(event("supplies.events", UUID.randomUUID().toString(), "frontline.supplies.StockSiteRegistered.v1", community));
            producer.send(event("alert.events", UUID.randomUUID().toString(), "frontline.alert.AlertRaised.v1", community));
            producer.flush();
        }
        String officer = TestTokens.token("zhou", "district-officer", "310104");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> counts = counts(officer, community);
            assertThat(counts).containsEntry(FEVER, 2)
                    .containsEntry("frontline.roster.StaffRegistered.v1", 1)
                    .containsEntry("frontline.supplies.StockSiteRegistered.v1", 1)
                    .containsEntry("frontline.alert.AlertRaised.v1", 1);
        });
        // the duplicate stays applied once
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counts(officer, community)).containsEntry(FEVER, 2));
    }

    @Test
    void thePictureIsScopedAndAPoisonEventGoesToTheDeadLetterTopic() {
        String elsewhere = "310105002009";
        String marker = UUID.randomUUID().toString();
        try (var producer = producer()) {
            producer.send(event("alert.events", UUID.randomUUID().toString(), "frontline.alert.AlertRaised.v1", elsewhere));
            var poison = event("alert.events", marker, "frontline.alert.AlertRaised.v1", "not-a-community");
            producer.send(poison);
            producer.flush();
        }
        String city = TestTokens.token("sun", "coordinator", "3101");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(communities(city)).contains(elsewhere));
        String officer = TestTokens.token("zhou", "district-officer", "310104");
        assertThat(communities(officer)).doesNotContain(elsewhere).allMatch(c -> c.startsWith("310104"));
        given().auth().oauth2(officer).queryParam("area", "310105").when().get("/api/v1/activity").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("li", "resident", "310104")).when().get("/api/v1/activity")
                .then().statusCode(403);
        TopicReader.await("alert.events.dlq", r -> marker.equals(TopicReader.header(r, "ce_id")), 1, Duration.ofSeconds(60));
    }

    @Test
    void anEventAboutAWiderAreaCountsForThatAreaAndIsSeenOnlyByThoseWhoseScopeCoversIt() {
        String district = "310107";
        String depot = "frontline.supplies.StockSiteRegistered.v1";
        String alert = "frontline.alert.AlertRaised.v1";
        try (var producer = producer()) {
            producer.send(event("supplies.events", UUID.randomUUID().toString(), depot, district));
            producer.send(event("alert.events", UUID.randomUUID().toString(), alert, district));
            producer.send(event("alert.events", UUID.randomUUID().toString(), alert, "310107012")); // a street
            producer.flush();
        }
        String officer = TestTokens.token("qian", "district-officer", district);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> items = given().auth().oauth2(officer).queryParam("size", 500)
                    .when().get("/api/v1/activity").then().statusCode(200).extract().jsonPath().getList("items");
            assertThat(items).anySatisfy(i -> {
                assertThat(i).containsEntry("areaCode", district).containsEntry("level", "district")
                        .containsEntry("eventType", depot).containsEntry("events", 1);
                assertThat(i.get("communityCode")).isNull();
            });
            assertThat(items).anySatisfy(i -> assertThat(i).containsEntry("areaCode", district)
                    .containsEntry("eventType", alert).containsEntry("events", 1));
            assertThat(items).anySatisfy(i -> assertThat(i).containsEntry("areaCode", "310107012")
                    .containsEntry("level", "street"));
        });
        // a worker of one community in that district does not see the district's own rows
        String worker = TestTokens.token("wu", "community-worker", "310107012001");
        assertThat(communities(worker)).allMatch(c -> c.startsWith("310107012001"));
        assertThat(TopicReader.readAll("supplies.events.dlq")).noneMatch(r -> district.equals(TopicReader.header(r, "ce_subject")));
    }

    @Test
    void whileTheBrokerIsAwayTheGatewayKeepsAnsweringAndSaysHowFreshItsPictureIs() {
        String community = "310104012009";
        try (var producer = producer()) {
            producer.send(event("screening.events", UUID.randomUUID().toString(), FEVER, community));
            producer.flush();
        }
        String officer = TestTokens.token("zhou", "district-officer", "310104");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(counts(officer, community)).containsEntry(FEVER, 1));
        given().auth().oauth2(officer).when().get("/api/v1/activity").then().statusCode(200)
                .body("freshness.consumersConnected", org.hamcrest.Matchers.is(true))
                .body("freshness.lastEventAppliedAt", org.hamcrest.Matchers.notNullValue());

        TestKafka.stop();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(officer)
                    .queryParam("area", community).when().get("/api/v1/activity").then().statusCode(200)
                    .body("items.find { it.eventType == '" + FEVER + "' }.events", org.hamcrest.Matchers.is(1))
                    .body("freshness.consumersConnected", org.hamcrest.Matchers.is(false))
                    .body("freshness.disconnectedChannels", org.hamcrest.Matchers.hasItem("screening-events"))
                    .body("freshness.lastEventAppliedAt", org.hamcrest.Matchers.notNullValue()));
            // ready: it serves the picture it has; a restart would not bring the broker back
            given().when().get("/q/health/ready").then().statusCode(200).body("status", org.hamcrest.Matchers.is("UP"));
            given().when().get("/q/health/live").then().statusCode(200);
        } finally {
            TestKafka.start();
        }
        // back: connected again, and new events are applied
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(officer).when()
                .get("/api/v1/activity").then().statusCode(200)
                .body("freshness.consumersConnected", org.hamcrest.Matchers.is(true)));
        try (var producer = producer()) {
            producer.send(event("screening.events", UUID.randomUUID().toString(), FEVER, community));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(counts(officer, community)).containsEntry(FEVER, 2));
    }

    private static Map<String, Integer> counts(String token, String community) {
        List<Map<String, Object>> items = given().auth().oauth2(token).queryParam("area", community).queryParam("size", 500)
                .when().get("/api/v1/activity").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().collect(java.util.stream.Collectors.toMap(i -> (String) i.get("eventType"),
                i -> ((Number) i.get("events")).intValue()));
    }

    private static List<String> communities(String token) {
        return given().auth().oauth2(token).queryParam("size", 500).when().get("/api/v1/activity")
                .then().statusCode(200).extract().jsonPath().getList("items.areaCode");
    }

    private static ProducerRecord<String, String> event(String topic, String id, String type, String community) {
        return TestEvents.cloudEvent(topic, id, "/test", type, community, "2026-11-28T08:00:00Z",
                "{\"communityCode\":\"" + community + "\"}");
    }

    private static KafkaProducer<String, String> producer() {
        return TestEvents.producer();
    }
}
