package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@FrontlineTest
class ScreeningResourceTests {

    static final String TOPIC = "screening.events";
    static final String COMMUNITY = "310104012003";
    static final String OTHER_COMMUNITY = "310105002001";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
    }

    @Test
    void aFeverIsStoredAndPublishedOnceAsResidentScreenedAndFeverDetected() throws Exception {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String id = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Fixtures.screening(resident, "38.2"))
                .when().post("/api/v1/screenings")
                .then().statusCode(201)
                .body("outcome", equalTo("FEVER"))
                .body("communityCode", equalTo(COMMUNITY))
                .body("recordedBy", equalTo("wang"))
                .extract().path("id");

        assertThat(db.count("select count(*) from screening_record where id = ?", UUID.fromString(id))).isEqualTo(1);
        var events = TopicReader.await(TOPIC, r -> r.value().contains(id), 2, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactlyInAnyOrder("frontline.screening.ResidentScreened.v1", "frontline.screening.FeverDetected.v1");
        assertThat(events).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(COMMUNITY);
            assertThat(TopicReader.header(r, "ce_source")).isEqualTo("/screening");
            assertThat(TopicReader.header(r, "ce_subject")).isEqualTo(COMMUNITY);
            org.frontline.platform.testing.NoPersonalData.assertPayload(r.value());
            assertThat(r.value()).doesNotContain("Wang Fang").doesNotContain("wang");
        });
        var screened = mapper.readTree(events.stream()
                .filter(r -> TopicReader.header(r, "ce_type").contains("ResidentScreened")).findFirst().get().value());
        assertThat(screened.get("residentId").asText()).isEqualTo(resident);
        assertThat(screened.get("temperatureCelsius").decimalValue()).isEqualByComparingTo("38.2");
    }

    @Test
    void theOutcomeIsDerivedAndANormalTemperatureRaisesNoFever() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String normal = given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(resident, "37.2"))
                .when().post("/api/v1/screenings").then().statusCode(201).body("outcome", equalTo("NORMAL"))
                .extract().path("id");
        var events = TopicReader.await(TOPIC, r -> r.value().contains(normal), 1, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("frontline.screening.ResidentScreened.v1");

        var suspected = Fixtures.screening(resident, "36.8");
        suspected.put("symptoms", List.of("COUGH"));
        suspected.put("contactWithCase", true);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(suspected)
                .when().post("/api/v1/screenings").then().statusCode(201).body("outcome", equalTo("SUSPECTED"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(resident, "38.9"))
                .when().post("/api/v1/screenings").then().statusCode(201).body("outcome", equalTo("REFERRED"));
    }

    @Test
    void invalidInputIsA400ProblemAndWritesNeitherRowNorEvent() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        long rows = db.count("select count(*) from screening_record");
        long outbox = db.outboxRows();

        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(resident, "45.0"))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("temperatureCelsius"));
        var unknownSymptom = Fixtures.screening(resident, "36.5");
        unknownSymptom.put("symptoms", List.of("COUGH", "SNEEZING_LOUDLY"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(unknownSymptom)
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("symptoms[1]"));
        var future = Fixtures.screening(resident, "36.5");
        future.put("screenedAt", OffsetDateTime.now().plusDays(1).toString());
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(future)
                .when().post("/api/v1/screenings")
                .then().statusCode(400).body("errors.field", hasItem("screenedAt"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(UUID.randomUUID().toString(), "36.5"))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).body("errors.field", hasItem("residentId"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("channel", "CARRIER_PIGEON"))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("channel"));

        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void noTokenIs401WrongRoleIs403OutOfAreaIs403() {
        String theirs = Fixtures.resident(TestTokens.token("chen", "community-worker", OTHER_COMMUNITY), OTHER_COMMUNITY);
        String mine = Fixtures.resident(WORKER, COMMUNITY);
        long rows = db.count("select count(*) from screening_record");
        given().contentType(ContentType.JSON).body(Fixtures.screening(mine, "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("li", "resident", COMMUNITY)).contentType(ContentType.JSON)
                .body(Fixtures.screening(mine, "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Fixtures.screening(theirs, "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(403).contentType("application/problem+json");
        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
    }

    @Test
    void readsAreScopedToTheCallersArea() {
        String other = TestTokens.token("chen", "community-worker", OTHER_COMMUNITY);
        String mine = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Fixtures.screening(Fixtures.resident(WORKER, COMMUNITY), "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(201).extract().path("id");
        String theirs = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(Fixtures.screening(Fixtures.resident(other, OTHER_COMMUNITY), "37.6"))
                .when().post("/api/v1/screenings").then().statusCode(201).extract().path("id");

        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + theirs).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + mine).then().statusCode(200);
        List<String> listed = given().auth().oauth2(WORKER).when().get("/api/v1/screenings?size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(listed).contains(mine).doesNotContain(theirs);

        String city = TestTokens.token("zhao", "district-officer", "3101");
        List<String> fevers = given().auth().oauth2(city).queryParam("outcome", "FEVER").queryParam("size", 500)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(fevers).contains(theirs).doesNotContain(mine);
        given().auth().oauth2(city).queryParam("outcome", "HOT").when().get("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(city).queryParam("size", 100000).when().get("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBulkUploadWithOneBadRecordWritesNothingAndNamesIt() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        long rows = db.count("select count(*) from screening_record");
        long outbox = db.outboxRows();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var r = Fixtures.screening(resident, "36." + i);
            r.put("idempotencyKey", "bad-batch-" + i);
            records.add(r);
        }
        records.get(3).put("temperatureCelsius", "51.0");
        records.get(4).put("residentId", UUID.randomUUID().toString());
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("records[3].temperatureCelsius"));
        records.get(3).put("temperatureCelsius", "36.3");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(400).body("errors.field", hasItem("records[4].residentId"));
        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void aRetriedBulkUploadWithTheSameKeysWritesNothingNew() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        List<Map<String, Object>> records = new ArrayList<>();
        String batch = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            var r = Fixtures.screening(resident, i % 5 == 0 ? "37.8" : "36.5");
            r.put("idempotencyKey", batch + "/" + i);
            records.add(r);
        }
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(200).body("created", equalTo(20)).body("duplicates", equalTo(0));
        long rows = db.count("select count(*) from screening_record");
        long outbox = db.outboxRows();
        assertThat(db.count("select count(*) from screening_record where idempotency_key like ?", batch + "/%")).isEqualTo(20);
        // 20 ResidentScreened + 4 FeverDetected
        TopicReader.await(TOPIC, r -> r.value().contains(resident), 24, Duration.ofSeconds(30));

        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(200).body("created", equalTo(0)).body("duplicates", equalTo(20))
                .body("items[0].status", equalTo("DUPLICATE"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(records.get(0))
                .when().post("/api/v1/screenings").then().statusCode(200);
        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void aPartlyRetriedUploadStoresOnlyTheNewRecordsAndAnswersWithTheEarlierOnes() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String batch = UUID.randomUUID().toString();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var r = Fixtures.screening(resident, "36.5");
            r.put("idempotencyKey", batch + "/" + i);
            records.add(r);
        }
        List<String> first = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("records", records.subList(0, 4)))
                .when().post("/api/v1/screenings/bulk").then().statusCode(200).body("created", equalTo(4))
                .extract().jsonPath().getList("items.id");

        var again = given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk").then().statusCode(200)
                .body("created", equalTo(6)).body("duplicates", equalTo(4))
                .body("items[3].status", equalTo("DUPLICATE")).body("items[4].status", equalTo("CREATED"))
                .extract().jsonPath();
        assertThat(again.getList("items.id").subList(0, 4)).as("duplicates answer with the earlier records")
                .isEqualTo(first);
        assertThat(db.count("select count(*) from screening_record where idempotency_key like ?", batch + "/%"))
                .isEqualTo(10);
    }

    @Test
    void concurrentUploadsOfTheSameKeysStoreEachRecordOnceAndNeverFail() throws Exception {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        for (int round = 0; round < 5; round++) {
            String batch = UUID.randomUUID().toString();
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                var r = Fixtures.screening(resident, i % 50 == 0 ? "37.9" : "36.5");
                r.put("idempotencyKey", batch + "/" + i);
                records.add(r);
            }
            long outbox = db.outboxRows();
            // the same upload sent twice at once, as a tablet retrying on a flaky network does
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = pool.submit(() -> given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                        .body(Map.of("records", records)).when().post("/api/v1/screenings/bulk"));
                var b = pool.submit(() -> given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                        .body(Map.of("records", records)).when().post("/api/v1/screenings/bulk"));
                var ra = a.get();
                var rb = b.get();
                assertThat(List.of(ra.statusCode(), rb.statusCode())).as("statuses; a problem, if any: %s", ra.statusCode() != 200 ? ra.asString() : rb.asString())
                        .containsOnly(200);
                int created = ra.jsonPath().getInt("created") + rb.jsonPath().getInt("created");
                assertThat(created).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.count("select count(*) from screening_record where idempotency_key like ?", batch + "/%"))
                    .isEqualTo(200);
            // 200 ResidentScreened + 4 FeverDetected, recorded once
            assertThat(db.outboxRows() - outbox).isEqualTo(204);
        }
    }

    @Test
    void aBulkUploadIsCappedAtOneThousandRecords() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            records.add(Fixtures.screening(resident, "36.5"));
        }
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", records))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(400).body("errors.field", hasItem("records"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("records", List.of()))
                .when().post("/api/v1/screenings/bulk")
                .then().statusCode(400).body("errors.field", hasItem("records"));
    }
}
