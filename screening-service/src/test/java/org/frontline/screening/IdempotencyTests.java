package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Idempotency keys belong to their writer: a retry with the same key and body is answered as the first time,
 * the same key with another body is a 422, and another writer's identical key is another request.
 */
@QuarkusTest
@FrontlineTest
class IdempotencyTests {

    static final String COMMUNITY = "310104012007";
    static final String WORKER = TestTokens.token("wang.idem", "community-worker", COMMUNITY);

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

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    /** Fault 1 of issue 8: a resident reusing a worker's key got the worker's record of another resident. */
    @Test
    void aResidentWhoReusesAWorkersKeyGetsTheirOwnRecordNeverTheNeighbours() {
        String key = "day-2026-11-29-" + UUID.randomUUID();
        String neighbour = Fixtures.resident(WORKER, COMMUNITY);
        String account = "resident.idem." + UUID.randomUUID().toString().substring(0, 8);
        String me = Fixtures.residentWithAccount(WORKER, COMMUNITY, account);
        var screening = Fixtures.screening(neighbour, "38.9");
        screening.put("symptoms", List.of("COUGH"));
        screening.put("idempotencyKey", key);
        String theirs = Fixtures.post(WORKER, "/api/v1/screenings", screening).then().statusCode(201)
                .body("outcome", equalTo("REFERRED")).extract().path("id");

        String resident = TestTokens.token(account, "resident", COMMUNITY);
        var report = Map.of("temperatureCelsius", "36.4", "reportedAt", OffsetDateTime.now().minusMinutes(1).toString(),
                "idempotencyKey", key);
        var answer = Fixtures.post(resident, "/api/v1/self-reports", report).then().statusCode(201)
                .body("residentId", equalTo(me)).body("outcome", equalTo("NORMAL")).extract();
        assertThat(answer.asString()).doesNotContain(theirs).doesNotContain(neighbour);
        assertThat(db.count("select count(*) from screening_record where resident_id = cast(? as uuid)", me)).isEqualTo(1);
        // the resident's retry is answered with their own record
        Fixtures.post(resident, "/api/v1/self-reports", report).then().statusCode(200)
                .body("residentId", equalTo(me)).body("id", equalTo(answer.path("id")));
        assertThat(db.count("select count(*) from screening_record where resident_id = cast(? as uuid)", me)).isEqualTo(1);
    }

    @Test
    void twoWorkersWithTheSameKeyStoreTwoRecords() {
        String other = TestTokens.token("li.idem", "community-worker", COMMUNITY);
        String key = key();
        var a = Fixtures.screening(Fixtures.resident(WORKER, COMMUNITY), "36.6");
        a.put("idempotencyKey", key);
        var b = Fixtures.screening(Fixtures.resident(other, COMMUNITY), "37.1");
        b.put("idempotencyKey", key);
        String first = Fixtures.post(WORKER, "/api/v1/screenings", a).then().statusCode(201).extract().path("id");
        String second = Fixtures.post(other, "/api/v1/screenings", b).then().statusCode(201).extract().path("id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void theSameKeyWithAnotherScreeningIsA422AndWritesNothingAndTheRetryStillGetsTheOriginal() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String key = key();
        var original = Fixtures.screening(resident, "36.6");
        original.put("idempotencyKey", key);
        String id = Fixtures.post(WORKER, "/api/v1/screenings", original).then().statusCode(201).extract().path("id");
        long rows = db.count("select count(*) from screening_record");
        long outbox = db.outboxRows();

        var changed = new HashMap<>(original);
        changed.put("temperatureCelsius", "38.6");
        Fixtures.post(WORKER, "/api/v1/screenings", changed).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("idempotencyKey"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(id)));
        Fixtures.post(WORKER, "/api/v1/screenings", original).then().statusCode(200).body("id", equalTo(id))
                .body("temperatureCelsius", equalTo(36.6f));
        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
        assertThat(db.outboxRows())
                .isEqualTo(outbox);
    }

    @Test
    void aBulkUploadReusingAKeyForAnotherRecordIsRefusedWholeNamingTheRecord() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String batch = key();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var r = Fixtures.screening(resident, "36." + i);
            r.put("idempotencyKey", batch + "/" + i);
            records.add(r);
        }
        Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", records.subList(0, 2))).then().statusCode(200)
                .body("created", equalTo(2));
        long rows = db.count("select count(*) from screening_record");

        records.get(1).put("temperatureCelsius", "39.0"); // key batch/1 already names another screening
        Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", records)).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("records[1].idempotencyKey")));
        assertThat(db.count("select count(*) from screening_record")).as("records 2 and 3 are not stored either")
                .isEqualTo(rows);
    }

    @Test
    void testResultsAreIdempotentPerWriter() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String key = key();
        Map<String, Object> body = new HashMap<>(Map.of("residentId", resident, "kind", "ANTIGEN", "result", "POSITIVE",
                "sampledAt", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(), "idempotencyKey", key));
        String id = Fixtures.post(WORKER, "/api/v1/test-results", body).then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/test-results", body).then().statusCode(200).body("id", equalTo(id));
        body.put("result", "NEGATIVE");
        Fixtures.post(WORKER, "/api/v1/test-results", body).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("idempotencyKey"));
        assertThat(db.count("select count(*) from test_result where resident_id = cast(? as uuid)", resident)).isEqualTo(1);
        // another worker's identical key is another request
        Fixtures.post(TestTokens.token("li.idem", "community-worker", COMMUNITY), "/api/v1/test-results", body)
                .then().statusCode(201);
        assertThat(db.count("select count(*) from test_result where resident_id = cast(? as uuid)", resident)).isEqualTo(2);
    }

    @Test
    void checkInsReleasesAndExtensionsAreIdempotent() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String q = Fixtures.post(WORKER, "/api/v1/quarantines", Map.of("residentId", resident, "kind", "HOME"))
                .then().statusCode(201).extract().path("id");
        String key = key();
        Map<String, Object> checkIn = new HashMap<>(Map.of("temperatureCelsius", "36.6", "idempotencyKey", key));
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/check-ins", checkIn).then().statusCode(204);
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/check-ins", checkIn).then().statusCode(204);
        checkIn.put("temperatureCelsius", "37.9");
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/check-ins", checkIn).then().statusCode(422);
        assertThat(db.count("select count(*) from quarantine_check_in where quarantine_id = cast(? as uuid)", q)).isEqualTo(1);
        assertThat(db.count("select temperature_celsius * 10 from quarantine_check_in where quarantine_id = cast(? as uuid)", q))
                .isEqualTo(366);

        String end = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(10).toString();
        Map<String, Object> extend = Map.of("plannedEndDate", end, "reason", "contact positive", "idempotencyKey", key());
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/extension", extend).then().statusCode(200);
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/extension", extend).then().statusCode(200)
                .body("plannedEndDate", equalTo(end));

        Map<String, Object> release = new HashMap<>(Map.of("reason", "negative PCR twice", "idempotencyKey", key()));
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/release", release).then().statusCode(200)
                .body("status", equalTo("ENDED"));
        // the retry is answered as the first time, not with "already ended"
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/release", release).then().statusCode(200)
                .body("status", equalTo("ENDED")).body("endReason", equalTo("EARLY_RELEASE"));
        release.put("reason", "something else");
        Fixtures.post(WORKER, "/api/v1/quarantines/" + q + "/release", release).then().statusCode(422);
    }

    @Test
    void visitsAreIdempotent() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        String campaign = Fixtures.post(WORKER, "/api/v1/campaigns", Map.of("communityCode", COMMUNITY, "title", "Idem round"))
                .then().statusCode(201).extract().path("id");
        Map<String, Object> visit = new HashMap<>(Map.of("householdId", household, "result", "NOBODY_HOME", "idempotencyKey", key()));
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits", visit).then().statusCode(200);
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits", visit).then().statusCode(200);
        visit.put("result", "SCREENED");
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits", visit).then().statusCode(422);
        assertThat(db.count("select count(*) from campaign_visit where campaign_id = cast(? as uuid)", campaign)).isEqualTo(1);
    }

    @Test
    void correctionsAreIdempotent() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String id = Fixtures.post(WORKER, "/api/v1/screenings", Fixtures.screening(resident, "36.5")).then().statusCode(201)
                .extract().path("id");
        Map<String, Object> correction = new HashMap<>(Map.of("temperatureCelsius", "38.5", "reason", "typed 36.5 for 38.5",
                "idempotencyKey", key()));
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/correction", correction).then().statusCode(200)
                .body("revision", equalTo(2));
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/correction", correction).then().statusCode(200)
                .body("revision", equalTo(2));
        correction.put("temperatureCelsius", "38.7");
        Fixtures.post(WORKER, "/api/v1/screenings/" + id + "/correction", correction).then().statusCode(422);
        assertThat(db.count("select count(*) from screening_revision where screening_id = cast(? as uuid)", id)).isEqualTo(1);
        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + id).then().body("revision", equalTo(2));
    }

    @Test
    void identicalRequestsAtOnceAreAnsweredAlikeAndStoredOnce() throws Exception {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        Map<String, Object> body = Map.of("residentId", resident, "kind", "PCR", "result", "NEGATIVE",
                "sampledAt", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(), "idempotencyKey", key());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/test-results"));
            var b = pool.submit(() -> given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/test-results"));
            var ra = a.get();
            var rb = b.get();
            assertThat(List.of(ra.statusCode(), rb.statusCode())).containsExactlyInAnyOrder(200, 201);
            assertThat(ra.jsonPath().getString("id")).isEqualTo(rb.jsonPath().getString("id"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("select count(*) from test_result where resident_id = cast(? as uuid)", resident)).isEqualTo(1);
    }

    /**
     * Upgrade regression: rows stored before keys were per writer carry the login ('legacy:' + recorded_by, migration
     * V7), but new writes carry the token's subject. A phone retrying a screening it queued before the upgrade is
     * answered with the stored record, nothing stored twice, no second event.
     */
    @Test
    void aRetryOfAScreeningStoredBeforeTheUpgradeIsTheEarlierRecord() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String key = key();
        var queued = Fixtures.screening(resident, "36.9");
        queued.put("idempotencyKey", key);
        String id = Fixtures.post(WORKER, "/api/v1/screenings", queued).then().statusCode(201).extract().path("id");
        // as the row looks after migration V7 when it was stored by the earlier version
        db.execute("update screening_record set writer = 'legacy:wang.idem', request_fingerprint = null"
                + " where id = cast(? as uuid)", id);
        assertThat(TestTokens.subject("wang.idem")).isNotEqualTo("wang.idem");
        long outbox = db.outboxRows();

        Fixtures.post(WORKER, "/api/v1/screenings", queued).then().statusCode(200).body("id", equalTo(id));
        Fixtures.post(WORKER, "/api/v1/screenings/bulk", Map.of("records", List.of(queued))).then().statusCode(200)
                .body("duplicates", equalTo(1)).body("items[0].id", equalTo(id));
        assertThat(db.count("select count(*) from screening_record where resident_id = cast(? as uuid)", resident))
                .isEqualTo(1);
        assertThat(db.outboxRows())
                .isEqualTo(outbox);
        // another worker's identical key is still another request
        Fixtures.post(TestTokens.token("li.idem", "community-worker", COMMUNITY), "/api/v1/screenings", queued)
                .then().statusCode(201);
    }

    /** A volunteer or a resident does not learn other writers' logins and keys from the screenings they see. */
    @Test
    void volunteersAndResidentsDoNotSeeOtherWritersLoginsOrKeys() {
        String account = "resident.view." + UUID.randomUUID().toString().substring(0, 8);
        String resident = Fixtures.residentWithAccount(WORKER, COMMUNITY, account);
        String workerKey = key();
        var screening = Fixtures.screening(resident, "36.7");
        screening.put("idempotencyKey", workerKey);
        String id = Fixtures.post(WORKER, "/api/v1/screenings", screening).then().statusCode(201)
                .body("recordedBy", equalTo("wang.idem")).body("idempotencyKey", equalTo(workerKey)).extract().path("id");

        String volunteer = TestTokens.token("vol.idem", "volunteer", COMMUNITY);
        given().auth().oauth2(volunteer).when().get("/api/v1/screenings/" + id).then().statusCode(200)
                .body("recordedBy", org.hamcrest.Matchers.nullValue()).body("idempotencyKey", org.hamcrest.Matchers.nullValue());
        String listed = given().auth().oauth2(volunteer).queryParam("residentId", resident).when().get("/api/v1/screenings")
                .then().statusCode(200).body("items.id", hasItem(id)).extract().asString();
        assertThat(listed).doesNotContain(workerKey).doesNotContain("wang.idem");
        // the volunteer's own screening shows their login and key
        String ownKey = key();
        var own = Fixtures.screening(resident, "36.8");
        own.put("idempotencyKey", ownKey);
        Fixtures.post(volunteer, "/api/v1/screenings", own).then().statusCode(201)
                .body("recordedBy", equalTo("vol.idem")).body("idempotencyKey", equalTo(ownKey));

        String history = given().auth().oauth2(TestTokens.token(account, "resident", COMMUNITY)).when()
                .get("/api/v1/self-reports").then().statusCode(200).body("items.id", hasItem(id)).extract().asString();
        assertThat(history).doesNotContain(workerKey).doesNotContain(ownKey).doesNotContain("wang.idem")
                .doesNotContain("vol.idem");
        // staff see who recorded it
        given().auth().oauth2(TestTokens.token("zhou.idem", "district-officer", COMMUNITY)).when()
                .get("/api/v1/screenings/" + id).then().statusCode(200).body("recordedBy", equalTo("wang.idem"));
    }

    /**
     * A phone that registered a resident offline retries the upload: the retry is the earlier resident (200), not a
     * 409 for "this ID number is registered" nor a second resident; another body with the key is a 422.
     */
    @Test
    void registeringAResidentHouseholdQuarantineAndCampaignIsIdempotent() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        Map<String, Object> body = new HashMap<>(Map.of("householdId", household, "name", "Gao Lin", "phone", "13812340000",
                "idNumber", Fixtures.idNumber(), "idempotencyKey", key()));
        String id = Fixtures.post(WORKER, "/api/v1/residents", body).then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/residents", body).then().statusCode(200).body("id", equalTo(id))
                .body("phone", equalTo("13812340000"));
        assertThat(db.count("select count(*) from resident where household_id = cast(? as uuid)", household)).isEqualTo(1);
        body.put("name", "Gao Ling");
        Fixtures.post(WORKER, "/api/v1/residents", body).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("idempotencyKey"));
        assertThat(db.count("select count(*) from resident where household_id = cast(? as uuid)", household)).isEqualTo(1);

        Map<String, Object> home = Map.of("communityCode", COMMUNITY, "grid", "Grid 9", "room", "901", "idempotencyKey", key());
        String h = Fixtures.post(WORKER, "/api/v1/households", home).then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/households", home).then().statusCode(200).body("id", equalTo(h));

        Map<String, Object> start = Map.of("residentId", id, "kind", "HOME", "idempotencyKey", key());
        String q = Fixtures.post(WORKER, "/api/v1/quarantines", start).then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/quarantines", start).then().statusCode(200).body("id", equalTo(q));

        Map<String, Object> open = Map.of("communityCode", COMMUNITY, "title", "Idem open", "idempotencyKey", key());
        String c = Fixtures.post(WORKER, "/api/v1/campaigns", open).then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/campaigns", open).then().statusCode(200).body("id", equalTo(c));
    }
}
