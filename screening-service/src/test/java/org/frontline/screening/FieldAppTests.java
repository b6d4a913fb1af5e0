package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What the field app relies on: a community's work list (in scope, as the role may see it), resident corrections
 * with optimistic locking and idempotency keys, validation messages in the worker's language, bulk receipts.
 */
@QuarkusTest
@FrontlineTest
class FieldAppTests {

    // communities used by this test class only
    static final String WORK = "310104012021";
    static final String EDITS = "310104012022";
    static final String FOREIGN = "310105002021";
    static final String WORKER = TestTokens.token("worker.fa", "community-worker", WORK, EDITS);
    static final String OTHER_WORKER = TestTokens.token("worker2.fa", "community-worker", WORK, EDITS);
    static final String VOLUNTEER = TestTokens.token("volunteer.fa", "volunteer", WORK);
    static final String OFFICER = TestTokens.token("officer.fa", "district-officer", "310104");
    static final String FOREIGN_WORKER = TestTokens.token("worker.foreign.fa", "community-worker", FOREIGN);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
        // 09:00 in the city: "today" is the same day for the whole test
        clock.set(LocalDate.now(ZoneId.of("Asia/Shanghai")).atTime(9, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
    }

    @AfterEach
    void backToNow() {
        clock.set(java.time.Instant.now()); // shared by every test class of this app
    }

    static JsonPath worklist(String token, String community) {
        return given().auth().oauth2(token).queryParam("community", community).when().get("/api/v1/worklist")
                .then().statusCode(200).extract().jsonPath();
    }

    static String householdOf(String resident) {
        return given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + resident).then().statusCode(200)
                .extract().path("householdId");
    }

    static String quarantine(String resident) {
        return Fixtures.post(WORKER, "/api/v1/quarantines", Map.of("residentId", resident, "kind", "HOME")).then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void theWorkListHoldsTheCommunitysCampaignHouseholdsAndTheCheckInsDueTodayAndNothingElse() {
        String visited = Fixtures.resident(WORKER, WORK);
        String notVisited = Fixtures.resident(WORKER, WORK);
        String inQuarantine = Fixtures.resident(WORKER, WORK);
        String checkedIn = Fixtures.resident(WORKER, WORK);
        String foreignResident = Fixtures.resident(FOREIGN_WORKER, FOREIGN);
        String campaign = Fixtures.post(WORKER, "/api/v1/campaigns", Map.of("communityCode", WORK, "title", "Round 1"))
                .then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits",
                Map.of("householdId", householdOf(visited), "result", "SCREENED")).then().statusCode(200);
        String due = quarantine(inQuarantine);
        String done = quarantine(checkedIn);
        Fixtures.post(WORKER, "/api/v1/quarantines/" + done + "/check-ins", Map.of("temperatureCelsius", "36.6")).then()
                .statusCode(204);
        // a period elsewhere is nobody's business here
        String foreignDue = Fixtures.post(FOREIGN_WORKER, "/api/v1/quarantines",
                Map.of("residentId", foreignResident, "kind", "HOME")).then().statusCode(201).extract().path("id");

        String late = Fixtures.resident(WORKER, WORK); // registered after the campaign opened: not one of its targets
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits",
                Map.of("householdId", householdOf(late), "result", "SCREENED")).then().statusCode(400);

        JsonPath list = worklist(WORKER, WORK);
        assertThat(list.getString("community")).isEqualTo(WORK);
        assertThat(list.getString("day")).isEqualTo(LocalDate.now(clock).toString());
        assertThat(list.getString("generatedAt")).isNotNull();
        assertThat(list.getString("campaign.id")).isEqualTo(campaign);
        assertThat(list.getString("campaign.status")).isEqualTo("OPEN");
        List<String> unreached = list.getList("campaign.unreachedHouseholdIds");
        assertThat(unreached).contains(householdOf(notVisited), householdOf(inQuarantine))
                .doesNotContain(householdOf(visited));
        // the campaign's targets may be visited; a household registered after it opened is none (a visit is refused)
        assertThat(list.getBoolean("households.find { it.id == '" + householdOf(visited) + "' }.campaignTarget")).isTrue();
        assertThat(list.getBoolean("households.find { it.id == '" + householdOf(notVisited) + "' }.campaignTarget")).isTrue();
        assertThat(list.getBoolean("households.find { it.id == '" + householdOf(late) + "' }.campaignTarget")).isFalse();

        // every household and resident returned lies in the community asked for; the foreign one is not there
        assertThat(list.getList("households.communityCode", String.class)).isNotEmpty().containsOnly(WORK);
        assertThat(list.getList("households.residents.flatten().communityCode", String.class)).containsOnly(WORK);
        List<String> residentIds = list.getList("households.residents.flatten().id");
        assertThat(residentIds).contains(visited, notVisited, inQuarantine, checkedIn).doesNotContain(foreignResident);
        assertThat(list.getList("households.id")).contains(householdOf(notVisited)).hasSize(list.getInt("totalHouseholds"));
        assertThat(list.getBoolean("truncated")).isFalse();
        // each resident sits in its own household, as the worker sees it (full phone, health flags, version)
        Map<String, Object> resident = list.getMap("households.find { it.id == '" + householdOf(notVisited)
                + "' }.residents[0]");
        assertThat(resident).containsEntry("id", notVisited).containsEntry("phone", "13812345678")
                .containsEntry("chronicIllness", false).containsEntry("version", 0);

        // due today: the period without today's check-in, with its household; not the one checked in, not the foreign one
        List<String> dueIds = list.getList("quarantinesDue.id");
        assertThat(dueIds).contains(due).doesNotContain(done, foreignDue);
        Map<String, Object> item = list.getMap("quarantinesDue.find { it.id == '" + due + "' }");
        assertThat(item).containsEntry("residentId", inQuarantine).containsEntry("householdId", householdOf(inQuarantine))
                .containsEntry("kind", "HOME").containsEntry("dueToday", true).containsEntry("lastDay", false);

        // a district officer sees the same community (inside 310104) with the phone masked
        JsonPath officers = worklist(OFFICER, WORK);
        assertThat(officers.getList("households.communityCode", String.class)).containsOnly(WORK);
        assertThat(officers.getList("households.residents.flatten().phone", String.class)).containsOnly("138****5678");
    }

    @Test
    void aVolunteerSeesMaskedPhonesAndNoHealthFlags() {
        String resident = Fixtures.resident(WORKER, WORK);
        JsonPath list = worklist(VOLUNTEER, WORK);
        Map<String, Object> seen = list.getMap("households.residents.flatten().find { it.id == '" + resident + "' }");
        assertThat(seen).containsEntry("phone", "138****5678").containsEntry("elderlyAlone", true)
                .containsEntry("chronicIllness", null).containsEntry("pregnant", null).containsEntry("disability", null);
        assertThat(list.getList("households.residents.flatten().phone", String.class)).allMatch(p -> p == null || p.contains("****"));
        assertThat(list.getList("households.residents.flatten().chronicIllness")).containsOnlyNulls();
    }

    @Test
    void aCommunityOutsideYourAreaIsRefusedWithNothingOfItAndABadCodeIsA400() {
        String foreignResident = Fixtures.resident(FOREIGN_WORKER, FOREIGN);
        String body = given().auth().oauth2(WORKER).queryParam("community", FOREIGN).when().get("/api/v1/worklist")
                .then().statusCode(403).contentType("application/problem+json").extract().asString();
        assertThat(body).doesNotContain(foreignResident).doesNotContain("households").doesNotContain("Wang Fang");
        given().auth().oauth2(VOLUNTEER).queryParam("community", EDITS).when().get("/api/v1/worklist")
                .then().statusCode(403); // the volunteer's area is WORK only
        given().auth().oauth2(WORKER).when().get("/api/v1/worklist").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("community"));
        given().auth().oauth2(WORKER).queryParam("community", "310104").when().get("/api/v1/worklist").then()
                .statusCode(400).body("errors.field", hasItem("community"));
        given().auth().oauth2(TestTokens.token("resident.fa", "resident", WORK)).queryParam("community", WORK)
                .when().get("/api/v1/worklist").then().statusCode(403);
    }

    static Map<String, Object> update(String name, long version, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("phone", "13812345678");
        body.put("birthYear", 1950);
        body.put("sex", "FEMALE");
        body.put("elderlyAlone", true);
        body.put("chronicIllness", true);
        body.put("version", version);
        if (key != null) {
            body.put("idempotencyKey", key);
        }
        return body;
    }

    static io.restassured.response.Response put(String token, String resident, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when()
                .put("/api/v1/residents/" + resident);
    }

    Map<String, Object> stored(String resident) {
        return db.query("select name, chronic_illness, version from resident where id = ?::uuid", resident).get(0);
    }

    @Test
    void aCorrectionOnTheCurrentVersionIsStoredAndAStaleOneIsA409WithTheCurrentRecord() {
        String resident = Fixtures.resident(WORKER, EDITS);
        given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + resident).then().body("version", equalTo(0));

        put(WORKER, resident, update("Wang Fang-Li", 0, "field/worker.fa/1")).then().statusCode(200)
                .body("name", equalTo("Wang Fang-Li")).body("chronicIllness", equalTo(true)).body("version", equalTo(1));
        given().auth().oauth2(WORKER).when().get("/api/v1/residents/" + resident).then()
                .body("name", equalTo("Wang Fang-Li")).body("version", equalTo(1));

        // the same edit sent again (a retry with its key): the same answer, nothing written again
        put(WORKER, resident, update("Wang Fang-Li", 0, "field/worker.fa/1")).then().statusCode(200)
                .body("name", equalTo("Wang Fang-Li")).body("version", equalTo(1));
        assertThat(stored(resident)).containsEntry("version", 1L);

        // another edit of version 0 (made offline before the first was sent): refused with the server's version
        put(WORKER, resident, update("Wang Fang", 0, "field/worker.fa/2")).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("conflict"))
                .body("current.id", equalTo(resident)).body("current.name", equalTo("Wang Fang-Li"))
                .body("current.version", equalTo(1)).body("current.phone", equalTo("13812345678"));
        assertThat(stored(resident)).containsEntry("name", "Wang Fang-Li").containsEntry("version", 1L);

        // another writer's identical key is another request: not the first writer's answer, but a stale version
        put(OTHER_WORKER, resident, update("Wang Fang-Li", 0, "field/worker.fa/1")).then().statusCode(409)
                .body("current.version", equalTo(1));
        // the same key with another body is a 422, nothing written
        put(WORKER, resident, update("Someone Else", 0, "field/worker.fa/1")).then().statusCode(422)
                .body("errors.field", hasItem("idempotencyKey"));
        assertThat(stored(resident)).containsEntry("name", "Wang Fang-Li").containsEntry("version", 1L);

        // kept the server's version? then edit on it
        put(OTHER_WORKER, resident, update("Wang Fang", 1, "field/worker2.fa/1")).then().statusCode(200)
                .body("version", equalTo(2));

        // a district officer was shown the phone masked: sending the mask back keeps the number
        Map<String, Object> officers = update("Wang Fang", 2, null);
        officers.put("phone", "138****5678");
        officers.put("birthYear", 1951);
        put(OFFICER, resident, officers).then().statusCode(200).body("phone", equalTo("138****5678"))
                .body("birthYear", equalTo(1951)).body("version", equalTo(3));
        assertThat(db.query("select phone from resident where id = ?::uuid", resident).get(0))
                .containsEntry("phone", "13812345678");
        officers.put("phone", "139****0000");
        officers.put("version", 3);
        put(OFFICER, resident, officers).then().statusCode(400).body("errors.field", hasItem("phone"));
        assertThat(stored(resident)).containsEntry("version", 3L);
    }

    @Test
    void aCorrectionOutsideYourAreaOrByAVolunteerIsRefusedAndChangesNothing() {
        String resident = Fixtures.resident(WORKER, EDITS);
        // outside the area exactly as a resident that does not exist: a 404 naming neither its community nor its area
        String outside = put(FOREIGN_WORKER, resident, update("Changed", 0, "k-foreign")).then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        String missing = put(FOREIGN_WORKER, java.util.UUID.randomUUID().toString(), update("Changed", 0, "k-foreign-2"))
                .then().statusCode(404).extract().asString();
        assertThat(outside).doesNotContain(EDITS).doesNotContain(EDITS.substring(0, 6)).doesNotContain("outside");
        assertThat(outside.replace(resident, "ID")).isEqualTo(missing.replaceAll(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID"));
        put(VOLUNTEER, resident, update("Changed", 0, "k-volunteer")).then().statusCode(403);
        put(WORKER, java.util.UUID.randomUUID().toString(), update("Changed", 0, "k-missing")).then().statusCode(404);
        Map<String, Object> invalid = update("", 0, "k-invalid");
        invalid.remove("version");
        put(WORKER, resident, invalid).then().statusCode(400).body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("version"));
        assertThat(stored(resident)).containsEntry("name", "Wang Fang").containsEntry("chronic_illness", false)
                .containsEntry("version", 0L);
    }

    @Test
    void validationMessagesFollowAcceptLanguageAndABadBulkStoresNothing() {
        String first = Fixtures.resident(WORKER, WORK);
        String second = Fixtures.resident(WORKER, WORK);
        var records = List.of(Fixtures.screening(first, "36.6"), Fixtures.screening(second, "45.0"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                .body(Map.of("records", records)).when().post("/api/v1/screenings/bulk").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.find { it.field == 'records[1].temperatureCelsius' }.message", equalTo("不能高于 43.0 °C"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "en")
                .body(Map.of("records", records)).when().post("/api/v1/screenings/bulk").then().statusCode(400)
                .body("errors.find { it.field == 'records[1].temperatureCelsius' }.message",
                        equalTo("must be at most 43.0 °C"));
        // no header (or a language we do not have): English
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "fr-FR")
                .body(Map.of("records", records)).when().post("/api/v1/screenings/bulk").then().statusCode(400)
                .body("errors.find { it.field == 'records[1].temperatureCelsius' }.message",
                        equalTo("must be at most 43.0 °C"));
        assertThat(db.count("select count(*) from screening_record where resident_id in (?::uuid, ?::uuid)", first, second))
                .isZero();

        // the built-in constraints and the platform's keys too: a household and a check-in in Chinese
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "zh-CN")
                .body(Map.of("communityCode", "3101")).when().post("/api/v1/households").then().statusCode(400)
                .body("errors.find { it.field == 'communityCode' }.message", startsWith("必须是 12 位社区代码"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "zh-CN")
                .body(Map.of("temperatureCelsius", "30.0")).when()
                .post("/api/v1/quarantines/" + quarantine(first) + "/check-ins").then().statusCode(400)
                .body("errors.find { it.field == 'temperatureCelsius' }.message", equalTo("不能低于 34.0 °C"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).header("Accept-Language", "zh-CN")
                .body(Map.of("name", "Li")).when().post("/api/v1/residents").then().statusCode(400)
                .body("errors.find { it.field == 'householdId' }.message", equalTo("不能为null"));
    }

    @Test
    void eachBulkItemCarriesTheTimeTheServerStoredIt() {
        String resident = Fixtures.resident(WORKER, WORK);
        var a = Fixtures.screening(resident, "36.6");
        a.put("idempotencyKey", "field/worker.fa/bulk-a");
        var b = Fixtures.screening(resident, "37.0");
        b.put("idempotencyKey", "field/worker.fa/bulk-b");
        JsonPath firstTime = Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", List.of(a, b))).then()
                .statusCode(200).body("items[0].status", equalTo("CREATED")).body("items[0].recordedAt", startsWith("20"))
                .extract().jsonPath();
        var c = Fixtures.screening(resident, "36.8");
        c.put("idempotencyKey", "field/worker.fa/bulk-c");
        JsonPath again = Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", List.of(a, c))).then()
                .statusCode(200).body("items[0].status", equalTo("DUPLICATE")).body("items[1].status", equalTo("CREATED"))
                .extract().jsonPath();
        assertThat(again.getString("items[0].id")).isEqualTo(firstTime.getString("items[0].id"));
        assertThat(java.time.OffsetDateTime.parse(again.getString("items[0].recordedAt")).toInstant())
                .isEqualTo(java.time.OffsetDateTime.parse(firstTime.getString("items[0].recordedAt")).toInstant());
        assertThat(again.getString("items[1].recordedAt")).isNotNull();
        assertThat(firstTime.getString("items[1].recordedAt")).isNotNull().isEqualTo(firstTime.getString("items[0].recordedAt"));
        assertThat((Object) given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + firstTime.getString("items[0].id"))
                .then().statusCode(200).extract().path("recordedBy")).isEqualTo("worker.fa");
    }
}
