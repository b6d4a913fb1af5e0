package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** An alert for a community proposes surge shifts there, by the documented rule, once per alert and level. */
@QuarkusTest
@FrontlineTest
class SurgeTests {

    static final String RAISED = "frontline.alert.AlertRaised.v1";
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");

    @Test
    void anOrangeAlertProposesTheOrangeShiftsForThreeDaysOnceEvenWhenDeliveredTwice() {
        String community = "310104012031";
        UUID alert = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        // raised at 23:30 on 1 Dec in Shanghai (15:30Z): the surge starts on the city's next day, 2 Dec
        String raisedAt = "2026-12-01T15:30:00Z";
        try (var producer = producer()) {
            producer.send(alert(eventId, alert, community, "ORANGE", raisedAt));
            producer.send(alert(eventId, alert, community, "ORANGE", raisedAt)); // redelivery
            producer.send(alert(UUID.randomUUID().toString(), alert, community, "ORANGE", raisedAt)); // re-sent with a new id
            producer.flush();
        }
        JsonPath proposal = awaitProposals(community, 1).get(0);
        assertThat(proposal.getString("level")).isEqualTo("ORANGE");
        assertThat(proposal.getString("status")).isEqualTo("PROPOSED");
        assertThat(proposal.getString("firstDay")).isEqualTo("2026-12-02");
        assertThat(proposal.getInt("days")).isEqualTo(3);
        List<Map<String, Object>> shifts = proposal.getList("shifts");
        // ORANGE: screener 08–16 ×2, screener 16–24 ×1, temperature checkpoint 08–16 ×2, disinfection 08–12 ×1,
        // information officer 08–16 ×1 — five shifts a day, three days
        assertThat(shifts).hasSize(15);
        assertThat(shifts.stream().mapToInt(s -> ((Number) s.get("headcount")).intValue()).sum()).isEqualTo(3 * 7);
        assertThat(shifts).anySatisfy(s -> {
            assertThat(s).containsEntry("dutyCode", "screener").containsEntry("headcount", 1);
            assertThat(OffsetDateTime.parse((String) s.get("startAt"))).isEqualTo(OffsetDateTime.parse("2026-12-04T16:00:00+08:00"));
            assertThat(OffsetDateTime.parse((String) s.get("endAt"))).isEqualTo(OffsetDateTime.parse("2026-12-05T00:00:00+08:00"));
        });
        assertThat(shifts).allSatisfy(s -> assertThat(OffsetDateTime.parse((String) s.get("startAt")))
                .isAfterOrEqualTo(OffsetDateTime.parse("2026-12-02T08:00:00+08:00")));
        // still one, a while later
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(proposals(OFFICER, community)).hasSize(1));

        // accepted: each proposed shift becomes a draft shift of the community, once
        String id = proposal.getString("id");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", proposal.getLong("version")))
                .when().post("/api/v1/surge-proposals/" + id + "/accept").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("ACCEPTED"))
                .body("shifts.shiftId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue()));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", proposal.getLong("version") + 1))
                .when().post("/api/v1/surge-proposals/" + id + "/accept").then().statusCode(409);
        List<Map<String, Object>> drafts = given().auth().oauth2(OFFICER).queryParam("area", community)
                .queryParam("size", 500).when().get("/api/v1/shifts").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(drafts).hasSize(15).allSatisfy(s -> assertThat(s).containsEntry("status", "DRAFT")
                .containsEntry("communityCode", community));
        assertThat(drafts.stream().mapToInt(s -> ((Number) s.get("requiredHeadcount")).intValue()).sum()).isEqualTo(21);
    }

    @Test
    void aHigherLevelSupersedesTheUndecidedProposalAndLowLevelsOrWiderAreasProposeNothing() {
        String community = "310104012032";
        UUID alert = UUID.randomUUID();
        String poison = UUID.randomUUID().toString();
        try (var producer = producer()) {
            producer.send(alert(UUID.randomUUID().toString(), UUID.randomUUID(), community, "BLUE", "2026-12-01T02:00:00Z"));
            producer.send(alert(UUID.randomUUID().toString(), alert, community, "YELLOW", "2026-12-01T02:00:00Z"));
            producer.send(alert(UUID.randomUUID().toString(), alert, community, "RED", "2026-12-01T06:00:00Z"));
            producer.send(alert(UUID.randomUUID().toString(), alert, community, "ORANGE", "2026-12-01T08:00:00Z")); // falls back: nothing new
            producer.send(alert(UUID.randomUUID().toString(), UUID.randomUUID(), "310104", "RED", "2026-12-01T02:00:00Z")); // a district
            producer.send(alert(poison, UUID.randomUUID(), "not-an-area", "RED", "2026-12-01T02:00:00Z"));
            producer.flush();
        }
        TopicReader.await("alert.events.dlq", r -> poison.equals(TopicReader.header(r, "ce_id")), 1, Duration.ofSeconds(60));
        List<JsonPath> found = awaitProposals(community, 2);
        assertThat(found).extracting(p -> p.getString("level") + ":" + p.getString("status"))
                .containsExactlyInAnyOrder("YELLOW:SUPERSEDED", "RED:PROPOSED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(proposals(OFFICER, community)).hasSize(2));
        assertThat(proposals(TestTokens.token("sun", "coordinator", "3101"), "310104")).allSatisfy(
                p -> assertThat(p.getString("communityCode")).hasSize(12));
    }

    @Test
    void proposalsAreScopedAndADismissalNeedsTheVersionReviewed() {
        String community = "310104012033";
        String elsewhere = "310105002033";
        try (var producer = producer()) {
            producer.send(alert(UUID.randomUUID().toString(), UUID.randomUUID(), community, "YELLOW", "2026-12-01T02:00:00Z"));
            producer.send(alert(UUID.randomUUID().toString(), UUID.randomUUID(), elsewhere, "YELLOW", "2026-12-01T02:00:00Z"));
            producer.flush();
        }
        String id = awaitProposals(community, 1).get(0).getString("id");
        String neighbour = TestTokens.token("qian", "district-officer", "310105");
        String theirs = await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(neighbour)
                .when().get("/api/v1/surge-proposals?area=" + elsewhere).then().statusCode(200)
                .extract().<String>path("items[0].id"), java.util.Objects::nonNull);

        String worker = TestTokens.token("wang", "community-worker", community);
        List<String> seen = given().auth().oauth2(worker).when().get("/api/v1/surge-proposals?size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.communityCode", String.class);
        assertThat(seen).isNotEmpty().allMatch(community::equals);
        given().auth().oauth2(OFFICER).when().get("/api/v1/surge-proposals?area=310105").then().statusCode(403);
        // outside the area answers exactly as a missing id
        String missing = given().auth().oauth2(OFFICER).when().get("/api/v1/surge-proposals/" + UUID.randomUUID())
                .then().statusCode(404).extract().path("detail");
        String foreign = given().auth().oauth2(OFFICER).when().get("/api/v1/surge-proposals/" + theirs).then()
                .statusCode(404).extract().path("detail");
        assertThat(foreign.replace(theirs, "ID")).isEqualTo(missing.replaceAll("[0-9a-f-]{36}", "ID"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", 0))
                .when().post("/api/v1/surge-proposals/" + theirs + "/dismiss").then().statusCode(404);
        given().auth().oauth2(neighbour).when().get("/api/v1/surge-proposals/" + theirs).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("PROPOSED"));
        // a community worker reads but does not decide; bad input changes nothing
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("version", 0))
                .when().post("/api/v1/surge-proposals/" + id + "/dismiss").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/surge-proposals/" + id + "/dismiss").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(OFFICER).queryParam("status", "MAYBE").when().get("/api/v1/surge-proposals").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", 7))
                .when().post("/api/v1/surge-proposals/" + id + "/dismiss").then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", 0))
                .when().post("/api/v1/surge-proposals/" + id + "/dismiss").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("DISMISSED")).body("decidedBy", org.hamcrest.Matchers.is("zhou"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", 1))
                .when().post("/api/v1/surge-proposals/" + id + "/dismiss").then().statusCode(409);
    }

    @Test
    void onlyRaisesAndLevelChangesOfAnActiveAlertProposeAndAnEscalationCountsFromItsOwnTime() {
        String community = "310104012034";
        UUID closing = UUID.randomUUID();
        UUID acknowledged = UUID.randomUUID();
        UUID escalated = UUID.randomUUID();
        UUID sentinel = UUID.randomUUID();
        try (var producer = producer()) {
            // a RECOVERY or CLOSED stage proposes nothing, nor does an event that is no raise or level change
            producer.send(event("AlertRaised", closing, community, "RED", "RECOVERY", "", "2026-12-01T02:00:00Z"));
            producer.send(event("AlertLevelChanged", closing, community, "RED", "CLOSED", "", "2026-12-01T03:00:00Z"));
            producer.send(event("AlertAcknowledged", acknowledged, community, "RED", "RESPONSE", "", "2026-12-01T02:00:00Z"));
            // raised on 1 Dec; escalated at 23:30 on 3 Dec in the city: the surge starts on 4 Dec, not 2 Dec
            producer.send(event("AlertEscalated", escalated, community, "ORANGE", "RESPONSE",
                    ",\"raisedAt\":\"2026-12-01T02:00:00Z\",\"changedAt\":\"2026-12-03T15:30:00Z\"",
                    "2026-12-03T15:30:05Z"));
            // no changedAt: the event's own time (ce_time), 10:00 on 5 Dec in the city
            producer.send(event("AlertLevelChanged", sentinel, community, "YELLOW", null,
                    ",\"raisedAt\":\"2026-12-01T02:00:00Z\"", "2026-12-05T02:00:00Z"));
            producer.flush();
        }
        List<JsonPath> found = awaitProposals(community, 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(proposals(OFFICER, community)).hasSize(2));
        found = proposals(OFFICER, community);
        assertThat(found).extracting(p -> p.getString("alertId") + ":" + p.getString("level") + ":"
                + p.getString("firstDay")).containsExactlyInAnyOrder(escalated + ":ORANGE:2026-12-04",
                        sentinel + ":YELLOW:2026-12-06");
    }

    @Test
    void aHigherLevelAfterAnAcceptedOneProposesOnlyTheDifference() {
        String community = "310104012035";
        UUID alert = UUID.randomUUID();
        try (var producer = producer()) {
            // YELLOW raised at 10:00 on 1 Dec: screener and temperature checkpoint 08–16 ×1 on 2, 3 and 4 Dec
            producer.send(alert(UUID.randomUUID().toString(), alert, community, "YELLOW", "2026-12-01T02:00:00Z"));
            producer.flush();
        }
        JsonPath yellow = awaitProposals(community, 1).get(0);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("version", yellow.getLong("version")))
                .when().post("/api/v1/surge-proposals/" + yellow.getString("id") + "/accept").then().statusCode(200);
        try (var producer = producer()) {
            // ORANGE from 10:00 on 2 Dec: 3, 4 and 5 Dec
            producer.send(event("AlertEscalated", alert, community, "ORANGE", "RESPONSE",
                    ",\"changedAt\":\"2026-12-02T02:00:00Z\"", "2026-12-02T02:00:00Z"));
            producer.flush();
        }
        JsonPath orange = awaitProposals(community, 2).stream().filter(p -> "ORANGE".equals(p.getString("level")))
                .findFirst().orElseThrow();
        assertThat(orange.getString("firstDay")).isEqualTo("2026-12-03");
        List<Map<String, Object>> shifts = orange.getList("shifts");
        Map<String, Integer> headcounts = new java.util.TreeMap<>();
        for (Map<String, Object> s : shifts) {
            String start = OffsetDateTime.parse((String) s.get("startAt")).atZoneSameInstant(java.time.ZoneId.of(
                    "Asia/Shanghai")).toLocalDateTime().toString();
            headcounts.put(start + " " + s.get("dutyCode"), ((Number) s.get("headcount")).intValue());
        }
        Map<String, Integer> expected = new java.util.TreeMap<>();
        for (String day : List.of("2026-12-03", "2026-12-04", "2026-12-05")) {
            boolean covered = !day.equals("2026-12-05"); // YELLOW's accepted shifts are on 2, 3 and 4 Dec
            expected.put(day + "T08:00 screener", covered ? 1 : 2);
            expected.put(day + "T16:00 screener", 1);
            expected.put(day + "T08:00 temperature-checkpoint", covered ? 1 : 2);
            expected.put(day + "T08:00 disinfection", 1);
            expected.put(day + "T08:00 information-officer", 1);
        }
        assertThat(headcounts).isEqualTo(expected);
    }

    @Test
    void aPlansSurgeRequestProposesOncePerAlertAndLevelLikeARaise() {
        String community = "310104012036";
        UUID requested = UUID.randomUUID();
        UUID raised = UUID.randomUUID();
        try (var producer = producer()) {
            // requested at 23:30 on 1 Dec in the city (15:30Z): from 2 Dec; an AlertRaised of the same alert and level
            // afterwards proposes nothing more
            producer.send(surgeRequest(requested, community, "ORANGE", "2026-12-01T15:30:00Z"));
            producer.send(alert(UUID.randomUUID().toString(), requested, community, "ORANGE", "2026-12-03T02:00:00Z"));
            // raised first at 10:00 on 5 Dec (from 6 Dec); the plan's request for the same level afterwards: nothing
            producer.send(alert(UUID.randomUUID().toString(), raised, community, "ORANGE", "2026-12-05T02:00:00Z"));
            producer.send(surgeRequest(raised, community, "ORANGE", "2026-12-07T02:00:00Z"));
            producer.send(surgeRequest(raised, community, "ORANGE", "2026-12-07T02:00:00Z")); // a re-sent copy
            producer.flush();
        }
        awaitProposals(community, 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(proposals(OFFICER, community)).hasSize(2));
        assertThat(proposals(OFFICER, community)).extracting(p -> p.getString("alertId") + ":" + p.getString("level")
                + ":" + p.getString("firstDay") + ":" + p.getList("shifts").size()).containsExactlyInAnyOrder(
                        requested + ":ORANGE:2026-12-02:15", raised + ":ORANGE:2026-12-06:15");
    }

    private static List<JsonPath> awaitProposals(String community, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> proposals(OFFICER, community), l -> l.size() >= count);
    }

    private static List<JsonPath> proposals(String token, String area) {
        JsonPath page = given().auth().oauth2(token).queryParam("area", area).queryParam("size", 500)
                .when().get("/api/v1/surge-proposals").then().statusCode(200).extract().jsonPath();
        int n = page.getList("items").size();
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new JsonPath(page.prettify()).setRootPath("items[" + i + "]")).toList();
    }

    private static ProducerRecord<String, String> alert(String eventId, UUID alertId, String area, String level,
            String raisedAt) {
        String data = "{\"alertId\":\"" + alertId + "\",\"communityCode\":\"" + area + "\",\"level\":\"" + level
                + "\",\"stage\":\"WARNING\",\"title\":\"Fevers in building 12\",\"raisedAt\":\"" + raisedAt + "\"}";
        return TestEvents.cloudEvent("alert.events", eventId, "/alert-service", RAISED, area, raisedAt, data);
    }

    /** alert-service's SurgeShiftsRequested (PlanEvents), every field as it sends it. */
    private static ProducerRecord<String, String> surgeRequest(UUID alertId, String area, String level,
            String requestedAt) {
        String data = "{\"requestId\":\"" + UUID.randomUUID() + "\",\"activationId\":\"" + UUID.randomUUID()
                + "\",\"alertId\":\"" + alertId + "\",\"communityCode\":\"" + area + "\",\"level\":\"" + level
                + "\",\"stage\":\"RESPONSE\",\"requestedAt\":\"" + requestedAt + "\"}";
        return TestEvents.cloudEvent("alert.events", UUID.randomUUID().toString(), "/alert-service",
                "frontline.alert.SurgeShiftsRequested.v1", area, requestedAt, data);
    }

    /** An alert event of any name; {@code extra} is appended to the data object as it is. */
    private static ProducerRecord<String, String> event(String name, UUID alertId, String area, String level,
            String stage, String extra, String time) {
        String data = "{\"alertId\":\"" + alertId + "\",\"communityCode\":\"" + area + "\",\"level\":\"" + level
                + "\"" + (stage == null ? "" : ",\"stage\":\"" + stage + "\"") + extra + "}";
        return TestEvents.cloudEvent("alert.events", UUID.randomUUID().toString(), "/alert-service",
                "frontline.alert." + name + ".v1", area, time, data);
    }

    private static KafkaProducer<String, String> producer() {
        return TestEvents.producer();
    }
}
