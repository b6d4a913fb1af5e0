package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
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
class CampaignTests {

    static final String COMMUNITY = "310104013004"; // used by this test class only
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    void visit(String campaign, String household, String result, int status) {
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("householdId", household, "result", result))
                .when().post("/api/v1/campaigns/" + campaign + "/visits").then().statusCode(status);
    }

    @Test
    void coverageFollowsTheVisitsAndTheUnreachedAreListed() {
        List<String> households = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            households.add(Fixtures.household(WORKER, COMMUNITY));
        }
        String campaign = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "title", "Round 1"))
                .when().post("/api/v1/campaigns").then().statusCode(201)
                .body("targetHouseholds", equalTo(4)).body("reachedHouseholds", equalTo(0))
                .extract().path("id");

        visit(campaign, households.get(0), "SCREENED", 200);
        visit(campaign, households.get(1), "NOBODY_HOME", 200);
        visit(campaign, households.get(2), "REFUSED", 200);
        given().auth().oauth2(WORKER).when().get("/api/v1/campaigns/" + campaign).then().statusCode(200)
                .body("reachedHouseholds", equalTo(2)).body("coveragePercent", equalTo(50.0f));
        List<String> unreached = given().auth().oauth2(WORKER).when().get("/api/v1/campaigns/" + campaign + "/unreached")
                .then().statusCode(200).extract().jsonPath().getList("items.householdId");
        assertThat(unreached).containsExactlyInAnyOrder(households.get(1), households.get(3));

        visit(campaign, households.get(1), "SCREENED", 200); // second try, somebody home
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", Fixtures.household(WORKER, COMMUNITY), "result", "SCREENED"))
                .when().post("/api/v1/campaigns/" + campaign + "/visits").then().statusCode(400)
                .body("errors.field", hasItem("householdId")); // registered after the campaign opened: not a target
        given().auth().oauth2(WORKER).when().post("/api/v1/campaigns/" + campaign + "/close").then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("coveragePercent", equalTo(75.0f));
        visit(campaign, households.get(3), "SCREENED", 409);

        TopicReader.awaitExactly("screening.events", r -> r.value().contains(campaign)
                && "frontline.screening.CampaignProgressed.v1".equals(TopicReader.header(r, "ce_type")), 4, Duration.ofSeconds(30));
        var closed = TopicReader.awaitExactly("screening.events", r -> r.value().contains(campaign)
                && "frontline.screening.CampaignClosed.v1".equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(30));
        assertThat(closed.get(0).value()).contains("\"reachedHouseholds\":3").contains("\"coveragePercent\":75.0");
    }

    @Test
    void screeningsMadeInACampaignCanBeListedByCampaign() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String campaign = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "title", "Round 2"))
                .when().post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        var inCampaign = Fixtures.screening(resident, "36.7");
        inCampaign.put("campaignId", campaign);
        String screened = given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(inCampaign)
                .when().post("/api/v1/screenings").then().statusCode(201)
                .body("campaignId", equalTo(campaign)).extract().path("id");
        String outside = given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(resident, "36.8"))
                .when().post("/api/v1/screenings").then().statusCode(201).extract().path("id");
        List<String> listed = given().auth().oauth2(WORKER).queryParam("campaignId", campaign)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(listed).containsExactly(screened).doesNotContain(outside);

        var unknown = Fixtures.screening(resident, "36.7");
        unknown.put("campaignId", java.util.UUID.randomUUID().toString());
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(unknown)
                .when().post("/api/v1/screenings").then().statusCode(400).body("errors.field", hasItem("campaignId"));
        String other = TestTokens.token("chen", "community-worker", "310105003005");
        Fixtures.household(other, "310105003005");
        String theirCampaign = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105003005", "title", "Theirs"))
                .when().post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        var foreign = Fixtures.screening(resident, "36.7");
        foreign.put("campaignId", theirCampaign);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(foreign)
                .when().post("/api/v1/screenings").then().statusCode(400).body("errors.field", hasItem("campaignId"));
    }

    @Test
    void campaignsAreScopedAndNeedHouseholds() {
        String other = TestTokens.token("chen", "community-worker", "310105003003");
        Fixtures.household(other, "310105003003");
        String theirs = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105003003", "title", "Theirs"))
                .when().post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        given().auth().oauth2(WORKER).when().get("/api/v1/campaigns/" + theirs).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/campaigns/" + theirs + "/unreached").then().statusCode(403);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", "310105003003", "title", "Not mine"))
                .when().post("/api/v1/campaigns").then().statusCode(403);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "grid", "No such grid", "title", "Empty"))
                .when().post("/api/v1/campaigns").then().statusCode(400).body("errors.field", hasItem("grid"));
    }

    /** The residents nested in the unreached list are shown as the caller's role may see them. */
    @Test
    void aVolunteerSeesNoHealthFlagsOfTheUnreachedResidents() {
        String community = "310104013008"; // this test only
        String household = Fixtures.household(WORKER_8, community);
        String resident = given().auth().oauth2(WORKER_8).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", "Sun Mei", "phone", "13800008888", "chronicIllness", true,
                        "pregnant", true, "disability", true))
                .when().post("/api/v1/residents").then().statusCode(201).extract().path("id");
        String campaign = given().auth().oauth2(WORKER_8).contentType(ContentType.JSON)
                .body(Map.of("communityCode", community, "title", "Flags round"))
                .when().post("/api/v1/campaigns").then().statusCode(201).extract().path("id");

        String volunteer = TestTokens.token("vol.campaign", "volunteer", community);
        var seen = given().auth().oauth2(volunteer).queryParam("size", 500).when().get("/api/v1/campaigns/" + campaign + "/unreached")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> residents = seen.getList("items.residents.flatten()");
        assertThat(residents).filteredOn(r -> resident.equals(r.get("id"))).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("chronicIllness", null).containsEntry("pregnant", null).containsEntry("disability", null)
                .containsEntry("phone", "138****8888"));
        List<Map<String, Object>> asWorker = given().auth().oauth2(WORKER_8).queryParam("size", 500).when()
                .get("/api/v1/campaigns/" + campaign + "/unreached").then().statusCode(200).extract().jsonPath()
                .getList("items.residents.flatten()");
        assertThat(asWorker).filteredOn(r -> resident.equals(r.get("id"))).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("chronicIllness", true).containsEntry("phone", "13800008888"));
    }

    static final String WORKER_8 = TestTokens.token("wang.c8", "community-worker", "310104013008");
}
