package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.screening.service.QuarantineService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@FrontlineTest
class QuarantineTests {

    static final String COMMUNITY = "310104012005";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Inject
    TestClock clock;
    @Inject
    QuarantineService quarantines;

    @BeforeEach
    void morning() {
        // 09:00 in the city, so moving by whole days never crosses midnight by accident
        clock.set(LocalDate.now(ZoneId.of("Asia/Shanghai")).atTime(9, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
    }

    @org.junit.jupiter.api.AfterEach
    void backToNow() {
        // the clock is shared by every test class of this app: leave it at the real time
        clock.set(java.time.Instant.now());
    }

    String start(String resident, String kind) {
        return given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("residentId", resident, "kind", kind))
                .when().post("/api/v1/quarantines").then().statusCode(201).extract().path("id");
    }

    void checkIn(String id, int expected) {
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("temperatureCelsius", "36.6"))
                .when().post("/api/v1/quarantines/" + id + "/check-ins").then().statusCode(expected);
    }

    @Test
    void aMissedCheckInIsDetectedOnceForEachWholeDayWithoutOne() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String id = start(resident, "HOME");
        LocalDate day0 = quarantines.today();
        given().auth().oauth2(WORKER).when().get("/api/v1/quarantines/" + id).then().statusCode(200)
                .body("plannedEndDate", equalTo(day0.plusDays(7).toString()))
                .body("status", equalTo("ACTIVE"));
        TopicReader.await("screening.events", r -> r.value().contains(id)
                && "frontline.screening.QuarantineStarted.v1".equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(30));

        checkIn(id, 204);
        checkIn(id, 409); // once a day
        assertThat(quarantines.scan()).as("nothing is missed on the first day").isZero();

        clock.advance(Duration.ofDays(1)); // day 1: no check-in
        clock.advance(Duration.ofDays(1)); // day 2: check in
        checkIn(id, 204);
        int found = quarantines.scan();
        assertThat(found).isGreaterThanOrEqualTo(1);
        assertThat(quarantines.scan()).as("a missed day is reported once").isZero();

        var missed = TopicReader.awaitExactly("screening.events", r -> r.value().contains(id)
                && "frontline.screening.QuarantineCheckInMissed.v1".equals(TopicReader.header(r, "ce_type")), 1,
                Duration.ofSeconds(30));
        assertThat(missed.get(0).value()).contains("\"day\":\"" + day0.plusDays(1) + "\"");
    }

    @Test
    void aPeriodEndsWhenItsPlannedEndPassesOrEarlyWithAReasonAndCanBeExtended() {
        String first = start(Fixtures.resident(WORKER, COMMUNITY), "HEALTH_MONITORING");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("plannedEndDate", quarantines.today().plusDays(5).toString(), "reason", "household contact tested positive"))
                .when().post("/api/v1/quarantines/" + first + "/extension").then().statusCode(200)
                .body("plannedEndDate", equalTo(quarantines.today().plusDays(5).toString()));

        String second = start(Fixtures.resident(WORKER, COMMUNITY), "HEALTH_MONITORING");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("reason", "negative PCR twice"))
                .when().post("/api/v1/quarantines/" + second + "/release").then().statusCode(200)
                .body("status", equalTo("ENDED")).body("endReason", equalTo("EARLY_RELEASE"));
        checkIn(second, 409);

        clock.advance(Duration.ofDays(6));
        quarantines.scan();
        given().auth().oauth2(WORKER).when().get("/api/v1/quarantines/" + first).then()
                .body("status", equalTo("ENDED")).body("endReason", equalTo("COMPLETED"));
        TopicReader.await("screening.events", r -> (r.value().contains(first) || r.value().contains(second))
                && "frontline.screening.QuarantineEnded.v1".equals(TopicReader.header(r, "ce_type")), 2, Duration.ofSeconds(30));
    }

    @Test
    void badRequestsAreRefused() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("residentId", resident, "kind", "HOME", "startDate", quarantines.today().plusDays(2).toString()))
                .when().post("/api/v1/quarantines").then().statusCode(400).body("errors.field", hasItem("startDate"));
        String id = start(resident, "CENTRALISED");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("residentId", resident, "kind", "HOME"))
                .when().post("/api/v1/quarantines").then().statusCode(409);
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("reason", ""))
                .when().post("/api/v1/quarantines/" + id + "/release").then().statusCode(400);
        given().auth().oauth2(TestTokens.token("chen", "community-worker", "310105")).when()
                .get("/api/v1/quarantines/" + id).then().statusCode(403);
    }

    void checkInOn(String id, LocalDate day, int expected) {
        // 08:00 in the city: before the tests' clock (09:00) on the same day
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("temperatureCelsius", "36.6",
                "checkedInAt", day.atTime(8, 0).atZone(ZoneId.of("Asia/Shanghai")).toOffsetDateTime().toString()))
                .when().post("/api/v1/quarantines/" + id + "/check-ins").then().statusCode(expected);
    }

    /**
     * A phone offline for days syncs its check-ins after the scan ran: a day reported missed is withdrawn
     * (QuarantineCheckInRecovered, once), and a period the scan completed meanwhile still takes check-ins for its
     * days, the planned end day included; a period released early does not.
     */
    @Test
    void lateCheckInsWithdrawMissedDaysAndCountAfterTheScanCompletedThePeriod() {
        var db = new org.frontline.platform.testing.TestDatabase(dataSource);
        String id = start(Fixtures.resident(WORKER, COMMUNITY), "HOME");
        LocalDate day0 = quarantines.today();
        clock.advance(Duration.ofDays(2));
        quarantines.scan();
        assertThat(db.count("select count(*) from quarantine_missed_day where quarantine_id = cast(? as uuid)", id))
                .isEqualTo(2); // day 0 and day 1

        checkInOn(id, day0.plusDays(1), 204); // recorded on day 1, synced on day 2
        assertThat(db.query("select day from quarantine_missed_day where quarantine_id = cast(? as uuid)", id))
                .extracting(r -> r.get("day").toString()).containsExactly(day0.toString());
        var recovered = TopicReader.awaitExactly("screening.events", r -> r.value().contains(id)
                && "frontline.screening.QuarantineCheckInRecovered.v1".equals(TopicReader.header(r, "ce_type")), 1,
                Duration.ofSeconds(30));
        assertThat(recovered.get(0).value()).contains("\"day\":\"" + day0.plusDays(1) + "\"")
                .doesNotContain("36.6");
        assertThat(quarantines.scan()).as("the recovered day is not reported again").isZero();

        // the planned end (day 7) passes: the scan completes the period while the phone is still offline
        clock.advance(Duration.ofDays(5));
        quarantines.scan();
        given().auth().oauth2(WORKER).when().get("/api/v1/quarantines/" + id).then()
                .body("status", equalTo("ENDED")).body("endReason", equalTo("COMPLETED"));
        checkInOn(id, day0.plusDays(6), 204); // day 6, reported missed on day 7
        checkInOn(id, day0.plusDays(7), 204); // the planned end day takes its exit check-in
        checkInOn(id, day0.plusDays(6), 409); // still one a day
        checkInOn(id, day0.minusDays(1), 400); // before the period
        assertThat(db.count("select count(*) from quarantine_missed_day where quarantine_id = cast(? as uuid) and day = ?",
                id, day0.plusDays(6))).isZero();
        TopicReader.awaitExactly("screening.events", r -> r.value().contains(id)
                && "frontline.screening.QuarantineCheckInRecovered.v1".equals(TopicReader.header(r, "ce_type")), 2,
                Duration.ofSeconds(30));

        String released = start(Fixtures.resident(WORKER, COMMUNITY), "HOME");
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("reason", "negative PCR twice"))
                .when().post("/api/v1/quarantines/" + released + "/release").then().statusCode(200);
        checkInOn(released, quarantines.today(), 409);
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;
}
