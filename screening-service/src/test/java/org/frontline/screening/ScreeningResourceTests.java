package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    static Map<String, Object> screening(String community, UUID resident, String temperature) {
        return Map.of("communityCode", community, "residentId", resident.toString(), "channel", "DOOR_TO_DOOR",
                "temperatureCelsius", temperature,
                "screenedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(3).toString());
    }

    @Test
    void aFeverIsStoredAndPublishedAsResidentScreenedAndFeverDetected() throws Exception {
        UUID resident = UUID.randomUUID();
        String id = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(screening(COMMUNITY, resident, "38.2"))
                .when().post("/api/v1/screenings")
                .then().statusCode(201)
                .body("outcome", equalTo("FEVER"))
                .body("recordedBy", equalTo("wang"))
                .extract().path("id");

        assertThat(db.count("select count(*) from screening_record where id = ?", UUID.fromString(id))).isEqualTo(1);
        var events = TopicReader.await(TOPIC, r -> r.value().contains(resident.toString()), 2, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactlyInAnyOrder("frontline.screening.ResidentScreened.v1", "frontline.screening.FeverDetected.v1");
        assertThat(events).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(COMMUNITY);
            assertThat(TopicReader.header(r, "ce_source")).isEqualTo("/screening");
            assertThat(TopicReader.header(r, "ce_subject")).isEqualTo(COMMUNITY);
            assertThat(TopicReader.header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(r.value()).doesNotContain("wang"); // no personal data in events
        });
        var screened = mapper.readTree(events.stream()
                .filter(r -> TopicReader.header(r, "ce_type").contains("ResidentScreened")).findFirst().get().value());
        assertThat(screened.get("screeningId").asText()).isEqualTo(id);
        assertThat(screened.get("temperatureCelsius").decimalValue()).isEqualByComparingTo("38.2");
        assertThat(screened.get("outcome").asText()).isEqualTo("FEVER");
    }

    @Test
    void aNormalTemperatureIsNotAFever() {
        UUID resident = UUID.randomUUID();
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(screening(COMMUNITY, resident, "37.2"))
                .when().post("/api/v1/screenings").then().statusCode(201).body("outcome", equalTo("NORMAL"));
        var events = TopicReader.await(TOPIC, r -> r.value().contains(resident.toString()), 1, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("frontline.screening.ResidentScreened.v1");
        // the threshold itself is a fever
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(screening(COMMUNITY, UUID.randomUUID(), "37.3"))
                .when().post("/api/v1/screenings").then().statusCode(201).body("outcome", equalTo("FEVER"));
    }

    @Test
    void invalidInputIsA400ProblemAndWritesNeitherRowNorEvent() {
        long rows = db.count("select count(*) from screening_record");
        long outbox = db.outboxRows();
        UUID resident = UUID.randomUUID();

        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(screening(COMMUNITY, resident, "45.0"))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("temperatureCelsius"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(screening("3101040120", resident, "36.5"))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("communityCode"));
        var future = new java.util.HashMap<>(screening(COMMUNITY, resident, "36.5"));
        future.put("screenedAt", OffsetDateTime.now().plusDays(1).toString());
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(future)
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("screenedAt"));
        var wrongChannel = new java.util.HashMap<>(screening(COMMUNITY, resident, "36.5"));
        wrongChannel.put("channel", "CARRIER_PIGEON");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(wrongChannel)
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("channel"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("communityCode", COMMUNITY))
                .when().post("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("residentId"))
                .body("errors.field", hasItem("temperatureCelsius"));

        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
        assertThat(db.outboxRows()).isEqualTo(outbox);
    }

    @Test
    void noTokenIs401WrongRoleIs403OutOfAreaIs403() {
        long rows = db.count("select count(*) from screening_record");
        var body = screening(COMMUNITY, UUID.randomUUID(), "36.6");
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/screenings").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("li", "resident", COMMUNITY)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/screenings").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(screening(OTHER_COMMUNITY, UUID.randomUUID(), "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(403).contentType("application/problem+json");
        assertThat(db.count("select count(*) from screening_record")).isEqualTo(rows);
    }

    @Test
    void readsAreScopedToTheCallersArea() {
        String other = TestTokens.token("chen", "community-worker", OTHER_COMMUNITY);
        String mine = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(screening(COMMUNITY, UUID.randomUUID(), "36.6"))
                .when().post("/api/v1/screenings").then().statusCode(201).extract().path("id");
        String theirs = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(screening(OTHER_COMMUNITY, UUID.randomUUID(), "38.6"))
                .when().post("/api/v1/screenings").then().statusCode(201).extract().path("id");

        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + theirs).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/screenings/" + mine).then().statusCode(200);
        List<String> listed = given().auth().oauth2(WORKER).when().get("/api/v1/screenings?size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(listed).contains(mine).doesNotContain(theirs);

        String district = TestTokens.token("zhao", "district-officer", "3101");
        List<String> fevers = given().auth().oauth2(district).queryParam("outcome", "FEVER").queryParam("size", 500)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(fevers).contains(theirs).doesNotContain(mine);
        given().auth().oauth2(district).queryParam("outcome", "HOT").when().get("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(district).queryParam("size", 100000).when().get("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
