package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.frontline.platform.jobs.ClusterJob;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.NoPersonalData;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.screening.service.QuarantineService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Scheduled work once across replicas, races between a release and the scan, backdated and offline days. */
@QuarkusTest
@FrontlineTest
class QuarantineRaceTests {

    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final String COMMUNITY = "310104012009";
    static final String WORKER = TestTokens.token("wang.race", "community-worker", COMMUNITY);
    static final String ENDED = "frontline.screening.QuarantineEnded.v1";

    @Inject
    TestClock clock;
    @Inject
    QuarantineService quarantines;
    @Inject
    ClusterJob jobs;
    @Inject
    AgroalDataSource dataSource;
    TestDatabase db;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        clock.set(LocalDate.now(CITY).atTime(9, 0).atZone(CITY).toInstant());
        db = new TestDatabase(dataSource);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        clock.set(Instant.now());
    }

    /** A period that started {@code daysAgo} days ago and is due to end today: the scan will end it. */
    String dueToday(int daysAgo) {
        LocalDate today = quarantines.today();
        return Fixtures.post(WORKER, "/api/v1/quarantines", Map.of("residentId", Fixtures.resident(WORKER, COMMUNITY),
                "kind", "HOME", "startDate", today.minusDays(daysAgo).toString(), "plannedEndDate", today.toString()))
                .then().statusCode(201).extract().path("id");
    }

    /** The backend of the transaction the calling thread holds open (Agroal hands it the enlisted connection). */
    int myBackend() {
        return (int) db.count("select pg_backend_pid()");
    }

    /**
     * Until another session waits for a lock that {@code holder} holds, while it writes the quarantine table: the
     * race under test, not any lock anywhere in the cluster (another test app, autovacuum, the relay).
     */
    void awaitSomeoneWaitingForALock(int holder) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (db.count("""
                select count(*) from pg_locks w
                where not w.granted and ? = any(pg_blocking_pids(w.pid))
                  and exists (select 1 from pg_locks r where r.pid = w.pid and r.relation = 'quarantine'::regclass)
                """, holder) == 0) {
            assertThat(System.nanoTime()).as("the other transaction never waited for the row").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    long endedEvents(String id) throws InterruptedException {
        // wait until the relay has published everything, then count on the topic
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (db.count("select count(*) from outbox") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        TopicReader.await("screening.events", r -> r.value().contains(id) && ENDED.equals(TopicReader.header(r, "ce_type")),
                1, Duration.ofSeconds(30));
        return TopicReader.readAll("screening.events").stream()
                .filter(r -> r.value().contains(id) && ENDED.equals(TopicReader.header(r, "ce_type"))).count();
    }

    @Test
    void aReleaseThatCommitsWhileTheScanWaitsIsTheOnlyEnd() throws Exception {
        String id = dueToday(3);
        QuarkusTransaction.begin();
        quarantines.release(UUID.fromString(id), "negative PCR twice"); // written, row held until commit
        int holder = myBackend();
        Future<Integer> scan = pool.submit(() -> quarantines.scan());
        awaitSomeoneWaitingForALock(holder);
        QuarkusTransaction.commit();
        scan.get(60, TimeUnit.SECONDS);

        assertThat(db.query("select status, end_reason from quarantine where id = cast(? as uuid)", id).get(0))
                .containsEntry("end_reason", "EARLY_RELEASE");
        assertThat(endedEvents(id)).as("QuarantineEnded published once").isEqualTo(1);
    }

    @Test
    void aReleaseRacingAScanThatCommitsFirstIsA409AndPublishesNothing() throws Exception {
        String id = dueToday(2);
        QuarkusTransaction.begin();
        quarantines.scan(); // ends the period, row held until commit
        int holder = myBackend();
        Future<io.restassured.response.Response> release = pool.submit(() -> Fixtures.post(WORKER,
                "/api/v1/quarantines/" + id + "/release", Map.of("reason", "negative PCR twice")));
        awaitSomeoneWaitingForALock(holder);
        QuarkusTransaction.commit();
        var answer = release.get(60, TimeUnit.SECONDS);

        // the release read the period as active and waited on its row: the path is the version check, not "ended"
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(409);
        assertThat(answer.jsonPath().getString("title")).as(answer.asString()).isEqualTo("Quarantine changed meanwhile");
        assertThat(db.query("select end_reason from quarantine where id = cast(? as uuid)", id).get(0))
                .containsEntry("end_reason", "COMPLETED");
        assertThat(endedEvents(id)).as("QuarantineEnded published once").isEqualTo(1);
    }

    @Test
    void aJobRunsOnOneReplicaAtATime() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Future<Boolean> first = pool.submit(() -> jobs.runOnce("test-job", () -> {
            inside.countDown();
            try {
                finish.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ranTwice = new AtomicBoolean();
        assertThat(jobs.runOnce("test-job", () -> ranTwice.set(true))).as("skipped while the other runs").isFalse();
        finish.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ranTwice).isFalse();
        assertThat(jobs.runOnce("test-job", () -> ranTwice.set(true))).as("runs again once the other finished").isTrue();
    }

    @Test
    void aBackdatedStartReportsNoMissedDaysFromBeforeItWasRecorded() {
        LocalDate today = quarantines.today();
        String id = Fixtures.post(WORKER, "/api/v1/quarantines", Map.of("residentId", Fixtures.resident(WORKER, COMMUNITY),
                "kind", "HOME", "startDate", today.minusDays(5).toString())).then().statusCode(201).extract().path("id");
        quarantines.scan();
        assertThat(db.count("select count(*) from quarantine_missed_day where quarantine_id = cast(? as uuid)", id)).isZero();

        clock.advance(Duration.ofDays(2)); // the recording day and the next passed without check-ins
        quarantines.scan();
        assertThat(db.query("select day from quarantine_missed_day where quarantine_id = cast(? as uuid) order by day", id))
                .extracting(row -> row.get("day").toString())
                .containsExactly(today.toString(), today.plusDays(1).toString());
    }

    @Test
    void anExtensionIsPublished() {
        String id = dueToday(1);
        String end = quarantines.today().plusDays(7).toString();
        Fixtures.post(WORKER, "/api/v1/quarantines/" + id + "/extension",
                Map.of("plannedEndDate", end, "reason", "household contact Zhang San tested positive")).then().statusCode(200);
        var events = TopicReader.await("screening.events", r -> r.value().contains(id)
                && "frontline.screening.QuarantineExtended.v1".equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(30));
        assertThat(events.get(0).value()).contains("\"plannedEndDate\":\"" + end + "\"")
                .contains("\"previousPlannedEndDate\":\"" + quarantines.today() + "\"").doesNotContain("Zhang");
        NoPersonalData.assertPayload(events.get(0).value());
    }

    @Test
    void anOfflineCheckInLandsOnTheDayItWasTakenWithinTheWindowAndThePeriod() {
        String id = dueToday(3);
        java.time.OffsetDateTime yesterday = quarantines.today().minusDays(1).atTime(20, 30).atZone(CITY).toOffsetDateTime();
        // 20:30 in the city is 12:30 UTC: the day is the city's
        Fixtures.post(WORKER, "/api/v1/quarantines/" + id + "/check-ins", Map.of("temperatureCelsius", "36.7",
                "checkedInAt", yesterday.withOffsetSameInstant(java.time.ZoneOffset.UTC).toString())).then().statusCode(204);
        assertThat(db.query("select day from quarantine_check_in where quarantine_id = cast(? as uuid)", id))
                .extracting(row -> row.get("day").toString()).containsExactly(quarantines.today().minusDays(1).toString());
        Fixtures.post(WORKER, "/api/v1/quarantines/" + id + "/check-ins", Map.of("temperatureCelsius", "36.7",
                "checkedInAt", yesterday.minusDays(3).toString())).then().statusCode(400)
                .body("errors.field", hasItem("checkedInAt"));
        Fixtures.post(WORKER, "/api/v1/quarantines/" + id + "/check-ins", Map.of("temperatureCelsius", "36.7",
                "checkedInAt", yesterday.minusDays(9).toString())).then().statusCode(400)
                .body("errors.field", hasItem("checkedInAt"));
        assertThat(db.count("select count(*) from quarantine_check_in where quarantine_id = cast(? as uuid)", id)).isEqualTo(1);
    }

    @Test
    void testResultsAndVisitsOlderThanTheLateSyncWindowAreRefused() {
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String eightDaysAgo = clock.instant().minus(Duration.ofDays(8)).atZone(CITY).toOffsetDateTime().toString();
        String sixDaysAgo = clock.instant().minus(Duration.ofDays(6)).atZone(CITY).toOffsetDateTime().toString();
        Fixtures.post(WORKER, "/api/v1/test-results", Map.of("residentId", resident, "kind", "PCR", "result", "NEGATIVE",
                "sampledAt", eightDaysAgo)).then().statusCode(400).body("errors.field", hasItem("sampledAt"));
        Fixtures.post(WORKER, "/api/v1/test-results", Map.of("residentId", resident, "kind", "PCR", "result", "NEGATIVE",
                "sampledAt", sixDaysAgo)).then().statusCode(201);
        String household = Fixtures.household(WORKER, COMMUNITY);
        String campaign = Fixtures.post(WORKER, "/api/v1/campaigns", Map.of("communityCode", COMMUNITY, "title", "Late round"))
                .then().statusCode(201).extract().path("id");
        Fixtures.post(WORKER, "/api/v1/campaigns/" + campaign + "/visits", Map.of("householdId", household,
                "result", "SCREENED", "visitedAt", eightDaysAgo)).then().statusCode(400).body("errors.field", hasItem("visitedAt"));
        assertThat(db.count("select count(*) from campaign_visit where campaign_id = cast(? as uuid)", campaign)).isZero();
        List<String> results = given().auth().oauth2(WORKER).queryParam("residentId", resident).when().get("/api/v1/test-results")
                .then().statusCode(200).extract().jsonPath().getList("items.sampledAt");
        assertThat(results).hasSize(1);
    }
}
