package org.frontline.gateway.readapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /api/v1/overview: an area's figures and its children's, from kpi_day only, scoped, with freshness. */
@QuarkusTest
@FrontlineTest
class OverviewTests {

    static final String OFFICER_31 = TestTokens.token("ma", "district-officer", "310131");

    @Inject
    AgroalDataSource dataSource;

    PictureRows rows;

    @BeforeEach
    void picture() {
        rows = new PictureRows(new TestDatabase(dataSource));
        rows.districts();
        rows.projectionApplied(OffsetDateTime.parse("2026-11-20T09:30:00+08:00"));
    }

    @Test
    void aDistrictsFiguresAndItsStreetsAreThoseWrittenAndTheStreetsAddUpToTheDistrict() {
        JsonPath body = overview(OFFICER_31, "310131", PictureRows.D.toString()).extract().jsonPath();
        assertThat(body.getString("date")).isEqualTo("2026-11-20");
        assertThat(body.getString("area.code")).isEqualTo("310131");
        assertThat(body.getString("area.level")).isEqualTo("district");
        assertThat(body.getString("area.name")).isEqualTo("东湖区");
        assertThat(body.getString("area.nameEn")).isEqualTo("Donghu District");
        assertThat(body.getDouble("area.figures.screened")).isEqualTo(15.0);
        assertThat(body.getDouble("area.figures.inQuarantine")).isEqualTo(3.0);
        assertThat(body.getDouble("area.figures.lowestDaysOfCover")).isEqualTo(5.0);
        assertThat(body.getString("area.status")).isEqualTo("green");
        Map<String, Object> figures = body.getMap("area.figures");
        assertThat(figures.keySet()).containsExactlyElementsOf(org.frontline.gateway.picture.Metric.keys());
        assertThat(figures).containsEntry("campaignCoverage", null);
        assertThat(figures.get("screened")).isInstanceOf(Number.class);

        List<Map<String, Object>> children = body.getList("children");
        // (AreaTests names areas of their own under our districts: only the streets with figures are asserted)
        assertThat(children).extracting(c -> c.get("code")).startsWith("310131001", "310131002");
        assertThat(children).allSatisfy(c -> assertThat((String) c.get("code")).startsWith("310131"));
        assertThat(body.getDouble("children[0].figures.screened")).isEqualTo(12.0);
        assertThat(body.getDouble("children[1].figures.screened")).isEqualTo(3.0);
        assertThat(body.getString("children[0].name")).isEqualTo("长青街道");
        assertThat(body.getString("children[0].nameEn")).isEqualTo("Changqing Street");
        assertThat(body.getString("children[0].level")).isEqualTo("street");
        // the roll-up: the district's figure is its streets' sum
        assertThat(body.getDouble("children[0].figures.screened") + body.getDouble("children[1].figures.screened"))
                .isEqualTo(body.getDouble("area.figures.screened"));
    }

    @Test
    void aDayInThePastReadsLevelsAsCumulativeAndLowestAsTheLatestAtOrBeforeIt() {
        JsonPath before = overview(OFFICER_31, "310131", PictureRows.D.minusDays(1).toString()).extract().jsonPath();
        assertThat(before.getDouble("area.figures.inQuarantine")).isEqualTo(4.0);
        assertThat(before.getDouble("area.figures.screened")).isEqualTo(0.0);
        assertThat(before.getDouble("area.figures.lowestDaysOfCover")).isEqualTo(5.0);
        JsonPath after = overview(OFFICER_31, "310131", PictureRows.D.plusDays(1).toString()).extract().jsonPath();
        assertThat(after.getDouble("area.figures.inQuarantine")).isEqualTo(3.0);
        assertThat(after.getDouble("area.figures.lowestDaysOfCover")).isEqualTo(2.0);
        assertThat(after.getString("area.status")).isEqualTo("amber"); // under 3 days of cover
        JsonPath early = overview(OFFICER_31, "310131", PictureRows.D.minusDays(4).toString()).extract().jsonPath();
        assertThat(early.getDouble("area.figures.inQuarantine")).isEqualTo(0.0);
        assertThat(early.getString("area.figures.lowestDaysOfCover")).isNull();
    }

    @Test
    void aDistrictOfficerCannotReadAnotherDistrictAndTheAnswerSaysNothingAboutIt() {
        String body = given().auth().oauth2(OFFICER_31).queryParam("area", "310132").queryParam("date", "2026-11-20")
                .when().get("/api/v1/overview").then().statusCode(403).contentType("application/problem+json")
                .extract().asString();
        assertThat(body).doesNotContain("figures").doesNotContain("9.00").doesNotContain("310132001")
                .doesNotContain("red").doesNotContain("freshness");
        // an area nobody knows answers the same 403: the answer does not tell known from unknown
        String unknown = given().auth().oauth2(OFFICER_31).queryParam("area", "310139").when().get("/api/v1/overview")
                .then().statusCode(403).extract().asString();
        assertThat(unknown.replace("310139", "")).isEqualTo(body.replace("310132", "").replace("2026-11-20", "")
                .replace("&date=", "")).as("same problem for a known and an unknown area");
        given().auth().oauth2(OFFICER_31).queryParam("area", "3101").when().get("/api/v1/overview").then().statusCode(403);
    }

    @Test
    void aCoordinatorReadsEveryDistrictAndEachChildIsInsideTheScope() {
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        JsonPath city = overview(coordinator, "3101", "2026-11-20").extract().jsonPath();
        List<Map<String, Object>> children = city.getList("children");
        assertThat(children).extracting(c -> c.get("code")).contains("310131", "310132");
        assertThat(children).allSatisfy(c -> assertThat((String) c.get("code")).startsWith("3101").hasSize(6));
        assertThat(city.getDouble("children.find { it.code == '310131' }.figures.screened")).isEqualTo(15.0);
        assertThat(city.getDouble("children.find { it.code == '310132' }.figures.screened")).isEqualTo(9.0);
        assertThat(city.getString("children.find { it.code == '310132' }.status")).isEqualTo("red");
        JsonPath other = overview(coordinator, "310132", "2026-11-20").extract().jsonPath();
        assertThat(other.getDouble("area.figures.openAlertsRed")).isEqualTo(1.0);
        assertThat(other.getDouble("area.figures.openAlerts")).isEqualTo(1.0);
        assertThat(other.getString("area.status")).isEqualTo("red");
        assertThat(other.getList("children.code")).startsWith("310132001");
    }

    @Test
    void aCommunityWorkerSeesTheirOwnCommunityByDefaultAndNothingWider() {
        String worker = TestTokens.token("he", "community-worker", "310131001001");
        JsonPath own = overview(worker, null, "2026-11-20").extract().jsonPath();
        assertThat(own.getString("area.code")).isEqualTo("310131001001");
        assertThat(own.getString("area.level")).isEqualTo("community");
        assertThat(own.getDouble("area.figures.screened")).isEqualTo(5.0);
        assertThat(own.getList("children")).isEmpty();
        given().auth().oauth2(worker).queryParam("area", "310131001").when().get("/api/v1/overview").then().statusCode(403);
        given().auth().oauth2(worker).queryParam("area", "310131001002").when().get("/api/v1/overview").then()
                .statusCode(403);
    }

    @Test
    void withoutParametersTheCallersFirstAreaOnTheCitysTodayIsRead() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        var response = given().auth().oauth2(TestTokens.token("ma", "district-officer", "310131", "310132"))
                .when().get("/api/v1/overview").then().statusCode(200);
        JsonPath body = response.extract().jsonPath();
        assertThat(body.getString("area.code")).isEqualTo("310131");
        assertThat(body.getString("date")).isEqualTo(today);
        // the header and the body say the same newest event
        String header = response.extract().header("Frontline-Newest-Event-At");
        assertThat(header).isNotNull();
        assertThat(OffsetDateTime.parse(header).toInstant())
                .isEqualTo(OffsetDateTime.parse(body.getString("freshness.newestEventAt")).toInstant());
        assertThat(body.getLong("freshness.eventsApplied")).isPositive();
        assertThat(body.getString("freshness.lastEventAppliedAt")).isNotNull();
    }

    @Test
    void anAreaThePictureDoesNotKnowYetAnswersZerosAndNoChildren() {
        JsonPath body = overview(TestTokens.token("sun", "coordinator", "3101"), "310139", "2026-11-20").extract()
                .jsonPath();
        assertThat(body.getString("area.code")).isEqualTo("310139");
        assertThat(body.getString("area.name")).isNull();
        assertThat(body.getDouble("area.figures.screened")).isEqualTo(0.0);
        assertThat(body.getString("area.figures.lowestDaysOfCover")).isNull();
        assertThat(body.getString("area.status")).isEqualTo("green");
        assertThat(body.getList("children")).isEmpty();
    }

    @Test
    void aMalformedAreaOrDateIsA400NamingTheParameter() {
        for (String bad : List.of("31013", "3101x1", "3101311", "abc")) {
            given().auth().oauth2(OFFICER_31).queryParam("area", bad).when().get("/api/v1/overview").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", is("area"));
        }
        // extreme years parse as dates but would overflow the date arithmetic (a 500): only 2000..2100 is accepted
        for (String bad : List.of("2026-13-01", "20261120", "yesterday", "+999999999-12-31", "-999999999-01-01",
                "1999-12-31", "2101-01-01")) {
            given().auth().oauth2(OFFICER_31).queryParam("date", bad).when().get("/api/v1/overview").then()
                    .statusCode(400).body("errors[0].field", is("date"));
        }
        for (String param : List.of("from", "to")) {
            given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam(param, "+999999999-12-31")
                    .when().get("/api/v1/series")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is(param));
        }
        given().auth().oauth2(TestTokens.token("li", "resident", "310131001001")).when().get("/api/v1/overview").then()
                .statusCode(403);
        given().when().get("/api/v1/overview").then().statusCode(401);
    }

    /** Moved from CityPictureTests: the gateway answers from its database while the broker is away. */
    @Test
    void whileTheBrokerIsAwayTheOverviewStillAnswersAndSaysItsConsumersAreDisconnected() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> overview(OFFICER_31, "310131", "2026-11-20")
                .body("freshness.consumersConnected", is(true)));
        TestKafka.stop();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> overview(OFFICER_31, "310131", "2026-11-20")
                    .body("area.figures.screened", is(15.0f))
                    .body("freshness.consumersConnected", is(false))
                    .body("freshness.disconnectedChannels", hasItem("screening-events"))
                    .body("freshness.newestEventAt", notNullValue())
                    .body("freshness.lastEventAppliedAt", notNullValue()));
            // ready: it serves the picture it has; a restart would not bring the broker back
            given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        } finally {
            TestKafka.start();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> overview(OFFICER_31, "310131", "2026-11-20")
                .body("freshness.consumersConnected", is(true)));
    }

    private static io.restassured.response.ValidatableResponse overview(String token, String area, String date) {
        var request = given().auth().oauth2(token);
        if (area != null) {
            request.queryParam("area", area);
        }
        if (date != null) {
            request.queryParam("date", date);
        }
        return request.when().get("/api/v1/overview").then().statusCode(200);
    }
}
