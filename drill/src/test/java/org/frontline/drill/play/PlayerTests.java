package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.frontline.drill.FakeHttp;
import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.city.City;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.scenario.ScenarioLoader;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player against a fake suite (a JDK HTTP server keeping records by idempotency key, as the services do): the
 * truth counts each accepted record once although many writes are sent twice, the outbreak's positives and quarantines
 * land on their days, a store that runs out answers 409, what was left is issued, and the stock-out is in the truth on
 * today with the alert it must raise.
 */
class PlayerTests {

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(4, this::handle);
    final Map<String, String> idsByKey = new ConcurrentHashMap<>();
    final Set<String> screeningKeys = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> stock = new ConcurrentHashMap<>();
    final AtomicInteger insufficient = new AtomicInteger();
    final AtomicInteger positives = new AtomicInteger();
    /** shift id → the person ids assigned to it */
    final Map<String, List<String>> assignments = new ConcurrentHashMap<>();
    final AtomicInteger assignmentPosts = new AtomicInteger();
    /** the fake roster wrongly refuses every assignment (409 qualification-missing) */
    volatile boolean refuseAssignments;
    /** the first assignment is recorded but answered too late (the client's read times out) */
    volatile boolean slowFirstAssignment;
    /** the fake store accepts an issue beyond its stock */
    volatile boolean overIssue;
    /** the fake store's 409 reports one more on hand than it holds */
    volatile boolean wrongOnHand;

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        String raw = FakeHttp.body(x);
        JsonNode body;
        try {
            body = SuiteClient.JSON.readTree(raw.isBlank() || !raw.startsWith("{") ? "{}" : raw);
        } catch (IOException e) {
            body = SuiteClient.JSON.createObjectNode();
        }
        ObjectNode answer = SuiteClient.JSON.createObjectNode();
        int status = 201;
        if (path.endsWith("/openid-connect/token")) {
            answer.put("access_token", "t").put("expires_in", 300);
            status = 200;
        } else if (path.equals("/api/v1/supplies/items")) {
            answer.putArray("items").addObject().put("code", "surgical-mask").put("critical", true);
            status = 200;
        } else if (path.equals("/api/v1/supplies/usage-norms")) {
            FakeHttp.answer(x, 200, "[]");
            return;
        } else if (path.startsWith("/api/v1/roster/duties/")) {
            answer.put("code", path.substring(path.lastIndexOf('/') + 1)).putArray("requiredQualifications").add("ppe");
            status = 200;
        } else if (path.endsWith("/assignments")) {
            String shift = path.split("/")[5];
            List<String> people = assignments.computeIfAbsent(shift, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
            if (method.equals("GET")) {
                ArrayNode list = SuiteClient.JSON.createArrayNode();
                people.forEach(p -> list.addObject().put("personId", p));
                FakeHttp.answer(x, 200, list.toString());
                return;
            }
            int n = assignmentPosts.incrementAndGet();
            if (refuseAssignments) {
                answer.put("type", "urn:frontline:problem:qualification-missing").put("title", "Qualification missing");
                FakeHttp.answer(x, 409, answer.toString());
                return;
            }
            String person = body.path("personId").asText();
            if (people.contains(person)) {
                answer.put("type", "urn:frontline:problem:shift-overlap");
                FakeHttp.answer(x, 409, answer.toString());
                return;
            }
            people.add(person);
            if (n == 1 && slowFirstAssignment) {
                Parallel.sleep(1500);
            }
            answer.put("id", uuid()).put("personId", person);
        } else if (method.equals("PUT")) {
            status = 200;
        } else if (path.endsWith("/screenings/bulk")) {
            ArrayNode items = answer.putArray("items");
            int i = 0;
            for (JsonNode r : body.path("records")) {
                String key = r.path("idempotencyKey").asText();
                boolean created = screeningKeys.add(key);
                items.addObject().put("index", i++).put("id", idsByKey.computeIfAbsent("s" + key, k -> uuid()))
                        .put("status", created ? "CREATED" : "DUPLICATE");
            }
        } else if (path.endsWith("/check-ins")) {
            FakeHttp.answer(x, 204, "");
            return;
        } else if (path.endsWith("/publish")) {
            status = 200;
        } else if (path.endsWith("/receipts") || path.endsWith("/issues")) {
            String siteItem = path.substring(0, path.lastIndexOf('/')) + "/" + body.path("itemCode").asText();
            String key = method + path + body.path("idempotencyKey").asText();
            if (!idsByKey.containsKey(key)) {
                int q = body.path("quantity").asInt();
                int held = stock.getOrDefault(siteItem, 0);
                if (path.endsWith("/issues") && q > held && !overIssue) {
                    insufficient.incrementAndGet();
                    answer.put("onHand", wrongOnHand ? held + 1 : held).put("requested", q);
                    FakeHttp.answer(x, 409, answer.toString());
                    return;
                }
                stock.put(siteItem, path.endsWith("/issues") ? held - q : held + q);
            }
            answer.putArray("postings").addObject().put("id", idsByKey.computeIfAbsent(key, k -> uuid()));
        } else {
            String key = body.path("idempotencyKey").asText(null);
            String id = key == null ? uuid() : idsByKey.computeIfAbsent(path + key, k -> uuid());
            if (path.endsWith("/test-results") && !idsByKey.containsKey("counted" + id)) {
                idsByKey.put("counted" + id, id);
                positives.incrementAndGet();
            }
            answer.put("id", id);
        }
        FakeHttp.answer(x, status, answer.toString());
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    static final String FAKE = """
            name: fake
            days: 3
            secondsPerDay: 0
            city: {communities: 3, householdsPerCommunity: 3, minResidentsPerHousehold: 2, maxResidentsPerHousehold: 3, staffPerCommunity: 2, volunteersPerCommunity: 1}
            screening: {coverage: 1.0, feverRate: 0.0, batchSize: 4}
            outbreak: {startCommunity: 1, onsetDay: 1, initialCases: 2, growthRate: 1.0, spreadProbability: 0.0}
            quarantine: {checkInRate: 1.0}
            roster: {dutyCode: temperature-checkpoint, shiftsPerDay: 1, hours: 8, requiredHeadcount: 2, absenceRate: 0.0, outbreakAbsenceRate: 1.0}
            supplies:
              openingStock: {surgical-mask: 100}
              dailyUse: {surgical-mask: 10}
              outbreakMultiplier: 8
            network: {retryRate: 0.5}
            detection:
              maxDaysToAlert: 1
              detectors:
                - {signal: positive-tests, method: rule, name: p, level: YELLOW, params: {windowDays: 1, threshold: 1}}
                - {signal: positive-tests, method: rule, name: p3, level: ORANGE, params: {windowDays: 7, threshold: 3}}
                - {signal: items-stock-out, method: rule, name: s, level: RED, params: {windowDays: 1, threshold: 1}}
            """;

    record Played(GroundTruth truth, Stats stats, TimeModel time, City city) {
        String community(int i) {
            return city.communities().toList().get(i).code();
        }
    }

    Played play(Path dir, String yaml, Duration timeout) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        Scenario scenario = ScenarioLoader.load(file.toString());
        Stats stats = new Stats();
        SuiteClient client = server.client(stats).requestTimeout(timeout);
        City city = CityGenerator.generate("3999", 5, scenario.citySize(null));
        GroundTruth truth = new GroundTruth();
        TimeModel time = TimeModel.of(scenario.days());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Progress progress = new Progress(stats, quiet, false)) {
            Player player = new Player(client, scenario, city, truth, time, "run1", 3, 5, 0, progress, quiet);
            RegisteredCity rc = player.setUp();
            player.play(rc);
        }
        return new Played(truth, stats, time, city);
    }

    @Test
    void anAssignmentTheRulesAllowButTheRosterRefusesIsAnErrorAndTheTruthKeepsTheModel(@TempDir Path dir)
            throws IOException {
        refuseAssignments = true;
        Played p = play(dir, FAKE, Duration.ofSeconds(30));

        // 2 staff in each of 2 quiet communities × 3 days, and the outbreak community's 2 on day 0 (then all sick)
        assertThat(assignmentPosts.get()).isEqualTo(2 * 2 * 3 + 2);
        assertThat(p.stats().errors.get()).as("every refusal the model did not predict").isEqualTo(assignmentPosts.get());
        // what the suite must show is what the rules say, not what this roster answered
        assertThat(p.truth().expected(p.community(0), p.time().day(1), Metrics.SHIFT_SLOTS_COVERED)).isEqualTo(2);
        assertThat(p.truth().expected(p.community(0), p.time().day(1), Metrics.UNCOVERED_HOURS)).isZero();
        assertThat(p.truth().uncoveredHours).containsOnlyKeys(p.community(1));
    }

    @Test
    void anAssignmentWhoseAnswerWasLostIsLookedUpNotSentAgain(@TempDir Path dir) throws IOException {
        slowFirstAssignment = true;
        Played p = play(dir, FAKE.replace("retryRate: 0.5", "retryRate: 0.0"), Duration.ofMillis(700));

        // the first POST landed but its answer came after the client's timeout: the shift's assignments tell so
        assertThat(assignmentPosts.get()).isEqualTo(2 * 2 * 3 + 2);
        assertThat(assignments.values().stream().mapToInt(List::size).sum()).isEqualTo(assignmentPosts.get());
        assertThat(p.stats().errors.get()).isZero();
        assertThat(p.truth().expected("3999", p.time().day(0), Metrics.SHIFT_SLOTS_COVERED)).isEqualTo(6);
    }

    @Test
    void anIssueBeyondTheStockThatIsAcceptedIsAnError(@TempDir Path dir) throws IOException {
        overIssue = true;
        Played p = play(dir, FAKE, Duration.ofSeconds(30));
        assertThat(p.stats().errors.get()).isEqualTo(1);
    }

    @Test
    void aStockFigureThatDiffersFromTheDrillsIsAnError(@TempDir Path dir) throws IOException {
        wrongOnHand = true;
        Played p = play(dir, FAKE, Duration.ofSeconds(30));
        assertThat(insufficient.get()).isEqualTo(1);
        assertThat(p.stats().errors.get()).isEqualTo(1);
    }

    @Test
    void theTruthCountsEveryAcceptedRecordOnceAndTheStockOutOnToday(@TempDir Path dir) throws IOException {
        Played played = play(dir, FAKE, Duration.ofSeconds(60)); // the client's default timeout
        GroundTruth truth = played.truth();
        Stats stats = played.stats();
        City city = played.city();
        TimeModel time = played.time();
        String outbreak = city.communities().toList().get(1).code();
        String quietOne = city.communities().toList().get(0).code();

        assertThat(stats.errors.get()).isZero();
        assertThat(stats.deliberateRetries.get()).as("half the writes sent twice").isGreaterThan(20);
        // every resident screened every day (coverage 1), cases only once infected: each record counted once
        assertThat(truth.facts(Facts.SCREENINGS)).isEqualTo(screeningKeys.size());
        assertThat(truth.facts(Facts.RESIDENTS)).isEqualTo(city.residentCount());
        long screened = 0;
        for (int d = 0; d < 3; d++) {
            screened += (long) truth.expected("3999", time.day(d), Metrics.SCREENED);
        }
        assertThat(screened).isEqualTo(screeningKeys.size());
        // the outbreak: 2 new cases on day 1 and 2 on day 2, each positive and quarantined on its day
        assertThat(truth.expected(outbreak, time.day(1), Metrics.POSITIVES)).isEqualTo(2);
        assertThat(truth.expected(outbreak, time.day(2), Metrics.POSITIVES)).isEqualTo(2);
        assertThat(truth.expected(outbreak, time.day(2), Metrics.SUSPECTED)).isEqualTo(2);
        assertThat(truth.expected(outbreak, time.day(2), Metrics.IN_QUARANTINE)).as("LEVEL").isEqualTo(4);
        assertThat(truth.facts(Facts.POSITIVE_TESTS)).isEqualTo(positives.get()).isEqualTo(4);
        assertThat(truth.expected(quietOne, time.day(2), Metrics.POSITIVES)).isZero();
        // every staff member absent in the outbreak community: its shifts are uncovered from the onset
        assertThat(truth.uncoveredHours).containsOnlyKeys(outbreak);
        assertThat(truth.uncoveredHours.get(outbreak)).isEqualTo(Map.of(time.day(1), 16.0, time.day(2), 16.0));
        assertThat(truth.expected(outbreak, time.day(1), Metrics.PEOPLE_ON_DUTY)).isZero();
        assertThat(truth.expected(quietOne, time.day(1), Metrics.SHIFT_SLOTS_COVERED)).isEqualTo(2);
        // masks: 10 on day 0, then 80 a day: 90 left after day 1's 80 … 10 left; day 2 asks 80 → 409, then the 10
        assertThat(insufficient.get()).isEqualTo(1);
        assertThat(truth.stockOuts).isEqualTo(Map.of(outbreak, Set.of("surgical-mask")));
        assertThat(truth.expected(outbreak, time.today(), Metrics.ITEMS_AT_STOCK_OUT)).isEqualTo(1);
        assertThat(truth.expected(quietOne, time.today(), Metrics.ITEMS_AT_STOCK_OUT)).isZero();
        // volunteers: LEVEL, registered today
        assertThat(truth.expected("3999", time.today(), Metrics.VOLUNTEERS)).isEqualTo(3);
        assertThat(truth.expected("3999", time.today().minusDays(1), Metrics.VOLUNTEERS)).isZero();
        // alerts: positives 2 + 2 in the window → ORANGE from day 2; the stock-out → RED; nothing in quiet ones
        Map<String, String> alerts = new HashMap<>();
        truth.alerts.forEach(a -> alerts.put(a.community() + " " + a.signal(), a.level()));
        assertThat(alerts).isEqualTo(Map.of(outbreak + " positive-tests", "ORANGE", outbreak + " items-stock-out", "RED"));
        GroundTruth.ExpectedAlert positive = truth.alerts.stream().filter(a -> a.signal().equals("positive-tests"))
                .findFirst().orElseThrow();
        assertThat(positive.onsetDay()).isEqualTo(time.day(1));
        assertThat(positive.latestDay()).isEqualTo(time.day(1).plusDays(1));
        assertThat(truth.outbreak).isEqualTo(Map.of(outbreak, time.day(1)));
    }
}
