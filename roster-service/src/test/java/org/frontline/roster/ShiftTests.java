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
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Shifts, the hard rules on assignments, scope, staffing events and the assignment race. */
@QuarkusTest
@FrontlineTest
class ShiftTests {

    static final String C1 = "310104012101";
    static final String C2 = "310104012102";
    static final String FOREIGN = "310105002001";
    static final String WORKER = TestTokens.token("wang.shifts", "community-worker", C1);
    static final String WORKER2 = TestTokens.token("zhao.shifts", "community-worker", C2);
    static final String OFFICER = TestTokens.token("sun.shifts", "district-officer", "310104");
    static final String FOREIGN_WORKER = TestTokens.token("chen.shifts", "community-worker", FOREIGN);
    static final String STAFFING = "frontline.roster.ShiftStaffingChanged.v1";

    /** A Monday a few weeks ahead, so every shift lies in the future and tests do not meet each other. */
    static LocalDate monday(int weeksAhead) {
        return LocalDate.now(ShiftFixtures.CITY).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(weeksAhead);
    }

    static JsonPath refused(io.restassured.response.Response r, String slug) {
        JsonPath body = r.then().statusCode(409).contentType("application/problem+json").extract().jsonPath();
        assertThat(body.getString("type")).endsWith(":" + slug);
        assertThat(body.getString("title")).contains(slug);
        assertThat(body.getString("rule")).isEqualTo(slug);
        return body;
    }

    @Test
    void eachHardRuleIsRefusedWithItsProblem() {
        LocalDate day = monday(3);
        // qualification missing: a screener needs infection-control and ppe
        UUID untrained = staff(C1);
        String screener = shift(WORKER, C1, "screener", at(day, 8), at(day, 16), 2);
        JsonPath missing = refused(assign(WORKER, screener, untrained), "qualification-missing");
        assertThat(missing.getString("detail")).contains("infection-control").contains("ppe");

        // qualification expired the day before the shift's date
        UUID expired = staff(C1);
        ShiftFixtures.qualification(expired, "infection-control", day.minusYears(1), day.plusYears(1));
        ShiftFixtures.qualification(expired, "ppe", day.minusYears(1), day.minusDays(1));
        JsonPath lapsed = refused(assign(WORKER, screener, expired), "qualification-missing");
        assertThat(lapsed.getString("detail")).contains("ppe").doesNotContain("infection-control");
        // valid on the date: assigned
        UUID trained = staff(C1);
        ShiftFixtures.qualification(trained, "infection-control", day.minusYears(1), day.plusYears(1));
        ShiftFixtures.qualification(trained, "ppe", day.minusYears(1), day);
        assign(WORKER, screener, trained).then().statusCode(201).body("personId", org.hamcrest.Matchers.is(trained.toString()));

        // overlap, naming the other shift
        UUID busy = staff(C1);
        String morning = shift(WORKER, C1, "guard", at(day, 8), at(day, 16), 2);
        String noon = shift(WORKER, C1, "guard", at(day, 12), at(day, 20), 2);
        assign(WORKER, morning, busy).then().statusCode(201);
        JsonPath overlap = refused(assign(WORKER, noon, busy), "shift-overlap");
        assertThat(overlap.getString("conflictingShiftId")).isEqualTo(morning);
        assertThat(overlap.getString("detail")).contains(morning);

        // rest under 11 h: 16:00 to 02:00 next day is 10 h
        String night = shift(WORKER, C1, "guard", at(day.plusDays(1), 2), at(day.plusDays(1), 6), 1);
        JsonPath rest = refused(assign(WORKER, night, busy), "rest-too-short");
        assertThat(rest.getString("conflictingShiftId")).isEqualTo(morning);

        // more than 48 h in 7 days: four 12 h days, then 2 h more
        UUID hard = staff(C1);
        String first = null;
        for (int d = 0; d < 4; d++) {
            String s = shift(WORKER, C1, "observer", at(day.plusDays(7 + d), 8), at(day.plusDays(7 + d), 20), 1);
            first = first == null ? s : first;
            assign(WORKER, s, hard).then().statusCode(201);
        }
        String extra = shift(WORKER, C1, "observer", at(day.plusDays(11), 8), at(day.plusDays(11), 10), 1);
        JsonPath hours = refused(assign(WORKER, extra, hard), "hours-exceeded");
        assertThat(hours.getString("conflictingShiftId")).isEqualTo(first);

        // a volunteer on a risk-2 duty, although trained and available
        UUID volunteer = ShiftFixtures.person(C1, Person.Kind.VOLUNTEER, false, null);
        ShiftFixtures.qualification(volunteer, "ppe", day.minusYears(1), null);
        ShiftFixtures.everyDay(volunteer, LocalTime.of(6, 0), LocalTime.MIDNIGHT);
        String checkpoint = shift(WORKER, C1, "temperature-checkpoint", at(day, 8), at(day, 12), 2);
        JsonPath risk = refused(assign(WORKER, checkpoint, volunteer), "volunteer-risk");
        assertThat(risk.getString("conflictingShiftId")).isNull();

        // not available: outside the weekly windows (Monday 08–12 only, the shift runs to 16)
        UUID mornings = ShiftFixtures.person(C1, Person.Kind.VOLUNTEER, false, null);
        ShiftFixtures.window(mornings, DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(12, 0));
        String guard = shift(WORKER, C1, "guard", at(day, 8), at(day, 16), 3);
        JsonPath weekly = refused(assign(WORKER, guard, mornings), "not-available");
        assertThat(weekly.getString("detail")).contains("MONDAY");
        // … and during an absence
        UUID sick = staff(C1);
        ShiftFixtures.absence(sick, at(day, 0).toInstant(), at(day.plusDays(2), 0).toInstant());
        JsonPath absent = refused(assign(WORKER, guard, sick), "not-available");
        assertThat(absent.getString("detail")).contains("absent");
        // inside the window: fine
        String shortGuard = shift(WORKER, C1, "guard", at(day, 9), at(day, 11), 1);
        assign(WORKER, shortGuard, mornings).then().statusCode(201);

        // nothing refused was written
        JsonPath list = given().auth().oauth2(WORKER).get("/api/v1/shifts/" + guard + "/assignments")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("$")).isEmpty();
    }

    @Test
    void onlyTheLatestQualificationCountsAndPublishingRechecksDraftAssignments() {
        LocalDate day = monday(16);
        // an older ppe valid for years, renewed by a newer one that expired the day before the shift: refused
        UUID renewed = staff(C1);
        ShiftFixtures.qualification(renewed, "ppe", day.minusYears(2), day.plusYears(2));
        ShiftFixtures.qualification(renewed, "ppe", day.minusYears(1), day.minusDays(1));
        String checkpoint = shift(WORKER, C1, "temperature-checkpoint", at(day, 8), at(day, 12), 2);
        JsonPath lapsed = refused(assign(WORKER, checkpoint, renewed), "qualification-missing");
        assertThat(lapsed.getString("detail")).contains("ppe");

        // a draft assignment, then an absence: publishing is refused naming the person and rule; nothing changes
        UUID sick = staff(C1);
        String guard = shift(WORKER, C1, "guard", at(day, 14), at(day, 18), 1);
        assign(WORKER, guard, sick).then().statusCode(201);
        ShiftFixtures.absence(sick, at(day, 0).toInstant(), at(day.plusDays(1), 0).toInstant());
        JsonPath refusedPublish = refused(post(WORKER, "/api/v1/shifts/" + guard + "/publish", Map.of()), "not-available");
        assertThat(refusedPublish.getString("detail")).contains(sick.toString());
        given().auth().oauth2(WORKER).get("/api/v1/shifts/" + guard).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("DRAFT")).body("assigned", org.hamcrest.Matchers.is(1));
    }

    @Test
    void aConflictInAShiftTheCallerCannotSeeIsNamedOnlyAsAnotherShift() {
        LocalDate day = monday(5);
        UUID lent = ShiftFixtures.person(C1, Person.Kind.STAFF, true, null);
        String elsewhere = shift(OFFICER, C2, "guard", at(day, 8), at(day, 16), 1);
        assign(OFFICER, elsewhere, lent).then().statusCode(201); // lent within the district with consent
        String home = shift(WORKER, C1, "guard", at(day, 10), at(day, 18), 1);
        var r = assign(WORKER, home, lent);
        JsonPath body = refused(r, "shift-overlap");
        assertThat(body.getString("detail")).contains("another shift");
        assertThat(body.getString("conflictingShiftId")).isNull();
        assertThat(r.asString()).doesNotContain(elsewhere).doesNotContain(C2);
        // the district officer sees both, and is told which
        assertThat(refused(assign(OFFICER, home, lent), "shift-overlap").getString("conflictingShiftId"))
                .isEqualTo(elsewhere);
        // without consent a person of another community is not lendable
        UUID homebound = staff(C1);
        String other = shift(OFFICER, C2, "guard", at(day.plusDays(1), 8), at(day.plusDays(1), 12), 1);
        assign(OFFICER, other, homebound).then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("person-not-lendable"));
        // the person's assignments: the community worker sees only those in their own community, not the shift lent
        // to C2; the district officer sees both
        String later = shift(WORKER, C1, "guard", at(day.plusDays(2), 8), at(day.plusDays(2), 12), 1);
        String laterAssignment = assign(WORKER, later, lent).then().statusCode(201).extract().path("id");
        var own = given().auth().oauth2(WORKER).get("/api/v1/people/" + lent + "/assignments").then().statusCode(200);
        JsonPath ownList = own.extract().jsonPath();
        assertThat(ownList.getList("id", String.class)).containsExactly(laterAssignment);
        assertThat(ownList.getList("communityCode", String.class)).isNotEmpty().allMatch(C1::equals);
        assertThat(own.extract().asString()).doesNotContain(elsewhere).doesNotContain(C2);
        assertThat(given().auth().oauth2(OFFICER).get("/api/v1/people/" + lent + "/assignments").then().statusCode(200)
                .extract().jsonPath().getList("shiftId", String.class)).containsExactly(elsewhere, later);
        // a malformed time is a 400 naming the parameter, not a 404
        given().auth().oauth2(WORKER).get("/api/v1/people/" + lent + "/assignments?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.is("from"));
        // a person outside the caller's area is unknown to them
        UUID foreigner = staff(FOREIGN);
        assign(WORKER, home, foreigner).then().statusCode(404);
    }

    @Test
    void fullAndCancelledShiftsRefuseAssignments() {
        LocalDate day = monday(6);
        String one = shift(WORKER, C1, "guard", at(day, 8), at(day, 12), 1);
        assign(WORKER, one, staff(C1)).then().statusCode(201);
        refusedPlain(assign(WORKER, one, staff(C1)), "shift-full");
        String cancelled = shift(WORKER, C1, "guard", at(day, 14), at(day, 18), 2);
        post(WORKER, "/api/v1/shifts/" + cancelled + "/cancel", Map.of()).then().statusCode(200).body("status",
                org.hamcrest.Matchers.is("CANCELLED"));
        refusedPlain(assign(WORKER, cancelled, staff(C1)), "conflict");
    }

    static void refusedPlain(io.restassured.response.Response r, String kind) {
        r.then().statusCode(409).contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith(kind));
    }

    @Test
    void shiftInputIsCheckedAndCreatesAreIdempotent() {
        LocalDate day = monday(7);
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", C1, "dutyCode", "juggler", "startAt", at(day, 8).toString(),
                "endAt", at(day, 9).toString(), "requiredHeadcount", 1)).then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("juggler"));
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", C1, "dutyCode", "guard", "startAt", at(day, 8).toString(),
                "endAt", at(day, 8).toString(), "requiredHeadcount", 1)).then().statusCode(400);
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", C1, "dutyCode", "guard", "startAt", at(day, 8).toString(),
                "endAt", at(day.plusDays(1), 9).toString(), "requiredHeadcount", 1)).then().statusCode(400);
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", C1, "dutyCode", "guard", "startAt", at(day, 8).toString(),
                "endAt", at(day, 9).toString(), "requiredHeadcount", 51)).then().statusCode(400);
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", FOREIGN, "dutyCode", "guard", "startAt", at(day, 8).toString(),
                "endAt", at(day, 9).toString(), "requiredHeadcount", 1)).then().statusCode(403);
        var body = Map.of("communityCode", C1, "dutyCode", "guard", "startAt", at(day, 8).toString(), "endAt",
                at(day, 9).toString(), "requiredHeadcount", 1);
        String id = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(withKey(body, "k-" + UUID.randomUUID())).post("/api/v1/shifts").then().statusCode(201).extract().path("id");
        assertThat(id).isNotNull();
        String key = "k-" + UUID.randomUUID();
        String first = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(withKey(body, key)).post("/api/v1/shifts").then().statusCode(201).extract().path("id");
        String again = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(withKey(body, key)).post("/api/v1/shifts").then().statusCode(200).extract().path("id");
        assertThat(again).isEqualTo(first);
        // a stale version is a 409; the right one changes the headcount
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("version", 0, "requiredHeadcount", 3))
                .patch("/api/v1/shifts/" + first).then().statusCode(200).body("requiredHeadcount", org.hamcrest.Matchers.is(3));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("version", 0, "requiredHeadcount", 4))
                .patch("/api/v1/shifts/" + first).then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void everyListedShiftLiesInTheCallersAreaAndForeignIdsAreNotFound() {
        LocalDate day = monday(8);
        String mine = shift(WORKER, C1, "guard", at(day, 8), at(day, 12), 1);
        String neighbours = shift(WORKER2, C2, "guard", at(day, 8), at(day, 12), 1);
        String foreign = shift(FOREIGN_WORKER, FOREIGN, "guard", at(day, 8), at(day, 12), 1);
        JsonPath worker = given().auth().oauth2(WORKER).get("/api/v1/shifts?size=500").then().statusCode(200)
                .extract().jsonPath();
        assertThat(worker.getList("items.communityCode", String.class)).isNotEmpty().allMatch(C1::equals);
        assertThat(worker.getList("items.id", String.class)).contains(mine);
        JsonPath officer = given().auth().oauth2(OFFICER).get("/api/v1/shifts?size=500&from=" + at(day, 0).toInstant()
                + "&to=" + at(day, 23).toInstant()).then().statusCode(200).extract().jsonPath();
        assertThat(officer.getList("items.communityCode", String.class)).isNotEmpty().allMatch(c -> c.startsWith("310104"));
        assertThat(officer.getList("items.id", String.class)).contains(mine, neighbours);
        JsonPath drafts = given().auth().oauth2(OFFICER).get("/api/v1/shifts?size=500&area=" + C2 + "&status=DRAFT&duty=guard")
                .then().statusCode(200).extract().jsonPath();
        assertThat(drafts.getList("items.communityCode", String.class)).isNotEmpty().allMatch(C2::equals);
        assertThat(drafts.getList("items.status", String.class)).isNotEmpty().allMatch("DRAFT"::equals);
        // bad query values: a 400 naming the parameter (not a bare 404); years out of range likewise
        given().auth().oauth2(WORKER).get("/api/v1/shifts?status=DONE").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.is("status"));
        given().auth().oauth2(WORKER).get("/api/v1/shifts?to=tomorrow").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.is("to"));
        given().auth().oauth2(WORKER).get("/api/v1/shifts?from=+300000-01-01T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.is("from"));
        post(WORKER, "/api/v1/shifts", Map.of("communityCode", C1, "dutyCode", "guard", "startAt", "+300000-01-01T08:00:00Z",
                "endAt", "+300000-01-01T09:00:00Z", "requiredHeadcount", 1)).then().statusCode(400)
                .contentType("application/problem+json");
        // a foreign id answers exactly like a missing one
        var hidden = given().auth().oauth2(WORKER).get("/api/v1/shifts/" + foreign).then().statusCode(404).extract().jsonPath();
        UUID none = UUID.randomUUID();
        var absent = given().auth().oauth2(WORKER).get("/api/v1/shifts/" + none).then().statusCode(404).extract().jsonPath();
        assertThat(hidden.getString("title")).isEqualTo(absent.getString("title"));
        post(WORKER, "/api/v1/shifts/" + foreign + "/publish", Map.of()).then().statusCode(404);
        assign(WORKER, foreign, staff(C1)).then().statusCode(404);
        given().auth().oauth2(WORKER).get("/api/v1/shifts/" + foreign + "/assignments").then().statusCode(404);
    }

    @Test
    void aVolunteerReadsAndChecksInOnlyTheirOwnAssignments() {
        LocalDate yesterday = LocalDate.now(ShiftFixtures.CITY).minusDays(1);
        UUID own = ShiftFixtures.person(C1, Person.Kind.VOLUNTEER, false, TestTokens.subject("vol.liu"));
        UUID other = ShiftFixtures.person(C1, Person.Kind.VOLUNTEER, false, TestTokens.subject("vol.ma"));
        ShiftFixtures.everyDay(own, LocalTime.of(0, 0), LocalTime.MIDNIGHT);
        ShiftFixtures.everyDay(other, LocalTime.of(0, 0), LocalTime.MIDNIGHT);
        String s = published(WORKER, C1, "guard", at(yesterday, 8), at(yesterday, 12), 2);
        String mine = assign(WORKER, s, own).then().statusCode(201).extract().path("id");
        String theirs = assign(WORKER, s, other).then().statusCode(201).extract().path("id");
        String volunteer = TestTokens.token("vol.liu", "volunteer", C1);

        JsonPath list = given().auth().oauth2(volunteer).get("/api/v1/people/" + own + "/assignments")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("id", String.class)).containsExactly(mine);
        given().auth().oauth2(volunteer).get("/api/v1/people/" + other + "/assignments").then().statusCode(404);
        // the worker sees the other's
        given().auth().oauth2(WORKER).get("/api/v1/people/" + other + "/assignments").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(theirs));

        // check-out before check-in is refused; then in, then out
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-out", Map.of()).then().statusCode(409);
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-in",
                Map.of("at", at(yesterday, 8).plusMinutes(5).toString())).then().statusCode(200)
                .body("checkedInAt", org.hamcrest.Matchers.notNullValue());
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-in", Map.of()).then().statusCode(409);
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + theirs + "/check-in", Map.of()).then().statusCode(404);
        // implausible times: long before the shift, or in the future
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-out",
                Map.of("at", at(yesterday, 2).toString())).then().statusCode(400);
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-out",
                Map.of("at", at(yesterday.plusDays(3), 2).toString())).then().statusCode(400);
        post(volunteer, "/api/v1/shifts/" + s + "/assignments/" + mine + "/check-out",
                Map.of("at", at(yesterday, 11).toString())).then().statusCode(200);
        // a community worker may check in someone else
        post(WORKER, "/api/v1/shifts/" + s + "/assignments/" + theirs + "/check-in",
                Map.of("at", at(yesterday, 8).toString())).then().statusCode(200);
        // a checked-in assignment is part of the record: it cannot be removed
        given().auth().oauth2(WORKER).delete("/api/v1/shifts/" + s + "/assignments/" + theirs).then().statusCode(409);
    }

    @Test
    void staffingIsAnnouncedOncePerChangeOfPublishedShifts() {
        LocalDate day = monday(9);
        UUID trained = staff(C1);
        ShiftFixtures.qualification(trained, "ppe", day.minusYears(1), null);
        UUID second = staff(C1);
        ShiftFixtures.qualification(second, "ppe", day.minusYears(1), null);
        String s = shift(WORKER, C1, "temperature-checkpoint", at(day, 8), at(day, 12), 3);
        String draftAssignment = assign(WORKER, s, trained).then().statusCode(201).extract().path("id"); // draft: silent
        post(WORKER, "/api/v1/shifts/" + s + "/publish", Map.of()).then().statusCode(200);        // 3/1/1
        post(WORKER, "/api/v1/shifts/" + s + "/publish", Map.of()).then().statusCode(200);        // nothing new
        String version = given().auth().oauth2(WORKER).get("/api/v1/shifts/" + s).then().extract().path("version").toString();
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("version", Long.parseLong(version),
                "requiredHeadcount", 2)).patch("/api/v1/shifts/" + s).then().statusCode(200);  // 2/1/1
        assign(WORKER, s, second).then().statusCode(201);                                        // 2/2/2
        // the second's qualification is revoked through the API: no longer counted as qualified, said at once
        String qid = given().auth().oauth2(WORKER).get("/api/v1/people/" + second + "/qualifications").then()
                .statusCode(200).extract().path("find { it.code == 'ppe' }.id");
        given().auth().oauth2(WORKER).delete("/api/v1/people/" + second + "/qualifications/" + qid)
                .then().statusCode(204);                                                          // 2/2/1
        given().auth().oauth2(WORKER).delete("/api/v1/shifts/" + s + "/assignments/" + draftAssignment)
                .then().statusCode(204);                                                          // 2/1/0
        post(WORKER, "/api/v1/shifts/" + s + "/cancel", Map.of()).then().statusCode(200);         // 0/1/0
        post(WORKER, "/api/v1/shifts/" + s + "/cancel", Map.of()).then().statusCode(200);         // nothing new

        var staffing = TopicReader.awaitExactly("roster.events",
                r -> STAFFING.equals(TopicReader.header(r, "ce_type")) && r.value().contains(s), 6, Duration.ofSeconds(60));
        List<String> numbers = staffing.stream().map(r -> {
            JsonPath p = JsonPath.from(r.value());
            return p.getInt("required") + "/" + p.getInt("assigned") + "/" + p.getInt("qualifiedAssigned");
        }).toList();
        assertThat(numbers).containsExactly("3/1/1", "2/1/1", "2/2/2", "2/2/1", "2/1/0", "0/1/0");
        assertThat(staffing).allMatch(r -> C1.equals(r.key()));
        var publishedEvents = TopicReader.awaitExactly("roster.events",
                r -> "frontline.roster.ShiftPublished.v1".equals(TopicReader.header(r, "ce_type")) && r.value().contains(s),
                1, Duration.ofSeconds(30));
        assertThat(JsonPath.from(publishedEvents.get(0).value()).getInt("required")).isEqualTo(3);
    }

    @Test
    void twoConcurrentAssignmentsOfOnePersonToOverlappingShiftsDoNotBothPass() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                LocalDate day = monday(10 + round);
                UUID person = staff(C1);
                String a = shift(WORKER, C1, "guard", at(day, 8), at(day, 16), 1);
                String b = shift(WORKER, C1, "guard", at(day, 12), at(day, 20), 1);
                List<Integer> statuses = race(pool, () -> assign(WORKER, a, person).statusCode(),
                        () -> assign(WORKER, b, person).statusCode());
                assertThat(statuses).containsExactlyInAnyOrder(201, 409);
                // one seat, two people
                String seat = shift(WORKER, C1, "guard", at(day.plusDays(2), 8), at(day.plusDays(2), 12), 1);
                UUID p1 = staff(C1);
                UUID p2 = staff(C1);
                assertThat(race(pool, () -> assign(WORKER, seat, p1).statusCode(), () -> assign(WORKER, seat, p2).statusCode()))
                        .containsExactlyInAnyOrder(201, 409);
                assertThat(given().auth().oauth2(WORKER).get("/api/v1/shifts/" + seat).then().extract().<Integer>path("assigned"))
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workloadCountsPublishedHoursSpreadOverloadAndUncoveredHours() {
        String c4 = "310104012104";
        String worker = TestTokens.token("qian.shifts", "community-worker", c4);
        LocalDate week = LocalDate.now(ShiftFixtures.CITY).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(3);
        UUID busy = staff(c4);      // no weekly windows: staff count 40 h a week available
        UUID volunteer = ShiftFixtures.person(c4, Person.Kind.VOLUNTEER, false, null);
        ShiftFixtures.everyDay(volunteer, LocalTime.of(8, 0), LocalTime.of(20, 0)); // 84 h a week
        UUID idle = staff(c4);
        String monday = null;
        String mondayAssignment = null;
        for (int d = 0; d < 5; d++) { // 5 × 9 h = 45 h > 40 h: WorkloadExceeded with the fifth
            String s = published(worker, c4, "guard", at(week.plusDays(d), 8), at(week.plusDays(d), 17), 1);
            String a = assign(worker, s, busy).then().statusCode(201).extract().path("id");
            if (d == 0) {
                monday = s;
                mondayAssignment = a;
            }
        }
        // actually worked 08:00–16:00 on Monday: 44 h in all
        post(worker, "/api/v1/shifts/" + monday + "/assignments/" + mondayAssignment + "/check-in",
                Map.of("at", at(week, 8).toString())).then().statusCode(200);
        post(worker, "/api/v1/shifts/" + monday + "/assignments/" + mondayAssignment + "/check-out",
                Map.of("at", at(week, 16).toString())).then().statusCode(200);
        String saturday = published(worker, c4, "guard", at(week.plusDays(5), 8), at(week.plusDays(5), 12), 2);
        assign(worker, saturday, volunteer).then().statusCode(201); // 4 h; one of two seats empty: 4 uncovered hours
        published(worker, c4, "observer", at(week.plusDays(6), 8), at(week.plusDays(6), 14), 3); // 18 uncovered hours
        shift(worker, c4, "observer", at(week.plusDays(6), 8), at(week.plusDays(6), 14), 3); // a draft counts nothing

        JsonPath report = given().auth().oauth2(OFFICER).get("/api/v1/workload?area=" + c4 + "&from="
                + at(week, 0).toInstant() + "&to=" + at(week.plusDays(7), 0).toInstant()).then().statusCode(200)
                .extract().jsonPath();
        Map<UUID, Double> hours = Map.of(busy, 44.0, volunteer, 4.0, idle, 0.0);
        Map<UUID, Double> available = Map.of(busy, 40.0, volunteer, 84.0, idle, 40.0);
        for (var entry : hours.entrySet()) {
            Map<String, Object> row = report.getMap("people.find { it.personId == '" + entry.getKey() + "' }");
            assertThat(((Number) row.get("hours")).doubleValue()).isEqualTo(entry.getValue());
            assertThat(((Number) row.get("availableHours")).doubleValue()).isEqualTo(available.get(entry.getKey()));
        }
        assertThat(report.getList("people.communityCode", String.class)).hasSize(3).allMatch(c4::equals);
        double spread = org.frontline.roster.rules.Fairness.spread(hours, available);
        assertThat(report.getDouble("spread")).isCloseTo(spread, org.assertj.core.data.Offset.offset(0.01));
        assertThat(report.getList("overLimit.personId", String.class)).containsExactly(busy.toString());
        assertThat(report.getDouble("overLimit[0].hours")).isEqualTo(44.0);
        assertThat(report.getString("overLimit[0].weekStart")).isEqualTo(week.toString());
        assertThat(report.getList("uncovered")).hasSize(2);
        assertThat(report.getString("uncovered[0].date")).isEqualTo(week.plusDays(5).toString());
        assertThat(report.getDouble("uncovered[0].hours")).isEqualTo(4.0);
        assertThat(report.getString("uncovered[1].date")).isEqualTo(week.plusDays(6).toString());
        assertThat(report.getDouble("uncovered[1].hours")).isEqualTo(18.0);
        assertThat(report.getList("uncovered.communityCode", String.class)).isNotEmpty().allMatch(c4::equals);

        // the warning was said once, though the check-out looked again
        var exceeded = TopicReader.awaitExactly("roster.events",
                r -> "frontline.roster.WorkloadExceeded.v1".equals(TopicReader.header(r, "ce_type"))
                        && r.value().contains(busy.toString()), 1, Duration.ofSeconds(60));
        JsonPath event = JsonPath.from(exceeded.get(0).value());
        assertThat(event.getString("weekStart")).isEqualTo(week.toString());
        assertThat(event.getDouble("hours")).isEqualTo(45.0);
        assertThat(event.getDouble("limitHours")).isEqualTo(40.0);

        // ranges: at most 31 days, to after from; outside the area a 403
        given().auth().oauth2(OFFICER).get("/api/v1/workload?from=" + at(week, 0).toInstant() + "&to="
                + at(week.plusDays(40), 0).toInstant()).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(worker).get("/api/v1/workload?area=" + C1).then().statusCode(403);
        // at most a district: a city-wide caller names one; malformed times are a 400 naming the parameter
        String coordinator = TestTokens.token("li.shifts", "coordinator", "3101");
        given().auth().oauth2(coordinator).get("/api/v1/workload").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("district"));
        given().auth().oauth2(coordinator).get("/api/v1/workload?area=3101").then().statusCode(400);
        given().auth().oauth2(coordinator).get("/api/v1/workload?area=310104").then().statusCode(200);
        given().auth().oauth2(OFFICER).get("/api/v1/workload?from=monday").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.is("from"));
        given().auth().oauth2(worker).get("/api/v1/workload").then().statusCode(200)
                .body("people.communityCode", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is(c4)));
    }

    static List<Integer> race(ExecutorService pool, java.util.concurrent.Callable<Integer> one,
            java.util.concurrent.Callable<Integer> two) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Future<Integer> f1 = pool.submit(() -> {
            start.await();
            return one.call();
        });
        Future<Integer> f2 = pool.submit(() -> {
            start.await();
            return two.call();
        });
        start.countDown();
        return List.of(f1.get(), f2.get());
    }

    private static Map<String, Object> withKey(Map<String, ?> body, String key) {
        var keyed = new java.util.HashMap<String, Object>(body);
        keyed.put("idempotencyKey", key);
        return keyed;
    }
}
