package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@FrontlineTest
class ResidentResourceTests {

    static final String COMMUNITY = "310104012003";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSameIdNumberTwiceInACityIsA409PointingToTheFirstAndTheNumberIsNeverStoredOrReturned() {
        String idNumber = Fixtures.idNumber();
        String first = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", Fixtures.household(WORKER, COMMUNITY), "name", "Li Na", "idNumber", idNumber))
                .when().post("/api/v1/residents").then().statusCode(201)
                .body(not(containsString(idNumber)))
                .body("idNumberRegistered", equalTo(true))
                .extract().path("id");
        // same city, other district and community: still the same person
        String city = TestTokens.token("sun", "community-worker", "3101");
        given().auth().oauth2(city).contentType(ContentType.JSON)
                .body(Map.of("householdId", Fixtures.household(city, "310105002001"), "name", "Li Na",
                        "idNumber", idNumber.toLowerCase()))
                .when().post("/api/v1/residents").then().statusCode(409).contentType("application/problem+json")
                .body("existingId", equalTo(first))
                .body("existing", equalTo("/api/v1/residents/" + first));
        TestDatabase db = new TestDatabase(dataSource);
        assertThat(db.count("select count(*) from resident where id_number_hash like ?", "%" + idNumber + "%")).isZero();
        assertThat(db.count("select count(*) from resident where length(id_number_hash) = 64 and id = cast(? as uuid)", first))
                .isEqualTo(1);
    }

    @Test
    void invalidResidentsAre400AndWriteNothing() {
        TestDatabase db = new TestDatabase(dataSource);
        long before = db.count("select count(*) from resident");
        String household = Fixtures.household(WORKER, COMMUNITY);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", "X", "idNumber", "110105194912310021"))
                .when().post("/api/v1/residents").then().statusCode(400).body("errors.field", hasItem("idNumber"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", "X", "phone", "12345"))
                .when().post("/api/v1/residents").then().statusCode(400).body("errors.field", hasItem("phone"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", java.util.UUID.randomUUID().toString(), "name", "X"))
                .when().post("/api/v1/residents").then().statusCode(400).body("errors.field", hasItem("householdId"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "31010401200", "building", "1"))
                .when().post("/api/v1/households").then().statusCode(400).body("errors.field", hasItem("communityCode"));
        assertThat(db.count("select count(*) from resident")).isEqualTo(before);
    }

    @Test
    void phonesAreMaskedExceptForCommunityWorkers() {
        String id = Fixtures.resident(WORKER, COMMUNITY);
        given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + id).then().statusCode(200)
                .body("phone", equalTo("13812345678"));
        given().auth().oauth2(TestTokens.token("li", "volunteer", COMMUNITY)).when().get("/api/v1/residents/" + id)
                .then().statusCode(200).body("phone", equalTo("138****5678"));
        given().auth().oauth2(TestTokens.token("zhou", "district-officer", "310104")).when().get("/api/v1/residents/" + id)
                .then().statusCode(200).body("phone", equalTo("138****5678"));
    }

    @Test
    void aWorkerOfCommunityACannotReadListOrWriteCommunityB() {
        String other = TestTokens.token("chen", "community-worker", "310105002001");
        String theirs = Fixtures.resident(other, "310105002001");
        String theirHousehold = Fixtures.household(other, "310105002001");
        given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + theirs).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/households/" + theirHousehold).then().statusCode(403);
        List<String> visible = given().auth().oauth2(WORKER).when().get("/api/v1/residents?size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(visible).doesNotContain(theirs);
        List<String> households = given().auth().oauth2(WORKER).when().get("/api/v1/households?size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(households).doesNotContain(theirHousehold);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", theirHousehold, "name", "Intruder"))
                .when().post("/api/v1/residents").then().statusCode(403);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105002001"))
                .when().post("/api/v1/households").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("zhao", "resident", COMMUNITY)).when().get("/api/v1/residents")
                .then().statusCode(403);
    }
}
