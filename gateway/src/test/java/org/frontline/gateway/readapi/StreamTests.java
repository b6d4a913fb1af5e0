package org.frontline.gateway.readapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.gateway.stream.ChangeFeed;
import org.frontline.gateway.stream.ChangeLogPruner;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** GET /api/v1/stream read by a real HTTP client: live changes in order, a gapless resume, scope. */
@QuarkusTest
@FrontlineTest
class StreamTests {

    static final String OFFICER_31 = TestTokens.token("ma", "district-officer", "310131");
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/stream")
    URL stream;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChangeFeed feed;

    @Inject
    ChangeLogPruner pruner;

    PictureRows rows;
    TestDatabase db;

    @BeforeEach
    void picture() {
        db = new TestDatabase(dataSource);
        rows = new PictureRows(db);
        rows.districts();
        rows.projectionApplied(java.time.OffsetDateTime.parse("2026-11-20T09:30:00+08:00"));
    }

    @Test
    void changesOfTheAreaArriveLiveInOrderWithTheirIdsAndOthersNever() throws Exception {
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, null)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            assertThat(client.response.headers().firstValue("Frontline-Newest-Event-At")).isPresent();
            SseClient.Event hello = client.next(WAIT);
            assertThat(hello.name()).isEqualTo("hello");
            Map<String, Object> helloData = data(hello);
            assertThat(((Number) helloData.get("latestId")).longValue()).isEqualTo(hello.longId());
            assertThat(helloData).containsKey("freshness");

            long outside = rows.change("310132", "kpi", PictureRows.D, "{}");            // another district
            long district = rows.change("310131", "kpi", PictureRows.D, "{}");
            long grandchild = rows.change("310131001001", "kpi", PictureRows.D, "{}");   // not a direct child
            long street = rows.change("310131001", "kpi", PictureRows.D, "{}");
            long alert = rows.change("310131001001", "alert", null, alertPayload("a-" + street, "310131001001"));
            long wider = rows.change("3101", "alert", null, alertPayload("c-" + street, "3101")); // applies to it
            long otherAlert = rows.change("310132001001", "alert", null, alertPayload("o-" + street, "310132001001"));

            List<SseClient.Event> events = List.of(client.next(WAIT), client.next(WAIT), client.next(WAIT),
                    client.next(WAIT));
            assertThat(events).extracting(SseClient.Event::longId).containsExactly(district, street, alert, wider);
            assertThat(events).extracting(SseClient.Event::name).containsExactly("kpi", "kpi", "alert", "alert");
            Map<String, Object> kpi = data(events.get(0));
            assertThat(kpi.get("day")).isEqualTo("2026-11-20");
            assertThat(kpi.get("status")).isEqualTo("green");
            assertThat((Map<String, Object>) kpi.get("area")).containsEntry("code", "310131")
                    .containsEntry("level", "district").containsEntry("name", "东湖区");
            assertThat(((Number) ((Map<String, Object>) kpi.get("figures")).get("screened")).doubleValue()).isEqualTo(15.0);
            assertThat(data(events.get(2))).containsEntry("alertId", "a-" + street).containsEntry("areaCode", "310131001001");
            assertThat(client.drain(Duration.ofSeconds(1))).isEmpty(); // outside, grandchild, otherAlert never come
            assertThat(List.of(outside, grandchild, otherAlert)).allMatch(id -> id > 0);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedChangesCoalescedThenTheLiveOnes() throws Exception {
        long seen;
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, null)) {
            client.next(WAIT); // hello
            long first = rows.change("310131", "kpi", PictureRows.D, "{}");
            SseClient.Event event = client.next(WAIT);
            assertThat(event.longId()).isEqualTo(first);
            seen = event.longId();
        }
        // while away: three changes of the district's day (one event for them), an alert, a street, one outside
        rows.change("310131", "kpi", PictureRows.D, "{}");
        rows.change("310132", "kpi", PictureRows.D, "{}");
        long lastOfDay = rows.change("310131", "kpi", PictureRows.D, "{}");
        long alert = rows.change("310131", "alert", null, alertPayload("r-" + seen, "310131"));
        long otherDay = rows.change("310131", "kpi", PictureRows.D.minusDays(1), "{}");
        long street = rows.change("310131002", "kpi", PictureRows.D, "{}");
        // the poller has read them (else a live change of the same day would be coalesced with them: also right)
        await().atMost(WAIT).until(() -> feed.position() >= street);
        // the replay, and a change arriving while it is sent, both in order and each once
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, Long.toString(seen))) {
            long live = rows.change("310131", "kpi", PictureRows.D, "{}");
            List<SseClient.Event> events = List.of(client.next(WAIT), client.next(WAIT), client.next(WAIT),
                    client.next(WAIT), client.next(WAIT));
            assertThat(events).extracting(SseClient.Event::longId).containsExactly(lastOfDay, alert, otherDay, street, live);
            assertThat(events).extracting(SseClient.Event::name).containsExactly("kpi", "alert", "kpi", "kpi", "kpi");
            assertThat(data(events.get(2)).get("day")).isEqualTo("2026-11-19");
            assertThat(((Number) ((Map<String, Object>) data(events.get(2)).get("figures")).get("inQuarantine"))
                    .doubleValue()).isEqualTo(4.0);
            assertThat(client.drain(Duration.ofSeconds(1))).isEmpty();
        }
        // a client that cannot set headers resumes with the query parameter
        try (SseClient client = SseClient.open(URI.create(uri("310131", null) + "&lastEventId=" + lastOfDay), OFFICER_31,
                null)) {
            assertThat(client.next(WAIT).longId()).isEqualTo(alert);
        }
    }

    @Test
    void anAreaOutsideTheScopeIsForbiddenAndABadIdIsA400() throws Exception {
        try (SseClient client = SseClient.open(uri("310132", null), OFFICER_31, null)) {
            assertThat(client.status()).isEqualTo(403);
            assertThat(new String(client.response.body().readAllBytes())).doesNotContain("310132001");
        }
        try (SseClient client = SseClient.open(uri("310131", null), TestTokens.token("li", "resident", "310131"), null)) {
            assertThat(client.status()).isEqualTo(403);
        }
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, "abc")) {
            assertThat(client.status()).isEqualTo(400);
        }
    }

    @Test
    void anIdTheLogDoesNotHaveAnyMoreOrYetAsksTheClientToReload() throws Exception {
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, "999999999")) {
            SseClient.Event event = client.next(WAIT);
            assertThat(event.name()).isEqualTo("resync");
            assertThat(data(event)).containsKey("latestId");
        }
        // pruned by id: the changes below the first one written within the retention go, the newest stays
        long old = rows.change("310131", "kpi", PictureRows.D, "{}");
        db.execute("update picture_change set at = now() - interval '25 hours' where id <= ?", old);
        long recent = rows.change("310131", "kpi", PictureRows.D, "{}");
        // committed after a recent change but begun long ago (at = the transaction's start): kept, a client that saw
        // the recent change has not seen it yet
        long late = rows.change("310131", "kpi", PictureRows.D, "{}");
        db.execute("update picture_change set at = now() - interval '25 hours' where id = ?", late);
        long newest = rows.change("310131", "kpi", PictureRows.D, "{}");
        await().atMost(WAIT).until(() -> pruner.prune() >= 0
                && db.count("select count(*) from picture_change where id <= ?", old) == 0);
        assertThat(db.count("select count(*) from picture_change where id in (?, ?, ?)", recent, late, newest))
                .isEqualTo(3);
        // (a client behind the oldest change kept gets resync too: not provoked here)
    }

    @Test
    void aClosedClientIsDropped() throws Exception {
        int before;
        try (SseClient client = SseClient.open(uri("310131", null), OFFICER_31, null)) {
            client.next(WAIT);
            before = feed.subscribers();
            assertThat(before).isPositive();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            rows.change("310131", "kpi", PictureRows.D, "{}");
            Thread.sleep(300);
            assertThat(feed.subscribers()).isLessThan(before);
        });
    }

    private URI uri(String area, String extra) {
        return URI.create(stream + "?area=" + area + (extra == null ? "" : extra));
    }

    private static String alertPayload(String alertId, String area) {
        return """
                {"type":"AlertRaised","alertId":"%s","areaCode":"%s","level":"RED","status":"ACTIVE","stage":"RESPONSE",\
                "title":"t","at":"2026-11-20T09:00:00+08:00"}""".formatted(alertId, area);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(SseClient.Event event) throws Exception {
        return JSON.readValue(event.data(), Map.class);
    }
}
