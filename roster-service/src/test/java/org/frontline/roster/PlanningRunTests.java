package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.roster.ShiftFixtures.assign;
import static org.frontline.roster.ShiftFixtures.at;
import static org.frontline.roster.ShiftFixtures.post;
import static org.frontline.roster.ShiftFixtures.published;
import static org.frontline.roster.ShiftFixtures.shift;
import static org.frontline.roster.ShiftFixtures.staff;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.RuleCheck;
import org.frontline.roster.rules.ShiftFacts;
import org.frontline.roster.service.PlanningWorker;
import org.frontline.roster.service.RuleFacts;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Planning runs end to end: queue, worker, result, publish with its re-check, scope, bad input, stale runs. */
@QuarkusTest
@FrontlineTest
class PlanningRunTests {

    static final String DISTRICT = "310107";
    static final String C1 = "310107001001";
    static final String C2 = "310107001002";
    static final String C3 = "310107001003";
    static final String C4 = "310107001004";
    static final String OTHER = "310108001001";
    static final String OFFICER = TestTokens.token("li.plans", "district-officer", DISTRICT);
    static final String WORKER = TestTokens.token("wu.plans", "community-worker", C1);
    static final String FOREIGN_OFFICER = TestTokens.token("he.plans", "district-officer", "310108");
    static final String COORDINATOR = TestTokens.token("ma.plans", "coordinator", "31");
    static final String STAFFING = "frontline.roster.ShiftStaffingChanged.v1";
    static final String PLAN_PUBLISHED = "frontline.roster.PlanPublished.v1";

    @Inject
    RuleFacts facts;
    @Inject
    RosterRules rules;
    @Inject
    PlanningWorker worker;

    static LocalDate monday(int weeksAhead) {
        return LocalDate.now(ShiftFixtures.CITY).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(weeksAhead);
    }

    static String request(String token, String area, Object from, Object to, int seconds) {
        var r = post(token, "/api/v1/plans", Map.of("area", area, "from", from.toString(), "to", to.toString(),
                "timeLimitSeconds", seconds));
        r.then().statusCode(202).body("status", org.hamcrest.Matchers.is("QUEUED"));
        String id = r.jsonPath().getString("id");
        assertThat(r.header("Location")).endsWith("/api/v1/plans/" + id);
        return id;
    }

    static JsonPath awaitStatus(String token, String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                status.equals(given().auth().oauth2(token).get("/api/v1/plans/" + id).then().statusCode(200)
                        .extract().path("status")));
        return given().auth().oauth2(token).get("/api/v1/plans/" + id).then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Set<String>> planned(JsonPath plan) {
        Map<String, Set<String>> result = new HashMap<>();
        List<Map<String, Object>> shifts = plan.getList("result.shifts");
        for (Map<String, Object> s : shifts) {
            @SuppressWarnings("unchecked")
            List<String> people = (List<String>) s.get("personIds");
            result.put((String) s.get("shiftId"), new HashSet<>(people));
        }
        return result;
    }

    /** No planned assignment breaks a hard rule, each checked with RuleCheck against the person's other planned shifts. */
    void assertNoHardRuleBroken(Map<String, Set<String>> plan) {
        QuarkusTransaction.requiringNew().run(() -> {
            Map<String, ShiftFacts> shifts = new HashMap<>();
            plan.keySet().forEach(id -> shifts.put(id, facts.shift(Shift.findById(UUID.fromString(id)))));
            Map<String, List<ShiftFacts>> byPerson = new HashMap<>();
            plan.forEach((s, people) -> people.forEach(p -> byPerson.computeIfAbsent(p, k -> new ArrayList<>()).add(shifts.get(s))));
            byPerson.forEach((p, list) -> {
                var person = facts.person(Person.findById(UUID.fromString(p)));
                for (ShiftFacts s : list) {
                    assertThat(RuleCheck.violations(person, s, list, rules)).as("person %s on shift %s", p, s.id()).isEmpty();
                }
            });
        });
    }

    @Test
    void aCommunityPlanIsSolvedReviewedAndPublishedOnce() {
        LocalDate day = monday(9);
        UUID a = staff(C1);
        UUID b = staff(C1);
        UUID c = staff(C1);
        UUID d = staff(C1);
        ShiftFixtures.qualification(d, "infection-control", day.minusYears(1), null);
        ShiftFixtures.qualification(d, "ppe", day.minusYears(1), null);
        UUID notLent = ShiftFixtures.person(C2, Person.Kind.STAFF, false, null); // of the district, no consent
        UUID consenting = ShiftFixtures.person(C2, Person.Kind.STAFF, true, null); // consents, but a community run never lends
        // day 1: 08–16 needs 2 (draft), 16–24 needs 1 (published, c assigned by hand); day 2: 08–16 needs 2 (draft);
        // day 3: a screener post needing 2, and only d holds its qualifications: exactly one slot stays uncovered
        String s1 = shift(OFFICER, C1, "guard", at(day, 8), at(day, 16), 2);
        String s2 = published(OFFICER, C1, "guard", at(day, 16), at(day.plusDays(1), 0), 1);
        assign(OFFICER, s2, c).then().statusCode(201);
        String s3 = shift(OFFICER, C1, "guard", at(day.plusDays(1), 8), at(day.plusDays(1), 16), 2);
        String s4 = shift(OFFICER, C1, "screener", at(day.plusDays(2), 8), at(day.plusDays(2), 16), 2);
        String cancelled = shift(OFFICER, C1, "guard", at(day, 9), at(day, 10), 1);
        post(OFFICER, "/api/v1/shifts/" + cancelled + "/cancel", Map.of()).then().statusCode(200);

        String id = request(OFFICER, C1, day, day.plusDays(2), 3);
        JsonPath done = awaitStatus(OFFICER, id, "DONE");
        Map<String, Set<String>> plan = planned(done);
        assertThat(plan.keySet()).containsExactlyInAnyOrder(s1, s2, s3, s4); // the cancelled one is not planned
        assertNoHardRuleBroken(plan);
        assertThat(plan.get(s1)).hasSize(2);
        assertThat(plan.get(s2)).hasSize(1);
        assertThat(plan.get(s3)).hasSize(2);
        assertThat(plan.get(s4)).containsExactly(d.toString());
        assertThat(plan.values().stream().flatMap(Set::stream)).doesNotContain(notLent.toString(), consenting.toString());
        // every planned person is one of C1's
        List<String> c1People = given().auth().oauth2(OFFICER).get("/api/v1/people?area=" + C1 + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.id", String.class);
        assertThat(plan.values().stream().flatMap(Set::stream)).allMatch(c1People::contains);
        assertThat(done.getList("result.uncovered")).hasSize(1);
        assertThat(done.getString("result.uncovered[0].shiftId")).isEqualTo(s4);
        assertThat(done.getInt("result.uncovered[0].missing")).isEqualTo(1);
        assertThat(done.getInt("result.slotsRequired")).isEqualTo(7);
        assertThat(done.getInt("result.slotsCovered")).isEqualTo(6);
        assertThat(done.getInt("result.uncoveredSlots")).isEqualTo(1);
        assertThat(done.getBoolean("result.feasible")).isTrue();
        assertThat(done.getMap("result.hoursPerPerson")).containsKeys(a.toString(), b.toString(), d.toString());
        assertThat(done.getInt("attempts")).isEqualTo(1);
        // a proposal changes nothing yet
        given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s1).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("DRAFT")).body("assigned", org.hamcrest.Matchers.is(0));

        long version = done.getLong("version");
        post(WORKER, "/api/v1/plans/" + id + "/publish", Map.of("version", version)).then().statusCode(403);
        post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", version - 1)).then().statusCode(409)
                .contentType("application/problem+json");
        post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", version)).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("PUBLISHED"));

        for (String s : List.of(s1, s2, s3, s4)) {
            given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.is("PUBLISHED")).body("planId", org.hamcrest.Matchers.is(id));
            List<String> people = given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s + "/assignments").then()
                    .statusCode(200).extract().jsonPath().getList("personId", String.class);
            assertThat(people).containsExactlyInAnyOrderElementsOf(plan.get(s));
        }
        var events = TopicReader.awaitExactly("roster.events",
                r -> PLAN_PUBLISHED.equals(TopicReader.header(r, "ce_type")) && r.value().contains(id), 1,
                Duration.ofSeconds(60));
        JsonPath event = new JsonPath(events.get(0).value());
        assertThat(event.getString("area")).isEqualTo(C1);
        assertThat(event.getInt("shifts")).isEqualTo(4);
        assertThat(event.getInt("slotsRequired")).isEqualTo(7);
        assertThat(event.getInt("slotsCovered")).isEqualTo(6);
        assertThat(event.getInt("uncoveredSlots")).isEqualTo(1);
        // the drafts: one staffing event each (on publishing); s2 had two before (publish, the hand assignment)
        // and its numbers did not change (1 of 1), so it says nothing new
        for (String s : List.of(s1, s3, s4)) {
            TopicReader.awaitExactly("roster.events",
                    r -> STAFFING.equals(TopicReader.header(r, "ce_type")) && r.value().contains(s), 1, Duration.ofSeconds(60));
        }
        TopicReader.awaitExactly("roster.events",
                r -> STAFFING.equals(TopicReader.header(r, "ce_type")) && r.value().contains(s2), 2, Duration.ofSeconds(60));

        // a second publish, and a discard after publishing, are refused
        long now = given().auth().oauth2(OFFICER).get("/api/v1/plans/" + id).then().extract().jsonPath().getLong("version");
        post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", now)).then().statusCode(409);
        post(OFFICER, "/api/v1/plans/" + id + "/discard", Map.of("version", now)).then().statusCode(409);
        TopicReader.awaitExactly("roster.events",
                r -> PLAN_PUBLISHED.equals(TopicReader.header(r, "ce_type")) && r.value().contains(id), 1,
                Duration.ofSeconds(10));
    }

    @Test
    void aPlanThatNoLongerHoldsIsRefusedAndChangesNothing() {
        LocalDate day = monday(11);
        UUID a = staff(C3);
        String s1 = shift(OFFICER, C3, "guard", at(day, 8), at(day, 16), 1);
        String s2 = published(OFFICER, C3, "guard", at(day.plusDays(1), 8), at(day.plusDays(1), 16), 1);

        String id = request(COORDINATOR, C3, at(day, 0).toString(), at(day.plusDays(2), 0).toString(), 3);
        JsonPath done = awaitStatus(OFFICER, id, "DONE");
        assertThat(planned(done)).isEqualTo(Map.of(s1, Set.of(a.toString()), s2, Set.of(a.toString())));
        assertThat(done.getList("result.uncovered")).isEmpty();

        // between solve and publish, a falls sick on the second day
        ShiftFixtures.absence(a, at(day.plusDays(1), 0).toInstant(), at(day.plusDays(2), 0).toInstant());
        JsonPath refused = post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", done.getLong("version")))
                .then().statusCode(409).contentType("application/problem+json").extract().jsonPath();
        assertThat(refused.getList("conflicts")).hasSize(1);
        assertThat(refused.getString("conflicts[0].shiftId")).isEqualTo(s2);
        assertThat(refused.getString("conflicts[0].personId")).isEqualTo(a.toString());
        assertThat(refused.getList("conflicts[0].rules", String.class)).containsExactly("not-available");
        // nothing changed
        given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s1).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("DRAFT")).body("assigned", org.hamcrest.Matchers.is(0));
        given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s2).then().statusCode(200)
                .body("assigned", org.hamcrest.Matchers.is(0)).body("planId", org.hamcrest.Matchers.nullValue());
        JsonPath after = given().auth().oauth2(OFFICER).get("/api/v1/plans/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("status")).isEqualTo("DONE");
        assertThat(after.getLong("version")).isEqualTo(done.getLong("version"));

        post(OFFICER, "/api/v1/plans/" + id + "/discard", Map.of("version", after.getLong("version"))).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.is("DISCARDED"));
        post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", after.getLong("version") + 1)).then()
                .statusCode(409);
        TopicReader.awaitExactly("roster.events",
                r -> PLAN_PUBLISHED.equals(TopicReader.header(r, "ce_type")) && r.value().contains(id), 0,
                Duration.ofSeconds(5));
    }

    @Test
    void aDistrictRunLendsOnlyPeopleWhoConsented() {
        LocalDate day = monday(19);
        String district = "310109";
        String a = "310109001001";
        String b = "310109001002";
        String officer = TestTokens.token("qian.plans", "district-officer", district);
        UUID lender = ShiftFixtures.person(a, Person.Kind.STAFF, true, null);
        UUID stayer = ShiftFixtures.person(a, Person.Kind.STAFF, false, null);
        // two shifts of B at the same time and none of B's own people: only the lender may cover one of them
        String b1 = shift(officer, b, "guard", at(day, 8), at(day, 16), 1);
        String b2 = shift(officer, b, "guard", at(day, 8), at(day, 16), 1);
        String a1 = shift(officer, a, "guard", at(day.plusDays(1), 8), at(day.plusDays(1), 16), 1);
        String id = request(officer, district, day, day.plusDays(1), 3);
        JsonPath done = awaitStatus(officer, id, "DONE");
        Map<String, Set<String>> plan = planned(done);
        assertThat(plan.keySet()).containsExactlyInAnyOrder(b1, b2, a1);
        Set<String> onB = new HashSet<>(plan.get(b1));
        onB.addAll(plan.get(b2));
        assertThat(onB).containsExactly(lender.toString());
        assertThat(plan.get(a1)).hasSize(1).isSubsetOf(lender.toString(), stayer.toString());
        assertThat(done.getInt("result.uncoveredSlots")).isEqualTo(1);
        // every planned shift and person is the district's
        List<String> people = given().auth().oauth2(officer).get("/api/v1/people?area=" + district + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.id", String.class);
        assertThat(plan.values().stream().flatMap(Set::stream)).allMatch(people::contains);
        for (String s : plan.keySet()) {
            given().auth().oauth2(officer).get("/api/v1/shifts/" + s).then().statusCode(200)
                    .body("communityCode", org.hamcrest.Matchers.startsWith(district));
        }
        // a community worker of B cannot read the district's run
        given().auth().oauth2(TestTokens.token("zhou.plans", "community-worker", b)).get("/api/v1/plans/" + id).then()
                .statusCode(404);
    }

    @Test
    void aHandMadeAssignmentAfterTheSolveStopsThePublish() {
        LocalDate day = monday(21);
        String c5 = "310107001005";
        UUID x = staff(c5);
        UUID y = staff(c5);
        String s = published(OFFICER, c5, "guard", at(day, 8), at(day, 16), 1);
        String id = request(OFFICER, c5, day, day, 3);
        JsonPath done = awaitStatus(OFFICER, id, "DONE");
        assertThat(planned(done).get(s)).hasSize(1);
        String other = planned(done).get(s).contains(x.toString()) ? y.toString() : x.toString();
        assign(OFFICER, s, UUID.fromString(other)).then().statusCode(201);

        JsonPath refused = post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", done.getLong("version")))
                .then().statusCode(409).contentType("application/problem+json").extract().jsonPath();
        assertThat(refused.getList("conflicts")).hasSize(1);
        assertThat(refused.getString("conflicts[0].shiftId")).isEqualTo(s);
        assertThat(refused.getString("conflicts[0].detail")).isEqualTo("changed since the plan was made");
        // nothing changed: the hand-made assignment stays, the run is still to review
        List<String> people = given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s + "/assignments").then()
                .statusCode(200).extract().jsonPath().getList("personId", String.class);
        assertThat(people).containsExactly(other);
        given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s).then().statusCode(200)
                .body("planId", org.hamcrest.Matchers.nullValue());
        assertThat(given().auth().oauth2(OFFICER).get("/api/v1/plans/" + id).then().extract().jsonPath()
                .getString("status")).isEqualTo("DONE");
    }

    @Test
    void aStoredPlanWithPeopleFromOutsideIsNotPublished() {
        LocalDate day = monday(25);
        String c7 = "310107001007";
        UUID foreign = staff(OTHER);
        UUID lendable = ShiftFixtures.person(C2, Person.Kind.STAFF, true, null);
        String s = shift(OFFICER, c7, "guard", at(day, 8), at(day, 16), 2);
        // as a run made before community runs stopped lending (or by a bug) might have stored it
        UUID id = UUID.randomUUID();
        String result = """
                {"shifts":[{"shiftId":"%s","required":2,"personIds":["%s","%s"]}],"uncovered":[],"slotsRequired":2,
                 "slotsCovered":2,"uncoveredSlots":0,"hoursPerPerson":{},"fairnessSpread":0,"feasible":true,
                 "score":"0hard/0soft","solveSeconds":1,"termination":"UNIMPROVED"}""".formatted(s, foreign, lendable);
        QuarkusTransaction.requiringNew().run(() -> {
            PlanningRun r = run(day, 1);
            r.id = id;
            r.area = c7;
            r.status = PlanningRun.Status.DONE;
            r.result = result;
            r.persist();
        });
        long version = given().auth().oauth2(OFFICER).get("/api/v1/plans/" + id).then().statusCode(200).extract()
                .jsonPath().getLong("version");
        JsonPath refused = post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", version)).then()
                .statusCode(409).contentType("application/problem+json").extract().jsonPath();
        Map<String, List<String>> rules = new HashMap<>();
        List<Map<String, Object>> conflicts = refused.getList("conflicts");
        for (Map<String, Object> c : conflicts) {
            @SuppressWarnings("unchecked")
            List<String> r = (List<String>) c.get("rules");
            rules.put((String) c.get("personId"), r);
        }
        assertThat(rules).isEqualTo(Map.of(foreign.toString(), List.of("outside-your-area"),
                lendable.toString(), List.of("person-not-lendable")));
        given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s).then().statusCode(200)
                .body("assigned", org.hamcrest.Matchers.is(0)).body("status", org.hamcrest.Matchers.is("DRAFT"));
    }

    @Test
    void aCheckedInPersonWhoIsNoLongerPlannedKeepsTheirSlot() {
        LocalDate day = monday(23);
        String c6 = "310107001006";
        UUID gone = staff(c6);
        staff(c6);
        staff(c6);
        String s = published(OFFICER, c6, "guard", at(day, 8), at(day, 16), 2);
        assign(OFFICER, s, gone).then().statusCode(201);
        QuarkusTransaction.requiringNew().run(() -> {
            Assignment.update("checkedInAt = ?1 where shiftId = ?2 and personId = ?3",
                    OffsetDateTime.now(ZoneOffset.UTC), UUID.fromString(s), gone);
            Person.update("active = false where id = ?1", gone);
        });
        String id = request(OFFICER, c6, day, day, 3);
        JsonPath done = awaitStatus(OFFICER, id, "DONE");
        assertThat(planned(done).get(s)).hasSize(1).doesNotContain(gone.toString());
        assertThat(done.getInt("result.uncoveredSlots")).isZero();
        post(OFFICER, "/api/v1/plans/" + id + "/publish", Map.of("version", done.getLong("version"))).then()
                .statusCode(200);
        List<String> people = given().auth().oauth2(OFFICER).get("/api/v1/shifts/" + s + "/assignments").then()
                .statusCode(200).extract().jsonPath().getList("personId", String.class);
        assertThat(people).hasSize(2).contains(gone.toString()); // 2 of 2, not 3
    }

    @Test
    void plansAreScopedAndBadRequestsAreRefused() {
        LocalDate day = monday(13);
        String mine = request(OFFICER, DISTRICT, day, day.plusDays(1), 1);
        String workers = request(WORKER, C1, day, day.plusDays(1), 1);
        String foreign = request(FOREIGN_OFFICER, OTHER, day, day.plusDays(1), 1);
        // the same idempotency key again: the same run
        Map<String, Object> body = Map.of("area", C1, "from", day.toString(), "to", day.toString(),
                "timeLimitSeconds", 1, "idempotencyKey", "plan-" + day);
        String first = post(WORKER, "/api/v1/plans", body).then().statusCode(202).extract().path("id");
        String again = post(WORKER, "/api/v1/plans", body).then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(first);

        // another district: 403 to plan, 404 to read or act
        post(FOREIGN_OFFICER, "/api/v1/plans", Map.of("area", C1, "from", day.toString(), "to", day.toString()))
                .then().statusCode(403);
        given().auth().oauth2(FOREIGN_OFFICER).get("/api/v1/plans/" + mine).then().statusCode(404);
        post(FOREIGN_OFFICER, "/api/v1/plans/" + mine + "/cancel", Map.of()).then().statusCode(404);
        given().auth().oauth2(OFFICER).get("/api/v1/plans/" + foreign).then().statusCode(404);
        // a community worker plans only their own community, reads only its runs, and never the district's
        post(WORKER, "/api/v1/plans", Map.of("area", DISTRICT, "from", day.toString(), "to", day.toString()))
                .then().statusCode(403);
        given().auth().oauth2(WORKER).get("/api/v1/plans/" + mine).then().statusCode(404);

        List<String> workerAreas = given().auth().oauth2(WORKER).get("/api/v1/plans?size=200").then().statusCode(200)
                .extract().jsonPath().getList("items.area", String.class);
        assertThat(workerAreas).isNotEmpty().allMatch(C1::equals);
        List<String> officerIds = given().auth().oauth2(OFFICER).get("/api/v1/plans?size=200").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
        assertThat(officerIds).contains(mine, workers).doesNotContain(foreign);
        List<String> officerAreas = given().auth().oauth2(OFFICER).get("/api/v1/plans?size=200").then().statusCode(200)
                .extract().jsonPath().getList("items.area", String.class);
        assertThat(officerAreas).allMatch(area -> area.startsWith(DISTRICT));
        List<String> foreignAreas = given().auth().oauth2(FOREIGN_OFFICER).get("/api/v1/plans?size=200").then()
                .statusCode(200).extract().jsonPath().getList("items.area", String.class);
        assertThat(foreignAreas).isNotEmpty().allMatch(area -> area.startsWith("310108"));
        given().auth().oauth2(FOREIGN_OFFICER).get("/api/v1/plans?area=" + DISTRICT).then().statusCode(403);

        // bad input: 400 problem+json, nothing written
        long before = given().auth().oauth2(OFFICER).get("/api/v1/plans?size=1").then().extract().jsonPath().getLong("total");
        List<Map<String, Object>> bad = List.of(
                Map.of("area", C1, "from", day.toString(), "to", day.plusDays(14).toString()),
                Map.of("area", C1, "from", day.plusDays(2).toString(), "to", day.toString()),
                Map.of("area", "somewhere", "from", day.toString(), "to", day.toString()),
                Map.of("area", "3101070010", "from", day.toString(), "to", day.toString()),
                Map.of("area", C1, "from", "next monday", "to", day.toString()),
                Map.of("area", C1, "from", day.toString(), "to", day.toString(), "timeLimitSeconds", 0),
                Map.of("area", C1, "from", day.toString(), "to", day.toString(), "timeLimitSeconds", 121),
                Map.of("area", C1, "to", day.toString()),
                Map.of("area", C1, "from", day.toString(), "to", day.toString(), "idempotencyKey", ""));
        for (Map<String, Object> b : bad) {
            post(OFFICER, "/api/v1/plans", b).then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(OFFICER).get("/api/v1/plans?status=nonsense").then().statusCode(400);
        long after = given().auth().oauth2(OFFICER).get("/api/v1/plans?size=1").then().extract().jsonPath().getLong("total");
        assertThat(after).isEqualTo(before);

        // cancel: a queued or running run, once
        String toCancel = request(OFFICER, C2, day, day.plusDays(1), 1);
        int cancelled = post(OFFICER, "/api/v1/plans/" + toCancel + "/cancel", Map.of()).then().extract().statusCode();
        if (cancelled == 200) { // queued or running: it stays cancelled, the worker stores nothing
            awaitStatus(OFFICER, mine, "DONE");
            JsonPath c = given().auth().oauth2(OFFICER).get("/api/v1/plans/" + toCancel).then().extract().jsonPath();
            assertThat(c.getString("status")).isEqualTo("CANCELLED");
            assertThat(c.getString("result")).isNull();
            post(OFFICER, "/api/v1/plans/" + toCancel + "/cancel", Map.of()).then().statusCode(409);
        } else {
            assertThat(cancelled).as("already finished").isEqualTo(409);
        }
        awaitStatus(OFFICER, mine, "DONE");
    }

    @Test
    void aRunWhoseReplicaStoppedAnsweringIsQueuedAgainOrFailedAfterTwoAttempts() {
        LocalDate day = monday(15);
        UUID a = staff(C4);
        String s = shift(OFFICER, C4, "guard", at(day, 8), at(day, 16), 1);
        UUID lost = stuck(day, 1);
        UUID hopeless = stuck(day, 2);
        UUID fresh = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            PlanningRun r = run(day, 1);
            r.id = fresh;
            r.heartbeatAt = OffsetDateTime.now(ZoneOffset.UTC); // alive: left alone
            r.persist();
        });
        int changed = QuarkusTransaction.requiringNew().call(worker::requeueStale);
        assertThat(changed).isEqualTo(2);
        JsonPath again = awaitStatus(OFFICER, lost.toString(), "DONE");
        assertThat(again.getInt("attempts")).isEqualTo(2);
        // solved after all: the guard shift is covered by one of C4's people (other tests of this class add people to C4)
        assertThat(planned(again)).containsOnlyKeys(s);
        List<String> c4People = given().auth().oauth2(OFFICER).get("/api/v1/people?area=" + C4 + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.id", String.class);
        assertThat(c4People).contains(a.toString());
        assertThat(planned(again).get(s)).hasSize(1).allMatch(c4People::contains);
        JsonPath failed = awaitStatus(OFFICER, hopeless.toString(), "FAILED");
        assertThat(failed.getString("error")).contains("2 times");
        JsonPath alive = given().auth().oauth2(OFFICER).get("/api/v1/plans/" + fresh).then().extract().jsonPath();
        assertThat(alive.getString("status")).isEqualTo("RUNNING");
        assertThat(alive.getString("result")).isNull();
        QuarkusTransaction.requiringNew().run(() -> PlanningRun.deleteById(fresh));
    }

    @Test
    void concurrentClaimersNeverTakeTheSameRun() throws Exception {
        LocalDate day = monday(17);
        staff(C4);
        shift(OFFICER, C4, "guard", at(day, 8), at(day, 16), 1);
        List<UUID> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 4; i++) {
                PlanningRun r = run(day, 0);
                r.id = UUID.randomUUID();
                r.status = PlanningRun.Status.QUEUED;
                r.claimedBy = null;
                r.startedAt = null;
                r.heartbeatAt = null;
                r.timeLimitSeconds = 1;
                r.persist();
                ids.add(r.id);
            }
        });
        // two claimers besides the scheduler's tick, as three replicas would
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> claims = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            claims.add(pool.submit(() -> {
                start.await();
                int n = 0;
                while (worker.claim()) {
                    n++;
                }
                return n;
            }));
        }
        start.countDown();
        for (var f : claims) {
            f.get();
        }
        pool.shutdown();
        for (UUID id : ids) {
            JsonPath done = awaitStatus(OFFICER, id.toString(), "DONE");
            assertThat(done.getInt("attempts")).as("run %s claimed once", id).isEqualTo(1);
        }
    }

    private static PlanningRun run(LocalDate day, int attempts) {
        PlanningRun r = new PlanningRun();
        r.area = C4;
        r.fromAt = at(day, 0);
        r.toAt = at(day.plusDays(1), 0);
        r.timeLimitSeconds = 2;
        r.status = PlanningRun.Status.RUNNING;
        r.requestedBy = "li.plans";
        r.requestedAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(20);
        r.attempts = attempts;
        r.claimedBy = "a-replica-that-died";
        r.startedAt = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        r.heartbeatAt = r.startedAt;
        return r;
    }

    private static UUID stuck(LocalDate day, int attempts) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            PlanningRun r = run(day, attempts);
            r.id = id;
            r.persist();
        });
        return id;
    }
}
