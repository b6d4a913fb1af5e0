package org.frontline.alert.signal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The signal consumers against a real broker and database: events as screening, roster and supplies publish them,
 * each series read through the API. Own communities 310105980001–008 (street 310105980), so other classes' rows stay
 * out of the sums.
 */
@QuarkusTest
@FrontlineTest
class SignalTests {

    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final String STREET = "310105980";
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");

    @Inject
    SignalsObserved observed;

    @Test
    void eachScreeningSignalLandsOnTheFactsCityDayOnceAlsoWhenDuplicatedOrLate() {
        String c = STREET + "001";
        String duplicateId = UUID.randomUUID().toString();
        LocalDate fiveDaysAgo = LocalDate.now(CITY).minusDays(5);
        String q1 = uuid(), q2 = uuid();
        try (var producer = TestEvents.producer()) {
            // 23:30 in the city is still the 10th; 16:30Z is 00:30 on the 11th in the city
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, uuid(), "2026-03-10T23:30:00+08:00")));
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, uuid(), "2026-03-10T16:30:00Z")));
            String duplicated = fever(c, uuid(), "2026-03-10T09:00:00+08:00");
            producer.send(screening(duplicateId, "FeverDetected", c, duplicated));
            producer.send(screening(duplicateId, "FeverDetected", c, duplicated)); // same ce_id, likely the same batch
            producer.send(screening(uuid(), "ResidentScreened", c, "{\"communityCode\":\"" + c + "\"}")); // not a signal
            // a fact of five days ago arriving now: on its own day
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, uuid(),
                    fiveDaysAgo.atTime(20, 0).atZone(CITY).toOffsetDateTime().toString())));
            producer.send(screening(uuid(), "PositiveTestReported", c, "{\"testResultId\":\"" + uuid()
                    + "\",\"communityCode\":\"" + c + "\",\"kind\":\"PCR\",\"sampledAt\":\"2026-03-10T17:00:00Z\"}"));
            producer.send(screening(uuid(), "QuarantineStarted", c, "{\"quarantineId\":\"" + q1
                    + "\",\"communityCode\":\"" + c + "\",\"kind\":\"HOME\",\"startDate\":\"2026-03-12\"}"));
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q1, "2026-03-12")));
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q2, "2026-03-12")));
            producer.send(screening(uuid(), "QuarantineCheckInRecovered", c, missed(c, q2, "2026-03-12")));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            // fevers: 10th = the 23:30 one + the duplicated one (counted once); 11th = the 16:30Z one
            assertThat(values("fever-screenings", c, "2026-03-09", "2026-03-12")).containsExactly(0.0, 2.0, 1.0, 0.0);
            // sampled 17:00Z on the 10th = 01:00 on the 11th in the city
            assertThat(values("positive-tests", c, "2026-03-10", "2026-03-11")).containsExactly(0.0, 1.0);
            assertThat(values("new-quarantines", c, "2026-03-11", "2026-03-12")).containsExactly(0.0, 1.0);
            // two missed, one of them recovered later: 2 - 1
            assertThat(values("missed-check-ins", c, "2026-03-12", "2026-03-12")).containsExactly(1.0);
            assertThat(values("fever-screenings", c, fiveDaysAgo.minusDays(1).toString(), fiveDaysAgo.toString()))
                    .containsExactly(0.0, 1.0);
        });
        // and it stays so (a duplicate applied late would show now)
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(values("fever-screenings", c, "2026-03-10", "2026-03-11")).containsExactly(2.0, 1.0));
        assertThat(observed.fired()).anySatisfy(changed -> assertThat(changed.changes())
                .contains(new SignalsChanged.Change(Signal.FEVER_SCREENINGS, c, LocalDate.parse("2026-03-10"))));
    }

    @Test
    void correctionsAndRetractionsCountInEitherOrder() {
        String c = STREET + "002";
        String a = uuid(), b = uuid(), d = uuid(), p = uuid(), q = uuid(), r = uuid();
        try (var producer = TestEvents.producer()) {
            // a: counted on the 10th, corrected to no fever, then again to fever on the 11th (the day corrected too)
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, a, "2026-03-10T10:00:00+08:00")));
            producer.send(screening(uuid(), "ScreeningCorrected", c, corrected(c, a, 2, false, "2026-03-10T10:00:00+08:00")));
            producer.send(screening(uuid(), "ScreeningCorrected", c, corrected(c, a, 3, true, "2026-03-11T10:00:00+08:00")));
            // b: the retraction arrives before the screening it retracts
            producer.send(screening(uuid(), "ScreeningRetracted", c, "{\"screeningId\":\"" + b + "\",\"communityCode\":\""
                    + c + "\",\"revision\":2,\"previousOutcome\":\"FEVER\",\"screenedAt\":\"2026-03-12T10:00:00+08:00\"}"));
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, b, "2026-03-12T10:00:00+08:00")));
            // d: a correction to fever before the FeverDetected it corrects: counted once
            producer.send(screening(uuid(), "ScreeningCorrected", c, corrected(c, d, 2, true, "2026-03-13T10:00:00+08:00")));
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, d, "2026-03-13T10:00:00+08:00")));
            // tests: p corrected to negative; q retracted before it arrives; r stays positive
            producer.send(screening(uuid(), "PositiveTestReported", c, positive(c, p)));
            producer.send(screening(uuid(), "TestResultCorrected", c, "{\"testResultId\":\"" + p + "\",\"communityCode\":\""
                    + c + "\",\"revision\":2,\"kind\":\"PCR\",\"result\":\"NEGATIVE\",\"previousResult\":\"POSITIVE\","
                    + "\"sampledAt\":\"2026-03-10T10:00:00+08:00\"}"));
            producer.send(screening(uuid(), "TestResultRetracted", c, "{\"testResultId\":\"" + q + "\",\"communityCode\":\""
                    + c + "\",\"revision\":2,\"previousResult\":\"POSITIVE\",\"sampledAt\":\"2026-03-10T10:00:00+08:00\"}"));
            producer.send(screening(uuid(), "PositiveTestReported", c, positive(c, q)));
            producer.send(screening(uuid(), "PositiveTestReported", c, positive(c, r)));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            // 10th: a taken back (0); 11th: a after its second correction (1); 12th: b retracted (0); 13th: d once (1)
            assertThat(values("fever-screenings", c, "2026-03-10", "2026-03-13")).containsExactly(0.0, 1.0, 0.0, 1.0);
            // p corrected away, q retracted, r: 1
            assertThat(values("positive-tests", c, "2026-03-10", "2026-03-10")).containsExactly(1.0);
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(values("fever-screenings", c, "2026-03-10", "2026-03-13")).containsExactly(0.0, 1.0, 0.0, 1.0));
    }

    @Test
    void uncoveredHoursAreReplacedAndStockLevelsCarryForward() {
        String c = STREET + "003";
        String x = uuid(), y = uuid(), z = uuid(), site = uuid();
        try (var producer = TestEvents.producer()) {
            // shift x, 8 h: 3 required, 1 assigned = 16 h; then 2 assigned = 8 h (replaces, not adds)
            producer.send(roster(c, "2026-03-09T10:00:00Z", staffing(c, x, "2026-03-10T08:00:00+08:00", "2026-03-10T16:00:00+08:00", 3, 1)));
            producer.send(roster(c, "2026-03-09T11:00:00Z", staffing(c, x, "2026-03-10T08:00:00+08:00", "2026-03-10T16:00:00+08:00", 3, 2)));
            // shift y, 4 h, 1 required, none assigned = 4 h on the same day
            producer.send(roster(c, "2026-03-09T11:00:00Z", staffing(c, y, "2026-03-10T18:00:00+08:00", "2026-03-10T22:00:00+08:00", 1, 0)));
            // an older staffing of x redelivered (earlier ce_time, another id): ignored
            producer.send(roster(c, "2026-03-09T09:00:00Z", staffing(c, x, "2026-03-10T08:00:00+08:00", "2026-03-10T16:00:00+08:00", 3, 0)));
            // shift z starts 17:00Z on the 11th = 01:00 on the 12th in the city: 2 h uncovered on the 12th
            producer.send(roster(c, "2026-03-09T11:00:00Z", staffing(c, z, "2026-03-11T17:00:00Z", "2026-03-11T19:00:00Z", 1, 0)));

            producer.send(crossing(c, site, "MASK", false, "OK", "BELOW_MIN", "2026-03-10T09:00:00+08:00"));
            producer.send(crossing(c, site, "OXYGEN", true, "OK", "STOCK_OUT", "2026-03-10T10:00:00+08:00"));
            producer.send(crossing("310105", uuid(), "MASK", false, "OK", "STOCK_OUT", "2026-03-10T10:00:00+08:00")); // a depot
            producer.send(crossing(c, site, "MASK", false, "BELOW_MIN", "OK", "2026-03-13T09:00:00+08:00"));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            // 10th: x 8 h x (3 - 2) = 8 + y 4 h x 1 = 4 -> 12; 11th: none (a level of its own day, not carried); 12th: z 2
            assertThat(values("uncovered-shift-hours", c, "2026-03-09", "2026-03-12")).containsExactly(0.0, 12.0, 0.0, 2.0);
            // MASK below from the 10th to the 13th, OXYGEN out from the 10th: held over the days without a crossing
            assertThat(values("items-below-minimum", c, "2026-03-09", "2026-03-14"))
                    .containsExactly(0.0, 2.0, 2.0, 2.0, 1.0, 1.0);
            assertThat(values("items-stock-out", c, "2026-03-09", "2026-03-14"))
                    .containsExactly(0.0, 1.0, 1.0, 1.0, 1.0, 1.0);
            // a range starting after the last crossing still sees the level (looked up before "from")
            assertThat(values("items-stock-out", c, "2026-04-01", "2026-04-02")).containsExactly(1.0, 1.0);
        });
    }

    @Test
    void aLateStockCrossingCountsAsOfItsOwnDayAndRecountsTheLaterDays() {
        String c = STREET + "007";
        String site = uuid();
        try (var producer = TestEvents.producer()) {
            // GLOVES below minimum on the 12th arrives first; MASK's crossing of the 10th arrives late
            producer.send(crossing(c, site, "GLOVES", false, "OK", "BELOW_MIN", "2026-05-12T09:00:00+08:00"));
            producer.send(crossing(c, site, "MASK", false, "OK", "BELOW_MIN", "2026-05-10T09:00:00+08:00"));
            // the same crossing again (another event id): nothing changes
            producer.send(crossing(c, site, "MASK", false, "OK", "BELOW_MIN", "2026-05-10T09:00:00+08:00"));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                // at the end of the 10th only MASK was below (1), carried over the 11th; from the 12th MASK and
                // GLOVES (2). Today's count (2) written onto the 10th would read 2, 2, 1 (or 2) instead
                assertThat(values("items-below-minimum", c, "2026-05-09", "2026-05-13"))
                        .containsExactly(0.0, 1.0, 1.0, 2.0, 2.0));
    }

    @Test
    void missedCheckInsAndTheirRecoveryCountExactlyInAnyOrder() {
        String c = STREET + "008";
        String q1 = uuid(), q2 = uuid(), q3 = uuid(), q4 = uuid();
        try (var producer = TestEvents.producer()) {
            // the 15th: a recovery whose miss never came: 0, not -1
            producer.send(screening(uuid(), "QuarantineCheckInRecovered", c, missed(c, q1, "2026-03-15")));
            // the 16th: the recovery before its miss: 0
            producer.send(screening(uuid(), "QuarantineCheckInRecovered", c, missed(c, q2, "2026-03-16")));
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q2, "2026-03-16")));
            // the 17th: the miss twice (two event ids), then recovered: 0
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q3, "2026-03-17")));
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q3, "2026-03-17")));
            producer.send(screening(uuid(), "QuarantineCheckInRecovered", c, missed(c, q3, "2026-03-17")));
            // the 18th: the miss twice and the recovery of another day: 1
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q4, "2026-03-18")));
            producer.send(screening(uuid(), "QuarantineCheckInMissed", c, missed(c, q4, "2026-03-18")));
            producer.send(screening(uuid(), "QuarantineCheckInRecovered", c, missed(c, q4, "2026-03-19")));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(values("missed-check-ins", c, "2026-03-15", "2026-03-19"))
                        .containsExactly(0.0, 0.0, 0.0, 1.0, 0.0));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(values("missed-check-ins", c, "2026-03-15", "2026-03-19"))
                        .containsExactly(0.0, 0.0, 0.0, 1.0, 0.0));
    }

    @Test
    void aCommunitysSeriesIsReadByEqualityAWiderAreaByPrefix() {
        // = lets the primary key serve a community's read under any collation; like 'prefix%' only under C
        assertThat(SignalSeries.areaMatch("310105980001")).isEqualTo("= ?2");
        assertThat(SignalSeries.areaPattern("310105980001")).isEqualTo("310105980001");
        assertThat(SignalSeries.areaMatch(STREET)).isEqualTo("like ?2");
        assertThat(SignalSeries.areaPattern(STREET)).isEqualTo(STREET + "%");
    }

    @Test
    void aMalformedEventOfARelevantTypeIsDeadLetteredAloneAndTheRestOfItsBatchApplies() {
        String c = STREET + "006";
        String bad = uuid();
        try (var producer = TestEvents.producer()) {
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, uuid(), "2026-02-02T10:00:00+08:00")));
            producer.send(screening(bad, "FeverDetected", c, "{\"screeningId\":\"" + uuid() + "\",\"communityCode\":\"" + c
                    + "\"}")); // no screenedAt: can never apply
            producer.send(screening(uuid(), "FeverDetected", c, fever(c, uuid(), "2026-02-02T11:00:00+08:00")));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(values("fever-screenings", c, "2026-02-02", "2026-02-02")).containsExactly(2.0));
        var letters = TopicReader.awaitExactly("screening.events.dlq", TopicReader.subject(c), 1, Duration.ofSeconds(30));
        assertThat(TopicReader.header(letters.get(0), "ce_id")).isEqualTo(bad);
        assertThat(TopicReader.header(letters.get(0), "dead-letter-reason")).isEqualTo("screenedAt is missing");
        assertThat(TopicReader.header(letters.get(0), "dead-letter-topic")).isEqualTo("screening.events");
    }

    @Test
    void theApiIsScopedAndRefusesBadRanges() {
        String c4 = STREET + "004", c5 = STREET + "005";
        try (var producer = TestEvents.producer()) {
            producer.send(screening(uuid(), "FeverDetected", c4, fever(c4, uuid(), "2026-02-01T10:00:00+08:00")));
            producer.send(screening(uuid(), "FeverDetected", c4, fever(c4, uuid(), "2026-02-01T11:00:00+08:00")));
            producer.send(screening(uuid(), "FeverDetected", c5, fever(c5, uuid(), "2026-02-01T12:00:00+08:00")));
        }
        String worker = TestTokens.token("wu", "community-worker", c4);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            // the worker's own community by default
            JsonPath own = given().auth().oauth2(worker).when()
                    .get("/api/v1/signals/fever-screenings?from=2026-02-01&to=2026-02-01").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(own.getString("area")).isEqualTo(c4);
            assertThat(own.getList("days.value", Double.class)).containsExactly(2.0);
            assertThat(own.getString("newestFactAt")).isNotNull();
            // the street's roll-up = c4 + c5 = 2 + 1 (no other community of the street has facts that day)
            assertThat(values(TestTokens.token("hu", "district-officer", "310105"), "fever-screenings", STREET,
                    "2026-02-01", "2026-02-01")).containsExactly(3.0);
        });
        given().auth().oauth2(worker).when().get("/api/v1/signals/fever-screenings?area=" + c5)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token("ma", "district-officer", "310106")).when()
                .get("/api/v1/signals/fever-screenings?area=" + STREET).then().statusCode(403);
        given().auth().oauth2(TestTokens.token("ma", "district-officer", "310106")).when()
                .get("/api/v1/signals/fever-screenings?area=3101").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("li", "volunteer", "310105")).when()
                .get("/api/v1/signals/fever-screenings").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("api", "integration", "3101")).when()
                .get("/api/v1/signals/fever-screenings").then().statusCode(200);
        // the default range: the last 28 days up to today
        JsonPath byDefault = given().auth().oauth2(worker).when().get("/api/v1/signals/missed-check-ins")
                .then().statusCode(200).extract().jsonPath();
        assertThat(byDefault.getList("days")).hasSize(28);
        assertThat(byDefault.getString("to")).isEqualTo(LocalDate.now(CITY).toString());

        for (String query : List.of("from=2026-13-01", "to=yesterday", "from=2026-03-02&to=2026-03-01",
                "from=2025-01-01&to=2026-01-02", "area=31010", "area=abcd")) {
            given().auth().oauth2(COORDINATOR).when().get("/api/v1/signals/fever-screenings?" + query
                    + (query.startsWith("area") ? "" : "&area=3101")).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        // a coordinator with several prefixes must name the area
        given().auth().oauth2(TestTokens.token("two", Set.of("coordinator"), List.of("310105", "310106"))).when()
                .get("/api/v1/signals/fever-screenings").then().statusCode(400);
        given().auth().oauth2(COORDINATOR).when().get("/api/v1/signals/no-such-signal?area=3101").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(given().auth().oauth2(COORDINATOR).when().get("/api/v1/signals/no-such-signal?area=3101")
                .then().extract().jsonPath().getList("signals", String.class)).contains("fever-screenings", "items-stock-out");

        List<Map<String, Object>> signals = given().auth().oauth2(worker).when().get("/api/v1/signals")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(signals).extracting(s -> s.get("path")).containsExactly("fever-screenings", "positive-tests",
                "new-quarantines", "missed-check-ins", "uncovered-shift-hours", "items-below-minimum", "items-stock-out");
        assertThat(signals).extracting(s -> s.get("kind")).containsExactly("COUNT", "COUNT", "COUNT", "COUNT",
                "LEVEL", "LEVEL", "LEVEL");
    }

    // --- helpers

    private static List<Double> values(String signal, String area, String from, String to) {
        return values(COORDINATOR, signal, area, from, to);
    }

    private static List<Double> values(String token, String signal, String area, String from, String to) {
        JsonPath body = given().auth().oauth2(token).when()
                .get("/api/v1/signals/" + signal + "?area=" + area + "&from=" + from + "&to=" + to)
                .then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("area")).isEqualTo(area);
        return body.getList("days.value", Double.class);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> screening(String id, String name,
            String community, String data) {
        return TestEvents.cloudEvent("screening.events", id, "/screening", "frontline.screening." + name + ".v1",
                community, "2026-03-14T00:00:00Z", data);
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> roster(String community,
            String time, String data) {
        return TestEvents.cloudEvent("roster.events", uuid(), "/roster", "frontline.roster.ShiftStaffingChanged.v1",
                community, time, data);
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> crossing(String area, String site,
            String item, boolean critical, String from, String to, String at) {
        return TestEvents.cloudEvent("supplies.events", uuid(), "/supplies", "frontline.supplies.StockLevelCrossed.v1",
                area, at, "{\"siteId\":\"" + site + "\",\"areaCode\":\"" + area + "\",\"siteKind\":\""
                        + (area.length() == 12 ? "STORE" : "DEPOT") + "\",\"itemCode\":\"" + item + "\",\"critical\":"
                        + critical + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"onHand\":0,"
                        + "\"daysOfCover\":null,\"crossedAt\":\"" + at + "\"}");
    }

    private static String fever(String community, String screening, String at) {
        return "{\"screeningId\":\"" + screening + "\",\"residentId\":\"" + uuid() + "\",\"communityCode\":\"" + community
                + "\",\"temperatureCelsius\":38.2,\"screenedAt\":\"" + at + "\"}";
    }

    private static String corrected(String community, String screening, int revision, boolean fever, String at) {
        return "{\"screeningId\":\"" + screening + "\",\"residentId\":\"" + uuid() + "\",\"communityCode\":\"" + community
                + "\",\"revision\":" + revision + ",\"temperatureCelsius\":" + (fever ? "38.4" : "36.6")
                + ",\"outcome\":\"" + (fever ? "FEVER" : "NORMAL") + "\",\"previousOutcome\":\"" + (fever ? "NORMAL" : "FEVER")
                + "\",\"fever\":" + fever + ",\"screenedAt\":\"" + at + "\",\"correctedAt\":\"2026-03-14T09:00:00+08:00\"}";
    }

    private static String positive(String community, String test) {
        return "{\"testResultId\":\"" + test + "\",\"residentId\":\"" + uuid() + "\",\"communityCode\":\"" + community
                + "\",\"kind\":\"ANTIGEN\",\"sampledAt\":\"2026-03-10T10:00:00+08:00\"}";
    }

    private static String missed(String community, String quarantine, String day) {
        return "{\"quarantineId\":\"" + quarantine + "\",\"residentId\":\"" + uuid() + "\",\"communityCode\":\"" + community
                + "\",\"day\":\"" + day + "\"}";
    }

    private static String staffing(String community, String shift, String start, String end, int required, int assigned) {
        return "{\"shiftId\":\"" + shift + "\",\"communityCode\":\"" + community + "\",\"dutyCode\":\"TRIAGE\",\"startAt\":\""
                + start + "\",\"endAt\":\"" + end + "\",\"required\":" + required + ",\"assigned\":" + assigned
                + ",\"qualifiedAssigned\":" + assigned + "}";
    }
}
