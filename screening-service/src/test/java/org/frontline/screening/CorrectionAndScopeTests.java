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
import org.frontline.platform.testing.NoPersonalData;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Corrections keep the history and are published; no write crosses into another community; lists stay in scope. */
@QuarkusTest
@FrontlineTest
class CorrectionAndScopeTests {

    static final String MINE = "310104012013";
    static final String THEIRS = "310105002013";
    static final String WORKER = TestTokens.token("wang.cs", "community-worker", MINE);
    static final String OTHER = TestTokens.token("chen.cs", "community-worker", THEIRS);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
        clock.set(java.time.Instant.now());
    }

    @Test
    void aCorrectedScreeningShowsTheNewValuesKeepsTheOriginalAndIsPublished() {
        String resident = Fixtures.resident(WORKER, MINE);
        String id = Fixtures.post(WORKER, "/api/v1/screenings", Fixtures.screening(resident, "36.5")).then().statusCode(201)
                .extract().path("id");
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/correction",
                Map.of("temperatureCelsius", "38.6", "reason", "typed 36.5 for 38.6")).then().statusCode(200)
                .body("outcome", equalTo("REFERRED")).body("revision", equalTo(2));
        given().auth().oauth2(WORKER).queryParam("residentId", resident).when().get("/api/v1/screenings").then()
                .body("items[0].temperatureCelsius", equalTo(38.6f)).body("items[0].retracted", equalTo(false));
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/retraction", Map.of("reason", "wrong resident")).then()
                .statusCode(200).body("retracted", equalTo(true)).body("revision", equalTo(3));
        given().auth().oauth2(WORKER).queryParam("residentId", resident).when().get("/api/v1/screenings").then()
                .body("items[0].retracted", equalTo(true));
        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + id + "/history").then().statusCode(200)
                .body("revision", equalTo(List.of(1, 2, 3)))
                .body("temperatureCelsius", equalTo(List.of(36.5f, 38.6f, 38.6f)))
                .body("[0].change", equalTo("CORRECTION")).body("[0].reason", equalTo("typed 36.5 for 38.6"))
                .body("[1].change", equalTo("RETRACTION")).body("[2].change", equalTo("RETRACTED"));
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/correction",
                Map.of("temperatureCelsius", "36.6", "reason", "again")).then().statusCode(409);

        var events = TopicReader.await("screening.events", r -> r.value().contains(id)
                && (TopicReader.header(r, "ce_type").contains("ScreeningCorrected")
                        || TopicReader.header(r, "ce_type").contains("ScreeningRetracted")), 2, Duration.ofSeconds(30));
        assertThat(events).allSatisfy(r -> NoPersonalData.assertPayload(r.value()));
        assertThat(events).anySatisfy(r -> assertThat(r.value()).contains("\"outcome\":\"REFERRED\"")
                .contains("\"previousOutcome\":\"NORMAL\"").contains("\"revision\":2"));
    }

    @Test
    void aCorrectedTestResultIsPublishedWithItsNewResult() {
        String resident = Fixtures.resident(WORKER, MINE);
        String id = Fixtures.post(WORKER, "/api/v1/test-results", Map.of("residentId", resident, "kind", "ANTIGEN",
                "result", "POSITIVE", "sampledAt", OffsetDateTime.now().minusHours(3).toString())).then().statusCode(201)
                .extract().path("id");
        Fixtures.post(WORKER, "/api/v1/test-results/" + id + "/correction", Map.of("kind", "ANTIGEN", "result", "NEGATIVE",
                "reason", "read the wrong cassette")).then().statusCode(200).body("result", equalTo("NEGATIVE"));
        Fixtures.post(WORKER, "/api/v1/test-results/" + id + "/retraction", Map.of("reason", "duplicate entry"))
                .then().statusCode(200).body("retracted", equalTo(true));
        given().auth().oauth2(WORKER).when().get("/api/v1/test-results/" + id + "/history").then().statusCode(200)
                .body("result", equalTo(List.of("POSITIVE", "NEGATIVE", "NEGATIVE")));
        var events = TopicReader.await("screening.events", r -> r.value().contains(id)
                && TopicReader.header(r, "ce_type").contains("TestResult"), 2, Duration.ofSeconds(30));
        assertThat(events).allSatisfy(r -> NoPersonalData.assertPayload(r.value()));
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "frontline.screening.TestResultCorrected.v1", "frontline.screening.TestResultRetracted.v1");
    }

    @Test
    void noWriteReachesAnotherCommunityAndNothingIsWritten() {
        String theirResident = Fixtures.resident(OTHER, THEIRS);
        String theirScreening = Fixtures.post(OTHER, "/api/v1/screenings", Fixtures.screening(theirResident, "36.6"))
                .then().statusCode(201).extract().path("id");
        String theirTest = Fixtures.post(OTHER, "/api/v1/test-results", Map.of("residentId", theirResident, "kind", "PCR",
                "result", "NEGATIVE", "sampledAt", OffsetDateTime.now().minusHours(1).toString())).then().statusCode(201)
                .extract().path("id");
        String theirQuarantine = Fixtures.post(OTHER, "/api/v1/quarantines", Map.of("residentId", theirResident, "kind", "HOME"))
                .then().statusCode(201).extract().path("id");
        String theirHousehold = Fixtures.household(OTHER, THEIRS);
        String theirCampaign = Fixtures.post(OTHER, "/api/v1/campaigns", Map.of("communityCode", THEIRS, "title", "Theirs"))
                .then().statusCode(201).extract().path("id");
        String countAll = "select (select count(*) from screening_record) + (select count(*) from test_result)"
                + " + (select count(*) from quarantine_check_in) + (select count(*) from campaign_visit)"
                + " + (select count(*) from screening_revision) + (select count(*) from test_result_revision)"
                + " + (select count(*) from quarantine where status = 'ENDED') + (select count(*) from outbox)"
                + " + (select count(*) from outbox_published)";
        long before = db.count(countAll);

        Fixtures.post(WORKER, "/api/v1/test-results", Map.of("residentId", theirResident, "kind", "PCR", "result", "POSITIVE",
                "sampledAt", OffsetDateTime.now().minusHours(1).toString())).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/quarantines/" + theirQuarantine + "/check-ins", Map.of("temperatureCelsius", "36.6"))
                .then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/quarantines/" + theirQuarantine + "/release", Map.of("reason", "x")).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/campaigns/" + theirCampaign + "/visits", Map.of("householdId", theirHousehold,
                "result", "SCREENED")).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/screenings/" + theirScreening + "/correction", Map.of("temperatureCelsius", "38.0",
                "reason", "x")).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/screenings/" + theirScreening + "/retraction", Map.of("reason", "x")).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/test-results/" + theirTest + "/correction", Map.of("kind", "PCR", "result", "POSITIVE",
                "reason", "x")).then().statusCode(403);
        Fixtures.post(WORKER, "/api/v1/test-results/" + theirTest + "/retraction", Map.of("reason", "x")).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + theirScreening + "/history").then().statusCode(403);
        // a bulk upload naming a resident of another area: 400 for that record, nothing stored
        Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", List.of(
                Fixtures.screening(Fixtures.resident(WORKER, MINE), "36.6"), Fixtures.screening(theirResident, "36.6"))))
                .then().statusCode(400).body("errors.field", hasItem("records[1].residentId"));

        assertThat(db.count(countAll)).isEqualTo(before);
    }

    @Test
    void everyListShowsOnlyRowsInsideTheCallersArea() {
        String theirResident = Fixtures.resident(OTHER, THEIRS);
        Fixtures.post(OTHER, "/api/v1/screenings", Fixtures.screening(theirResident, "37.6")).then().statusCode(201);
        Fixtures.post(OTHER, "/api/v1/quarantines", Map.of("residentId", theirResident, "kind", "HOME")).then().statusCode(201);
        Fixtures.post(OTHER, "/api/v1/campaigns", Map.of("communityCode", THEIRS, "title", "Theirs")).then().statusCode(201);
        String mine = Fixtures.resident(WORKER, MINE);
        Fixtures.post(WORKER, "/api/v1/screenings", Fixtures.screening(mine, "37.6")).then().statusCode(201);
        for (String list : List.of("/api/v1/screenings", "/api/v1/test-results", "/api/v1/quarantines", "/api/v1/campaigns",
                "/api/v1/residents", "/api/v1/households")) {
            List<String> communities = given().auth().oauth2(WORKER).queryParam("size", 500).when().get(list).then()
                    .statusCode(200).extract().jsonPath().getList("items.communityCode");
            assertThat(communities).as(list).allSatisfy(c -> assertThat(c).startsWith(MINE));
        }
    }

    @Test
    void pagingNeitherRepeatsNorSkipsRowsWithEqualTimes() {
        String resident = Fixtures.resident(WORKER, MINE);
        String at = OffsetDateTime.now().minusMinutes(10).withNano(0).toString();
        var records = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < 25; i++) {
            var r = Fixtures.screening(resident, "36.5");
            r.put("screenedAt", at); // all at the same instant: only the id orders them
            records.add(r);
        }
        Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", records)).then().statusCode(200);
        var seen = new java.util.ArrayList<String>();
        for (int page = 0; page < 5; page++) {
            seen.addAll(given().auth().oauth2(WORKER).queryParam("residentId", resident).queryParam("size", 5)
                    .queryParam("page", page).when().get("/api/v1/screenings").then().statusCode(200)
                    .extract().jsonPath().getList("items.id"));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
    }
}
