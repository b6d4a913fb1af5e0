package org.frontline.alert.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.alert.Alert;
import org.frontline.alert.TestClock;
import org.frontline.alert.service.AlertJournal;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Webhooks end to end: subscriptions through the API, alerts raised through the API (and lifecycle events through
 * AlertJournal.publish), a real HTTP receiver in the test. Areas of this class: street 310105960..310105963 (district
 * 310105) and 310106960 (another district).
 */
@QuarkusTest
@FrontlineTest
class NotificationTests {

    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310105");
    static final String CITY = TestTokens.token("sun", "coordinator", "3101");
    static final String MACHINE = TestTokens.token("feed-bot", "integration", "310105");
    static final String SECRET = "s3cret-for-the-test-0123456789ab";
    static final ObjectMapper JSON = new ObjectMapper();

    static WebhookReceiver receiver;

    @Inject
    AlertJournal journal;
    @Inject
    DigestJob digests;
    @Inject
    TestClock clock;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        // the shared database outlives this class: later classes must not deliver to a closed port
        QuarkusTransaction.requiringNew().run(() -> Subscription.update(
                "active = false where url like ?1", receiver.url("/") + "%"));
        receiver.close();
    }

    static String subscribe(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/subscriptions").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> sub(String url, String area, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("url", url, "areaPrefix", area, "secret", SECRET));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    static String raise(String token, String community, String level, String title) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityCode", community, "level", level, "title", title))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    static JsonPath deliveries(String token, String subscription, String query) {
        return given().auth().oauth2(token).when()
                .get("/api/v1/subscriptions/" + subscription + "/deliveries" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What {@code path} received about {@code alertId} (other classes' alerts may reach a district subscription). */
    static List<WebhookReceiver.Received> receivedFor(String path, String alertId) {
        return receiver.received(path).stream()
                .filter(r -> alertId.equals(json(r.body()).path("alert").path("id").asText())).toList();
    }

    /** Deliveries and waiting digest events queued for a subscription about an alert (queued with the event, or never). */
    static long queued(String subscriptionId, String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.count("subscriptionId = ?1 and alertId = ?2",
                UUID.fromString(subscriptionId), UUID.fromString(alertId))
                + DigestItem.count("subscriptionId = ?1 and alertId = ?2", UUID.fromString(subscriptionId),
                        UUID.fromString(alertId)));
    }

    @Test
    void aDeliveryArrivesSignedToTheSubscriptionsThatWantItAndNoOthers() throws Exception {
        String ok = receiver.on("/ok", 200);
        String okId = subscribe(OFFICER, sub(ok, "310105960"));
        // a subscription of another district, one for RED only, one for closings only: none of them wants it
        String otherId = subscribe(CITY, sub(receiver.on("/other-district", 200), "310106960"));
        String redId = subscribe(OFFICER, sub(receiver.on("/red-only", 200), "310105960", "minLevel", "RED"));
        String closedId = subscribe(OFFICER, sub(receiver.on("/closed-only", 200), "310105960",
                "eventKinds", List.of("AlertClosed")));
        // the district, for escalations addressed to it, whatever the level (minLevel RED)
        String escalationsId = subscribe(OFFICER, sub(receiver.on("/escalations", 200), "310105", "minLevel", "RED",
                "eventKinds", List.of("AlertEscalated")));

        String alertId = raise(OFFICER, "310105960001", "YELLOW", "Three fevers in building 7");

        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor("/ok", alertId).size() == 1);
        var got = receivedFor("/ok", alertId).get(0);
        String timestamp = got.header("X-Frontline-Timestamp");
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("X-Frontline-Event")).isEqualTo("AlertRaised");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(120);
        // the receiver's check: HMAC-SHA256 over "<timestamp>.<body>" with the secret it was given
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(
                mac.doFinal((timestamp + "." + got.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(got.header("X-Frontline-Signature")).isEqualTo(expected);
        JsonNode body = json(got.body());
        assertThat(body.path("type").asText()).isEqualTo("frontline.alert.AlertRaised.v1");
        assertThat(body.path("alert").path("id").asText()).isEqualTo(alertId);
        assertThat(body.path("alert").path("areaCode").asText()).isEqualTo("310105960001");
        assertThat(body.path("alert").path("level").asText()).isEqualTo("YELLOW");
        assertThat(body.path("alert").path("capUrl").asText()).endsWith("/api/v1/cap/alerts/" + alertId + ".xml");
        assertThat(body.path("data").path("alertId").asText()).isEqualTo(alertId);
        assertThat(UUID.fromString(body.path("id").asText())).isNotNull();
        // no person: the officer who raised it is nowhere in the body
        assertThat(got.body()).doesNotContain("zhou");

        // the log through the API: delivered, one attempt, 200, the X-Frontline-Delivery id
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(
                deliveries(MACHINE, okId, "").getString("items[0].status")));
        JsonPath log = deliveries(MACHINE, okId, "?status=DELIVERED&size=500");
        assertThat(log.getList("items.id", String.class)).containsExactly(got.header("X-Frontline-Delivery"));
        assertThat(log.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(log.getInt("items[0].attemptLog[0].statusCode")).isEqualTo(200);
        assertThat(log.getString("items[0].alertId")).isEqualTo(alertId);

        // escalated to the district: the district's subscription gets it although the alert is YELLOW < RED
        QuarkusTransaction.requiringNew().run(() -> {
            Alert a = Alert.findById(UUID.fromString(alertId));
            OffsetDateTime now = OffsetDateTime.now(clock);
            a.escalationTier = Alert.Tier.DISTRICT;
            a.escalatedTo = "310105";
            a.escalatedAt = now;
            journal.publish(a, AlertJournal.escalated(a, now, now), now);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor("/escalations", alertId).size() == 1);
        assertThat(json(receivedFor("/escalations", alertId).get(0).body()).path("data").path("escalatedTo").asText())
                .isEqualTo("310105");
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor("/ok", alertId).size() == 2);
        assertThat(receivedFor("/ok", alertId).get(1).header("X-Frontline-Event")).isEqualTo("AlertEscalated");

        // nothing for the other district, RED-only or closings-only: deliveries are queued in the transaction of the
        // event, so none queued now means none will ever arrive; the district's escalations subscription has exactly
        // the one (the escalation), the raise was below its minimum level
        assertThat(queued(otherId, alertId)).isZero();
        assertThat(queued(redId, alertId)).isZero();
        assertThat(queued(closedId, alertId)).isZero();
        assertThat(queued(escalationsId, alertId)).isEqualTo(1);
        assertThat(receivedFor("/other-district", alertId)).isEmpty();
        assertThat(receivedFor("/red-only", alertId)).isEmpty();
        assertThat(receivedFor("/closed-only", alertId)).isEmpty();
    }

    @Test
    void aFailingEndpointIsRetriedWithBackoffThenFailedWithItsAttemptsVisible() {
        // 500 then 200: delivered at the second attempt
        String flakyId = subscribe(OFFICER, sub(receiver.on("/flaky", n -> n == 1 ? 500 : 200, 0), "310105961"));
        given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + flakyId + "/test")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(
                deliveries(OFFICER, flakyId, "").getString("items[0].status")));
        JsonPath flaky = deliveries(OFFICER, flakyId, "");
        assertThat(flaky.getList("items[0].attemptLog.statusCode", Integer.class)).containsExactly(500, 200);
        assertThat(receiver.received("/flaky")).hasSize(2);
        // the retry is the same delivery: same id for the receiver to dedupe on, the same body
        assertThat(receiver.received("/flaky").get(1).header("X-Frontline-Delivery"))
                .isEqualTo(receiver.received("/flaky").get(0).header("X-Frontline-Delivery"));
        assertThat(receiver.received("/flaky").get(1).body()).isEqualTo(receiver.received("/flaky").get(0).body());

        // always 500: three attempts (max-attempts 3 in %test), then FAILED
        String deadId = subscribe(OFFICER, sub(receiver.on("/dead", 500), "310105961"));
        String alertId = raise(OFFICER, "310105961001", "ORANGE", "Stock-out of N95 at the clinic");
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(
                deliveries(OFFICER, deadId, "").getString("items[0].status")));
        JsonPath dead = deliveries(OFFICER, deadId, "?status=FAILED");
        assertThat(dead.getString("items[0].alertId")).isEqualTo(alertId);
        assertThat(dead.getInt("items[0].attempts")).isEqualTo(3);
        assertThat(dead.getInt("items[0].lastStatusCode")).isEqualTo(500);
        assertThat(dead.getString("items[0].lastError")).isEqualTo("HTTP 500");
        assertThat(dead.getList("items[0].attemptLog.statusCode", Integer.class)).containsExactly(500, 500, 500);
        List<OffsetDateTime> at = dead.getList("items[0].attemptLog.attemptedAt", String.class).stream()
                .map(OffsetDateTime::parse).toList();
        // backoff base 200 ms (%test) with equal jitter: the wait before attempt 2 is 200·[½, 1] ≥ 100 ms, before
        // attempt 3 it is 400·[½, 1] ≥ 200 ms
        assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(at.get(1), at.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(receiver.received("/dead")).hasSize(3);
        // nothing more after FAILED
        assertThat(deliveries(OFFICER, deadId, "?status=PENDING").getList("items")).isEmpty();
    }

    @Test
    void aHangingEndpointDoesNotDelayAnotherSubscription() {
        // the hanging endpoint answers after 10 s; the request timeout is 3 s (%test)
        String hangId = subscribe(OFFICER, sub(receiver.on("/hang", n -> 200, 10_000), "310105962"));
        subscribe(OFFICER, sub(receiver.on("/fast", 200), "310105962"));
        // a backlog for the hanging one first: it may hold at most per-subscription (2) threads of the pool
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + hangId + "/test")
                    .then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/hang").size() >= 1);
        long raised = System.nanoTime();
        raise(OFFICER, "310105962001", "RED", "Positive tests in two households");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/fast").size() == 1);
        long waitedMs = (receiver.received("/fast").get(0).receivedAtNanos() - raised) / 1_000_000;
        System.out.printf("measured: delivery to the fast subscription %d ms after the raise, beside a hanging one%n",
                waitedMs);
        // well inside the hanging request's timeout: nobody waited for it
        assertThat(waitedMs).isLessThan(2500);
        // at most two requests of the hanging one at a time: a third starts only after a timeout freed a slot
        var hang = receiver.received("/hang");
        if (hang.size() >= 3) {
            assertThat((hang.get(2).receivedAtNanos() - hang.get(0).receivedAtNanos()) / 1_000_000)
                    .isGreaterThanOrEqualTo(2500);
        }
        // the hanging attempts end as timeouts in the log
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(OFFICER, hangId, "").getList(
                "items.attemptLog.error.flatten()", String.class).stream().anyMatch("timeout"::equals));
    }

    @Test
    void aClaimOfACrashedReplicaExpiresAndAnotherSendsIt() throws Exception {
        String leaseId = subscribe(OFFICER, sub(receiver.on("/lease", 200), "310105966"));
        // two deliveries claimed by a replica that is gone: one lease ran out a second ago, one runs for an hour
        UUID expired = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (UUID id : List.of(expired, held)) {
                Delivery d = new Delivery();
                d.id = id;
                d.subscriptionId = UUID.fromString(leaseId);
                d.eventKind = "Ping";
                d.body = "{\"id\":\"" + id + "\",\"type\":\"frontline.alert.Ping.v1\"}";
                d.status = Delivery.Status.IN_FLIGHT;
                d.attempts = 1;
                d.claimToken = UUID.randomUUID();
                d.nextAttemptAt = OffsetDateTime.now().minusMinutes(1);
                d.claimedUntil = id == expired ? OffsetDateTime.now().minusSeconds(1) : OffsetDateTime.now().plusHours(1);
                d.createdAt = OffsetDateTime.now(clock);
                d.persist();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/lease").size() == 1);
        assertThat(receiver.received("/lease").get(0).header("X-Frontline-Delivery")).isEqualTo(expired.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(OFFICER, leaseId, "?status=DELIVERED")
                .getList("items").size() == 1);
        // the crashed replica's attempt counted: this was the second
        assertThat(deliveries(OFFICER, leaseId, "?status=DELIVERED").getInt("items[0].attempts")).isEqualTo(2);
        // the unexpired claim is left alone: still IN_FLIGHT with its one attempt and its claim
        Delivery stillHeld = QuarkusTransaction.requiringNew().call(() -> Delivery.findById(held));
        assertThat(stillHeld.status).isEqualTo(Delivery.Status.IN_FLIGHT);
        assertThat(stillHeld.attempts).isEqualTo(1);
        assertThat(deliveries(OFFICER, leaseId, "?status=IN_FLIGHT&size=500").getList("items.id", String.class))
                .containsExactly(held.toString());
        assertThat(receiver.received("/lease")).hasSize(1);
    }

    @Test
    void blueAlertsComeOnceAsTheNextMorningsDigest() {
        // 2026-11-20 10:00 in the city
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String digestSub = subscribe(OFFICER, sub(receiver.on("/digest", 200), "310105963", "minLevel", "BLUE"));
        String blue1 = raise(OFFICER, "310105963001", "BLUE", "One missed check-in");
        String blue2 = raise(OFFICER, "310105963002", "BLUE", "Two missed check-ins");
        String yellow = raise(OFFICER, "310105963003", "YELLOW", "Three fevers");
        // the YELLOW one at once, the BLUE ones not (another class's escalation round may escalate these alerts:
        // only this test's raises and the digest are counted)
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor("/digest", yellow).size() >= 1);
        assertThat(receivedFor("/digest", yellow).get(0).header("X-Frontline-Event")).isEqualTo("AlertRaised");
        // the BLUE raises wait as digest items, no delivery
        List<UUID> blues = List.of(UUID.fromString(blue1), UUID.fromString(blue2));
        assertThat(QuarkusTransaction.requiringNew().call(() -> DigestItem.count(
                "subscriptionId = ?1 and alertId in ?2 and eventKind = 'AlertRaised'", UUID.fromString(digestSub),
                blues))).isEqualTo(2);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Delivery.count(
                "subscriptionId = ?1 and alertId in ?2 and eventKind = 'AlertRaised'", UUID.fromString(digestSub),
                blues))).isZero();
        assertThat(digests.runDue()).isZero(); // the same day
        clock.set(Instant.parse("2026-11-20T23:59:00Z")); // 21 Nov 07:59: not yet
        assertThat(digests.runDue()).isZero();
        clock.set(Instant.parse("2026-11-21T00:00:00Z")); // 21 Nov 08:00
        assertThat(digests.runDue()).isEqualTo(1);
        assertThat(digests.runDue()).isZero(); // a second run adds nothing
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/digest").stream()
                .anyMatch(r -> "Digest".equals(r.header("X-Frontline-Event"))));
        var digestsReceived = receiver.received("/digest").stream()
                .filter(r -> "Digest".equals(r.header("X-Frontline-Event"))).toList();
        assertThat(digestsReceived).hasSize(1);
        JsonNode body = json(digestsReceived.get(0).body());
        assertThat(body.path("type").asText()).isEqualTo("frontline.alert.Digest.v1");
        assertThat(body.path("day").asText()).isEqualTo("2026-11-20");
        assertThat(body.path("count").asInt()).isEqualTo(2);
        assertThat(List.of(body.path("events").get(0).path("alert").path("id").asText(),
                body.path("events").get(1).path("alert").path("id").asText())).containsExactly(blue1, blue2);
        JsonPath log = deliveries(OFFICER, digestSub, "?size=500");
        // the immediate delivery of the YELLOW alert's raise and one digest, with its day
        List<Map<String, Object>> items = log.getList("items");
        assertThat(items).anyMatch(d -> "AlertRaised".equals(d.get("eventKind")) && yellow.equals(d.get("alertId")));
        assertThat(items).filteredOn(d -> "Digest".equals(d.get("eventKind")))
                .extracting(d -> d.get("digestDay")).containsExactly("2026-11-20");
        assertThat(items).noneMatch(d -> "AlertRaised".equals(d.get("eventKind"))
                && (blue1.equals(d.get("alertId")) || blue2.equals(d.get("alertId"))));
        clock.set(Instant.parse("2026-11-22T01:00:00Z")); // a day later: nothing left for the 20th
        assertThat(digests.runDue()).isZero();
        clock.set(Instant.now());
    }

    @Test
    void subscriptionsAreScopedValidatedVersionedAndKeepTheirSecret() {
        // writes outside the caller's area: 403, nothing written
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(sub("https://x.example/h", "310106960"))
                .when().post("/api/v1/subscriptions").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(sub("https://x.example/h", "3101"))
                .when().post("/api/v1/subscriptions").then().statusCode(403);
        String foreign = subscribe(CITY, sub("https://city.example/h", "310106960"));
        given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions/" + foreign).then().statusCode(403);
        given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions/" + foreign + "/deliveries")
                .then().statusCode(403);
        given().auth().oauth2(OFFICER).when().delete("/api/v1/subscriptions/" + foreign).then().statusCode(403);
        given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + foreign + "/test").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("url", "https://x.example/h", "areaPrefix", "310105964", "expectedVersion", 0))
                .when().put("/api/v1/subscriptions/" + foreign).then().statusCode(403);
        given().auth().oauth2(CITY).when().get("/api/v1/subscriptions/" + foreign)
                .then().statusCode(200).body("active", org.hamcrest.Matchers.is(true));

        // bad input: 400 problem, nothing written
        for (Map<String, Object> bad : List.of(sub("ftp://x.example/h", "310105964"),
                sub("https://x.example/" + "a".repeat(2000), "310105964"), sub("not a url", "310105964"),
                sub("https://x.example/h", "310105964", "eventKinds", List.of("AlertExploded")),
                sub("https://x.example/h", "310105964", "secret", "short"),
                sub("https://x.example/h", "31010596"), sub("https://x.example/h", "310105964", "minLevel", "PURPLE"))) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(bad)
                    .when().post("/api/v1/subscriptions").then().statusCode(400)
                    .contentType("application/problem+json");
        }

        // idempotent create: the same key and request → the same subscription (201, then 200)
        Map<String, Object> keyed = sub("https://district.example/h", "310105964", "description", "district EOC",
                "idempotencyKey", "n-sub-1");
        keyed.remove("secret"); // generated
        var first = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(keyed)
                .when().post("/api/v1/subscriptions").then().statusCode(201).extract().jsonPath();
        var again = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(keyed)
                .when().post("/api/v1/subscriptions").then().statusCode(200).extract().jsonPath();
        String id = first.getString("id");
        String secret = first.getString("secret");
        assertThat(again.getString("id")).isEqualTo(id);
        assertThat(secret).hasSize(64);
        assertThat(first.getString("minLevel")).isEqualTo("YELLOW");
        assertThat(first.getList("eventKinds", String.class)).containsExactlyInAnyOrder("AlertRaised",
                "AlertUpdated", "AlertEscalated", "AlertAcknowledged", "AlertPhaseChanged", "AlertClosed",
                "PlanActivated", "TaskAssigned", "TaskCompleted", "TaskOverdue", "PlanCompleted", "DrillCompleted",
                "NoticePublished");

        // reads never carry the secret
        String one = given().auth().oauth2(MACHINE).when().get("/api/v1/subscriptions/" + id)
                .then().statusCode(200).extract().asString();
        String list = given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions?size=500")
                .then().statusCode(200).extract().asString();
        assertThat(one).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(list).doesNotContain(secret).doesNotContain(SECRET).doesNotContain("\"secret\"");
        // every row of the list lies in the caller's area
        List<String> areas = JsonPath.from(list).getList("items.areaPrefix", String.class);
        assertThat(areas).isNotEmpty().allMatch(a -> a.startsWith("310105"));
        assertThat(JsonPath.from(given().auth().oauth2(CITY).when().get("/api/v1/subscriptions?area=310106&size=500")
                .then().statusCode(200).extract().asString()).getList("items.areaPrefix", String.class))
                .isNotEmpty().allMatch(a -> a.startsWith("310106"));
        given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions?area=310106").then().statusCode(403);

        // integration reads, never writes
        given().auth().oauth2(MACHINE).contentType(ContentType.JSON).body(sub("https://x.example/h", "310105964"))
                .when().post("/api/v1/subscriptions").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("wang", "community-worker", "310105964001")).when()
                .get("/api/v1/subscriptions").then().statusCode(403);

        // update: the version read, else 409
        Map<String, Object> change = Map.of("url", "https://district.example/h2", "areaPrefix", "310105964",
                "minLevel", "ORANGE", "expectedVersion", 0);
        var updated = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(change)
                .when().put("/api/v1/subscriptions/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(updated.getLong("version")).isEqualTo(1);
        assertThat(updated.getString("minLevel")).isEqualTo("ORANGE");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(change)
                .when().put("/api/v1/subscriptions/" + id).then().statusCode(409);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("url", "https://district.example/h2", "areaPrefix", "310106960", "expectedVersion", 1))
                .when().put("/api/v1/subscriptions/" + id).then().statusCode(403);

        // rotate: a new secret, shown once; the deliveries' query value is checked
        String rotated = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/subscriptions/" + id + "/rotate-secret").then().statusCode(200)
                .extract().path("secret");
        assertThat(rotated).hasSize(64).isNotEqualTo(secret);
        given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions/" + id + "/deliveries?status=LOST")
                .then().statusCode(400);

        // a replay of the create after the rotation: 409 naming the subscription, never the old secret
        String replay = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(keyed)
                .when().post("/api/v1/subscriptions").then().statusCode(409)
                .contentType("application/problem+json").extract().asString();
        assertThat(JsonPath.from(replay).getString("subscriptionId")).isEqualTo(id);
        assertThat(replay).doesNotContain(secret).doesNotContain(rotated);

        // delete: deactivated, still readable with its log
        given().auth().oauth2(OFFICER).when().delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        // a replay after the delete: 409 as well
        assertThat(given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(keyed)
                .when().post("/api/v1/subscriptions").then().statusCode(409).extract().asString())
                .contains(id).doesNotContain(secret).doesNotContain(rotated);
        given().auth().oauth2(OFFICER).when().get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("active", org.hamcrest.Matchers.is(false));
        deliveries(OFFICER, id, "");
        given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + id + "/test").then().statusCode(409);
    }

    @Test
    void webhooksToInternalAddressesAreRefusedUnlessAllowed() {
        // %test allows private addresses (the receiver listens on 127.0.0.1); with the flag off, the check refuses
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook",
                "http://127.0.0.1:8084/q/health", "http://[::1]/hook", "http://192.168.1.10/hook",
                "http://172.20.0.5/hook", "http://[fd00::1]/hook")) {
            assertThatThrownBy(() -> SubscriptionService.checkAddress(url, false)).as(url)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.toProblem("/api/v1/subscriptions").errors())
                                .extracting(Problem.FieldError::field).containsExactly("url");
                    });
        }
        SubscriptionService.checkAddress("https://8.8.8.8/hook", false); // a public address passes
        SubscriptionService.checkAddress("http://10.0.0.1/hook", true);
    }

    @Test
    void aFailedAttemptIsLoggedAsAClassOfErrorNotTheExceptionText() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String deadId = subscribe(OFFICER, sub("http://127.0.0.1:" + closedPort + "/nobody", "310105968"));
        given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + deadId + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(
                deliveries(OFFICER, deadId, "").getString("items[0].status")));
        JsonPath log = deliveries(OFFICER, deadId, "");
        assertThat(log.getString("items[0].lastError")).isEqualTo("connect failed");
        // no host, port or exception class in any attempt: the log must not map the internal network
        assertThat(log.getList("items[0].attemptLog.error", String.class)).hasSize(3).containsOnly("connect failed");
    }

    @Test
    void deletingCancelsDeliveriesInFlightAndWaitingDigestEvents() {
        // a slow endpoint: the delivery is IN_FLIGHT when the subscription is deleted; its answer is a 500
        String slowId = subscribe(OFFICER, sub(receiver.on("/slow", n -> 500, 2000), "310105967", "minLevel", "BLUE"));
        String blue = raise(OFFICER, "310105967001", "BLUE", "One missed check-in");
        assertThat(queued(slowId, blue)).isEqualTo(1); // a digest item
        given().auth().oauth2(OFFICER).when().post("/api/v1/subscriptions/" + slowId + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/slow").size() == 1);
        given().auth().oauth2(OFFICER).when().delete("/api/v1/subscriptions/" + slowId).then().statusCode(204);
        // at once: the delivery under way is CANCELLED and the digest item gone
        assertThat(deliveries(OFFICER, slowId, "").getList("items.status", String.class)).containsExactly("CANCELLED");
        assertThat(queued(slowId, blue)).isZero();
        // the send ends (500): its attempt is logged, and the delivery stays CANCELLED — no retry
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(OFFICER, slowId, "")
                .getList("items[0].attemptLog").size() == 1);
        JsonPath log = deliveries(OFFICER, slowId, "");
        assertThat(log.getString("items[0].status")).isEqualTo("CANCELLED");
        assertThat(log.getInt("items[0].attemptLog[0].statusCode")).isEqualTo(500);
        assertThat(log.getString("items[0].finishedAt")).isNotNull();
        Delivery row = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>find("subscriptionId",
                UUID.fromString(slowId)).firstResult());
        assertThat(row.status).isEqualTo(Delivery.Status.CANCELLED);
        assertThat(row.claimToken).isNull();
    }

    @Test
    void aCallerOutsideTheAreaIsRefusedWithoutWaitingForTheRowLock() throws Exception {
        String foreign = subscribe(CITY, sub("https://city.example/locked", "310106969"));
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            Subscription.findById(UUID.fromString(foreign), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            locked.countDown();
            try {
                release.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        try {
            assertThat(locked.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            given().auth().oauth2(OFFICER).when().delete("/api/v1/subscriptions/" + foreign).then().statusCode(403);
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                    .body(Map.of("url", "https://x.example/h", "areaPrefix", "310105969", "expectedVersion", 0))
                    .when().put("/api/v1/subscriptions/" + foreign).then().statusCode(403);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // the lock is held for 20 s: refused long before it is released
            assertThat(tookMs).isLessThan(10_000);
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
