package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway's OpenAPI document says what it answers (issue 8). Every response of every test is checked against
 * it as well (platform-testing); this names the error answers that were not declared before.
 */
@QuarkusTest
@FrontlineTest
class OpenApiDocumentTests {

    @Test
    void theDocumentDeclaresWhatTheGatewayAnswers() {
        OpenApiDocument doc = OpenApiDocument.underTest();
        assertThat(doc.statuses("GET", "/api/v1/activity")).contains("200", "400", "401", "403", "500", "503");
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void listsAndErrorsAreTrueToTheDocument() {
        // each response is checked against the document as it arrives
        String officer = TestTokens.token("zhou", "district-officer", "310104");
        given().auth().oauth2(officer).when().get("/api/v1/activity").then().statusCode(200);
        given().auth().oauth2(officer).queryParam("area", "310105").when().get("/api/v1/activity").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(officer).queryParam("size", 100000).when().get("/api/v1/activity").then().statusCode(400);
        given().when().get("/api/v1/activity").then().statusCode(401);
    }
}
