package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.frontline.drill.api.Stats;
import org.frontline.drill.FakeHttp;
import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.city.City;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.city.CitySize;
import org.frontline.drill.play.RegisteredCity;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark against a fake gateway in this JVM (token, bulk and single screenings, overview, SSE stream):
 * the ground truth holds exactly what the fake stored — also when a bulk answer is lost (503 after storing: the
 * retry's DUPLICATEs are that batch's own records) — the lag samples are matched through a real SSE connection, and
 * the chart is drawn.
 */
class SurgeTests {

    @TempDir
    Path dir;

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(16);
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, String> communityOf = new HashMap<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> stored = new ConcurrentHashMap<>();
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    private final AtomicBoolean loseFirstBulkAnswer = new AtomicBoolean(true);
    /** the stream's events after hello: the i-th (0-based) has id i + 2 */
    private final List<String> log = new java.util.ArrayList<>();
    /** the first sample's change is announced by a resync instead of its kpi event */
    private final AtomicBoolean resyncFirstSample = new AtomicBoolean(false);
    private volatile long bulkMillis;
    /** non-zero: every bulk is answered with this status and nothing is stored */
    private volatile int bulkStatus;
    private final String today = LocalDate.now(org.frontline.drill.play.TimeModel.CITY_ZONE).toString();

    @BeforeEach
    void fakeGateway() throws IOException {
        server.route("/realms/frontline/protocol/openid-connect/token", x -> FakeHttp.answer(x, 200, FakeHttp.TOKEN));
        server.route("/api/v1/screening/screenings/bulk", this::bulk);
        server.route("/api/v1/screening/screenings", this::single);
        server.route("/api/v1/overview", x -> {
            String area = x.getRequestURI().getQuery().replaceAll(".*area=([0-9]+).*", "$1");
            FakeHttp.answer(x, 200, "{\"area\":{\"code\":\"" + area + "\",\"figures\":{\"screened\":"
                    + stored.getOrDefault(area, 0) + ".00}}}");
        });
        server.route("/api/v1/stream", x -> {
            String last = x.getRequestHeaders().getFirst("Last-Event-ID");
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            synchronized (log) {
                if (last == null) {
                    out.write(": hello\n\nid: 1\nevent: hello\ndata: {\"latestId\":1}\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    for (int i = Integer.parseInt(last) - 1; i < log.size(); i++) { // the changes after that id
                        out.write(log.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.flush();
                streams.add(out); // kept open until the client closes it
            }
        });
    }

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    private void bulk(HttpExchange x) throws IOException {
        if (bulkMillis > 0) {
            Parallel.sleep(bulkMillis);
        }
        JsonNode body = SuiteClient.JSON.readTree(x.getRequestBody());
        if (bulkStatus != 0) {
            FakeHttp.answer(x, bulkStatus, "{\"title\":\"refused\"}");
            return;
        }
        ObjectNode answer = SuiteClient.JSON.createObjectNode();
        ArrayNode items = answer.putArray("items");
        int created = 0;
        int duplicates = 0;
        synchronized (this) {
            for (JsonNode r : body.path("records")) {
                boolean fresh = keys.add(r.path("idempotencyKey").asText());
                if (fresh) {
                    stored.merge(communityOf.get(r.path("residentId").asText()), 1, Integer::sum);
                    created++;
                } else {
                    duplicates++;
                }
                items.addObject().put("index", items.size()).put("status", fresh ? "CREATED" : "DUPLICATE");
            }
        }
        answer.put("created", created).put("duplicates", duplicates);
        if (loseFirstBulkAnswer.getAndSet(false)) {
            FakeHttp.answer(x, 503, "{\"title\":\"stored, but the answer was lost\"}");
            return;
        }
        FakeHttp.answer(x, 200, answer.toString());
    }

    private void single(HttpExchange x) throws IOException {
        JsonNode r = SuiteClient.JSON.readTree(x.getRequestBody());
        String community = communityOf.get(r.path("residentId").asText());
        int count;
        synchronized (this) {
            boolean fresh = keys.add(r.path("idempotencyKey").asText());
            count = fresh ? stored.merge(community, 1, Integer::sum) : stored.get(community);
        }
        FakeHttp.answer(x, 201, "{\"id\":\"x\"}");
        // the picture shows it 40 ms later, on the stream of the community's street (its direct child)
        if (resyncFirstSample.getAndSet(false)) {
            later.schedule(() -> push(id -> "event: resync\ndata: {\"latestId\":" + id + ",\"reason\":\"too-many-changes\"}\n\n"),
                    40, TimeUnit.MILLISECONDS);
            return;
        }
        later.schedule(() -> push(id -> "event: kpi\ndata: {\"area\":{\"code\":\"" + community + "\"},\"day\":\"" + today
                + "\",\n" + "data: \"figures\":{\"screened\":" + count + ".00}}\n\n"), 40, TimeUnit.MILLISECONDS);
    }

    private void push(java.util.function.IntFunction<String> eventWithId) {
        synchronized (log) {
            int id = log.size() + 2;
            String event = "id: " + id + "\n" + eventWithId.apply(id);
            log.add(event);
            write(event);
        }
    }

    private void write(String event) {
        for (OutputStream out : streams) {
            try {
                synchronized (out) {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException closed) {
                streams.remove(out);
            }
        }
    }

    private SuiteClient client() {
        return server.client(new Stats());
    }

    private RegisteredCity city() {
        City city = CityGenerator.generate("3998", 1, new CitySize(4, 2, 1, 2, 1, 0, Map.of()));
        RegisteredCity registered = new RegisteredCity(city);
        city.communities().forEach(c -> c.residents().forEach(r -> {
            registered.residents().put(r.key(), "id-" + r.key());
            communityOf.put("id-" + r.key(), c.code());
        }));
        return registered;
    }

    @Test
    void everyAcceptedRecordIsInTheTruthAndTheLagIsMatchedOnTheStream() throws Exception {
        System.setProperty("frontline.state", dir.resolve("no-local-run").toString());
        SuiteClient client = client();
        RegisteredCity registered = city();
        GroundTruth truth = new GroundTruth();
        truth.runId = "test-run";
        Scenario scenario = new Scenario("citywide-surge", null, 1, 0.0, null, new Scenario.Screening(1.0, 0.0, 15),
                null, null, null, null, null, null, new Scenario.Load(List.of(20, 40), 2, 0, 2, 2));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path result = dir.resolve("surge.json");
        Benchmark b = (Benchmark) Surge.run(client, scenario, registered, truth, result,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        long all = stored.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(b.totals().recordsAccepted()).isEqualTo(20 * 2 + 40 * 2);
        assertThat(truth.facts(Facts.SCREENINGS)).isEqualTo(all);
        for (String community : stored.keySet()) {
            assertThat(truth.expected(community, LocalDate.parse(today), Metrics.SCREENED))
                    .as(community).isEqualTo(stored.get(community).doubleValue());
        }
        // the lost answer: one failed attempt in the benchmark's tally, but the batch landed, so no error of the run
        assertThat(b.totals().failedAttempts()).isEqualTo(1);
        assertThat(b.totals().errorsByKind()).containsEntry("HTTP 503", 1L);
        assertThat(b.totals().failedWrites()).isZero();
        assertThat(b.totals().recordsLost()).isZero();
        assertThat(client.stats().errors.get()).isZero();
        assertThat(client.stats().transportRetries.get()).isEqualTo(1);
        assertThat(b.totals().inDoubt()).isZero();
        assertThat(b.steps()).extracting(Benchmark.Step::target).containsExactly(20, 40);
        // 2 samples/s for 4 s into 3 sample communities (the city's last), each seen on the stream ~40 ms later
        assertThat(b.plan().sampleCommunities()).hasSize(3);
        assertThat(b.totals().lagSamples()).isEqualTo(8);
        assertThat(b.totals().lagUnseen()).isZero();
        assertThat(b.totals().lagP99Ms()).isBetween(20.0, 5000.0); // 40 ms in the fake, slack for a busy machine
        assertThat(b.memory().measured()).isFalse();
        assertThat(b.memory().note()).startsWith("not measured");
        assertThat(b.series()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Surge.chartPath(result)).exists();
        assertThat(b.targets()).extracting(Benchmark.Target::pass).containsExactly(false, false, false);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("MISS  sustained throughput", "step 2");
        System.clearProperty("frontline.state");
    }

    @Test
    void aSuiteTooSlowForThePlanIsMeasuredNotWaitedFor() throws Exception {
        System.setProperty("frontline.state", dir.resolve("no-local-run").toString());
        loseFirstBulkAnswer.set(false);
        bulkMillis = 700; // one sender, a batch every 500 ms: the senders fall behind the timer
        GroundTruth truth = new GroundTruth();
        truth.runId = "slow-run";
        Scenario scenario = new Scenario("citywide-surge", null, 1, 0.0, null, new Scenario.Screening(1.0, 0.0, 20),
                null, null, null, null, null, null, new Scenario.Load(List.of(40), 3, 0, 0, 1));
        Benchmark b = (Benchmark) Surge.run(client(), scenario, city(), truth, null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        Benchmark.Step step = b.steps().get(0);
        assertThat(step.target()).isEqualTo(40); // the plan is never lowered
        assertThat(step.achieved()).isLessThan(40.0);
        assertThat(step.maxLateMs()).isGreaterThan(300.0);
        assertThat(step.latency().p99Ms()).isGreaterThan(step.service().p99Ms()); // the queueing is in the headline
        assertThat(b.totals().recordsAccepted()).isEqualTo(120); // the late batches still went, after the plan
        assertThat(truth.facts(Facts.SCREENINGS)).isEqualTo(120);
        assertThat(b.series()).hasSizeGreaterThan(3); // the drain's seconds are in the series
        assertThat(b.plan().sampleCommunities()).isEmpty();
        assertThat(b.chart()).isNull();
        System.clearProperty("frontline.state");
    }

    @Test
    void bodiesWrittenByJackson() throws Exception {
        JsonNode r = SuiteClient.JSON.readTree(SuiteClient.JSON.writeValueAsString(Surge.screening("a\"b", 36.3,
                java.time.OffsetDateTime.parse("2026-11-30T10:00:00.123+08:00"), "k-1")));
        assertThat(r.path("residentId").asText()).isEqualTo("a\"b"); // escaped, not broken
        assertThat(r.path("temperatureCelsius").decimalValue()).isEqualByComparingTo("36.3");
        assertThat(r.path("screenedAt").asText()).isEqualTo("2026-11-30T10:00:00.123+08:00");
        assertThat(r.path("channel").asText()).isEqualTo("CHECKPOINT");
    }

    private Benchmark oneBatch(SuiteClient client, GroundTruth truth) {
        System.setProperty("frontline.state", dir.resolve("no-local-run").toString());
        loseFirstBulkAnswer.set(false);
        Scenario scenario = new Scenario("citywide-surge", null, 1, 0.0, null, new Scenario.Screening(1.0, 0.0, 10),
                null, null, null, null, null, null, new Scenario.Load(List.of(10), 1, 0, 0, 1));
        try {
            return (Benchmark) Surge.run(client, scenario, city(), truth, null,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("frontline.state");
        }
    }

    @Test
    void aBatchThatNeverLandsIsOneErrorOfTheRunAndEachAttemptOneInTheBenchmark() {
        bulkStatus = 503;
        SuiteClient client = client();
        GroundTruth truth = new GroundTruth();
        truth.runId = "never-lands";
        Benchmark b = oneBatch(client, truth);
        assertThat(b.totals().failedAttempts()).isEqualTo(Surge.ATTEMPTS);
        assertThat(b.totals().failedWrites()).isEqualTo(1);
        assertThat(b.totals().inDoubt()).isEqualTo(10);
        assertThat(b.totals().recordsLost()).isZero();
        assertThat(client.stats().errors.get()).isEqualTo(1);
        assertThat(client.stats().requests.get()).isEqualTo(Surge.ATTEMPTS);
        // in the latencies although nothing came of it: every attempt, and the batch from due across its backoffs
        assertThat(b.totals().service().count()).isEqualTo(Surge.ATTEMPTS);
        assertThat(b.totals().latency().count()).isEqualTo(1);
        assertThat(b.totals().latency().maxMs()).isGreaterThan(3000.0); // 200 + 400 + 800 + 1600 ms of backoff
        assertThat(truth.facts(Facts.SCREENINGS)).isZero();
        assertThat(b.targets().get(1).pass()).isFalse();
        assertThat(b.targets().get(1).measured()).contains("5 failed attempts", "10 in doubt");
    }

    @Test
    void aRefusedBatchIsLostNotRetried() {
        bulkStatus = 422;
        SuiteClient client = client();
        Benchmark b = oneBatch(client, new GroundTruth());
        assertThat(b.totals().failedAttempts()).isEqualTo(1);
        assertThat(b.totals().failedWrites()).isEqualTo(1);
        assertThat(b.totals().recordsLost()).isEqualTo(10);
        assertThat(b.totals().inDoubt()).isZero();
        assertThat(client.stats().errors.get()).isEqualTo(1);
    }

    @Test
    void aSenderGivenUpNoLongerWritesTheTruthAndItsRecordsAreInDoubt() throws Exception {
        bulkMillis = 3000; // the only batch is answered (and stored) long after the senders were given up
        Surge.drainSeconds = 0;
        Surge.joinMillis = 200;
        try {
            GroundTruth truth = new GroundTruth();
            Benchmark b = oneBatch(client(), truth);
            assertThat(b.totals().inDoubt()).isEqualTo(10);
            assertThat(b.notes()).anyMatch(n -> n.contains("10 records still being sent") && n.contains("left in doubt"));
            assertThat(truth.facts(Facts.SCREENINGS)).isZero();
            long deadline = System.currentTimeMillis() + 10_000;
            while (stored.values().stream().mapToInt(Integer::intValue).sum() < 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300); // the sender has read its 2xx by now
            assertThat(stored.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10); // the suite has them
            assertThat(truth.facts(Facts.SCREENINGS)).isZero(); // the closed truth does not
        } finally {
            Surge.drainSeconds = Surge.DRAIN_SECONDS;
            Surge.joinMillis = Surge.REQUEST_TIMEOUT.toMillis() * Surge.ATTEMPTS;
        }
    }

    @Test
    void aResyncMarksTheSamplesOnlyTheReloadedOverviewCountsAndTheStreamGoesOn() throws Exception {
        System.setProperty("frontline.state", dir.resolve("no-local-run").toString());
        loseFirstBulkAnswer.set(false);
        resyncFirstSample.set(true);
        Scenario scenario = new Scenario("citywide-surge", null, 1, 0.0, null, new Scenario.Screening(1.0, 0.0, 15),
                null, null, null, null, null, null, new Scenario.Load(List.of(20), 3, 0, 2, 1));
        Benchmark b;
        try {
            b = (Benchmark) Surge.run(client(), scenario, city(), new GroundTruth(), null,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("frontline.state");
        }
        assertThat(b.totals().lagSamples()).isEqualTo(6);
        assertThat(b.totals().lagResynced()).isEqualTo(1); // the first: its change came as a resync, not a kpi event
        assertThat(b.totals().lagUnseen()).isZero(); // the others arrived on the reopened stream
        assertThat(b.totals().streamResyncs()).isGreaterThanOrEqualTo(1);
        assertThat(b.notes()).anyMatch(n -> n.contains("resync (too-many-changes)") && n.contains("1 sample(s)"));
        assertThat(b.targets().get(2).measured()).contains("1 resynced");
    }
}
