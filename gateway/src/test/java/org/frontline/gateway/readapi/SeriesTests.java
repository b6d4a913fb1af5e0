package org.frontline.gateway.readapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /api/v1/series: one metric of an area, day by day, read as each metric's kind says. */
@QuarkusTest
@FrontlineTest
class SeriesTests {

    static final String OFFICER_31 = TestTokens.token("ma", "district-officer", "310131");
    static final LocalDate D = PictureRows.D;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void picture() {
        new PictureRows(new TestDatabase(dataSource)).districts();
    }

    @Test
    void aFlowIsTheDaysRowALevelIsCumulativeAndTheLowestCarriesForward() {
        assertThat(values(series("310131", "screened", D.minusDays(2), D))).containsExactly(0.0, 0.0, 15.0);
        assertThat(values(series("310131", "inQuarantine", D.minusDays(3), D.plusDays(1))))
                .containsExactly(0.0, 4.0, 4.0, 3.0, 3.0);
        assertThat(values(series("310131", "lowestDaysOfCover", D.minusDays(4), D.plusDays(1))))
                .containsExactly(null, 5.0, 5.0, 5.0, 5.0, 2.0);
        JsonPath body = series("310131", "screened", D, D);
        assertThat(body.getString("area")).isEqualTo("310131");
        assertThat(body.getString("metric")).isEqualTo("screened");
        assertThat(body.getString("from")).isEqualTo("2026-11-20");
        assertThat(body.getString("to")).isEqualTo("2026-11-20");
        assertThat(body.getString("points[0].day")).isEqualTo("2026-11-20");
        assertThat(body.getMap("freshness")).containsKeys("newestEventAt", "lastEventAppliedAt", "eventsApplied",
                "consumersConnected", "disconnectedChannels");
    }

    @Test
    void theDerivedOpenAlertsSumTheLevels() {
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        JsonPath body = given().auth().oauth2(coordinator).queryParam("area", "310132").queryParam("metric", "openAlerts")
                .queryParam("from", D.minusDays(1).toString()).queryParam("to", D.plusDays(1).toString())
                .when().get("/api/v1/series").then().statusCode(200).extract().jsonPath();
        assertThat(values(body)).containsExactly(0.0, 1.0, 1.0);
    }

    @Test
    void byDefaultTheLastThirtyDaysUpToTheCitysToday() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        JsonPath body = given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").when().get("/api/v1/series")
                .then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("area")).isEqualTo("310131");
        assertThat(body.getString("to")).isEqualTo(today.toString());
        assertThat(body.getString("from")).isEqualTo(today.minusDays(29).toString());
        assertThat(body.getList("points")).hasSize(30);
    }

    @Test
    void anUnknownMetricABackwardOrTooLongRangeAndABadDateAre400s() {
        given().auth().oauth2(OFFICER_31).queryParam("metric", "coughs").when().get("/api/v1/series").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", is("metric"))
                .body("detail", containsString("screened")).body("detail", containsString("lowestDaysOfCover"))
                .body("detail", containsString("openAlerts"));
        given().auth().oauth2(OFFICER_31).when().get("/api/v1/series").then().statusCode(400)
                .body("errors[0].field", is("metric"));
        given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("from", "2026-11-21")
                .queryParam("to", "2026-11-20").when().get("/api/v1/series").then().statusCode(400)
                .body("errors[0].field", is("from"));
        given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("from", "2025-11-19")
                .queryParam("to", "2026-11-20").when().get("/api/v1/series").then().statusCode(400)
                .body("errors[0].field", is("from"));
        // 366 days is the most
        given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("from", "2025-11-20")
                .queryParam("to", "2026-11-20").when().get("/api/v1/series").then().statusCode(200)
                .body("points.size()", is(366));
        given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("to", "2026-02-30").when()
                .get("/api/v1/series").then().statusCode(400).body("errors[0].field", is("to"));
        given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("area", "31013x").when()
                .get("/api/v1/series").then().statusCode(400).body("errors[0].field", is("area"));
    }

    @Test
    void anotherDistrictsSeriesIsForbidden() {
        String body = given().auth().oauth2(OFFICER_31).queryParam("metric", "screened").queryParam("area", "310132")
                .when().get("/api/v1/series").then().statusCode(403).extract().asString();
        assertThat(body).doesNotContain("points").doesNotContain("9.00");
    }

    private static JsonPath series(String area, String metric, LocalDate from, LocalDate to) {
        return given().auth().oauth2(OFFICER_31).queryParam("area", area).queryParam("metric", metric)
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get("/api/v1/series").then().statusCode(200).extract().jsonPath();
    }

    private static List<Double> values(JsonPath body) {
        List<Object> raw = body.getList("points.value");
        return Arrays.asList(raw.stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toArray(Double[]::new));
    }
}
