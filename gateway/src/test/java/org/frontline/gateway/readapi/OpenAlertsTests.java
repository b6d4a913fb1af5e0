package org.frontline.gateway.readapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GET /api/v1/open-alerts: the open alerts inside the area and those of wider areas that apply to it, newest first,
 * never one outside the caller's scope.
 */
@QuarkusTest
@FrontlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAlertsTests {

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String community = "community-" + run;   // 310131001001, RED, 30 min old
    final String district = "district-" + run;     // 310131, district-wide, 10 min old
    final String city = "city-" + run;             // 3101, city-wide, 100 min old
    final String elsewhere = "elsewhere-" + run;   // 310132001001
    final String closed = "closed-" + run;         // 310131002001, closed

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    void alerts() {
        PictureRows rows = new PictureRows(new TestDatabase(dataSource));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        rows.alert(community, "310131001001", "RED", true, now.minusMinutes(30));
        rows.alert(district, "310131", "YELLOW", true, now.minusMinutes(10));
        rows.alert(city, "3101", "BLUE", true, now.minusMinutes(100));
        rows.alert(elsewhere, "310132001001", "ORANGE", true, now.minusMinutes(5));
        rows.alert(closed, "310131002001", "RED", false, now.minusMinutes(1));
    }

    @Test
    void aDistrictOfficerSeesTheDistrictsAlertsAndTheWiderOnesNewestFirst() {
        List<Map<String, Object>> items = items(TestTokens.token("ma", "district-officer", "310131"), null);
        assertThat(ours(items)).containsExactly(district, community, city);
        assertThat(items).allSatisfy(i -> assertThat(inOrApplying((String) i.get("areaCode"), "310131")).isTrue());
        Map<String, Object> first = items.stream().filter(i -> district.equals(i.get("alertId"))).findFirst().orElseThrow();
        assertThat(first).containsEntry("areaCode", "310131").containsEntry("level", "YELLOW")
                .containsEntry("status", "ACTIVE").containsEntry("stage", "RESPONSE")
                .containsEntry("title", "Test alert " + district);
        assertThat(((Number) first.get("ageMinutes")).longValue()).isBetween(9L, 11L);
        assertThat(first.get("raisedAt")).isNotNull();
    }

    @Test
    void aCommunityWorkerSeesTheirCommunitysAlertAndTheDistrictAndCityWideOnes() {
        List<Map<String, Object>> own = items(TestTokens.token("he", "community-worker", "310131001001"), null);
        assertThat(ours(own)).containsExactly(district, community, city);
        List<Map<String, Object>> neighbour = items(TestTokens.token("lu", "community-worker", "310131002001"), null);
        assertThat(ours(neighbour)).containsExactly(district, city); // not the other community's, not the closed one
        assertThat(neighbour).allSatisfy(i -> assertThat(inOrApplying((String) i.get("areaCode"), "310131002001")).isTrue());
    }

    @Test
    void aCoordinatorNarrowsToADistrictAndAnOfficerCannotReadAnother() {
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        assertThat(ours(items(coordinator, "310132"))).containsExactly(elsewhere, city);
        assertThat(ours(items(coordinator, null))).containsExactly(elsewhere, district, community, city);
        String body = given().auth().oauth2(TestTokens.token("ma", "district-officer", "310131"))
                .queryParam("area", "310132").when().get("/api/v1/open-alerts").then().statusCode(403).extract().asString();
        assertThat(body).doesNotContain(elsewhere);
        given().auth().oauth2(coordinator).queryParam("area", "31x").when().get("/api/v1/open-alerts").then()
                .statusCode(400).body("errors[0].field", is("area"));
    }

    private List<String> ours(List<Map<String, Object>> items) {
        List<String> mine = List.of(community, district, city, elsewhere, closed);
        return items.stream().map(i -> (String) i.get("alertId")).filter(mine::contains).toList();
    }

    private static boolean inOrApplying(String alertArea, String scope) {
        return alertArea.startsWith(scope) || scope.startsWith(alertArea);
    }

    private static List<Map<String, Object>> items(String token, String area) {
        var request = given().auth().oauth2(token);
        if (area != null) {
            request.queryParam("area", area);
        }
        return request.when().get("/api/v1/open-alerts").then().statusCode(200).extract().jsonPath().getList("items");
    }
}
