package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@FrontlineTest
class TestResultAndSelfReportTests {

    static final String COMMUNITY = "310104012003";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPositiveTestIsPublishedOnceAndANegativeOneIsNot() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String sampled = OffsetDateTime.now().minusHours(2).toString();
        String positive = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("residentId", resident, "kind", "ANTIGEN", "result", "POSITIVE", "sampledAt", sampled))
                .when().post("/api/v1/test-results").then().statusCode(201).extract().path("id");
        String negative = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("residentId", resident, "kind", "PCR", "result", "NEGATIVE", "sampledAt", sampled))
                .when().post("/api/v1/test-results").then().statusCode(201).extract().path("id");
        var events = TopicReader.await("screening.events", r -> r.value().contains(positive), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        assertThat(TopicReader.header(events.get(0), "ce_type")).isEqualTo("frontline.screening.PositiveTestReported.v1");
        assertThat(TopicReader.readAll("screening.events")).noneMatch(r -> r.value().contains(negative));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("residentId", resident, "kind", "SMELL", "result", "POSITIVE", "sampledAt", sampled))
                .when().post("/api/v1/test-results").then().statusCode(400).body("errors.field", hasItem("kind"));
        given().auth().oauth2(TestTokens.token("chen", "community-worker", "310105")).when()
                .get("/api/v1/test-results/" + positive).then().statusCode(403);
    }

    @Test
    void aResidentReportsForThemselfAndSeesOnlyTheirOwnHistory() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", "Zhao Lei", "account", "resident.zhao"))
                .when().post("/api/v1/residents").then().statusCode(201);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", "Zhao Mei", "account", "resident.mei"))
                .when().post("/api/v1/residents").then().statusCode(201);
        String zhao = TestTokens.token("resident.zhao", "resident", COMMUNITY);
        String mei = TestTokens.token("resident.mei", "resident", COMMUNITY);

        Map<String, Object> report = Map.of("temperatureCelsius", "37.9", "symptoms", List.of("COUGH"),
                "reportedAt", OffsetDateTime.now().minusMinutes(1).toString());
        given().auth().oauth2(zhao).contentType(ContentType.JSON).body(report)
                .when().post("/api/v1/self-reports").then().statusCode(201)
                .body("channel", equalTo("SELF_REPORT")).body("outcome", equalTo("FEVER"));
        given().auth().oauth2(mei).contentType(ContentType.JSON)
                .body(Map.of("temperatureCelsius", "36.4", "reportedAt", OffsetDateTime.now().minusMinutes(1).toString()))
                .when().post("/api/v1/self-reports").then().statusCode(201);

        List<Number> mine = given().auth().oauth2(zhao).when().get("/api/v1/self-reports")
                .then().statusCode(200).extract().jsonPath().getList("items.temperatureCelsius");
        assertThat(mine).hasSize(1).first().satisfies(t -> assertThat(t.doubleValue()).isCloseTo(37.9, org.assertj.core.api.Assertions.within(0.001)));
        // a resident cannot use the staff endpoints, and an unlinked account cannot report
        given().auth().oauth2(zhao).when().get("/api/v1/screenings").then().statusCode(403);
        given().auth().oauth2(zhao).when().get("/api/v1/residents").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("stranger", "resident", COMMUNITY)).contentType(ContentType.JSON)
                .body(report).when().post("/api/v1/self-reports").then().statusCode(403);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(report)
                .when().post("/api/v1/self-reports").then().statusCode(403);
        assertThat(new TestDatabase(dataSource).count(
                "select count(*) from screening_record where channel = 'SELF_REPORT' and recorded_by = 'resident.zhao'"))
                .isEqualTo(1);
    }
}
