package org.frontline.alert;

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
class AlertResourceTests {

    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");

    @Test
    void raisingAnAlertPublishesAlertRaisedInTheWarningStage() {
        String id = given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012003", "level", "YELLOW", "title", "Three fevers in building 12"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
        var events = TopicReader.await("alert.events", r -> r.value().contains(id), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(events.get(0), "ce_type")).isEqualTo("frontline.alert.AlertRaised.v1");
        assertThat(events.get(0).value()).contains("\"stage\":\"WARNING\"");
    }

    @Test
    void alertsOutsideTheAreaCannotBeWrittenOrSeen() {
        String city = TestTokens.token("sun", "coordinator", "3101");
        Map<String, Object> elsewhere = Map.of("communityCode", "310105002001", "level", "RED", "title", "Outbreak");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(elsewhere)
                .when().post("/api/v1/alerts").then().statusCode(403);
        String theirs = given().auth().oauth2(city).contentType(ContentType.JSON).body(elsewhere)
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + theirs).then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("communityCode", "310104012003", "level", "YELLOW", "title", "Own alert"))
                .when().post("/api/v1/alerts").then().statusCode(201);
        var page = given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?size=500")
                .then().statusCode(200).extract().jsonPath();
        // every row of the list lies in the caller's area (not merely "the foreign one is absent")
        assertThat(page.getList("items.communityCode", String.class)).isNotEmpty()
                .allMatch(c -> c.startsWith("310104"));
        assertThat(page.getList("items.id", String.class)).doesNotContain(theirs);
        given().auth().oauth2(TestTokens.token("li", "volunteer", "310104")).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012003", "level", "RED", "title", "x"))
                .when().post("/api/v1/alerts").then().statusCode(403);
    }
}
