package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.roster.PersonFixtures.COMMUNITY;
import static org.frontline.roster.PersonFixtures.person;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** People, volunteers' own records, availability and absences: what each role may see and change. */
@QuarkusTest
@FrontlineTest
class PeopleTests {

    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);
    static final String OFFICER = TestTokens.token("zhao", "district-officer", "310104");
    static final String OTHER_DISTRICT = TestTokens.token("chen", "community-worker", "310105002001");
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");
    static final String DUTIES = "frontline.roster.PersonDutiesChanged.v1";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static long total(String token) {
        return ((Number) as(token).when().get("/api/v1/people?size=1").then().statusCode(200).extract().path("total"))
                .longValue();
    }

    @Test
    void staffAndVolunteersAreRegisteredWithTheirOwnEventAndNoPersonalData() {
        String staff = as(WORKER).body(Map.of("communityCode", COMMUNITY, "kind", "STAFF", "unitCode", "310104012",
                "displayName", "Wang Fang", "phone", "13812345678", "skills", "first aid"))
                .when().post("/api/v1/people").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/people/")).extract().path("id");
        String volunteer = person(WORKER, COMMUNITY, "VOLUNTEER");
        // the person's PersonDutiesChanged names their id too: only the registration events are counted here
        var staffEvent = TopicReader.awaitExactly("roster.events", r -> r.value().contains(staff)
                && !DUTIES.equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(60));
        assertThat(TopicReader.header(staffEvent.get(0), "ce_type")).isEqualTo("frontline.roster.StaffRegistered.v1");
        var volunteerEvent = TopicReader.awaitExactly("roster.events", r -> r.value().contains(volunteer)
                && !DUTIES.equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(60));
        assertThat(TopicReader.header(volunteerEvent.get(0), "ce_type"))
                .isEqualTo("frontline.roster.VolunteerRegistered.v1");
        assertThat(volunteerEvent.get(0).key()).isEqualTo(COMMUNITY);
        for (var r : List.of(staffEvent.get(0), volunteerEvent.get(0))) {
            assertThat(r.value()).doesNotContain("Wang Fang", "Zhou Min", "13812345678", "5678");
        }
    }

    @Test
    void phonesAreMaskedExceptForCommunityWorkersAndRetriesWithAKeyCreateOnePerson() {
        Map<String, Object> body = Map.of("communityCode", COMMUNITY, "kind", "VOLUNTEER", "displayName", "Liu Yang",
                "phone", "13912345678", "idempotencyKey", "retry-" + System.nanoTime());
        String id = as(WORKER).body(body).when().post("/api/v1/people").then().statusCode(201)
                .body("phone", org.hamcrest.Matchers.equalTo("13912345678")).extract().path("id");
        long before = total(WORKER);
        as(WORKER).body(body).when().post("/api/v1/people").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(id));
        assertThat(total(WORKER)).isEqualTo(before);
        var changed = new HashMap<>(body);
        changed.put("displayName", "Someone else");
        as(WORKER).body(changed).when().post("/api/v1/people").then().statusCode(422)
                .contentType("application/problem+json");
        as(OFFICER).when().get("/api/v1/people/" + id).then().statusCode(200)
                .body("phone", org.hamcrest.Matchers.equalTo("139****5678"));
        as(COORDINATOR).when().get("/api/v1/people/" + id).then().statusCode(200)
                .body("phone", org.hamcrest.Matchers.equalTo("139****5678"));
        assertThat(as(OFFICER).when().get("/api/v1/people?area=" + COMMUNITY + "&size=500").then().statusCode(200)
                .extract().jsonPath().getList("items.phone", String.class))
                .allMatch(p -> p == null || p.contains("****"));
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        long before = total(WORKER);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("communityCode", COMMUNITY, "kind", "ROBOT", "displayName", "X"),
                Map.of("communityCode", COMMUNITY, "kind", "STAFF", "displayName", ""),
                Map.of("communityCode", COMMUNITY, "kind", "STAFF", "displayName", "X", "phone", "12345"),
                Map.of("communityCode", "3101", "kind", "STAFF", "displayName", "X"),
                // a unit must cover the community, and only staff have one
                Map.of("communityCode", COMMUNITY, "kind", "STAFF", "displayName", "X", "unitCode", "310105"),
                Map.of("communityCode", COMMUNITY, "kind", "VOLUNTEER", "displayName", "X", "unitCode", "310104"))) {
            as(WORKER).body(bad).when().post("/api/v1/people").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(WORKER).body("{\"communityCode\":").when().post("/api/v1/people").then().statusCode(400)
                .contentType("application/problem+json");
        assertThat(total(WORKER)).isEqualTo(before);
    }

    @Test
    void everyListedPersonIsInTheCallersAreaAndForeignIdsAreNotFound() {
        String theirs = person(OTHER_DISTRICT, "310105002001", "STAFF");
        String neighbour = person(OFFICER, "310104012004", "STAFF");
        person(WORKER, COMMUNITY, "STAFF");
        as(WORKER).body(Map.of("communityCode", "310105002001", "kind", "STAFF", "displayName", "Zhang San"))
                .when().post("/api/v1/people").then().statusCode(403);
        var own = as(WORKER).when().get("/api/v1/people?size=500").then().statusCode(200).extract().jsonPath();
        assertThat(own.getList("items.communityCode", String.class)).isNotEmpty().allMatch(COMMUNITY::equals);
        var district = as(OFFICER).when().get("/api/v1/people?size=500&kind=STAFF").then().statusCode(200)
                .extract().jsonPath();
        assertThat(district.getList("items.communityCode", String.class)).isNotEmpty()
                .allMatch(c -> c.startsWith("310104")).contains("310104012004", COMMUNITY);
        assertThat(district.getList("items.kind", String.class)).isNotEmpty().allMatch("STAFF"::equals);
        as(OFFICER).when().get("/api/v1/people?kind=ROBOT").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("kind"));
        String missing = java.util.UUID.randomUUID().toString();
        var foreign = as(WORKER).when().get("/api/v1/people/" + neighbour).then().statusCode(404)
                .contentType("application/problem+json").extract().jsonPath();
        var absent = as(WORKER).when().get("/api/v1/people/" + missing).then().statusCode(404).extract().jsonPath();
        assertThat(foreign.getString("title")).isEqualTo(absent.getString("title"));
        as(WORKER).when().get("/api/v1/people/" + theirs).then().statusCode(404);
        as(WORKER).body(Map.of("version", 0, "skills", "x")).when().patch("/api/v1/people/" + theirs).then()
                .statusCode(404);
        as(WORKER).body(List.of()).when().put("/api/v1/people/" + theirs + "/availability").then().statusCode(404);
        as(WORKER).when().get("/api/v1/people/" + theirs + "/absences").then().statusCode(404);
        as(WORKER).when().get("/api/v1/people?area=310105").then().statusCode(403);
        as(TestTokens.token("li", "resident", COMMUNITY)).when().get("/api/v1/people").then().statusCode(403);
    }

    @Test
    void aStaleVersionIsAConflictAndChangesNothing() {
        String id = person(WORKER, COMMUNITY, "STAFF");
        as(WORKER).body(Map.of("version", 0, "skills", "driving", "lendConsent", true))
                .when().patch("/api/v1/people/" + id).then().statusCode(200)
                .body("skills", org.hamcrest.Matchers.equalTo("driving")).body("version", org.hamcrest.Matchers.equalTo(1));
        as(OFFICER).body(Map.of("version", 0, "skills", "cooking")).when().patch("/api/v1/people/" + id).then()
                .statusCode(409).contentType("application/problem+json");
        as(WORKER).body(Map.of("version", 1, "active", false)).when().patch("/api/v1/people/" + id).then()
                .statusCode(200).body("active", org.hamcrest.Matchers.equalTo(false));
        as(WORKER).when().get("/api/v1/people/" + id).then().body("skills", org.hamcrest.Matchers.equalTo("driving"))
                .body("lendConsent", org.hamcrest.Matchers.equalTo(true)).body("version", org.hamcrest.Matchers.equalTo(2));
        as(WORKER).body(Map.of("skills", "x")).when().patch("/api/v1/people/" + id).then().statusCode(400);
    }

    @Test
    void aVolunteerRegistersOnceAndSeesAndChangesOnlyTheirOwnRecord() {
        String user = "vol-" + System.nanoTime();
        String me = TestTokens.token(user, "volunteer", COMMUNITY);
        as(me).when().get("/api/v1/volunteers/me").then().statusCode(404);
        as(me).body(Map.of("communityCode", "310105002001", "displayName", "Liu Yang")).when()
                .post("/api/v1/volunteers/me").then().statusCode(403);
        String id = as(me).body(Map.of("communityCode", COMMUNITY, "displayName", "Liu Yang", "phone", "13712345678",
                "lendConsent", true)).when().post("/api/v1/volunteers/me").then().statusCode(201)
                .body("kind", org.hamcrest.Matchers.equalTo("VOLUNTEER")).body("selfRegistered", org.hamcrest.Matchers.equalTo(true))
                .body("phone", org.hamcrest.Matchers.equalTo("13712345678")).extract().path("id");
        as(me).body(Map.of("communityCode", COMMUNITY, "displayName", "Another name")).when()
                .post("/api/v1/volunteers/me").then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(id))
                .body("displayName", org.hamcrest.Matchers.equalTo("Liu Yang"));
        var events = TopicReader.awaitExactly("roster.events", r -> r.value().contains(id)
                && !DUTIES.equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(60));
        assertThat(events.get(0).value()).contains("\"selfRegistered\":true").doesNotContain("Liu Yang");

        // own record, availability, absences, consent
        as(me).when().get("/api/v1/volunteers/me").then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(id));
        as(me).when().get("/api/v1/people/" + id).then().statusCode(200);
        as(me).body(Map.of("version", 0, "lendConsent", false)).when().patch("/api/v1/people/" + id).then()
                .statusCode(200).body("lendConsent", org.hamcrest.Matchers.equalTo(false));
        as(me).body(Map.of("version", 1, "active", false)).when().patch("/api/v1/people/" + id).then().statusCode(403);
        as(me).body(List.of(Map.of("dayOfWeek", "SATURDAY", "start", "09:00", "end", "12:00")))
                .when().put("/api/v1/people/" + id + "/availability").then().statusCode(200);
        as(me).body(Map.of("from", "2026-12-01T08:00:00+08:00", "to", "2026-12-02T08:00:00+08:00", "reason", "LEAVE"))
                .when().post("/api/v1/people/" + id + "/absences").then().statusCode(201);

        // anyone else's record is missing to them; lists are not theirs
        String colleague = person(WORKER, COMMUNITY, "VOLUNTEER");
        for (String path : List.of("", "/availability", "/absences", "/qualifications")) {
            as(me).when().get("/api/v1/people/" + colleague + path).then().statusCode(404);
        }
        as(me).body(Map.of("version", 0, "skills", "x")).when().patch("/api/v1/people/" + colleague).then().statusCode(404);
        as(me).when().get("/api/v1/people").then().statusCode(403);
        as(me).when().get("/api/v1/teams").then().statusCode(403);
        as(me).when().get("/api/v1/qualifications/expiring").then().statusCode(403);
        as(WORKER).when().get("/api/v1/people/" + colleague).then().statusCode(200);
        // another volunteer's self-registration never answers with this record
        String other = TestTokens.token(user + "-b", "volunteer", COMMUNITY);
        String second = as(other).body(Map.of("communityCode", COMMUNITY, "displayName", "Gao Lei")).when()
                .post("/api/v1/volunteers/me").then().statusCode(201).extract().path("id");
        assertThat(second).isNotEqualTo(id);
        as(other).when().get("/api/v1/people/" + id).then().statusCode(404);

        // two registrations of one login at once: one creates, the other answers the same record (200, not 409)
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String twice = TestTokens.token(user + "-race" + round, "volunteer", COMMUNITY);
                var start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Callable<io.restassured.response.Response> call = () -> {
                    start.await();
                    return as(twice).body(Map.of("communityCode", COMMUNITY, "displayName", "Tang Li")).when()
                            .post("/api/v1/volunteers/me");
                };
                var a = pool.submit(call);
                var b = pool.submit(call);
                start.countDown();
                var ra = a.get();
                var rb = b.get();
                assertThat(List.of(ra.statusCode(), rb.statusCode())).containsExactlyInAnyOrder(201, 200);
                assertThat(ra.jsonPath().getString("id")).isEqualTo(rb.jsonPath().getString("id"));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void availabilityWindowsAreReplacedAndValidatedAndAbsencesRecorded() {
        String id = person(WORKER, COMMUNITY, "VOLUNTEER");
        String path = "/api/v1/people/" + id + "/availability";
        as(WORKER).body(List.of(Map.of("dayOfWeek", "MONDAY", "start", "08:00", "end", "12:00"),
                Map.of("dayOfWeek", "MONDAY", "start", "18:00", "end", "00:00"),
                Map.of("dayOfWeek", "TUESDAY", "start", "00:00", "end", "00:00")))
                .when().put(path).then().statusCode(200);
        as(WORKER).body(List.of(Map.of("dayOfWeek", "MONDAY", "start", "08:00", "end", "12:00"),
                Map.of("dayOfWeek", "MONDAY", "start", "11:00", "end", "13:00"))).when().put(path).then()
                .statusCode(400).contentType("application/problem+json");
        as(WORKER).body(List.of(Map.of("dayOfWeek", "FRIDAY", "start", "12:00", "end", "08:00"))).when().put(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(WORKER).body(List.of(Map.of("dayOfWeek", "FRIDAY", "start", "12:00", "end", "24:00"))).when().put(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(WORKER).body(List.of(Map.of("dayOfWeek", "FUNDAY", "start", "08:00", "end", "09:00"))).when().put(path)
                .then().statusCode(400).contentType("application/problem+json");
        var windows = as(WORKER).when().get(path).then().statusCode(200).extract().jsonPath();
        assertThat(windows.getList("dayOfWeek", String.class)).containsExactly("MONDAY", "MONDAY", "TUESDAY");
        assertThat(windows.getList("end", String.class)).containsExactly("12:00", "00:00", "00:00");
        as(WORKER).body(List.of()).when().put(path).then().statusCode(200);
        assertThat(as(WORKER).when().get(path).then().extract().jsonPath().getList("$")).isEmpty();

        String absences = "/api/v1/people/" + id + "/absences";
        as(WORKER).body(Map.of("from", "2026-12-02T08:00:00+08:00", "to", "2026-12-01T08:00:00+08:00", "reason", "SICK"))
                .when().post(absences).then().statusCode(400).contentType("application/problem+json");
        as(WORKER).body(Map.of("from", "2026-12-01T08:00:00+08:00", "to", "2026-12-02T08:00:00+08:00", "reason", "NAP"))
                .when().post(absences).then().statusCode(400);
        assertThat(as(WORKER).when().get(absences).then().extract().jsonPath().getList("$")).isEmpty();
        String absence = as(WORKER).body(Map.of("from", "2026-12-01T08:00:00+08:00", "to", "2026-12-02T08:00:00+08:00",
                "reason", "SICK")).when().post(absences).then().statusCode(201).extract().path("id");
        assertThat(as(OFFICER).when().get(absences).then().statusCode(200).extract().jsonPath()
                .getList("reason", String.class)).containsExactly("SICK");
        as(OTHER_DISTRICT).when().delete(absences + "/" + absence).then().statusCode(404);
        as(WORKER).when().delete(absences + "/" + absence).then().statusCode(204);
        as(WORKER).when().delete(absences + "/" + absence).then().statusCode(404);
        // a year past what the database holds: 400, nothing written; a retried absence with its key: recorded once
        as(WORKER).body(Map.of("from", "2026-12-01T08:00:00+08:00", "to", "+300000-12-02T08:00:00+08:00",
                "reason", "SICK")).when().post(absences).then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> keyed = Map.of("from", "2026-12-05T08:00:00+08:00", "to", "2026-12-06T08:00:00+08:00",
                "reason", "LEAVE", "idempotencyKey", "absence-" + id);
        String once = as(WORKER).body(keyed).when().post(absences).then().statusCode(201).extract().path("id");
        as(WORKER).body(keyed).when().post(absences).then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(once));
        assertThat(as(WORKER).when().get(absences).then().extract().jsonPath().getList("id", String.class))
                .containsExactly(once);
    }
}
