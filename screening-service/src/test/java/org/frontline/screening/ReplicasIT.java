package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.platform.testing.AppProcess;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestPostgres;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.screening.service.IdNumbers;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Issue 8: two replicas of the packaged screening-service (two relays, two schedulers) against one PostgreSQL
 * database and one Kafka broker, as an orchestrator runs them. Writes through either replica are published once
 * and in order per community, one replica leads the relay, a key sent to both at once stores one record, the
 * quarantine scan that both run every second ends a period once, and when the leader is stopped the other
 * takes over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final String TOPIC = "screening.events";
    static final String SCREENED = "frontline.screening.ResidentScreened.v1";
    static final String ENDED = "frontline.screening.QuarantineEnded.v1";
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final List<String> COMMUNITIES = List.of("310104012101", "310104012102", "310104012103");
    static final String AREA = "310104012";
    static final String WORKER = TestTokens.token("wang.replicas", "community-worker", AREA);
    static final ObjectMapper JSON = new ObjectMapper();

    final List<AppProcess> apps = new ArrayList<>();
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    long serial = System.nanoTime() % 1000;

    @BeforeAll
    void startTwoReplicas() throws Exception {
        String bootstrap = TestKafka.ensureStarted();
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestPostgres.database("screening_replicas_it"));
        config.put("quarkus.datasource.username", pg.user());
        config.put("quarkus.datasource.password", pg.password());
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("screening.id-number-hash-key", "replicas-it-key");
        // both schedulers scan every second from the start; both relays poll every second
        config.put("screening.quarantine.scan-interval", "1s");
        config.put("screening.quarantine.scan-delay", "1s");
        config.put("frontline.outbox.poll-interval", "1s");
        // tokens signed by TestTokens, verified locally against its public key (no OIDC server): the
        // signature, the issuer and the expiry are checked as in production
        config.put("quarkus.oidc.auth-server-url", "");
        config.put("quarkus.oidc.public-key", testPublicKey());
        config.put("quarkus.oidc.token.issuer", TestTokens.ISSUER);
        for (int i = 0; i < 2; i++) {
            apps.add(AppProcess.builder("screening-replica").config(config).start());
        }
        // both start in parallel (Flyway migrates once under its own lock)
        List<CompletableFuture<AppProcess>> ready = apps.stream()
                .map(app -> CompletableFuture.supplyAsync(() -> app.awaitReady(Duration.ofSeconds(180)), pool)).toList();
        for (CompletableFuture<AppProcess> f : ready) {
            f.join();
        }
    }

    @AfterAll
    void stopReplicas() {
        for (AppProcess app : apps) {
            if (app.alive()) {
                app.stop(Duration.ofSeconds(60));
            }
        }
        pool.shutdownNow();
    }

    @Test
    @Order(1)
    void writesThroughBothReplicasArePublishedOnceInOrderPerCommunityByOneLeader() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(leaders()).containsExactlyInAnyOrder(1, 0));
        Map<String, String> residents = new HashMap<>();
        for (int i = 0; i < COMMUNITIES.size(); i++) {
            residents.put(COMMUNITIES.get(i), resident(apps.get(i % 2), COMMUNITIES.get(i)));
        }
        Map<String, List<String>> written = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            String community = COMMUNITIES.get(i % COMMUNITIES.size());
            AppProcess app = apps.get(i % 2);
            Map<String, Object> body = screening(residents.get(community), "replicas-a/" + i);
            Response first = post(app, "/api/v1/screenings", body);
            assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
            String id = first.path("id");
            written.computeIfAbsent(community, c -> new ArrayList<>()).add(id);
            if (i % 10 == 0) {
                // a retry of the same write through the other replica: the same record, nothing new
                Response retry = post(apps.get((i + 1) % 2), "/api/v1/screenings", body);
                assertThat(retry.statusCode()).as(retry.asString()).isEqualTo(200);
                assertThat(retry.<String>path("id")).isEqualTo(id);
            }
        }

        Map<String, List<String>> published = awaitPublishedOnce(SCREENED, "screeningId", written);
        assertThat(published).as("per community, in the order written").isEqualTo(written);
        assertThat(leaders()).as("frontline_outbox_leader of each replica").containsExactlyInAnyOrder(1, 0);
        assertThat(leadershipChanges()).as("leadership taken once in all, never moved").isEqualTo(1);
    }

    @Test
    @Order(2)
    void oneKeySentToBothReplicasAtOnceStoresOneRecord() throws Exception {
        String community = COMMUNITIES.get(0);
        String resident = resident(apps.get(0), community);
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (int round = 0; round < 5; round++) {
            Map<String, Object> body = screening(resident, "replicas-b/" + round);
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Response>> answers = apps.stream().map(app -> CompletableFuture.supplyAsync(() -> {
                try {
                    together.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return post(app, "/api/v1/screenings", body);
            }, pool)).toList();
            Response a = answers.get(0).get(60, TimeUnit.SECONDS);
            Response b = answers.get(1).get(60, TimeUnit.SECONDS);
            assertThat(List.of(a.statusCode(), b.statusCode())).as(a.asString() + " / " + b.asString())
                    .containsExactlyInAnyOrder(201, 200);
            assertThat(a.<String>path("id")).as("both answers name the same record").isEqualTo(b.path("id"));
            ids.computeIfAbsent(community, c -> new ArrayList<>()).add(a.path("id"));
            // one record stored: the list of the community holds it once
            List<String> withKey = given().baseUri(apps.get(round % 2).url()).auth().oauth2(WORKER)
                    .queryParam("residentId", resident).queryParam("size", 200)
                    .when().get("/api/v1/screenings").then().statusCode(200)
                    .extract().jsonPath().getList("items.findAll { it.idempotencyKey == '" + "replicas-b/" + round + "' }.id");
            assertThat(withKey).containsExactly(a.<String>path("id"));
        }
        // and its event is published once
        awaitPublishedOnce(SCREENED, "screeningId", ids);
    }

    @Test
    @Order(3)
    void aPeriodPastItsPlannedEndIsEndedOnceAlthoughBothReplicasScanEverySecond() throws Exception {
        LocalDate today = LocalDate.now(CITY);
        Map<String, List<String>> periods = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            String community = COMMUNITIES.get(i % COMMUNITIES.size());
            AppProcess app = apps.get(i % 2);
            Response started = post(app, "/api/v1/quarantines", Map.of("residentId", resident(app, community),
                    "kind", "HOME", "startDate", today.minusDays(3 + i).toString(),
                    "plannedEndDate", today.minusDays(i).toString()));
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            periods.computeIfAbsent(community, c -> new ArrayList<>()).add(started.path("id"));
        }
        awaitPublishedOnce(ENDED, "quarantineId", periods);
        for (String id : periods.values().stream().flatMap(List::stream).toList()) {
            for (AppProcess app : apps) {
                given().baseUri(app.url()).auth().oauth2(WORKER).when().get("/api/v1/quarantines/" + id)
                        .then().statusCode(200)
                        .body("status", org.hamcrest.Matchers.equalTo("ENDED"))
                        .body("endReason", org.hamcrest.Matchers.equalTo("COMPLETED"));
            }
        }
    }

    @Test
    @Order(4)
    void whenTheLeaderIsStoppedTheOtherTakesOverAndPublishesEveryLaterWriteOnce() throws Exception {
        List<Integer> leaders = leaders();
        int leaderIndex = leaders.indexOf(1);
        assertThat(leaderIndex).as("one leader: " + leaders).isNotNegative();
        AppProcess leader = apps.get(leaderIndex);
        AppProcess survivor = apps.get(1 - leaderIndex);
        String community = COMMUNITIES.get(1);
        String resident = resident(survivor, community);
        Map<String, List<String>> written = new LinkedHashMap<>();

        // written through the leader just before it stops: still published once
        for (int i = 0; i < 5; i++) {
            Response r = post(leader, "/api/v1/screenings", screening(resident, "replicas-d/before/" + i));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            written.computeIfAbsent(community, c -> new ArrayList<>()).add(r.path("id"));
        }
        Instant stopping = Instant.now();
        // the JVM's exit status after its shutdown hooks ran on SIGTERM is 143
        assertThat(leader.stop(Duration.ofSeconds(60))).as("exit on SIGTERM").isIn(0, 143);
        assertThat(leader.tail(20)).as("a graceful shutdown").contains("stopped in");
        for (int i = 0; i < 20; i++) {
            Response r = post(survivor, "/api/v1/screenings", screening(resident, "replicas-d/after/" + i));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            written.get(community).add(r.path("id"));
        }
        Map<String, List<String>> published = awaitPublishedOnce(SCREENED, "screeningId", written);
        assertThat(published).as("in the order written, across the hand-over").isEqualTo(written);
        assertThat(metric(survivor, "frontline_outbox_leader")).as("the survivor leads now").isEqualTo(1);
        assertThat(metric(survivor, "frontline_outbox_leadership_changes_total")).isEqualTo(1);
        System.out.printf("ReplicasIT: stop of the leader to the last event published: %d ms%n",
                Duration.between(stopping, Instant.now()).toMillis());
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * Waits until every id in {@code expected} has an event of {@code type} on the topic, then for a few seconds
     * more (a duplicate would come with the next relay round); asserts each is there exactly once; returns, per
     * community (the record key), the ids in the order of the topic.
     */
    Map<String, List<String>> awaitPublishedOnce(String type, String idField, Map<String, List<String>> expected) {
        List<String> ids = expected.values().stream().flatMap(List::stream).toList();
        Predicate<ConsumerRecord<String, String>> ours = r -> type.equals(TopicReader.header(r, "ce_type"))
                && ids.contains(field(r, idField));
        TopicReader.await(TOPIC, ours, ids.size(), Duration.ofSeconds(120));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(TopicReader.readAll(TOPIC).stream().filter(ours)
                        .map(r -> field(r, idField)).toList()).as(type + " of each record written, once")
                        .containsExactlyInAnyOrderElementsOf(ids));
        List<ConsumerRecord<String, String>> records = TopicReader.readAll(TOPIC).stream().filter(ours).toList();
        assertThat(records.stream().map(r -> field(r, idField)).toList()).as("each exactly once")
                .doesNotHaveDuplicates().hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(records.stream().map(r -> TopicReader.header(r, "ce_id")).toList()).doesNotHaveDuplicates();
        for (ConsumerRecord<String, String> r : records) {
            assertThat(r.key()).as("keyed by community").isEqualTo(TopicReader.header(r, "ce_subject"));
        }
        // one key lives on one partition, so the topic's order for a key is the order a consumer sees
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new,
                Collectors.mapping(r -> field(r, idField), Collectors.toList())));
    }

    static String field(ConsumerRecord<String, String> record, String name) {
        try {
            JsonNode node = JSON.readTree(record.value()).path(name);
            return node.isMissingNode() ? null : node.asText();
        } catch (Exception e) {
            return null;
        }
    }

    /** frontline_outbox_leader of each replica still running, in the order of {@link #apps}. */
    List<Integer> leaders() {
        return apps.stream().filter(AppProcess::alive).map(app -> metric(app, "frontline_outbox_leader")).toList();
    }

    int leadershipChanges() {
        return apps.stream().filter(AppProcess::alive)
                .mapToInt(app -> metric(app, "frontline_outbox_leadership_changes_total")).sum();
    }

    /** A metric's value on the replica's Prometheus endpoint (summed over its tag sets). */
    static int metric(AppProcess app, String name) {
        String text = given().baseUri(app.url()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        assertThat(found).as(name + " on " + app.url()).isTrue();
        return (int) sum;
    }

    String resident(AppProcess app, String community) {
        String household = post(app, "/api/v1/households", Map.of("communityCode", community, "grid", "Grid 1",
                "building", "12", "unit", "2", "room", "1201")).then().statusCode(201).extract().path("id");
        return post(app, "/api/v1/residents", Map.of("householdId", household, "name", "Wang Fang",
                "phone", "13812345678", "idNumber", idNumber(), "birthYear", 1950, "sex", "FEMALE"))
                .then().statusCode(201).extract().path("id");
    }

    String idNumber() {
        long n = ++serial;
        String first17 = "3101041951" + String.format("%02d", 1 + (n / 1000) % 12) + "15" + String.format("%03d", n % 1000);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    static Map<String, Object> screening(String residentId, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("residentId", residentId);
        body.put("channel", "DOOR_TO_DOOR");
        body.put("temperatureCelsius", "36.6");
        body.put("screenedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(3).withNano(0).toString());
        body.put("idempotencyKey", key);
        return body;
    }

    static Response post(AppProcess app, String path, Object body) {
        return given().baseUri(app.url()).auth().oauth2(WORKER).contentType(ContentType.JSON).body(body)
                .when().post(path);
    }

    /** The public half of the key TestTokens signs with, as quarkus.oidc.public-key takes it (base64 DER). */
    static String testPublicKey() throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("publicKey.jwk")) {
            assertThat(in).as("publicKey.jwk of the test OIDC server").isNotNull();
            PublicJsonWebKey jwk = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(new String(in.readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(jwk.getPublicKey().getEncoded());
        }
    }
}
