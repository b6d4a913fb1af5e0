package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.frontline.roster.PersonFixtures.person;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * What alert-service's response plans read from this service (TeamMembersChanged, PersonDutiesChanged) and the
 * drills they send back (DrillCompleted → a training of kind DRILL).
 */
@QuarkusTest
@FrontlineTest
class PlanEventsTests {

    static final String DUTIES = "frontline.roster.PersonDutiesChanged.v1";
    static final String TEAM = "frontline.roster.TeamMembersChanged.v1";
    static final String C1 = "310104012041";
    static final String C2 = "310104012042";
    static final String C3 = "310104012043";
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");

    @Inject
    TestClock clock;
    @Inject
    ObjectMapper mapper;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void aPersonsDutiesAreAnnouncedOnRegistrationGrantActiveChangeAndRevocation() throws Exception {
        LocalDate today = LocalDate.now(clock);
        // a duty of this test alone: first aid and counselling (the seeded psychological-counsellor needs counselling)
        String lead = "drill-lead-" + System.nanoTime();
        as(COORDINATOR).body(Map.of("code", lead, "name", "Drill lead", "riskLevel", 1,
                "requiredQualifications", List.of("first-aid", "psych-counselling"))).when().post("/api/v1/duties")
                .then().statusCode(201);
        String p = person(OFFICER, C1, "STAFF");
        String counselling = grant(p, "psych-counselling", today.minusDays(10), today.plusDays(100));
        grant(p, "first-aid", today.minusDays(10), today.plusDays(30));
        as(OFFICER).body(Map.of("version", 0, "active", false)).when().patch("/api/v1/people/" + p).then()
                .statusCode(200);
        as(OFFICER).when().delete("/api/v1/people/" + p + "/qualifications/" + counselling).then().statusCode(204);

        List<JsonNode> events = awaitData(DUTIES, p, 5);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("personId").asText()).isEqualTo(p);
            assertThat(e.get("communityCode").asText()).isEqualTo(C1);
        });
        // registration: no qualifications, no duties
        assertThat(duties(events.get(0))).isEmpty();
        assertThat(events.get(0).get("active").asBoolean()).isTrue();
        // counselling (until today + 100): the counsellor's duty; the lead's also needs first aid
        assertThat(duties(events.get(1))).isEqualTo(Map.of("psychological-counsellor", String.valueOf(today.plusDays(100))));
        // first aid until today + 30: the lead's duty until the earlier of the two expiries; no duty that requires
        // nothing (observer, guard, …) is ever listed
        assertThat(duties(events.get(2))).isEqualTo(Map.of("psychological-counsellor", String.valueOf(today.plusDays(100)),
                lead, String.valueOf(today.plusDays(30))));
        // made inactive: the same duties, active false
        assertThat(events.get(3).get("active").asBoolean()).isFalse();
        assertThat(duties(events.get(3))).isEqualTo(duties(events.get(2)));
        // counselling revoked: neither duty is held any more
        assertThat(duties(events.get(4))).isEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain("Zhou Min", "13812345678"));
    }

    @Test
    void aTeamAnnouncesItsMembersWhenFormedAndOnEveryReplacement() throws Exception {
        String a = person(OFFICER, C1, "STAFF");
        String b = person(OFFICER, C1, "VOLUNTEER");
        String team = as(OFFICER).body(Map.of("communityCode", C1, "name", "Night response team",
                "purpose", "Transfers at night")).when().post("/api/v1/teams").then().statusCode(201).extract().path("id");
        as(OFFICER).body(Map.of("personIds", List.of(a, b))).when().put("/api/v1/teams/" + team + "/members").then()
                .statusCode(200);
        as(OFFICER).body(Map.of("personIds", List.of(b))).when().put("/api/v1/teams/" + team + "/members").then()
                .statusCode(200);

        List<JsonNode> events = awaitData(TEAM, team, 3);
        List<List<String>> members = new ArrayList<>(); // each list as a set (sorted here by text)
        for (JsonNode e : events) {
            assertThat(e.get("teamId").asText()).isEqualTo(team);
            assertThat(e.get("communityCode").asText()).isEqualTo(C1);
            assertThat(e.get("title").asText()).isEqualTo("Night response team");
            assertThat(e.get("purpose").asText()).isEqualTo("Transfers at night");
            List<String> ids = new ArrayList<>();
            e.get("memberIds").forEach(id -> ids.add(id.asText()));
            members.add(ids.stream().sorted().toList());
        }
        assertThat(members).containsExactly(List.of(), List.of(a, b).stream().sorted().toList(), List.of(b));
    }

    @Test
    void aCompletedDrillIsRecordedOnceAsADrillTrainingThatRenewsTheGrantedQualification() throws Exception {
        LocalDate today = LocalDate.now(clock);
        String attendee = person(OFFICER, C2, "STAFF");
        grant(attendee, "first-aid", today.minusDays(700), today.plusDays(30));
        String inactive = person(OFFICER, C2, "STAFF");
        as(OFFICER).body(Map.of("version", 0, "active", false)).when().patch("/api/v1/people/" + inactive).then()
                .statusCode(200);
        String outside = person(OFFICER, C3, "STAFF");
        UUID unknown = UUID.randomUUID();

        // completed at 23:30 on the city's yesterday (15:30Z): held on that city date
        LocalDate heldOn = today.minusDays(1);
        OffsetDateTime completedAt = heldOn.atTime(23, 30).atZone(ZoneId.of("Asia/Shanghai")).toOffsetDateTime();
        UUID drillId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String title = "Evacuation drill " + drillId;
        String data = drill(drillId, title, completedAt, "first-aid", List.of(attendee, inactive, outside, unknown.toString()));
        UUID unknownGrant = UUID.randomUUID();
        String juggling = "Juggling drill " + unknownGrant;
        try (var producer = TestEvents.producer()) {
            producer.send(drillEvent(eventId, completedAt, data));
            producer.send(drillEvent(eventId, completedAt, data)); // redelivery
            producer.send(drillEvent(UUID.randomUUID().toString(), completedAt, data)); // re-sent with a new id
            producer.send(drillEvent(UUID.randomUUID().toString(), completedAt,
                    drill(unknownGrant, juggling, completedAt, "juggling", List.of(attendee))));
            producer.flush();
        }

        List<JsonPath> trainings = await().atMost(Duration.ofSeconds(60)).until(() -> trainings(C2),
                l -> l.size() >= 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(trainings(C2)).hasSize(2));
        trainings = trainings(C2);
        JsonPath recorded = trainings.stream().filter(t -> title.equals(t.getString("title"))).findFirst().orElseThrow();
        assertThat(recorded.getString("kind")).isEqualTo("DRILL");
        assertThat(recorded.getString("areaCode")).isEqualTo(C2);
        assertThat(recorded.getString("heldOn")).isEqualTo(heldOn.toString());
        assertThat(recorded.getString("grantsQualification")).isEqualTo("first-aid");
        // only the active attendee inside the area: the inactive, the outside and the unknown one are skipped
        assertThat(recorded.getList("attendees", String.class)).containsExactly(attendee);
        JsonPath ungranted = trainings.stream().filter(t -> juggling.equals(t.getString("title"))).findFirst().orElseThrow();
        assertThat(ungranted.getString("kind")).isEqualTo("DRILL");
        assertThat(ungranted.getString("grantsQualification")).isNull();
        assertThat(ungranted.getList("attendees", String.class)).containsExactly(attendee);

        // first aid renewed from the day held for the type's 24 months: the renewal is the one that counts
        List<Map<String, Object>> firstAid = as(OFFICER).when().get("/api/v1/people/" + attendee + "/qualifications")
                .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(q -> "first-aid".equals(q.get("code"))).toList();
        assertThat(firstAid).hasSize(2).anySatisfy(q -> {
            assertThat(q).containsEntry("issuedOn", heldOn.toString())
                    .containsEntry("expiresOn", heldOn.plusMonths(24).toString())
                    .containsEntry("source", "TRAINING").containsEntry("trainingId", recorded.getString("id"));
        });
        // and the attendee's duties were announced again: registration, the grant, the drill's renewal
        awaitData(DUTIES, attendee, 3);
    }

    private String grant(String person, String code, LocalDate issued, LocalDate expires) {
        return as(OFFICER).body(Map.of("code", code, "issuedOn", issued.toString(), "expiresOn", expires.toString()))
                .when().post("/api/v1/people/" + person + "/qualifications").then().statusCode(201).extract().path("id");
    }

    private static List<JsonPath> trainings(String area) {
        JsonPath page = as(OFFICER).queryParam("area", area).queryParam("size", 100).when().get("/api/v1/trainings")
                .then().statusCode(200).extract().jsonPath();
        int n = page.getList("items").size();
        List<JsonPath> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new JsonPath(page.prettify()).setRootPath("items[" + i + "]"));
        }
        assertThat(items).allSatisfy(t -> assertThat(t.getString("areaCode")).startsWith(area));
        return items;
    }

    /** The data of exactly {@code count} events of a type naming {@code id}, in the topic's order (one key each). */
    private List<JsonNode> awaitData(String type, String id, int count) throws Exception {
        List<ConsumerRecord<String, String>> records = TopicReader.awaitExactly("roster.events",
                r -> type.equals(TopicReader.header(r, "ce_type")) && r.value().contains(id), count,
                Duration.ofSeconds(60));
        List<JsonNode> data = new ArrayList<>();
        for (var r : records.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList()) {
            data.add(mapper.readTree(r.value()));
        }
        return data;
    }

    private static Map<String, String> duties(JsonNode event) {
        Map<String, String> result = new HashMap<>();
        event.get("duties").forEach(d -> result.put(d.get("dutyCode").asText(),
                d.get("validUntil").isNull() ? null : d.get("validUntil").asText()));
        return result;
    }

    /** DrillCompleted with every field alert-service's PlanEvents.DrillCompleted has. */
    private static String drill(UUID drillId, String title, OffsetDateTime completedAt, String grants,
            List<String> attendees) {
        StringBuilder ids = new StringBuilder();
        for (String a : attendees) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(a).append('"');
        }
        return "{\"drillId\":\"" + drillId + "\",\"planId\":\"" + UUID.randomUUID() + "\",\"planVersion\":2,"
                + "\"communityCode\":\"" + C2 + "\",\"level\":\"ORANGE\",\"title\":\"" + title + "\","
                + "\"startedAt\":\"" + completedAt.minusHours(3) + "\",\"completedAt\":\"" + completedAt + "\","
                + "\"tasks\":6,\"doneOnTime\":5,\"score\":83.3,\"grantsQualification\":\"" + grants + "\","
                + "\"attendeeIds\":[" + ids + "]}";
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> drillEvent(String id,
            OffsetDateTime at, String data) {
        return TestEvents.cloudEvent("alert.events", id, "/alert-service", "frontline.alert.DrillCompleted.v1", C2,
                at.toString(), data);
    }
}
