package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.screening.service.IdNumbers;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The 409 is no oracle, hash keys rotate, each role sees what it needs of a resident, search stays in scope. */
@QuarkusTest
@FrontlineTest
class PersonalDataTests {

    static final String MINE = "310104012011";
    static final String THEIRS = "310105002011";
    static final String WORKER = TestTokens.token("wang.pd", "community-worker", MINE);
    static final String OTHER_DISTRICT = TestTokens.token("chen.pd", "community-worker", "310105");

    @Inject
    AgroalDataSource dataSource;

    /** Fault 2 of issue 8: the 409 named a resident outside the caller's area. */
    @Test
    void aDuplicateIdNumberFromAnotherAreaIsA409ThatNamesNoOne() {
        String idNumber = Fixtures.idNumber();
        String first = Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", Fixtures.household(WORKER, MINE),
                "name", "Li Na", "idNumber", idNumber)).then().statusCode(201).extract().path("id");
        long before = new TestDatabase(dataSource).count("select count(*) from resident");

        var answer = Fixtures.post(OTHER_DISTRICT, "/api/v1/residents", Map.of("householdId",
                Fixtures.household(OTHER_DISTRICT, THEIRS), "name", "Li Na", "idNumber", idNumber))
                .then().statusCode(409).contentType("application/problem+json")
                .body("existingId", nullValue()).body("existing", nullValue())
                .body("detail", containsString("another area")).body("detail", containsString("transfer"))
                .extract().asString();
        assertThat(answer).doesNotContain(first).doesNotContain(MINE);
        assertThat(new TestDatabase(dataSource).count("select count(*) from resident")).isEqualTo(before);

        // inside the area the existing resident is named
        Fixtures.post(TestTokens.token("zhou.pd", "community-worker", "310104"), "/api/v1/residents",
                Map.of("householdId", Fixtures.household(WORKER, MINE), "name", "Li Na", "idNumber", idNumber))
                .then().statusCode(409).body("existingId", equalTo(first));
    }

    @Test
    void aHashUnderARetiredKeyStillMatchesAndNewHashesUseTheCurrentKey() {
        String idNumber = Fixtures.idNumber();
        String household = Fixtures.household(WORKER, MINE);
        TestDatabase db = new TestDatabase(dataSource);
        UUID old = UUID.randomUUID();
        // registered before the rotation: hashed with the key now retired as k1 (see application.properties, %test)
        db.execute("""
                insert into resident (id, household_id, community_code, city_code, name, id_number_hash, id_number_key_id, created_at)
                values (?, cast(? as uuid), ?, '3101', 'Sun Li', ?, 'k1', now())
                """, old, household, MINE, IdNumbers.hash(idNumber, "test-retired-key"));

        Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", household, "name", "Sun Li", "idNumber", idNumber))
                .then().statusCode(409).body("existingId", equalTo(old.toString()));
        given().auth().oauth2(WORKER).queryParam("idNumber", idNumber).when().get("/api/v1/residents")
                .then().statusCode(200).body("items.id", equalTo(List.of(old.toString())));

        String fresh = Fixtures.idNumber();
        String id = Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", household, "name", "Sun Mei",
                "idNumber", fresh)).then().statusCode(201).extract().path("id");
        assertThat(db.query("select id_number_key_id, id_number_hash from resident where id = cast(? as uuid)", id).get(0))
                .containsEntry("id_number_key_id", "k2")
                .containsEntry("id_number_hash", IdNumbers.hash(fresh, "test-current-key"));
        given().auth().oauth2(WORKER).queryParam("idNumber", fresh).when().get("/api/v1/residents")
                .then().statusCode(200).body("items.id", equalTo(List.of(id)));
    }

    @Test
    void volunteersSeeNoHealthFlagsOfResidentsOfficersDo() {
        String id = Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", Fixtures.household(WORKER, MINE),
                "name", "Gao Yan", "pregnant", true, "chronicIllness", true, "disability", true, "elderlyAlone", false))
                .then().statusCode(201).extract().path("id");
        String volunteer = TestTokens.token("xu.pd", "volunteer", MINE);
        given().auth().oauth2(volunteer).when().get("/api/v1/residents/" + id).then().statusCode(200)
                .body("pregnant", nullValue()).body("chronicIllness", nullValue()).body("disability", nullValue())
                .body("elderlyAlone", equalTo(false)).body("name", equalTo("Gao Yan"));
        List<Map<String, Object>> listed = given().auth().oauth2(volunteer).queryParam("size", 500).when()
                .get("/api/v1/residents").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(listed).isNotEmpty().allSatisfy(r -> assertThat(r).containsEntry("pregnant", null)
                .containsEntry("chronicIllness", null).containsEntry("disability", null));
        // the vulnerable filter would reveal the flags
        given().auth().oauth2(volunteer).queryParam("vulnerable", true).when().get("/api/v1/residents").then().statusCode(403);

        given().auth().oauth2(TestTokens.token("zhou.pd", "district-officer", "310104")).when().get("/api/v1/residents/" + id)
                .then().statusCode(200).body("pregnant", equalTo(true)).body("chronicIllness", equalTo(true))
                .body("disability", equalTo(true));
        given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + id).then().statusCode(200)
                .body("pregnant", equalTo(true));
    }

    @Test
    void residentsAreFoundByNamePhoneOrIdNumberOnlyInsideTheCallersArea() {
        String unique = "Qiu " + UUID.randomUUID().toString().substring(0, 6);
        String idNumber = Fixtures.idNumber();
        String mine = Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", Fixtures.household(WORKER, MINE),
                "name", unique, "phone", "13900001111", "idNumber", idNumber)).then().statusCode(201).extract().path("id");
        String theirs = Fixtures.post(OTHER_DISTRICT, "/api/v1/residents", Map.of("householdId",
                Fixtures.household(OTHER_DISTRICT, THEIRS), "name", unique, "phone", "13900001111"))
                .then().statusCode(201).extract().path("id");

        for (var query : List.of(Map.of("name", unique.toLowerCase().substring(2)), Map.of("phone", "13900001111"),
                Map.of("idNumber", idNumber))) {
            List<Map<String, Object>> found = given().auth().oauth2(WORKER).queryParams(query).queryParam("size", 500)
                    .when().get("/api/v1/residents").then().statusCode(200).extract().jsonPath().getList("items");
            assertThat(found).as("search %s", query).extracting(r -> r.get("id")).contains(mine).doesNotContain(theirs);
            assertThat(found).as("every row lies in the caller's area")
                    .allSatisfy(r -> assertThat((String) r.get("communityCode")).startsWith(MINE));
        }
        given().auth().oauth2(WORKER).queryParam("idNumber", "12345").when().get("/api/v1/residents").then().statusCode(400);
        given().auth().oauth2(WORKER).queryParam("idNumber", idNumber).when().get("/api/v1/residents").then()
                .body(not(containsString(idNumber)));
    }

    /**
     * A volunteer or officer sees the phone masked and never the ID number; a search by either would confirm them
     * ("is 13900002222 Qiu's number?"). Only community workers may search by them; others get a 403 problem.
     */
    @Test
    void onlyCommunityWorkersSearchByPhoneOrIdNumber() {
        String idNumber = Fixtures.idNumber();
        Fixtures.post(WORKER, "/api/v1/residents", Map.of("householdId", Fixtures.household(WORKER, MINE),
                "name", "Qiu Yan", "phone", "13900002222", "idNumber", idNumber)).then().statusCode(201);
        for (String role : List.of("volunteer", "district-officer", "coordinator")) {
            String token = TestTokens.token("pd." + role, role, MINE);
            for (var query : List.of(Map.of("phone", "13900002222"), Map.of("idNumber", idNumber),
                    Map.of("name", "Qiu", "phone", "13900002222"))) {
                given().auth().oauth2(token).queryParams(query).when().get("/api/v1/residents").then()
                        .statusCode(403).contentType("application/problem+json")
                        .body(not(containsString("Qiu Yan")));
            }
            // by name they still find whom they serve, phone masked
            given().auth().oauth2(token).queryParam("name", "Qiu Yan").when().get("/api/v1/residents").then()
                    .statusCode(200).body(not(containsString("13900002222")));
        }
        given().auth().oauth2(WORKER).queryParam("phone", "13900002222").when().get("/api/v1/residents").then()
                .statusCode(200).body(containsString("Qiu Yan"));
    }
}
