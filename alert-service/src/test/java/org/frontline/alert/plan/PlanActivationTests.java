package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.frontline.alert.TestClock;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Activation from the alert's events (real alerts raised through the API, copies and AlertUpdated injected on the
 * real broker), owners from the roster directory (roster events injected), the system actions' requests, and the
 * activation read API with its scope. Own codes: communities 310107001101..310107001199.
 */
@QuarkusTest
@FrontlineTest
class PlanActivationTests {

    static final String DISTRICT = "310107";
    static final String COORDINATOR = TestTokens.token("act-coord", "coordinator", "3101");
    static final String OFFICER = TestTokens.token("act-officer", "district-officer", DISTRICT);
    static final String TOPIC = "alert.events";
    static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    TestClock clock;
    @Inject
    EntityManager em;

    Instant started;

    @BeforeEach
    void readClock() {
        started = clock.instant();
    }

    /** Back to where the shared clock stood (another class may have it set elsewhere; not the wall clock). */
    @AfterEach
    void resetClock() {
        clock.set(started);
    }

    /** The city template of this class must not run for other classes' alerts. */
    @AfterAll
    static void deactivateCityPlans() {
        QuarkusTransaction.requiringNew().run(() -> ResponsePlan.update("active = false where name like ?1", "plans-act-%"));
    }

    static Map<String, Object> action(String key, String responsible, String due, Object... extra) {
        Map<String, Object> a = new HashMap<>(Map.of("key", key, "title", "Do " + key, "responsible", responsible,
                "dueWithin", due));
        for (int i = 0; i < extra.length; i += 2) {
            a.put((String) extra[i], extra[i + 1]);
        }
        return a;
    }

    static String createPlan(String token, String area, String name, Object definition) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("areaCode", area, "name", name, "title", "Plan " + name, "definition", definition))
                .when().post("/api/v1/response-plans").then().statusCode(201).extract().path("id");
    }

    static String raise(String area, String level) {
        return given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", area, "level", level, "title", "Fever cluster"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    static List<Map<String, Object>> activations(String alertId) {
        return given().auth().oauth2(OFFICER).when().get("/api/v1/plan-activations?alertId=" + alertId).then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    static JsonPath activation(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/plan-activations/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    static java.util.function.Predicate<ConsumerRecord<String, String>> about(String type, String alertId) {
        return TopicReader.type("frontline.alert." + type + ".v1").and(r -> r.value().contains(alertId));
    }

    long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    /** Waits until the plans consumer has taken the event (its inbox row), so everything before it was applied. */
    void awaitApplied(String consumer, UUID eventId) {
        Awaitility.await().atMost(WAIT).until(() -> count(
                "select count(*) from inbox where consumer = ?1 and event_id = ?2", consumer, eventId) == 1);
    }

    static void send(ProducerRecord<String, String> record) {
        try (var producer = TestEvents.producer()) {
            producer.send(record);
        }
    }

    static ProducerRecord<String, String> copy(ConsumerRecord<String, String> original, String id) {
        ProducerRecord<String, String> r = new ProducerRecord<>(original.topic(), original.key(), original.value());
        original.headers().forEach(h -> {
            if (!h.key().equals("ce_id")) {
                r.headers().add(h);
            }
        });
        r.headers().add("ce_id", id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void anAlertRisingToOrangeActivatesTheCommunitysOrangePlanExactlyOnce() {
        String community = "310107001101";
        Map<String, Object> orange = Map.of(
                "warning", List.of(action("watch-signal", "role:community-worker", "P1D")),
                "response", List.of(
                        action("activate-team", "role:community-worker", "PT2H"),
                        action("surge-shifts", "role:district-officer", "PT1H", "system", "SURGE_SHIFTS"),
                        action("raise-stock", "role:district-officer", "PT1H", "system", "RAISE_MIN_STOCK",
                                "minDays", 7),
                        action("door-to-door", "role:community-worker", "PT1H", "system", "OPEN_CAMPAIGN",
                                "grid", "G-03")),
                "recovery", List.of(action("counselling-call", "duty:psychological-counsellor", "P3D",
                        "perReleasedResident", true)));
        String city = createPlan(COORDINATOR, "3101", "plans-act-city", Map.of("levels", Map.of("ORANGE", orange)));
        // the community adapts the city template and adds its own step
        JsonPath adapted = given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "title", "Our plan")).when()
                .post("/api/v1/response-plans/" + city + "/adaptations").then().statusCode(201).extract().jsonPath();
        Map<String, Object> own = new HashMap<>(orange);
        List<Object> response = new ArrayList<>((List<?>) orange.get("response"));
        response.add(action("community-briefing", "role:community-worker", "PT4H"));
        own.put("response", response);
        String planId = adapted.getString("id");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("version", adapted.getLong("version"), "title", "Our plan", "definition",
                        Map.of("levels", Map.of("ORANGE", own))))
                .when().put("/api/v1/response-plans/" + planId).then().statusCode(200);

        String alertId = raise(community, "ORANGE");
        Awaitility.await().atMost(WAIT).until(() -> activations(alertId).size() == 1);
        Map<String, Object> a = activations(alertId).get(0);
        assertThat(a.get("planId")).isEqualTo(planId);
        assertThat(a.get("planName")).isEqualTo("plans-act-city");
        assertThat(a.get("planVersion")).isEqualTo(2);
        assertThat(a.get("level")).isEqualTo("ORANGE");
        assertThat(a.get("status")).isEqualTo("ACTIVE");
        assertThat(a.get("drill")).isEqualTo(false);

        // the same AlertRaised again (same id), and re-sent with a new id: nothing more happens
        ConsumerRecord<String, String> raised = TopicReader.await(TOPIC, about("AlertRaised", alertId), 1, WAIT).get(0);
        send(copy(raised, TopicReader.header(raised, "ce_id")));
        UUID resent = UUID.randomUUID();
        send(copy(raised, resent.toString()));
        awaitApplied("alert-plans", resent);
        assertThat(count("select count(*) from plan_activation where alert_id = ?1", UUID.fromString(alertId)))
                .isOne();
        // 1 warning + 5 response actions; the recovery follow-up is per released resident, not on activation
        assertThat(count("select count(*) from plan_task where alert_id = ?1", UUID.fromString(alertId))).isEqualTo(6);
        TopicReader.awaitExactly(TOPIC, about("PlanActivated", alertId), 1, WAIT);
        // each system action asked once
        for (String request : List.of("SurgeShiftsRequested", "MinimumStockRequested", "CampaignRequested")) {
            List<ConsumerRecord<String, String>> asked = TopicReader.awaitExactly(TOPIC, about(request, alertId), 1,
                    WAIT);
            assertThat(asked.get(0).key()).isEqualTo(community);
        }
        assertThat(TopicReader.await(TOPIC, about("MinimumStockRequested", alertId), 1, WAIT).get(0).value())
                .contains("\"minDays\":7");
        assertThat(TopicReader.await(TOPIC, about("CampaignRequested", alertId), 1, WAIT).get(0).value())
                .contains("\"grid\":\"G-03\"");

        JsonPath detail = activation(OFFICER, (String) a.get("id"));
        List<Map<String, Object>> tasks = detail.getList("tasks");
        assertThat(tasks).extracting(t -> t.get("actionKey")).containsExactlyInAnyOrder("watch-signal",
                "activate-team", "surge-shifts", "raise-stock", "door-to-door", "community-briefing");
        for (Map<String, Object> t : tasks) {
            boolean system = t.get("systemAction") != null;
            assertThat(t.get("status")).as((String) t.get("actionKey")).isEqualTo(system ? "DONE" : "OPEN");
            assertThat(t.get("doneAt") != null).isEqualTo(system);
        }
        // progress: WARNING 1 task, 0 done; RESPONSE 5 tasks, 3 done (the system actions); nothing overdue yet
        assertThat(detail.getList("progress.phase")).containsExactly("WARNING", "RESPONSE");
        assertThat(detail.getList("progress.total", Integer.class)).containsExactly(1, 5);
        assertThat(detail.getList("progress.done", Integer.class)).containsExactly(0, 3);
        assertThat(detail.getList("progress.overdue", Integer.class)).containsExactly(0, 0);
        // 3 h later: activate-team (due 2 h) is overdue; the briefing (4 h) and watch-signal (1 day) are not
        clock.advance(Duration.ofHours(3));
        detail = activation(OFFICER, (String) a.get("id"));
        assertThat(detail.getList("progress.overdue", Integer.class)).containsExactly(0, 1);
    }

    @Test
    void aRiseSupersedesAndMovesAnAcknowledgedAlertToRespondingButALateLowerLevelActivatesNothing() {
        String community = "310107001102";
        createPlan(OFFICER, community, "plans-act-rise", Map.of("levels", Map.of(
                "YELLOW", Map.of("response", List.of(action("check-homes", "role:community-worker", "PT4H"),
                        action("shared-step", "role:community-worker", "PT4H"))),
                "ORANGE", Map.of("response", List.of(action("activate-team", "role:community-worker", "PT2H"),
                        action("shared-step", "role:community-worker", "PT2H"))))));
        String alertId = raise(community, "YELLOW");
        Awaitility.await().atMost(WAIT).until(() -> activations(alertId).size() == 1);
        String yellow = (String) activations(alertId).get(0).get("id");
        // the YELLOW activation found the alert OPEN: it stays OPEN until someone acknowledges it
        int version = given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + alertId).then().statusCode(200)
                .body("alert.status", org.hamcrest.Matchers.equalTo("OPEN")).extract().path("alert.version");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("to", "ACKNOWLEDGED", "expectedVersion", version))
                .when().post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);

        // the alert rises to ORANGE (AlertUpdated as Detection publishes it)
        OffsetDateTime now = OffsetDateTime.now(clock).plusMinutes(5);
        UUID rise = UUID.randomUUID();
        send(TestEvents.cloudEvent(TOPIC, rise.toString(), "/alert", "frontline.alert.AlertUpdated.v1", community,
                now.toString(), "{\"alertId\":\"" + alertId + "\",\"communityCode\":\"" + community
                        + "\",\"level\":\"ORANGE\",\"previousLevel\":\"YELLOW\",\"changedAt\":\"" + now + "\"}"));
        awaitApplied("alert-plans", rise);
        List<Map<String, Object>> both = activations(alertId);
        assertThat(both).extracting(x -> x.get("level") + " " + x.get("status"))
                .containsExactlyInAnyOrder("YELLOW SUPERSEDED", "ORANGE ACTIVE");
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + alertId).then()
                .body("alert.status", org.hamcrest.Matchers.equalTo("RESPONDING"));
        String orange = both.stream().filter(x -> x.get("level").equals("ORANGE")).findFirst().orElseThrow().get("id")
                .toString();
        // no repeated action: shared-step stays with the YELLOW activation
        assertThat(activation(OFFICER, orange).getList("tasks.actionKey")).containsExactly("activate-team");
        assertThat(activation(OFFICER, yellow).getList("tasks.actionKey")).containsExactlyInAnyOrder("check-homes",
                "shared-step");

        // a late YELLOW (and a late ORANGE copy with a new id): nothing new
        UUID late = UUID.randomUUID();
        send(TestEvents.cloudEvent(TOPIC, UUID.randomUUID().toString(), "/alert", "frontline.alert.AlertUpdated.v1",
                community, now.toString(), "{\"alertId\":\"" + alertId + "\",\"level\":\"ORANGE\",\"changedAt\":\""
                        + now + "\"}"));
        send(TestEvents.cloudEvent(TOPIC, late.toString(), "/alert", "frontline.alert.AlertUpdated.v1", community,
                now.toString(), "{\"alertId\":\"" + alertId + "\",\"level\":\"YELLOW\",\"changedAt\":\"" + now
                        + "\"}"));
        awaitApplied("alert-plans", late);
        assertThat(count("select count(*) from plan_activation where alert_id = ?1", UUID.fromString(alertId)))
                .isEqualTo(2);
        assertThat(count("select count(*) from plan_task where alert_id = ?1", UUID.fromString(alertId)))
                .isEqualTo(3);
        TopicReader.awaitExactly(TOPIC, about("PlanActivated", alertId), 2, WAIT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tasksGetTheirOwnersFromTheRosterDirectory() {
        String community = "310107001103";
        LocalDate today = LocalDate.now(clock);
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID team = UUID.randomUUID();
        UUID m1 = UUID.randomUUID();
        UUID m2 = UUID.randomUUID();
        UUID holder = UUID.randomUUID();
        UUID holderNoExpiry = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        UUID inactive = UUID.randomUUID();
        UUID otherDuty = UUID.randomUUID();
        String dutyType = "frontline.roster.PersonDutiesChanged.v1";
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        events.add(rosterEvent("frontline.roster.TeamMembersChanged.v1", community, "{\"teamId\":\"" + team
                + "\",\"communityCode\":\"" + community + "\",\"title\":\"Emergency team\",\"purpose\":\"emergency\","
                + "\"memberIds\":[\"" + m1 + "\",\"" + m2 + "\"],\"changedAt\":\"" + now + "\"}"));
        // an older member list arriving late changes nothing
        events.add(rosterEvent("frontline.roster.TeamMembersChanged.v1", community, "{\"teamId\":\"" + team
                + "\",\"communityCode\":\"" + community + "\",\"title\":\"Emergency team\",\"purpose\":\"emergency\","
                + "\"memberIds\":[\"" + UUID.randomUUID() + "\"],\"changedAt\":\"" + now.minusHours(1) + "\"}"));
        events.add(rosterEvent(dutyType, community, person(holder, community, true, "psychological-counsellor",
                "\"" + today.plusDays(30) + "\"", now)));
        // the holder's older record (inactive) arrives late: ignored
        events.add(rosterEvent(dutyType, community, person(holder, community, false, "psychological-counsellor",
                "\"" + today.plusDays(30) + "\"", now.minusDays(1))));
        events.add(rosterEvent(dutyType, community, person(holderNoExpiry, community, true,
                "psychological-counsellor", "null", now)));
        // valid until today still counts; yesterday does not
        events.add(rosterEvent(dutyType, community, person(expired, community, true, "psychological-counsellor",
                "\"" + today.minusDays(1) + "\"", now)));
        events.add(rosterEvent(dutyType, community, person(inactive, community, false, "psychological-counsellor",
                "\"" + today + "\"", now)));
        events.add(rosterEvent(dutyType, community, person(otherDuty, community, true, "disinfection",
                "\"" + today + "\"", now)));
        // not read by the directory
        events.add(rosterEvent("frontline.roster.ShiftPublished.v1", community, "{\"shiftId\":\"" + UUID.randomUUID()
                + "\"}"));
        ProducerRecord<String, String> last = rosterEvent(dutyType, community, person(UUID.randomUUID(), community,
                true, "cook", "null", now));
        events.add(last);
        try (var producer = TestEvents.producer()) {
            events.forEach(producer::send);
        }
        awaitApplied("alert-plan-directory", UUID.fromString(new String(last.headers().lastHeader("ce_id").value(),
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(count("select count(*) from roster_person where community_code = ?1", community)).isEqualTo(6);
        // ShiftPublished: skipped before the inbox
        assertThat(count("select count(*) from inbox where consumer = 'alert-plan-directory' and event_type = ?1",
                "frontline.roster.ShiftPublished.v1")).isZero();

        createPlan(OFFICER, community, "plans-act-owners", Map.of("levels", Map.of("RED", Map.of("response", List.of(
                action("call-team", "team:Emergency", "PT1H"),
                action("counsel", "duty:psychological-counsellor", "P1D"),
                action("report", "role:community-worker", "PT2H"))))));
        String alertId = raise(community, "RED");
        Awaitility.await().atMost(WAIT).until(() -> activations(alertId).size() == 1);
        List<Map<String, Object>> tasks = activation(COORDINATOR, (String) activations(alertId).get(0).get("id"))
                .getList("tasks");
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        tasks.forEach(t -> byKey.put((String) t.get("actionKey"), t));
        assertThat((List<Object>) byKey.get("call-team").get("ownerIds")).containsExactlyInAnyOrder(m1.toString(),
                m2.toString());
        assertThat(byKey.get("call-team").get("teamId")).isEqualTo(team.toString());
        assertThat((List<Object>) byKey.get("counsel").get("ownerIds")).containsExactlyInAnyOrder(holder.toString(),
                holderNoExpiry.toString());
        assertThat(byKey.get("counsel").get("teamId")).isNull();
        assertThat((List<Object>) byKey.get("report").get("ownerIds")).isEmpty();
    }

    @Test
    void activationsAreReadOnlyInsideTheCallersArea() {
        String mine = "310107001104";
        String neighbour = "310107001105";
        createPlan(OFFICER, mine, "plans-act-scope", Map.of("levels", Map.of("BLUE", Map.of("warning", List.of(
                action("watch", "role:community-worker", "P1D"))))));
        createPlan(OFFICER, neighbour, "plans-act-scope", Map.of("levels", Map.of("BLUE", Map.of("warning",
                List.of(action("watch", "role:community-worker", "P1D"))))));
        String myAlert = raise(mine, "BLUE");
        String theirAlert = raise(neighbour, "BLUE");
        Awaitility.await().atMost(WAIT).until(() -> activations(myAlert).size() == 1
                && activations(theirAlert).size() == 1);
        String theirs = (String) activations(theirAlert).get(0).get("id");
        String worker = TestTokens.token("act-worker", "community-worker", mine);
        given().auth().oauth2(worker).when().get("/api/v1/plan-activations/" + theirs).then().statusCode(403)
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(neighbour)));
        given().auth().oauth2(TestTokens.token("act-vol", "volunteer", mine)).when()
                .get("/api/v1/plan-activations/" + theirs).then().statusCode(403);
        activation(TestTokens.token("act-machine", "integration", DISTRICT), theirs);
        given().auth().oauth2(worker).when().get("/api/v1/plan-activations/" + UUID.randomUUID()).then()
                .statusCode(404);

        List<String> areas = given().auth().oauth2(worker).when().get("/api/v1/plan-activations?size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.areaCode", String.class);
        assertThat(areas).isNotEmpty().allMatch(a -> a.startsWith(mine));
        given().auth().oauth2(worker).when().get("/api/v1/plan-activations?area=" + neighbour).then().statusCode(403);
        List<String> officers = given().auth().oauth2(OFFICER).when()
                .get("/api/v1/plan-activations?area=" + DISTRICT + "&status=ACTIVE&drill=false&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.areaCode", String.class);
        assertThat(officers).isNotEmpty().allMatch(a -> a.startsWith(DISTRICT));
        for (String[] bad : new String[][] {{"status", "RUNNING"}, {"drill", "maybe"}, {"alertId", "nope"}}) {
            given().auth().oauth2(OFFICER).when().get("/api/v1/plan-activations?" + bad[0] + "=" + bad[1]).then()
                    .statusCode(400).body("errors.field", org.hamcrest.Matchers.contains(bad[0]));
        }
    }

    static ProducerRecord<String, String> rosterEvent(String type, String community, String data) {
        return TestEvents.cloudEvent("roster.events", UUID.randomUUID().toString(), "/roster", type, community,
                OffsetDateTime.now().toString(), data);
    }

    static String person(UUID id, String community, boolean active, String duty, String validUntil,
            OffsetDateTime changedAt) {
        return "{\"personId\":\"" + id + "\",\"communityCode\":\"" + community + "\",\"active\":" + active
                + ",\"duties\":[{\"dutyCode\":\"" + duty + "\",\"validUntil\":" + validUntil + "}],\"changedAt\":\""
                + changedAt + "\"}";
    }
}
