package org.frontline.platform.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Two relays against one database and one broker, as two replicas of a service run: the app's own relay and a
 * second one built here on the same datasource and settings, polling on its own thread.
 */
@QuarkusTest
class OutboxReplicaTests {

    static final String TOPIC = "testapp.events";
    static final List<String> COMMUNITIES = List.of("310104012001", "310104012002", "310104013001");
    static final String LEADERSHIPS = "frontline.outbox.leadership.changes";
    static final String FAILURES = "frontline.outbox.publish.failures";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    FrontlineConfig config;
    @Inject
    OutboxRelay relay;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper mapper;

    @Test
    void oneRelayLeadsUntilItLosesItsSessionThenTheOtherTakesOverAndNothingIsLost() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(relay::leading);
        double appLeaderships = count(registry, LEADERSHIPS);
        double appFailures = count(registry, FAILURES);

        SimpleMeterRegistry otherMetrics = new SimpleMeterRegistry();
        OutboxRelay other = new OutboxRelay(dataSource, config, otherMetrics, ConfigProvider.getConfig());
        ScheduledExecutorService otherPolls = Executors.newSingleThreadScheduledExecutor();
        otherPolls.scheduleWithFixedDelay(other::poll, 0, 100, TimeUnit.MILLISECONDS);
        try {
            // both relays run while events are written: one publishes, the other never touches Kafka
            List<String> first = write(30, 3000);
            assertPublishedOnceInOrderPerKey(first);
            assertThat(other.leading()).isFalse();
            assertThat(count(otherMetrics, LEADERSHIPS)).as("the standby never led").isZero();
            assertThat(count(registry, LEADERSHIPS)).as("the leader never changed").isEqualTo(appLeaderships);
            // a relay that re-initialised its transactional producer would have fenced the other: a failed drain
            assertThat(count(registry, FAILURES)).as("no fencing, no failed drain").isEqualTo(appFailures);
            assertThat(count(otherMetrics, FAILURES)).isZero();
            // the standby, polled every 100 ms, counts the outbox (a scan) only every 4 count-intervals (4 s here)
            java.util.Set<Instant> counts = new java.util.HashSet<>();
            for (int i = 0; i < 30; i++) {
                counts.add(other.countedAt());
                Thread.sleep(100);
            }
            assertThat(counts).as("outbox counts by the standby in 3 s").hasSizeLessThanOrEqualTo(2);

            // the leader's database session dies (a failover, a network cut, an operator)
            long leaderPid = db.count("""
                    select pid from pg_locks where locktype = 'advisory' and granted
                        and ((classid::bigint << 32) | objid::bigint) = ?""", RelayLeadership.LOCK);
            db.query("select pg_terminate_backend(?)", (int) leaderPid);

            await().atMost(Duration.ofSeconds(30)).until(other::leading);
            List<String> second = write(30, 4000);
            assertPublishedOnceInOrderPerKey(second);
            await().atMost(Duration.ofSeconds(30)).until(() -> !relay.leading());
            assertThat(count(otherMetrics, LEADERSHIPS)).isEqualTo(1);
            assertPublishedOnceInOrderPerKey(first);
        } finally {
            otherPolls.shutdownNow();
            otherPolls.awaitTermination(30, TimeUnit.SECONDS);
            other.shutdown();
        }
        // the app's relay leads again once the other stops, as after a rolling update
        await().atMost(Duration.ofSeconds(30)).until(relay::leading);
        assertPublishedOnceInOrderPerKey(write(3, 5000));
    }

    /**
     * A leader whose node dies leaves its lock in an idle database session. The server ends that session after
     * leader-session-timeout without use, so another replica takes over within about that time, not when TCP
     * notices hours later. A live leader uses its session at every poll and keeps it.
     */
    @Test
    void aLeaderThatStopsPollingLosesTheLockWithinTheSessionTimeoutAndTheOtherTakesOver() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(relay::leading);
        Duration timeout = Duration.ofSeconds(3);
        OutboxRelay other = new OutboxRelay(dataSource, withLeaderSessionTimeout(config, timeout, null, null),
                new SimpleMeterRegistry(), ConfigProvider.getConfig());
        try {
            takeTheLead(db, other);
            // while it polls, it keeps the lock well past the timeout
            Instant until = Instant.now().plus(timeout.multipliedBy(3));
            while (Instant.now().isBefore(until)) {
                other.poll();
                Thread.sleep(200);
            }
            assertThat(other.leading()).as("a polling leader keeps its lock").isTrue();
            assertThat(relay.leading()).isFalse();

            // its node "dies": nobody polls it any more, its connection stays open but idle
            Instant died = Instant.now();
            await().atMost(timeout.plusSeconds(30)).until(relay::leading);
            assertThat(Duration.between(died, Instant.now())).isLessThan(timeout.plusSeconds(20));
            assertPublishedOnceInOrderPerKey(write(6, 7000));
        } finally {
            other.shutdown();
        }
    }

    /**
     * During a broker outage the leader backs off between attempts, for up to max-backoff. It still uses its lock
     * session at every poll, so it keeps the lock even when one attempt plus its back-off is longer than the
     * leader session timeout.
     */
    @Test
    void aLeaderBackingOffThroughABrokerOutageKeepsItsLock() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(relay::leading);
        SimpleMeterRegistry otherMetrics = new SimpleMeterRegistry();
        OutboxRelay other = new OutboxRelay(dataSource, withLeaderSessionTimeout(config, Duration.ofSeconds(3),
                Duration.ofMillis(2500), Duration.ofSeconds(1)), otherMetrics, ConfigProvider.getConfig());
        List<String> ids;
        try {
            takeTheLead(db, other);
            TestKafka.stop();
            ids = write(6, 8000);
            Instant until = Instant.now().plusSeconds(15);
            while (Instant.now().isBefore(until)) {
                other.poll();
                assertThat(other.leading()).as("the leader keeps its lock while it backs off").isTrue();
                Thread.sleep(200);
            }
            assertThat(count(otherMetrics, FAILURES)).as("attempts failed meanwhile").isGreaterThanOrEqualTo(3);
            assertThat(relay.leading()).isFalse();
        } finally {
            TestKafka.start();
            other.shutdown();
        }
        await().atMost(Duration.ofSeconds(30)).until(relay::leading);
        assertPublishedOnceInOrderPerKey(ids);
    }

    /** Ends the lock holder's session until {@code other}, polled often, takes the lock before the app's relay. */
    private static void takeTheLead(TestDatabase db, OutboxRelay other) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!other.leading()) {
                Long holder = lockHolder(db);
                if (holder != null) {
                    db.query("select pg_terminate_backend(?)", holder.intValue());
                }
                other.poll();
            }
            return other.leading();
        });
    }

    private static Long lockHolder(TestDatabase db) {
        var rows = db.query("""
                select pid from pg_locks where locktype = 'advisory' and granted
                    and ((classid::bigint << 32) | objid::bigint) = ?""", RelayLeadership.LOCK);
        return rows.isEmpty() ? null : ((Number) rows.get(0).get("pid")).longValue();
    }

    /** The app's settings, with another leader session timeout (and max-backoff and delivery timeout, if given). */
    static FrontlineConfig withLeaderSessionTimeout(FrontlineConfig config, Duration timeout, Duration maxBackoff,
            Duration deliveryTimeout) {
        FrontlineConfig.Outbox o = config.outbox();
        FrontlineConfig.Outbox outbox = new FrontlineConfig.Outbox() {
            public boolean relayEnabled() { return o.relayEnabled(); }
            public Duration pollInterval() { return o.pollInterval(); }
            public int batchSize() { return o.batchSize(); }
            public Duration initialBackoff() { return o.initialBackoff(); }
            public Duration maxBackoff() { return maxBackoff == null ? o.maxBackoff() : maxBackoff; }
            public Duration retention() { return o.retention(); }
            public int maxAttempts() { return o.maxAttempts(); }
            public Duration parkAfter() { return o.parkAfter(); }
            public Duration leaderSessionTimeout() { return timeout; }
            public Duration countInterval() { return o.countInterval(); }
            public Duration deliveryTimeout() { return deliveryTimeout == null ? o.deliveryTimeout() : deliveryTimeout; }
        };
        return new FrontlineConfig() {
            public String service() { return config.service(); }
            public Outbox outbox() { return outbox; }
            public Inbox inbox() { return config.inbox(); }
            public Flyway flyway() { return config.flyway(); }
        };
    }

    private List<String> write(int notes, int firstSeq) {
        String token = TestTokens.token("wang", "community-worker", "310104");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            ids.add(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("communityCode", COMMUNITIES.get(i % COMMUNITIES.size()), "text", "replicas",
                            "seq", firstSeq + i))
                    .when().post("/api/v1/notes")
                    .then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    private void assertPublishedOnceInOrderPerKey(List<String> noteIds) throws Exception {
        var arrived = TopicReader.await(TOPIC, r -> noteIds.stream().anyMatch(id -> r.value().contains(id)),
                noteIds.size(), Duration.ofSeconds(60));
        Map<String, Integer> perNote = new HashMap<>();
        Map<String, List<Integer>> seqPerKey = new LinkedHashMap<>();
        for (var record : arrived) {
            var data = mapper.readTree(record.value());
            perNote.merge(data.get("noteId").asText(), 1, Integer::sum);
            seqPerKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(data.get("seq").asInt());
        }
        assertThat(perNote).as("each event exactly once").hasSize(noteIds.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        seqPerKey.values().forEach(seqs -> assertThat(seqs).as("in order per key").isSorted());
    }

    private static double count(MeterRegistry registry, String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
