package org.frontline.platform.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
