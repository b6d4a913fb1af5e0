package org.frontline.roster;

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
class StaffResourceTests {

    static final String WORKER = TestTokens.token("wang", "community-worker", "310104012003");

    @Test
    void registeringAVolunteerPublishesStaffRegisteredWithoutTheName() {
        String id = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012003", "kind", "VOLUNTEER", "displayName", "Liu Yang"))
                .when().post("/api/v1/staff").then().statusCode(201).extract().path("id");
        var events = TopicReader.await("roster.events", r -> r.value().contains(id), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(events.get(0), "ce_type")).isEqualTo("frontline.roster.StaffRegistered.v1");
        assertThat(events.get(0).key()).isEqualTo("310104012003");
        assertThat(events.get(0).value()).doesNotContain("Liu Yang");
    }

    @Test
    void staffOutsideTheAreaCannotBeWrittenOrSeen() {
        String other = TestTokens.token("chen", "community-worker", "310105");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105002001", "kind", "STAFF", "displayName", "Zhang San"))
                .when().post("/api/v1/staff").then().statusCode(403);
        String theirs = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105002001", "kind", "STAFF", "displayName", "Zhang San"))
                .when().post("/api/v1/staff").then().statusCode(201).extract().path("id");
        given().auth().oauth2(WORKER).when().get("/api/v1/staff/" + theirs).then().statusCode(403);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("communityCode", "310104012003", "kind", "STAFF", "displayName", "Own staff"))
                .when().post("/api/v1/staff").then().statusCode(201);
        var page = given().auth().oauth2(WORKER).when().get("/api/v1/staff?size=500")
                .then().statusCode(200).extract().jsonPath();
        // every row of the list lies in the caller's area (not merely "the foreign one is absent")
        assertThat(page.getList("items.communityCode", String.class)).isNotEmpty()
                .allMatch(c -> c.startsWith("310104012003"));
        assertThat(page.getList("items.id", String.class)).doesNotContain(theirs);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310104012003", "kind", "ROBOT", "displayName", ""))
                .when().post("/api/v1/staff").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("li", "resident", "310104012003")).when().get("/api/v1/staff")
                .then().statusCode(403);
    }
}
