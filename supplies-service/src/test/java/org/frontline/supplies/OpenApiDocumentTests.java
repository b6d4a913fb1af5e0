package org.frontline.supplies;

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
        assertThat(doc.statuses("POST", "/api/v1/sites")).doesNotContain("200")
                .contains("201", "400", "401", "403", "409", "415", "422", "500", "503");
        assertThat(doc.statuses("GET", "/api/v1/sites/{id}")).contains("200", "401", "403", "404", "503");
        assertThat(doc.nullable("SiteView", "name")).isTrue();
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void createdErrorAndUnauthorisedAnswersAreTrueToTheDocument() {
        // each response is checked against the document as it arrives
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", "310104012003", "kind", "COMMUNITY_STORE", "name", "Store 3"))
                .when().post("/api/v1/sites").then().statusCode(201);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/sites").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/sites").then().statusCode(401);
    }
}
