package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * This service's OpenAPI document says what it answers (issue 8). Every response of every test is checked against
 * it as well (platform-testing); this names the answers that once broke the documents: a 201 where only 200 was
 * declared, and errors that were not declared at all.
 */
@QuarkusTest
@FrontlineTest
class OpenApiDocumentTests {

    static final String WORKER = TestTokens.token("wang", "community-worker", "310104012003");

    @Test
    void theDocumentDeclaresWhatTheServiceAnswers() {
        OpenApiDocument doc = OpenApiDocument.underTest();
        assertThat(doc.statuses("POST", "/api/v1/people")).contains("201", "200", "400", "401", "403", "409", "415", "422", "500", "503");
        assertThat(doc.statuses("GET", "/api/v1/people/{id}")).contains("200", "401", "403", "404", "503");
        assertThat(doc.nullable("PersonView", "phone")).isTrue();
        assertThat(doc.statuses("POST", "/api/v1/volunteers/me")).contains("201", "200", "403");
        assertThat(doc.statuses("GET", "/api/v1/volunteers/me")).contains("200", "404");
        assertThat(doc.statuses("DELETE", "/api/v1/people/{id}/qualifications/{qid}")).contains("204", "404")
                .doesNotContain("200");
        assertThat(doc.statuses("POST", "/api/v1/trainings/{id}/attendance")).contains("200", "404", "422");
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void createdErrorAndUnauthorisedAnswersAreTrueToTheDocument() {
        // each response is checked against the document as it arrives
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012003", "kind", "VOLUNTEER", "displayName", "Liu Yang"))
                .when().post("/api/v1/people").then().statusCode(201);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/people").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/people").then().statusCode(401);
    }
}
