package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.roster.PersonFixtures.person;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.roster.service.QualificationService;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Duties, qualifications with expiry (list and once-only notices on a moved clock), trainings and drills. */
@QuarkusTest
@FrontlineTest
class QualificationTests {

    static final String A = "310106001001";
    static final String B = "310106002001";
    static final String WORKER = TestTokens.token("qian", "community-worker", A);
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310106");
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");
    static final String ELSEWHERE = TestTokens.token("chen", "community-worker", "310105002001");

    @Inject
    TestClock clock;
    @Inject
    QualificationService qualifications;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    static String grant(String token, String person, String code, LocalDate issued, LocalDate expires) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "issuedOn", issued.toString()));
        if (expires != null) {
            body.put("expiresOn", expires.toString());
        }
        return as(token).body(body).when().post("/api/v1/people/" + person + "/qualifications").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void theSeededDutiesAreListedAndOnlyACoordinatorDefinesMore() {
        var duties = as(TestTokens.token("v", "volunteer", A)).when().get("/api/v1/duties").then().statusCode(200)
                .extract().jsonPath();
        assertThat(duties.getList("code", String.class)).contains("screener", "guard", "disinfection",
                "emergency-responder", "temperature-checkpoint", "psychological-counsellor").hasSizeGreaterThanOrEqualTo(12);
        as(WORKER).when().get("/api/v1/duties/screener").then().statusCode(200).body("riskLevel", equalTo(3))
                .body("requiredQualifications", equalTo(List.of("infection-control", "ppe")));
        as(WORKER).when().get("/api/v1/duties/nope").then().statusCode(404).contentType("application/problem+json");
        assertThat(as(WORKER).when().get("/api/v1/qualification-types").then().statusCode(200).extract().jsonPath()
                .getList("code", String.class)).contains("infection-control", "ppe", "first-aid", "disinfection",
                        "psych-counselling");

        String code = "delivery-" + System.nanoTime();
        Map<String, Object> duty = Map.of("code", code, "name", "Door-to-door delivery", "riskLevel", 2,
                "requiredQualifications", List.of("ppe"));
        as(WORKER).body(duty).when().post("/api/v1/duties").then().statusCode(403);
        as(COORDINATOR).body(Map.of("code", code, "name", "X", "riskLevel", 2,
                "requiredQualifications", List.of("ppe", "juggling"))).when().post("/api/v1/duties").then().statusCode(422)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("juggling"));
        as(COORDINATOR).body(Map.of("code", "Not Kebab", "name", "X", "riskLevel", 1)).when().post("/api/v1/duties")
                .then().statusCode(400).contentType("application/problem+json");
        as(COORDINATOR).body(Map.of("code", code, "name", "X", "riskLevel", 4)).when().post("/api/v1/duties")
                .then().statusCode(400);
        as(WORKER).when().get("/api/v1/duties/" + code).then().statusCode(404);
        as(COORDINATOR).body(duty).when().post("/api/v1/duties").then().statusCode(201)
                .body("requiredQualifications", equalTo(List.of("ppe"))).body("seeded", equalTo(false));
        as(COORDINATOR).body(duty).when().post("/api/v1/duties").then().statusCode(409)
                .contentType("application/problem+json");
        as(WORKER).when().get("/api/v1/duties/" + code).then().statusCode(200).body("riskLevel", equalTo(2));
    }

    @Test
    void qualificationsAreRecordedValidatedAndRevokedInScope() {
        String p = person(WORKER, A, "STAFF");
        String path = "/api/v1/people/" + p + "/qualifications";
        as(WORKER).body(Map.of("code", "ppe", "issuedOn", "2026-03-01", "expiresOn", "2026-02-01")).when().post(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(WORKER).body(Map.of("code", "juggling", "issuedOn", "2026-03-01")).when().post(path).then().statusCode(400);
        as(WORKER).body(Map.of("issuedOn", "2026-03-01")).when().post(path).then().statusCode(400);
        assertThat(as(WORKER).when().get(path).then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
        String q = grant(WORKER, p, "first-aid", LocalDate.parse("2026-03-01"), null);
        as(OFFICER).when().get(path).then().statusCode(200).body("code", equalTo(List.of("first-aid")))
                .body("source", equalTo(List.of("RECORDED")));
        as(ELSEWHERE).when().get(path).then().statusCode(404);
        as(ELSEWHERE).when().delete(path + "/" + q).then().statusCode(404);
        as(ELSEWHERE).body(Map.of("code", "ppe", "issuedOn", "2026-03-01")).when().post(path).then().statusCode(404);
        as(WORKER).when().delete(path + "/" + q).then().statusCode(204);
        as(WORKER).when().delete(path + "/" + q).then().statusCode(404);
        assertThat(as(WORKER).when().get(path).then().extract().jsonPath().getList("$")).isEmpty();

        // years past what the database holds, or absurd ones: a 400 naming the field, nothing written
        as(WORKER).body(Map.of("code", "ppe", "issuedOn", "2026-03-01", "expiresOn", "+300000-01-01")).when().post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("expiresOn"));
        as(WORKER).body(Map.of("code", "ppe", "issuedOn", "1066-10-14")).when().post(path).then().statusCode(400);
        assertThat(as(WORKER).when().get(path).then().extract().jsonPath().getList("$")).isEmpty();
        // a retried grant with the same key records it once
        Map<String, Object> body = Map.of("code", "ppe", "issuedOn", "2026-03-01", "idempotencyKey", "grant-" + p);
        String first = as(WORKER).body(body).when().post(path).then().statusCode(201).extract().path("id");
        as(WORKER).body(body).when().post(path).then().statusCode(200).body("id", equalTo(first));
        assertThat(as(WORKER).when().get(path).then().extract().jsonPath().getList("id", String.class))
                .containsExactly(first);
        // ?within= counts its days too: P800D is longer than two years
        as(WORKER).when().get("/api/v1/qualifications/expiring?within=P800D").then().statusCode(400)
                .contentType("application/problem+json");
        as(WORKER).when().get("/api/v1/qualifications/expiring?within=P700D").then().statusCode(200);
    }

    @Test
    void expiringListsTheLatestQualificationsOfPeopleInScopeAndTheNoticeIsSentOnce() {
        LocalDate today = today();
        String soon = person(WORKER, A, "STAFF");
        String later = person(WORKER, A, "VOLUNTEER");
        String renewed = person(WORKER, A, "STAFF");
        String neighbour = person(OFFICER, B, "STAFF");
        grant(WORKER, soon, "ppe", today.minusMonths(11), today.plusDays(10));
        grant(WORKER, soon, "first-aid", today.minusMonths(20), today.minusDays(1)); // expired: not "expiring"
        grant(WORKER, later, "ppe", today.minusMonths(10), today.plusDays(40));
        grant(WORKER, renewed, "disinfection", today.minusMonths(11), today.plusDays(5));
        grant(WORKER, renewed, "disinfection", today, today.plusMonths(12)); // the renewal replaces it
        grant(OFFICER, neighbour, "ppe", today.minusMonths(11), today.plusDays(3));

        var own = as(WORKER).when().get("/api/v1/qualifications/expiring?size=500").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> items = own.getList("items");
        assertThat(items).allSatisfy(i -> {
            assertThat(i.get("communityCode")).isEqualTo(A);
            LocalDate expires = LocalDate.parse((String) i.get("expiresOn"));
            assertThat(expires).isBetween(today, today.plusDays(30));
        });
        assertThat(own.getList("items.personId", String.class)).contains(soon).doesNotContain(later, renewed, neighbour);
        assertThat(own.getList("items.code", String.class)).doesNotContain("first-aid");
        var district = as(OFFICER).when().get("/api/v1/qualifications/expiring?within=P60D&size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(district.getList("items.communityCode", String.class)).isNotEmpty().allMatch(c -> c.startsWith("310106"));
        assertThat(district.getList("items.personId", String.class)).contains(soon, later, neighbour).doesNotContain(renewed);
        assertThat(as(OFFICER).when().get("/api/v1/qualifications/expiring?area=" + B + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.communityCode", String.class))
                .containsOnly(B);
        as(WORKER).when().get("/api/v1/qualifications/expiring?within=soon").then().statusCode(400)
                .contentType("application/problem+json");
        as(WORKER).when().get("/api/v1/qualifications/expiring?area=310105").then().statusCode(403);

        // the job, run twice (as two replicas or two rounds would): one notice per qualification in the window
        qualifications.noticeExpiring();
        assertThat(qualifications.noticeExpiring()).isZero();
        var notices = TopicReader.awaitExactly("roster.events",
                TopicReader.type("frontline.roster.QualificationExpiring.v1")
                        .and(r -> r.value().contains(soon) || r.value().contains(later) || r.value().contains(renewed)
                                || r.value().contains(neighbour)), 2, Duration.ofSeconds(60));
        assertThat(notices).extracting(r -> r.value()).anySatisfy(v -> assertThat(v).contains(soon, "\"ppe\"",
                today.plusDays(10).toString())).anySatisfy(v -> assertThat(v).contains(neighbour));
        assertThat(notices).extracting(r -> r.key()).containsOnly(A, B);

        // 15 days on: the later one enters the window and is told once; the earlier ones are not told again
        clock.advance(Duration.ofDays(15));
        qualifications.noticeExpiring();
        qualifications.noticeExpiring();
        TopicReader.awaitExactly("roster.events", TopicReader.type("frontline.roster.QualificationExpiring.v1")
                .and(r -> r.value().contains(later)), 1, Duration.ofSeconds(60));
        TopicReader.awaitExactly("roster.events", TopicReader.type("frontline.roster.QualificationExpiring.v1")
                .and(r -> r.value().contains(soon)), 1, Duration.ofSeconds(10));
        assertThat(TopicReader.readAll("roster.events")).filteredOn(TopicReader.type(
                "frontline.roster.QualificationExpiring.v1")).noneMatch(r -> r.value().contains(renewed));
    }

    @Test
    void attendingATrainingGrantsAndRenewsTheQualificationOncePerPerson() {
        LocalDate today = today();
        String a1 = person(WORKER, A, "STAFF");
        String a2 = person(WORKER, A, "VOLUNTEER");
        String b1 = person(OFFICER, B, "STAFF");
        String foreign = person(ELSEWHERE, "310105002001", "STAFF");
        grant(WORKER, a1, "ppe", today.minusMonths(11), today.plusDays(10));

        as(WORKER).body(Map.of("kind", "TRAINING", "title", "PPE", "areaCode", "310106", "heldOn", today.toString()))
                .when().post("/api/v1/trainings").then().statusCode(403);
        as(WORKER).body(Map.of("kind", "TRAINING", "title", "PPE", "areaCode", A, "heldOn", today.toString(),
                "grantsQualification", "juggling")).when().post("/api/v1/trainings").then().statusCode(422)
                .contentType("application/problem+json");
        as(WORKER).body(Map.of("kind", "PARTY", "title", "PPE", "areaCode", A, "heldOn", today.toString()))
                .when().post("/api/v1/trainings").then().statusCode(400);
        LocalDate held = today.minusDays(2);
        String training = as(WORKER).body(Map.of("kind", "TRAINING", "title", "Donning and doffing PPE", "areaCode", A,
                "heldOn", held.toString(), "grantsQualification", "ppe")).when().post("/api/v1/trainings").then()
                .statusCode(201).extract().path("id");
        String drill = as(OFFICER).body(Map.of("kind", "DRILL", "title", "Night evacuation drill", "areaCode", "310106",
                "heldOn", held.toString())).when().post("/api/v1/trainings").then().statusCode(201).extract().path("id");
        String attendance = "/api/v1/trainings/" + training + "/attendance";

        // someone outside the training's area, or outside the caller's: nothing is written
        as(OFFICER).body(Map.of("personIds", List.of(a1, b1))).when().post(attendance).then().statusCode(422)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(b1));
        as(WORKER).body(Map.of("personIds", List.of(a1, foreign))).when().post(attendance).then().statusCode(404)
                .contentType("application/problem+json");
        as(WORKER).body(Map.of("personIds", List.of())).when().post(attendance).then().statusCode(400);
        as(WORKER).when().get("/api/v1/trainings/" + training).then().statusCode(200).body("attendees", equalTo(List.of()));
        assertThat(as(WORKER).when().get("/api/v1/people/" + a1 + "/qualifications").then().extract().jsonPath()
                .getList("source", String.class)).containsExactly("RECORDED");

        as(WORKER).body(Map.of("personIds", List.of(a1, a2))).when().post(attendance).then().statusCode(200)
                .body("recorded", hasItems(a1, a2)).body("alreadyRecorded", equalTo(List.of()));
        as(WORKER).body(Map.of("personIds", List.of(a1))).when().post(attendance).then().statusCode(200)
                .body("recorded", equalTo(List.of())).body("alreadyRecorded", equalTo(List.of(a1)));
        var quals = as(WORKER).when().get("/api/v1/people/" + a1 + "/qualifications").then().extract().jsonPath();
        assertThat(quals.getList("source", String.class)).containsExactly("RECORDED", "TRAINING");
        assertThat(quals.getList("expiresOn", String.class)).contains(held.plusMonths(12).toString());
        assertThat(quals.getList("trainingId", String.class)).contains(training);
        as(WORKER).when().get("/api/v1/people/" + a2 + "/qualifications").then().body("code", equalTo(List.of("ppe")));
        // renewed: no longer expiring
        assertThat(as(WORKER).when().get("/api/v1/qualifications/expiring?size=500").then().extract().jsonPath()
                .getList("items.personId", String.class)).doesNotContain(a1);
        as(OFFICER).body(Map.of("personIds", List.of(a1, b1))).when().post("/api/v1/trainings/" + drill + "/attendance")
                .then().statusCode(200).body("recorded", hasItems(a1, b1));
        assertThat(as(WORKER).when().get("/api/v1/people/" + a1 + "/qualifications").then().extract().jsonPath()
                .getList("$")).hasSize(2); // a drill that grants nothing adds no qualification

        var own = as(WORKER).when().get("/api/v1/trainings?size=500").then().statusCode(200).extract().jsonPath();
        assertThat(own.getList("items.areaCode", String.class)).isNotEmpty().allMatch(c -> c.startsWith(A));
        assertThat(own.getList("items.id", String.class)).contains(training).doesNotContain(drill);
        assertThat(as(OFFICER).when().get("/api/v1/trainings?size=500").then().extract().jsonPath()
                .getList("items.areaCode", String.class)).isNotEmpty().allMatch(c -> c.startsWith("310106"));
        as(ELSEWHERE).when().get("/api/v1/trainings/" + training).then().statusCode(404);
        as(ELSEWHERE).when().get("/api/v1/trainings/" + UUID.randomUUID()).then().statusCode(404);
        as(ELSEWHERE).body(Map.of("personIds", List.of(foreign))).when().post(attendance).then().statusCode(404);
    }
}
