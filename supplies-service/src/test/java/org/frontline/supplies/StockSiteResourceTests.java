package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@FrontlineTest
class StockSiteResourceTests {

    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");

    @Test
    void registeringASitePublishesStockSiteRegisteredAndADuplicateNameIs409() {
        Map<String, Object> body = Map.of("areaCode", "310104", "kind", "DISTRICT_DEPOT", "name", "North depot");
        String id = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id");
        var events = TopicReader.await("supplies.events", r -> r.value().contains(id), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(events.get(0), "ce_type")).isEqualTo("frontline.supplies.StockSiteRegistered.v2");
        assertThat(events.get(0).key()).isEqualTo("310104");

        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void sitesOutsideTheAreaCannotBeWrittenOrSeen() {
        String other = TestTokens.token("chen", "district-officer", "310105");
        Map<String, Object> theirsBody = Map.of("areaCode", "310105", "kind", "DISTRICT_DEPOT", "name", "Depot 1");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(theirsBody)
                .when().post("/api/v1/sites").then().statusCode(403);
        String theirs = given().auth().oauth2(other).contentType(ContentType.JSON).body(theirsBody)
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id");
        // outside the area a site answers like a missing one: the id reveals nothing
        given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + theirs).then().statusCode(404);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("areaCode", "310104012007", "kind", "COMMUNITY_STORE", "name", "Scope store"))
                .when().post("/api/v1/sites").then().statusCode(201);
        var page = given().auth().oauth2(OFFICER).when().get("/api/v1/sites?size=500")
                .then().statusCode(200).extract().jsonPath();
        // every row of the list lies in the caller's area (not merely "the foreign one is absent")
        assertThat(page.getList("items.areaCode", String.class)).isNotEmpty()
                .allMatch(c -> c.startsWith("310104"));
        assertThat(page.getList("items.id", String.class)).doesNotContain(theirs);
    }
}
