package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The answers a validating proxy found breaking this service's document (issue 8): nulls in fields declared as
 * plain strings, and 201s where only 200 was declared. Every response of every test is checked against the
 * document as well (platform-testing); this names the ones that broke it.
 */
@QuarkusTest
@FrontlineTest
class OpenApiDocumentTests {

    static final String COMMUNITY = "310104012007";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Test
    void fieldsThatCanBeNullAreDeclaredNullable() {
        OpenApiDocument doc = OpenApiDocument.underTest();
        assertThat(doc.nullable("ScreeningView", "campaignId")).isTrue();
        assertThat(doc.nullable("ScreeningView", "recordedBy")).as("hidden from volunteers and residents").isTrue();
        assertThat(doc.nullable("ScreeningView", "idempotencyKey")).isTrue();
        assertThat(doc.nullable("QuarantineView", "note")).isTrue();
        assertThat(doc.nullable("QuarantineView", "endedOn")).isTrue();
        assertThat(doc.nullable("QuarantineView", "endReason")).isTrue();
        assertThat(doc.nullable("CampaignView", "grid")).isTrue();
        assertThat(doc.nullable("CampaignView", "closedAt")).isTrue();
        assertThat(doc.nullable("CheckInRequest", "temperatureCelsius")).as("required").isFalse();
    }

    @Test
    void everyStatusAnOperationAnswersIsDeclared() {
        OpenApiDocument doc = OpenApiDocument.underTest();
        // 200: a retry with the same idempotency key answers with the earlier period
        assertThat(doc.statuses("POST", "/api/v1/quarantines"))
                .contains("200", "201", "400", "401", "403", "409", "422", "503");
        for (String path : List.of("/api/v1/residents", "/api/v1/households", "/api/v1/campaigns", "/api/v1/test-results")) {
            assertThat(doc.statuses("POST", path)).as(path).contains("200", "201");
        }
        assertThat(doc.statuses("POST", "/api/v1/screenings")).contains("200", "201");
        assertThat(doc.statuses("POST", "/api/v1/self-reports")).contains("200", "201");
        assertThat(doc.statuses("POST", "/api/v1/quarantines/{id}/check-ins")).doesNotContain("200")
                .contains("204", "404", "409");
        assertThat(doc.statuses("GET", "/api/v1/campaigns/{id}")).contains("200", "404", "503");
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void aNewQuarantineWithItsEmptyFieldsIsTrueToTheDocument() {
        // the response is checked against the document as it arrives; before the fix it failed on the 201 and the nulls
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("residentId", resident, "kind", "HOME"))
                .when().post("/api/v1/quarantines").then().statusCode(201)
                .body("endedOn", nullValue()).body("endReason", nullValue()).body("note", nullValue());
    }
}
