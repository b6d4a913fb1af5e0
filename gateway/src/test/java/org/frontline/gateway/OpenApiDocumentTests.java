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
        assertThat(doc.statuses("GET", "/api/v1/admin/projection")).contains("200", "401", "403");
        assertThat(doc.statuses("POST", "/api/v1/admin/projection/rebuild")).contains("202", "401", "403", "409");
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void listsAndErrorsAreTrueToTheDocument() {
        // each response is checked against the document as it arrives
        String officer = TestTokens.token("zhou", "district-officer", "310121");
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        given().auth().oauth2(coordinator).when().get("/api/v1/admin/projection").then().statusCode(200);
        given().auth().oauth2(officer).when().get("/api/v1/admin/projection").then().statusCode(403);
        given().auth().oauth2(officer).when().post("/api/v1/admin/projection/rebuild").then().statusCode(403);
        given().when().get("/api/v1/admin/projection").then().statusCode(401);
    }
}
