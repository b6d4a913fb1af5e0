package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A response plan's MinimumStockRequested raises the levels of the community's store, never lowers one, once. */
@QuarkusTest
@FrontlineTest
class MinimumStockTests {

    static final String COORDINATOR = TestTokens.token("lin", "coordinator", "3101");
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");

    @Inject
    SupplyFixture fixture;

    @Test
    void theStoresMinimumsRiseToTheRequestedDaysOnceAndAStockNowBelowItCrossesOnce() {
        String community = SupplyFixture.community("310104");
        UUID store = UUID.fromString(given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "kind", "COMMUNITY_STORE", "name", "Store " + community))
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id"));
        // n95: 100 on hand, 10 a day, levels 7 / 30 / 3: 100 ≥ 7 × 10 = 70 → OK
        stock(store, "n95-respirator", 100, "10", 7, 30, 3);
        // disinfectant: 1000 on hand, 10 a day, levels 20 / 40 / 5: already above the request
        stock(store, "disinfectant", 1000, "10", 20, 40, 5);
        // goggles (not critical): 1000 on hand, 1 a day, levels 7 / 10 / 3: its max follows the new min
        stock(store, "goggles", 1000, "1", 7, 10, 3);
        assertThat(level(store, "n95-respirator").getString("level")).isEqualTo("OK");

        UUID request = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (var producer = TestEvents.producer()) {
            producer.send(requested(eventId, request, community, "14"));
            producer.send(requested(eventId, request, community, "14")); // redelivery
            producer.send(requested(UUID.randomUUID().toString(), request, community, "14")); // re-sent, a new id
            producer.send(requested(UUID.randomUUID().toString(), UUID.randomUUID(), community, "10")); // lower: nothing
            producer.send(requested(UUID.randomUUID().toString(), UUID.randomUUID(), SupplyFixture.community("310104"),
                    "14")); // a community without a store: nothing
            producer.flush();
        }

        // n95: min 14, max 30, emergency 3: 100 < 14 × 10 = 140 → BELOW_MIN (100 ≥ 3 × 10 = 30: not EMERGENCY), once
        List<ConsumerRecord<String, String>> crossed = TopicReader.awaitExactly("supplies.events",
                TopicReader.type("frontline.supplies.StockLevelCrossed.v1").and(r -> r.value().contains(store.toString())
                        && r.value().contains("\"n95-respirator\"")), 1, Duration.ofSeconds(60));
        assertThat(crossed.get(0).value()).contains("\"from\":\"OK\"", "\"to\":\"BELOW_MIN\"");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(levels(store, "n95-respirator"))
                .isEqualTo("14.0/30.0/3.0 BELOW_MIN"));
        // n95 said StockChanged with cause LEVELS once (its crossing); disinfectant keeps 20 / 40 / 5 and said nothing
        TopicReader.awaitExactly("supplies.events", levelChanges(store, "n95-respirator"), 1, Duration.ofSeconds(30));
        assertThat(levels(store, "disinfectant")).isEqualTo("20.0/40.0/5.0 OK");
        assertThat(TopicReader.readAll("supplies.events").stream().filter(levelChanges(store, "disinfectant"))).isEmpty();
        // goggles: min 14, max max(10, 14) = 14; 1000 ≥ 14 × 1 → OK
        assertThat(levels(store, "goggles")).isEqualTo("14.0/14.0/3.0 OK");
        // a critical item the store had none of gets its row, as PUT …/levels makes it: min 14, max the default 30,
        // emergency the default 3 — nothing on hand: a stock-out, announced once
        assertThat(levels(store, "thermometer")).isEqualTo("14.0/30.0/3.0 STOCK_OUT");
        TopicReader.awaitExactly("supplies.events", TopicReader.type("frontline.supplies.StockLevelCrossed.v1")
                .and(r -> r.value().contains(store.toString()) && r.value().contains("\"thermometer\"")), 1,
                Duration.ofSeconds(30));
        // every stock of the store is in its area and at least 14 days
        assertThat(given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + store + "/stock").then().statusCode(200)
                .extract().jsonPath().getList("$", Map.class)).isNotEmpty().allSatisfy(s -> {
                    assertThat(s.get("areaCode")).isEqualTo(community);
                    assertThat(new BigDecimal(s.get("minDays").toString())).isGreaterThanOrEqualTo(new BigDecimal("14"));
                });
    }

    private void stock(UUID store, String item, long onHand, String rate, double min, double max, double emergency) {
        fixture.receive(store, item, "L-" + item, null, onHand);
        fixture.rate(store, item, new BigDecimal(rate));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("minDays", min, "maxDays", max, "emergencyDays", emergency))
                .when().put("/api/v1/sites/" + store + "/stock/" + item + "/levels").then().statusCode(200);
    }

    private static JsonPath level(UUID store, String item) {
        JsonPath all = given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + store + "/stock").then()
                .statusCode(200).extract().jsonPath();
        List<String> items = all.getList("itemCode", String.class);
        int i = items.indexOf(item);
        assertThat(i).as(item + " has a stock row").isNotNegative();
        return all.setRootPath("[" + i + "]");
    }

    /** "min/max/emergency LEVEL" of an item at the store. */
    private static String levels(UUID store, String item) {
        JsonPath s = level(store, item);
        return new BigDecimal(s.getString("minDays")).setScale(1) + "/" + new BigDecimal(s.getString("maxDays")).setScale(1)
                + "/" + new BigDecimal(s.getString("emergencyDays")).setScale(1) + " " + s.getString("level");
    }

    /** The StockChanged records of the store's item that new levels caused. */
    private static java.util.function.Predicate<ConsumerRecord<String, String>> levelChanges(UUID store, String item) {
        return TopicReader.type("frontline.supplies.StockChanged.v1").and(r -> r.value().contains(store.toString())
                && r.value().contains("\"" + item + "\"") && r.value().contains("\"cause\":\"LEVELS\""));
    }

    /** alert-service's MinimumStockRequested (PlanEvents), every field as it sends it. */
    private static ProducerRecord<String, String> requested(String eventId, UUID requestId, String community,
            String minDays) {
        String at = OffsetDateTime.now().toString();
        String data = "{\"requestId\":\"" + requestId + "\",\"activationId\":\"" + UUID.randomUUID() + "\",\"alertId\":\""
                + UUID.randomUUID() + "\",\"communityCode\":\"" + community + "\",\"level\":\"ORANGE\",\"minDays\":"
                + minDays + ",\"requestedAt\":\"" + at + "\"}";
        return TestEvents.cloudEvent("alert.events", eventId, "/alert-service",
                "frontline.alert.MinimumStockRequested.v1", community, at, data);
    }
}
