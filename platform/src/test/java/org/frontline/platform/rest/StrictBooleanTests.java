package org.frontline.platform.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A boolean query parameter is {@code true} or {@code false}; any other word is a 400 naming the parameter, where
 * JAX-RS alone reads it as false (the test app's {@code POST /api/v1/shapes?replay=} answers 200 for a replay, 201
 * otherwise).
 */
@QuarkusTest
class StrictBooleanTests {

    static final String TOKEN = TestTokens.token("wang", "community-worker", "310104");

    @Test
    void aWordThatIsNotTrueOrFalseIsRefusedNamingTheParameter() {
        given().auth().oauth2(TOKEN).queryParam("replay", "maybe").post("/api/v1/shapes").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:frontline:problem:validation"))
                .body("errors[0].field", equalTo("replay"))
                .body("errors[0].message", containsString("maybe"));
        given().auth().oauth2(TOKEN).queryParam("replay", "1").post("/api/v1/shapes").then().statusCode(400);
    }

    @Test
    void trueAndFalseInAnyCaseAndAnEmptyValueAreRead() {
        given().auth().oauth2(TOKEN).queryParam("replay", "TRUE").post("/api/v1/shapes").then().statusCode(200);
        given().auth().oauth2(TOKEN).queryParam("replay", "true").post("/api/v1/shapes").then().statusCode(200);
        given().auth().oauth2(TOKEN).queryParam("replay", "False").post("/api/v1/shapes").then().statusCode(201);
        given().auth().oauth2(TOKEN).queryParam("replay", "").post("/api/v1/shapes").then().statusCode(201);
        given().auth().oauth2(TOKEN).post("/api/v1/shapes").then().statusCode(201);
    }
}
