package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.roster.PersonFixtures.person;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Emergency teams: who may join, area scope, and the call-out list. */
@QuarkusTest
@FrontlineTest
class TeamTests {

    static final String A = "310107001001";
    static final String A2 = "310107001002";
    static final String WORKER = TestTokens.token("he", "community-worker", A);
    static final String OFFICER = TestTokens.token("lu", "district-officer", "310107");
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");
    static final String ELSEWHERE = TestTokens.token("chen", "community-worker", "310105002001");

    @Inject
    TestClock clock;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String team(String token, String community) {
        return as(token).body(Map.of("communityCode", community, "name", "Night response team", "purpose", "Transfers"))
                .when().post("/api/v1/teams").then().statusCode(201).extract().path("id");
    }

    @Test
    void membersComeFromTheCommunityOrAreLentWithConsentWithinTheDistrict() {
        String team = team(WORKER, A);
        String own = person(WORKER, A, "STAFF");
        String lent = person(OFFICER, A2, "VOLUNTEER", true);
        String unwilling = person(OFFICER, A2, "VOLUNTEER", false);
        String otherDistrict = person(COORDINATOR, "310105002001", "STAFF", true);
        String members = "/api/v1/teams/" + team + "/members";

        as(OFFICER).body(Map.of("personIds", List.of(own, unwilling))).when().put(members).then().statusCode(422)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(unwilling));
        as(COORDINATOR).body(Map.of("personIds", List.of(own, otherDistrict))).when().put(members).then().statusCode(422);
        // the worker cannot see a person of the neighbouring community: missing to them
        as(WORKER).body(Map.of("personIds", List.of(own, lent))).when().put(members).then().statusCode(404);
        as(WORKER).when().get("/api/v1/teams/" + team).then().body("members", equalTo(List.of()));

        as(OFFICER).body(Map.of("personIds", List.of(own, lent), "version", 0)).when().put(members).then().statusCode(200)
                .body("members.size()", equalTo(2)).body("version", equalTo(1));
        as(OFFICER).body(Map.of("personIds", List.of(own), "version", 0)).when().put(members).then().statusCode(409)
                .contentType("application/problem+json");
        as(WORKER).when().get("/api/v1/teams/" + team).then().body("members.size()", equalTo(2));
    }

    @Test
    void theCallOutShowsPhonesValidQualificationsAndWhoIsAbsentNow() {
        String team = team(WORKER, A);
        String ready = person(WORKER, A, "STAFF");
        String away = person(WORKER, A, "VOLUNTEER");
        LocalDate today = LocalDate.now(clock);
        as(WORKER).body(Map.of("code", "first-aid", "issuedOn", today.minusMonths(3).toString(), "expiresOn",
                today.plusMonths(3).toString())).when().post("/api/v1/people/" + ready + "/qualifications").then()
                .statusCode(201);
        as(WORKER).body(Map.of("code", "ppe", "issuedOn", today.minusMonths(14).toString(), "expiresOn",
                today.minusMonths(2).toString())).when().post("/api/v1/people/" + ready + "/qualifications").then()
                .statusCode(201);
        OffsetDateTime now = OffsetDateTime.now(clock);
        as(WORKER).body(Map.of("from", now.minusHours(1).toString(), "to", now.plusDays(2).toString(), "reason", "SICK"))
                .when().post("/api/v1/people/" + away + "/absences").then().statusCode(201);
        as(WORKER).body(Map.of("personIds", List.of(ready, away))).when().put("/api/v1/teams/" + team + "/members")
                .then().statusCode(200);

        for (String token : List.of(WORKER, OFFICER, COORDINATOR)) {
            var callOut = as(token).when().get("/api/v1/teams/" + team + "/call-out").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(callOut.getList("members.phone", String.class)).containsOnly("13812345678");
            Map<String, Object> r = callOut.getMap("members.find { it.personId == '" + ready + "' }");
            assertThat(r.get("qualifications")).isEqualTo(List.of("first-aid")); // the expired ppe is not valid
            assertThat(r.get("absentNow")).isEqualTo(false);
            Map<String, Object> a = callOut.getMap("members.find { it.personId == '" + away + "' }");
            assertThat(a.get("absentNow")).isEqualTo(true);
        }
        as(ELSEWHERE).when().get("/api/v1/teams/" + team + "/call-out").then().statusCode(404);
        as(TestTokens.token("v", "volunteer", A)).when().get("/api/v1/teams/" + team + "/call-out").then().statusCode(403);
    }

    @Test
    void teamsAreScopedAndBadInputWritesNothing() {
        team(WORKER, A);
        String neighbours = team(OFFICER, A2);
        team(ELSEWHERE, "310105002001");
        as(WORKER).body(Map.of("communityCode", A2, "name", "X")).when().post("/api/v1/teams").then().statusCode(403);
        long before = ((Number) as(WORKER).when().get("/api/v1/teams").then().extract().path("total")).longValue();
        as(WORKER).body(Map.of("communityCode", A, "name", "")).when().post("/api/v1/teams").then().statusCode(400)
                .contentType("application/problem+json");
        as(WORKER).body(Map.of("communityCode", "3101", "name", "X")).when().post("/api/v1/teams").then().statusCode(400);
        assertThat(((Number) as(WORKER).when().get("/api/v1/teams").then().extract().path("total")).longValue())
                .isEqualTo(before);
        assertThat(as(WORKER).when().get("/api/v1/teams?size=500").then().statusCode(200).extract().jsonPath()
                .getList("items.communityCode", String.class)).isNotEmpty().allMatch(A::equals);
        var district = as(OFFICER).when().get("/api/v1/teams?size=500").then().statusCode(200).extract().jsonPath();
        assertThat(district.getList("items.communityCode", String.class)).isNotEmpty().allMatch(c -> c.startsWith("310107"))
                .contains(A, A2);
        as(WORKER).when().get("/api/v1/teams/" + neighbours).then().statusCode(404);
        // a retried create with the same key forms the team once
        Map<String, Object> body = Map.of("communityCode", A, "name", "Night team", "idempotencyKey", "team-" + UUID.randomUUID());
        long count = ((Number) as(WORKER).when().get("/api/v1/teams").then().extract().path("total")).longValue();
        String first = as(WORKER).body(body).when().post("/api/v1/teams").then().statusCode(201).extract().path("id");
        as(WORKER).body(body).when().post("/api/v1/teams").then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(first));
        assertThat(((Number) as(WORKER).when().get("/api/v1/teams").then().extract().path("total")).longValue())
                .isEqualTo(count + 1);
        as(WORKER).when().get("/api/v1/teams/" + UUID.randomUUID()).then().statusCode(404);
        as(WORKER).body(Map.of("personIds", List.of())).when().put("/api/v1/teams/" + neighbours + "/members").then()
                .statusCode(404);
    }
}
