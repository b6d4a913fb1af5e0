package org.frontline.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.alert.service.AlertService;
import org.frontline.alert.service.DetectionJob;
import org.frontline.alert.service.DetectorService;
import org.frontline.alert.service.Escalation;
import org.frontline.alert.service.Firing;
import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalStore;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Detection end to end on the real database and broker: history through SignalStore, the detection run, what
 * reaches alert.events. Communities of street 310105097 (and city 3102 for precedence) are this class's own.
 */
@QuarkusTest
@FrontlineTest
class DetectionTests {

    static final String STREET = "310105097";
    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101", "3102");
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SignalStore store;
    @Inject
    DetectionJob detection;
    @Inject
    DetectorService detectors;
    @Inject
    AlertService alerts;
    @Inject
    Escalation escalation;
    @Inject
    TestClock clock;
    @Inject
    EntityManager em;

    /** The shared clock as this test found it: set back afterwards, so other classes see the real time again. */
    java.time.Instant started;

    @BeforeEach
    void readClock() {
        started = clock.instant();
    }

    /**
     * Leaves nothing of this class that other classes' escalation runs could take up: every OPEN alert of this class's
     * areas (street 310105097, city 3102) acknowledged, then the clock set back.
     */
    @AfterEach
    void acknowledgeOwnAlertsAndResetTheClock() {
        List<Alert> open = QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>list(
                "status = ?1 and (areaCode like ?2 or areaCode like ?3)", Alert.Status.OPEN, STREET + "%", "3102%"));
        for (Alert a : open) {
            alerts.transition(a.id, Alert.Status.ACKNOWLEDGED, a.version, null, "test-cleanup");
        }
        clock.set(started);
    }

    /** The day marked for detection on a series, or null when it is not marked. */
    LocalDate dirtyDay(Signal signal, String community) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("select day from signal_dirty where signal = ?1 and area_code = ?2")
                    .setParameter(1, signal.name()).setParameter(2, community).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            return rows.get(0) instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) rows.get(0);
        });
    }

    static long logRows(Object alertId, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> AlertLogEntry.count("alertId = ?1 and kind = ?2",
                java.util.UUID.fromString(alertId.toString()), AlertLogEntry.Kind.valueOf(kind)));
    }

    LocalDate today() {
        return LocalDate.now((Clock) clock);
    }

    /** The series of one community, the last value being today's. */
    void history(Signal signal, String community, double... values) {
        LocalDate first = today().minusDays(values.length - 1L);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < values.length; i++) {
                store.add(signal, community, first.plusDays(i), BigDecimal.valueOf(values[i]));
            }
        });
    }

    /** Marks the series dirty without changing it (adds 0), so the next run evaluates it again. */
    void touch(Signal signal, String community) {
        QuarkusTransaction.requiringNew().run(() -> store.add(signal, community, today(), BigDecimal.ZERO));
    }

    String detector(String area, String signal, String method, String name, String level, Map<String, Object> params) {
        return given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", area, "signal", signal, "method", method, "name", name, "level", level,
                        "params", params))
                .when().post("/api/v1/detectors").then().statusCode(201).extract().path("id");
    }

    static Alert openAlert(String community, Signal signal) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.<Alert>find(
                "areaCode = ?1 and signal = ?2 and status <> ?3", community, signal, Alert.Status.CLOSED)
                .firstResult());
    }

    static long alertsOn(String community) {
        return QuarkusTransaction.requiringNew().call(() -> Alert.count("areaCode = ?1", community));
    }

    static Predicate<ConsumerRecord<String, String>> about(Object alertId, String type) {
        return TopicReader.type("frontline.alert." + type + ".v1").and(r -> r.value().contains(alertId.toString()));
    }

    /** A week repeating 2 3 2 4 3 2 3, four times (28 days), the last day replaced by {@code today}. */
    static double[] weeks(double today) {
        double[] week = {2, 3, 2, 4, 3, 2, 3};
        double[] values = new double[28];
        for (int i = 0; i < 28; i++) {
            values[i] = week[i % 7];
        }
        values[27] = today;
        return values;
    }

    @Test
    void aPlantedOutbreakRaisesOneAlertThereNoneNextDoorAndFiringsCountOnce() {
        String outbreak = STREET + "001";
        String quiet = STREET + "002";
        String c1 = detector(STREET, "positive-tests", "ears-c1", "positives-c1", "ORANGE", Map.of());
        history(Signal.POSITIVE_TESTS, outbreak, weeks(20));
        history(Signal.POSITIVE_TESTS, quiet, weeks(3));
        detection.run();

        // C1 on today: the window is the 7 days before, one full week 2 3 2 4 3 2 3: mean 19/7 = 2.714,
        // squares 3.429 / 6 = 0.571, sd 0.756; z = Φ⁻¹(0.999) = 3.090; upper bound 2.714 + 2.336 = 5.050
        Alert alert = openAlert(outbreak, Signal.POSITIVE_TESTS);
        assertThat(alert).isNotNull();
        assertThat(alert.level).isEqualTo(Alert.Level.ORANGE);
        assertThat(alert.observed).isEqualByComparingTo("20");
        assertThat(alert.threshold.doubleValue()).isBetween(5.04, 5.06);
        assertThat(alert.observedDay).isEqualTo(today());
        assertThat(alert.detectorId.toString()).isEqualTo(c1);
        assertThat(alert.detectorVersion).isEqualTo(1);
        assertThat(alert.method).isEqualTo("ears-c1");
        assertThat(alert.firings).isEqualTo(1);
        // ORANGE: acknowledge within 1 h
        assertThat(Duration.between(alert.raisedAt, alert.ackDueAt)).isEqualTo(Duration.ofHours(1));
        assertThat(alertsOn(quiet)).isZero();
        assertThat(alertsOn(outbreak)).isEqualTo(1);

        // the same series again (a repeated run, the same day's firing again): no firing, no event
        touch(Signal.POSITIVE_TESTS, outbreak);
        detection.run();
        detection.run();
        TopicReader.awaitExactly("alert.events", TopicReader.subject(outbreak), 1, WAIT);
        assertThat(openAlert(outbreak, Signal.POSITIVE_TESTS).firings).isEqualTo(1);
        // the quiet neighbour: evaluated in these runs, no alert in the database (what would reach alert.events)
        assertThat(alertsOn(quiet)).isZero();

        // a RED rule on the same signal (≥ 15 in one day: 20 ≥ 15) raises the level: one AlertUpdated
        String red = detector(STREET, "positive-tests", "rule", "positives-15-a-day", "RED",
                Map.of("windowDays", 1, "threshold", 15));
        touch(Signal.POSITIVE_TESTS, outbreak);
        detection.run();
        var updated = TopicReader.awaitExactly("alert.events", about(alert.id, "AlertUpdated"), 1, WAIT);
        assertThat(updated.get(0).value()).contains("\"level\":\"RED\"", "\"previousLevel\":\"ORANGE\"",
                "\"firings\":2");
        Alert redAlert = openAlert(outbreak, Signal.POSITIVE_TESTS);
        assertThat(redAlert.id).isEqualTo(alert.id);
        assertThat(redAlert.level).isEqualTo(Alert.Level.RED);
        assertThat(redAlert.detectorId.toString()).isEqualTo(red);
        assertThat(redAlert.threshold).isEqualByComparingTo("15");
        // a rise moves the deadline to now + 15 min when that is earlier than the ORANGE one
        assertThat(redAlert.ackDueAt).isEqualTo(redAlert.lastSeen.plus(Duration.ofMinutes(15)));

        // the rule changes (version 2); the alert keeps pointing at version 1, which fired
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("expectedVersion", 1, "params", Map.of("windowDays", 1, "threshold", 10)))
                .when().put("/api/v1/detectors/" + red).then().statusCode(200).body("version", org.hamcrest.Matchers.is(2));
        touch(Signal.POSITIVE_TESTS, outbreak);
        detection.run();
        var detail = given().auth().oauth2(COORDINATOR).when().get("/api/v1/alerts/" + alert.id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(detail.getInt("alert.detectorVersion")).isEqualTo(1);
        assertThat(detail.getInt("detector.version")).isEqualTo(1);
        assertThat(detail.getDouble("detector.params.threshold")).isEqualTo(15.0);
        assertThat(detail.getInt("alert.firings")).isEqualTo(2);
        assertThat(detail.getList("log.kind", String.class)).containsExactly("RAISED", "FIRED", "LEVEL");
        // still exactly: AlertRaised + one AlertUpdated
        TopicReader.awaitExactly("alert.events", TopicReader.subject(outbreak), 2, WAIT);
    }

    @Test
    void afterCloseTheCooldownKeepsTheAlertShutThenItOpensAgain() {
        String community = STREET + "010";
        detector(STREET + "010", "missed-check-ins", "rule", "missed-3", "YELLOW", Map.of("windowDays", 1, "threshold", 3));
        history(Signal.MISSED_CHECK_INS, community, 0, 0, 4);
        detection.run();
        Alert first = openAlert(community, Signal.MISSED_CHECK_INS);
        assertThat(first).isNotNull();
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("to", "CLOSED", "expectedVersion", first.version, "note", "data entry error"))
                .when().post("/api/v1/alerts/" + first.id + "/transitions").then().statusCode(200);

        // within 24 h of the close: the rule still fires, no alert opens
        clock.advance(Duration.ofHours(23));
        touch(Signal.MISSED_CHECK_INS, community);
        history(Signal.MISSED_CHECK_INS, community, 5);
        detection.run();
        assertThat(openAlert(community, Signal.MISSED_CHECK_INS)).isNull();
        TopicReader.awaitExactly("alert.events",
                TopicReader.subject(community).and(TopicReader.type("frontline.alert.AlertRaised.v1")), 1, WAIT);

        // past the cooldown the next firing opens a new alert
        clock.advance(Duration.ofHours(2));
        history(Signal.MISSED_CHECK_INS, community, 6);
        detection.run();
        Alert second = openAlert(community, Signal.MISSED_CHECK_INS);
        assertThat(second).isNotNull();
        assertThat(second.id).isNotEqualTo(first.id);
        TopicReader.awaitExactly("alert.events",
                TopicReader.subject(community).and(TopicReader.type("frontline.alert.AlertRaised.v1")), 2, WAIT);
    }

    @Test
    void twoFiringsAtOnceOpenOneAlert() throws Exception {
        String community = STREET + "020";
        String id = detector(STREET + "020", "fever-screenings", "rule", "fevers-race", "ORANGE",
                Map.of("windowDays", 1, "threshold", 1));
        Detector d = QuarkusTransaction.requiringNew().call(() -> Detector.findById(java.util.UUID.fromString(id)));
        Firing firing = Firing.of(d, community, today(), 4.0, 1.0);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<AlertService.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return alerts.fire(firing);
                }));
            }
            List<AlertService.Outcome> results = new ArrayList<>();
            for (var f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).containsExactlyInAnyOrder(AlertService.Outcome.RAISED, AlertService.Outcome.REPEATED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(alertsOn(community)).isEqualTo(1);
        assertThat(openAlert(community, Signal.FEVER_SCREENINGS).firings).isEqualTo(1);
        TopicReader.awaitExactly("alert.events", TopicReader.subject(community), 1, WAIT);
    }

    @Test
    void theMostSpecificAreaWinsAndADisabledOneHidesTheWiderOne() {
        String community = "310205097001";
        String city = detector("3102", "new-quarantines", "ears-c2", "quarantines-c2", "YELLOW", Map.of());
        String district = detector("310205", "new-quarantines", "ears-c2", "quarantines-c2", "ORANGE",
                Map.of("baseline", 14));
        String other = detector("3102", "new-quarantines", "rule", "quarantines-5", "RED",
                Map.of("windowDays", 1, "threshold", 5));
        assertThat(applicable(community)).extracting(x -> x.id.toString())
                .containsExactlyInAnyOrder(other, district);
        assertThat(applicable("310206000001")).extracting(x -> x.id.toString())
                .containsExactlyInAnyOrder(city, other);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("expectedVersion", 1, "enabled", false))
                .when().put("/api/v1/detectors/" + district).then().statusCode(200);
        assertThat(applicable(community)).extracting(x -> x.id.toString())
                .containsExactly(other);
        // leave nothing firing for other classes: switch the city's own off too
        for (String id : List.of(city, other)) {
            given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                    .body(Map.of("expectedVersion", 1, "enabled", false))
                    .when().put("/api/v1/detectors/" + id).then().statusCode(200);
        }
    }

    @Test
    void aRateRuleWaitsForThePopulation() {
        String community = STREET + "030";
        detector(STREET + "030", "fever-screenings", "rule", "fevers-per-10000", "YELLOW",
                Map.of("windowDays", 7, "threshold", 20, "per10000", true));
        history(Signal.FEVER_SCREENINGS, community, 1, 0, 1, 0, 1, 0, 2);
        detection.run();
        assertThat(alertsOn(community)).isZero();
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("residents", 2000))
                .when().put("/api/v1/populations/" + community).then().statusCode(200);
        touch(Signal.FEVER_SCREENINGS, community);
        detection.run();
        // 5 fevers in 7 days over 2,000 residents: 5 / 2000 × 10,000 = 25 ≥ 20
        Alert alert = openAlert(community, Signal.FEVER_SCREENINGS);
        assertThat(alert).isNotNull();
        assertThat(alert.observed).isEqualByComparingTo("25");
    }

    @Test
    void aSignalChangeStartsDetectionInTheBackground() {
        // staffing: ≥ 8 uncovered hours on 3 days running (9, 10, 12)
        String community = STREET + "050";
        detector(community, "uncovered-shift-hours", "rule", "understaffed", "YELLOW",
                Map.of("windowDays", 1, "threshold", 8, "consecutiveDays", 3));
        QuarkusTransaction.requiringNew().run(() -> {
            store.set(Signal.UNCOVERED_SHIFT_HOURS, community, today().minusDays(2), BigDecimal.valueOf(9));
            store.set(Signal.UNCOVERED_SHIFT_HOURS, community, today().minusDays(1), BigDecimal.valueOf(10));
            store.set(Signal.UNCOVERED_SHIFT_HOURS, community, today(), BigDecimal.valueOf(12));
        });
        // what the SignalsChanged observer does: returns at once, detection runs on its own thread
        detection.request();
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> openAlert(community, Signal.UNCOVERED_SHIFT_HOURS) != null);
        assertThat(openAlert(community, Signal.UNCOVERED_SHIFT_HOURS).observed).isEqualByComparingTo("12");
    }

    @Test
    void anUnacknowledgedAlertEscalatesCommunityDistrictCityAndAcknowledgingStopsIt() {
        String community = STREET + "040";
        String id = raise(community, "RED");
        escalation.run();
        clock.advance(Duration.ofMinutes(16));
        escalation.run();
        Alert a = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(id)));
        assertThat(a.escalationTier).isEqualTo(Alert.Tier.DISTRICT);
        assertThat(a.escalatedTo).isEqualTo("310105");
        clock.advance(Duration.ofMinutes(16));
        escalation.run();
        clock.advance(Duration.ofMinutes(16));
        escalation.run();
        a = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(id)));
        assertThat(a.escalationTier).isEqualTo(Alert.Tier.CITY);
        assertThat(a.escalatedTo).isEqualTo("3101");
        var escalated = TopicReader.awaitExactly("alert.events", about(id, "AlertEscalated"), 2, WAIT);
        assertThat(escalated.get(0).value()).contains("\"tier\":\"DISTRICT\"", "\"escalatedTo\":\"310105\"");
        assertThat(escalated.get(1).value()).contains("\"tier\":\"CITY\"", "\"escalatedTo\":\"3101\"");
        var log = given().auth().oauth2(COORDINATOR).when().get("/api/v1/alerts/" + id + "/log").then()
                .statusCode(200).extract().jsonPath().getList("kind", String.class);
        assertThat(log).containsExactly("RAISED", "ESCALATED", "ESCALATED");

        // acknowledged in time: no escalation however long it then waits
        String acknowledged = raise(STREET + "041", "ORANGE");
        given().auth().oauth2(TestTokens.token("wu", "community-worker", STREET + "041")).contentType(ContentType.JSON)
                .body(Map.of("to", "ACKNOWLEDGED", "expectedVersion", 0))
                .when().post("/api/v1/alerts/" + acknowledged + "/transitions").then().statusCode(200);
        clock.advance(Duration.ofHours(5));
        escalation.run();
        // the run has committed: no escalation recorded for it (an AlertEscalated is written with its log line)
        assertThat(logRows(acknowledged, "ESCALATED")).isZero();
        a = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(acknowledged)));
        assertThat(a.escalationTier).isEqualTo(Alert.Tier.COMMUNITY);

        // BLUE has no deadline: never escalates
        String blue = raise(STREET + "042", "BLUE");
        clock.advance(Duration.ofDays(2));
        escalation.run();
        a = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(blue)));
        assertThat(a.ackDueAt).isNull();
        assertThat(a.escalationTier).isEqualTo(Alert.Tier.COMMUNITY);
    }

    @Test
    void anAreaWideAlertStartsAtItsOwnTierAndOnlyEscalatesAboveIt() {
        // a district alert (310205, city 3102) starts at DISTRICT and escalates to the city only; a city alert
        // starts at CITY and never escalates
        String district = raise("310205", "RED");
        String city = raise("3102", "RED");
        Alert d = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(district)));
        Alert c = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(city)));
        assertThat(d.escalationTier).isEqualTo(Alert.Tier.DISTRICT);
        assertThat(c.escalationTier).isEqualTo(Alert.Tier.CITY);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(16)); // past RED's 15 minutes each time
            escalation.run();
        }
        d = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(district)));
        c = QuarkusTransaction.requiringNew().call(() -> Alert.findById(java.util.UUID.fromString(city)));
        assertThat(d.escalationTier).isEqualTo(Alert.Tier.CITY);
        assertThat(d.escalatedTo).isEqualTo("3102");
        assertThat(c.escalationTier).isEqualTo(Alert.Tier.CITY);
        assertThat(c.escalatedTo).isNull();
        assertThat(logRows(district, "ESCALATED")).isEqualTo(1);
        assertThat(logRows(city, "ESCALATED")).isZero();
        var escalated = TopicReader.awaitExactly("alert.events", about(district, "AlertEscalated"), 1, WAIT);
        assertThat(escalated.get(0).value()).contains("\"tier\":\"CITY\"", "\"escalatedTo\":\"3102\"");
    }

    @Test
    void afterTheCooldownAnAlarmOnADayTheClosedAlertCoveredOpensNothing() {
        String community = STREET + "011";
        // 10:00 in the city: 25 hours on is the next day, so yesterday stays inside the 3-day lookback
        clock.set(today().atTime(10, 0).atZone(((Clock) clock).getZone()).toInstant());
        detector(community, "missed-check-ins", "rule", "missed-3-old-day", "YELLOW",
                Map.of("windowDays", 1, "threshold", 3));
        // 4 missed yesterday (≥ 3: an alarm on yesterday), none today
        LocalDate alarmDay = today().minusDays(1);
        history(Signal.MISSED_CHECK_INS, community, 0, 4, 0);
        detection.run();
        Alert first = openAlert(community, Signal.MISSED_CHECK_INS);
        assertThat(first).isNotNull();
        assertThat(first.observedDay).isEqualTo(alarmDay);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("to", "CLOSED", "expectedVersion", first.version, "note", "handled"))
                .when().post("/api/v1/alerts/" + first.id + "/transitions").then().statusCode(200);

        // past the 24 h cooldown the old day is still inside the 3-day lookback: it fires again, opens nothing
        clock.advance(Duration.ofHours(25));
        assertThat(alarmDay).isAfterOrEqualTo(today().minusDays(2));
        touch(Signal.MISSED_CHECK_INS, community);
        detection.run();
        assertThat(openAlert(community, Signal.MISSED_CHECK_INS)).isNull();
        assertThat(alertsOn(community)).isEqualTo(1);

        // an alarm on a later day does open one
        QuarkusTransaction.requiringNew().run(() -> store.add(Signal.MISSED_CHECK_INS, community, today(),
                BigDecimal.valueOf(5)));
        detection.run();
        Alert second = openAlert(community, Signal.MISSED_CHECK_INS);
        assertThat(second).isNotNull();
        assertThat(second.id).isNotEqualTo(first.id);
        assertThat(second.observedDay).isEqualTo(today());
    }

    @Test
    void aSeriesWhoseEvaluationFailsStaysMarkedAndIsEvaluatedByTheNextRun() {
        String community = STREET + "060";
        String id = detector(community, "new-quarantines", "rule", "quarantines-broken", "YELLOW",
                Map.of("windowDays", 1, "threshold", 2));
        // a stored rule without its windowDays (as a hand edit or an old row might leave it): evaluating it throws
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update detector set params = cast('{\"threshold\": 2}' as jsonb) where id = ?1")
                .setParameter(1, java.util.UUID.fromString(id)).executeUpdate());
        history(Signal.NEW_QUARANTINES, community, 0, 0, 3);
        LocalDate firstDay = today().minusDays(2);
        assertThat(dirtyDay(Signal.NEW_QUARANTINES, community)).isEqualTo(firstDay);
        detection.run();
        // the failure put the mark back, with the earliest changed day it had taken
        assertThat(dirtyDay(Signal.NEW_QUARANTINES, community)).isEqualTo(firstDay);
        assertThat(alertsOn(community)).isZero();

        // repaired: the next run evaluates the series without any new change to it
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update detector set params = cast('{\"windowDays\": 1, \"threshold\": 2, \"comparison\": \"atLeast\", "
                        + "\"per10000\": false, \"consecutiveDays\": 1}' as jsonb) where id = ?1")
                .setParameter(1, java.util.UUID.fromString(id)).executeUpdate());
        detection.run();
        assertThat(dirtyDay(Signal.NEW_QUARANTINES, community)).isNull();
        assertThat(openAlert(community, Signal.NEW_QUARANTINES)).isNotNull();
    }

    @Test
    void aSeriesClaimedByAReplicaThatStoppedIsEvaluatedOnceItsLeaseHasPassed() {
        String community = STREET + "065";
        detector(community, "new-quarantines", "rule", "quarantines-lease", "YELLOW",
                Map.of("windowDays", 1, "threshold", 2));
        history(Signal.NEW_QUARANTINES, community, 0, 0, 3);
        // another replica claimed the series and stopped before evaluating it: its lease has not passed yet
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update signal_dirty set claimed_until = now() + interval '1 hour' where area_code = ?1")
                .setParameter(1, community).executeUpdate());
        detection.run();
        assertThat(dirtyDay(Signal.NEW_QUARANTINES, community)).isEqualTo(today().minusDays(2));
        assertThat(openAlert(community, Signal.NEW_QUARANTINES)).isNull();
        // the lease has passed: the mark was never deleted, so this run takes the series and fires
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update signal_dirty set claimed_until = now() - interval '1 second' where area_code = ?1")
                .setParameter(1, community).executeUpdate());
        detection.run();
        assertThat(dirtyDay(Signal.NEW_QUARANTINES, community)).isNull();
        assertThat(openAlert(community, Signal.NEW_QUARANTINES)).isNotNull();
    }

    @Test
    void aSeriesMarkedOnManyDaysIsOneRowWithItsEarliestDay() {
        String community = STREET + "070";
        // 20 changed days: one mark, the earliest day
        history(Signal.POSITIVE_TESTS, community, new double[20]);
        assertThat(dirtyDay(Signal.POSITIVE_TESTS, community)).isEqualTo(today().minusDays(19));
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from signal_dirty where area_code = ?1").setParameter(1, community)
                .getSingleResult()).longValue());
        assertThat(rows).isEqualTo(1);
        // a later day changed again keeps the earlier day; an earlier one moves it back
        touch(Signal.POSITIVE_TESTS, community);
        assertThat(dirtyDay(Signal.POSITIVE_TESTS, community)).isEqualTo(today().minusDays(19));
        QuarkusTransaction.requiringNew().run(() -> store.add(Signal.POSITIVE_TESTS, community,
                today().minusDays(30), BigDecimal.ZERO));
        assertThat(dirtyDay(Signal.POSITIVE_TESTS, community)).isEqualTo(today().minusDays(30));
        detection.run();
        assertThat(dirtyDay(Signal.POSITIVE_TESTS, community)).isNull();
    }

    /** In a transaction of its own, as detection reads it (a fresh persistence context each time). */
    List<Detector> applicable(String community) {
        return QuarkusTransaction.requiringNew().call(() -> detectors.applicable(Signal.NEW_QUARANTINES, community));
    }

    String raise(String community, String level) {
        return given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "level", level, "title", "Escalation drill"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }
}
