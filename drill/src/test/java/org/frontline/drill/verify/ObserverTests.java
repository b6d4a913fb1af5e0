package org.frontline.drill.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.frontline.drill.FakeHttp;
import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.GroundTruth.ExpectedAlert;
import org.frontline.drill.truth.Metrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpExchange;

/**
 * The observer against a stand-in suite (a local HTTP server answering Keycloak's token endpoint and the gateway's
 * paths with the shapes the real suite answers, captured from the local run): it reads every source, pages through
 * lists, takes the first alarm day from the alert's log, and what it reads verifies against a truth it matches.
 */
class ObserverTests {

    static final String CITY = "3997";
    static final String STREET = "399701001";
    static final String SICK = "399701001001";
    static final String QUIET = "399701001002";
    static final LocalDate DAY = LocalDate.of(2026, 11, 29);
    static final LocalDate LAST = DAY.plusDays(1);
    /** The tests' stand-in for alert-service's detection sweep and margin. */
    static final Duration SWEEP = Duration.ofMillis(400);

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(0, this::answer);
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Function<Map<String, String>, String>> routes = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        routes();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        requests.add(x.getRequestMethod() + " " + x.getRequestURI());
        Map<String, String> query = new LinkedHashMap<>();
        if (x.getRequestURI().getRawQuery() != null) {
            for (String kv : x.getRequestURI().getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        String body;
        int status = 200;
        if (path.endsWith("/openid-connect/token")) {
            body = FakeHttp.TOKEN;
        } else if (routes.containsKey(path)) {
            body = routes.get(path).apply(query);
        } else {
            status = 404;
            body = "{\"title\":\"Not found\",\"detail\":\"no route " + path + "\"}";
        }
        FakeHttp.answer(x, status, body);
    }

    static String figures(double screened, double positives, double inQuarantine, double uncovered, double stockOut,
            double openRed) {
        return figures(screened, positives, inQuarantine, uncovered, stockOut, openRed, 0);
    }

    static String figures(double screened, double positives, double inQuarantine, double uncovered, double stockOut,
            double openRed, double openYellow) {
        return "{\"screened\":" + screened + ",\"fever\":0.00,\"suspected\":0.00,\"positives\":" + positives
                + ",\"inQuarantine\":" + inQuarantine + ",\"missedCheckIns\":0.00,\"campaignTarget\":0.00,"
                + "\"campaignReached\":0.00,\"campaignCoverage\":null,\"shiftSlotsRequired\":" + (uncovered > 0 ? 2 : 0)
                + ",\"shiftSlotsCovered\":0.00,\"uncoveredHours\":" + uncovered + ",\"peopleOnDuty\":0.00,"
                + "\"volunteers\":0.00,\"lowestDaysOfCover\":null,\"itemsAtStockOut\":" + stockOut + ","
                + "\"openAlertsBlue\":0.00,\"openAlertsYellow\":" + openYellow + ",\"openAlertsOrange\":0.00,"
                + "\"openAlertsRed\":" + openRed + ",\"openAlerts\":" + (openRed + openYellow) + "}";
    }

    static String list(String items, long total, Map<String, String> q) {
        return "{\"items\":[" + items + "],\"page\":" + q.getOrDefault("page", "0") + ",\"size\":"
                + q.getOrDefault("size", "20") + ",\"total\":" + total + "}";
    }

    private void routes() {
        routes.put("/api/v1/supplies/items", q -> list("{\"code\":\"surgical-mask\",\"critical\":true}", 1, q));
        routes.put("/api/v1/overview", q -> {
            boolean sickDay = DAY.toString().equals(q.get("date"));
            boolean last = LAST.toString().equals(q.get("date"));
            String sick = figures(sickDay ? 3 : 0, sickDay ? 1 : 0, sickDay || last ? 1 : 0, sickDay ? 16 : 0,
                    last ? 1 : 0, last ? 1 : 0, last ? 1 : 0);
            String quiet = figures(sickDay ? 2 : 0, 0, 0, 0, 0, 0);
            if (q.get("area").equals(CITY)) {
                String city = figures(sickDay ? 5 : 0, sickDay ? 1 : 0, sickDay || last ? 1 : 0, sickDay ? 16 : 0,
                        last ? 1 : 0, last ? 1 : 0, last ? 1 : 0);
                return "{\"date\":\"" + q.get("date") + "\",\"area\":{\"code\":\"" + CITY + "\",\"level\":\"city\","
                        + "\"figures\":" + city + "},\"children\":[]}";
            }
            return "{\"date\":\"" + q.get("date") + "\",\"area\":{\"code\":\"" + STREET + "\",\"figures\":{}},"
                    + "\"children\":[{\"code\":\"" + SICK + "\",\"level\":\"community\",\"figures\":" + sick
                    + "},{\"code\":\"" + QUIET + "\",\"level\":\"community\",\"figures\":" + quiet + "}]}";
        });
        // pages of one alert: the observer must read both (asked for more at once, both come)
        String a2 = "{\"id\":\"a2\",\"areaCode\":\"" + SICK + "\",\"level\":\"YELLOW\",\"status\":\"OPEN\","
                + "\"signal\":\"positive-tests\",\"observedDay\":\"" + LAST + "\"}";
        routes.put("/api/v1/alerts/alerts", q -> q.get("page") == null && Integer.parseInt(q.get("size")) > 1
                ? list("{\"id\":\"a1\",\"areaCode\":\"" + SICK + "\",\"status\":\"OPEN\",\"signal\":\"items-stock-out\"},"
                        + a2, 2, q)
                : q.get("page").equals("0") ? "{\"items\":[{\"id\":\"a1\",\"areaCode\":\"" + SICK + "\",\"communityCode\":\"" + SICK + "\","
                        + "\"level\":\"RED\",\"status\":\"OPEN\",\"signal\":\"items-stock-out\",\"observedDay\":\""
                        + LAST + "\",\"firstSeen\":\"2026-11-30T05:56:30Z\",\"raisedAt\":\"2026-11-30T05:56:30Z\"}],"
                        + "\"page\":0,\"size\":1,\"total\":2}"
                : "{\"items\":[{\"id\":\"a2\",\"areaCode\":\"" + SICK + "\",\"level\":\"YELLOW\",\"status\":\"OPEN\","
                        + "\"signal\":\"positive-tests\",\"observedDay\":\"" + LAST + "\"}],\"page\":1,\"size\":1,"
                        + "\"total\":2}");
        routes.put("/api/v1/alerts/alerts/a1/log", q -> "[{\"id\":1,\"kind\":\"RAISED\",\"text\":\"v-stockout v1 (rule) "
                + "on " + LAST + ": observed 1.00, threshold 1.0000\"}]");
        routes.put("/api/v1/alerts/alerts/a2/log", q -> "[{\"id\":2,\"kind\":\"RAISED\",\"text\":\"v-positive v1 (rule) "
                + "on " + DAY + ": observed 1.00, threshold 1.0000\"},{\"id\":3,\"kind\":\"FIRED\",\"text\":\"on " + LAST
                + "\"}]");
        routes.put("/api/v1/open-alerts", q -> "{\"items\":[{\"alertId\":\"a1\",\"areaCode\":\"" + SICK + "\",\"level\":"
                + "\"RED\",\"status\":\"OPEN\"},{\"alertId\":\"a2\",\"areaCode\":\"" + SICK + "\",\"level\":\"YELLOW\","
                + "\"status\":\"OPEN\"}]}");
        routes.put("/api/v1/alerts/signals/uncovered-shift-hours", q -> series(q, q.get("area").equals(QUIET) ? 0 : 16, DAY));
        routes.put("/api/v1/alerts/signals/items-stock-out", q -> series(q, q.get("area").equals(QUIET) ? 0 : 1, LAST));
        // alert-service's count signals: the sick community's positive test and quarantine on DAY, no fever
        routes.put("/api/v1/alerts/signals/positive-tests", q -> series(q, q.get("area").equals(QUIET) ? 0 : 1, DAY));
        routes.put("/api/v1/alerts/signals/new-quarantines", q -> series(q, q.get("area").equals(QUIET) ? 0 : 1, DAY));
        routes.put("/api/v1/alerts/signals/fever-screenings", q -> series(q, 0, DAY));
        routes.put("/api/v1/reports", q -> "{\"items\":[{\"name\":\"daily-epidemic\",\"version\":2}]}");
        routes.put("/api/v1/reports/daily-epidemic/versions", q -> "{\"name\":\"daily-epidemic\",\"items\":["
                + "{\"version\":1,\"definition\":{\"rows\":{\"level\":\"district\"}}},"
                + "{\"version\":2,\"definition\":{\"rows\":{\"level\":\"community\"},\"filters\":[{\"metric\":\"screened\","
                + "\"op\":\">=\",\"value\":0}]}}]}");
        routes.put("/api/v1/reports/daily-epidemic", q -> {
            boolean sickDay = DAY.toString().equals(q.get("date"));
            return "{\"template\":{\"name\":\"daily-epidemic\",\"version\":" + q.get("version") + "},\"area\":\"" + CITY
                    + "\",\"date\":\"" + q.get("date") + "\",\"from\":\"" + q.get("date") + "\",\"to\":\"" + q.get("date")
                    + "\",\"columns\":[{\"metric\":\"screened\"},{\"metric\":\"campaignCoverage\"}],\"rows\":["
                    + "{\"code\":\"" + SICK + "\",\"values\":{\"screened\":" + (sickDay ? 3 : 0) + ",\"campaignCoverage\":null}},"
                    + "{\"code\":\"" + QUIET + "\",\"values\":{\"screened\":" + (sickDay ? 2 : 0) + ",\"campaignCoverage\":null}}],"
                    + "\"totals\":{\"screened\":" + (sickDay ? 5 : 0) + ",\"campaignCoverage\":null}}";
        });
        routes.put("/api/v1/screening/screenings", q -> list("", 5, q));
        routes.put("/api/v1/screening/test-results", q -> list("", "POSITIVE".equals(q.get("result")) ? 1 : 9, q));
        routes.put("/api/v1/screening/quarantines", q -> list("", 1, q));
        routes.put("/api/v1/screening/households", q -> list("", 2, q));
        routes.put("/api/v1/screening/residents", q -> list("", 5, q));
        routes.put("/api/v1/roster/shifts", q -> list("", "PUBLISHED".equals(q.get("status")) ? 1 : 7, q));
        routes.put("/api/v1/roster/people", q -> list("", "VOLUNTEER".equals(q.get("kind")) ? 0 : 3, q));
        routes.put("/api/v1/supplies/sites", q -> list("{\"id\":\"s1\",\"areaCode\":\"" + SICK + "\"}", 1, q));
        // one issue taking two lots (two postings, one call) on the first page, another issue on the next page
        routes.put("/api/v1/supplies/sites/s1/ledger", q -> q.get("after") == null
                ? "{\"items\":[{\"kind\":\"ISSUE\",\"itemCode\":\"surgical-mask\",\"postedAt\":\"2026-11-30T05:56:29Z\"},"
                        + "{\"kind\":\"ISSUE\",\"itemCode\":\"surgical-mask\",\"postedAt\":\"2026-11-30T05:56:29Z\"},"
                        + "{\"kind\":\"RECEIPT\",\"itemCode\":\"surgical-mask\",\"postedAt\":\"2026-11-30T05:56:28Z\"}],"
                        + "\"next\":\"cursor 1\"}"
                : "{\"items\":[{\"kind\":\"ISSUE\",\"itemCode\":\"surgical-mask\",\"postedAt\":\"2026-11-29T05:56:29Z\"}]}");
        routes.put("/api/v1/supplies/stock", q -> list("{\"siteId\":\"s1\",\"areaCode\":\"" + SICK + "\",\"itemCode\":"
                + "\"surgical-mask\",\"critical\":true,\"level\":\"STOCK_OUT\"}", 1, q));
    }

    static String series(Map<String, String> q, double value, LocalDate on) {
        return "{\"signal\":\"x\",\"area\":\"" + q.get("area") + "\",\"days\":[{\"day\":\"" + DAY + "\",\"value\":"
                + (on.equals(DAY) ? value : 0) + "},{\"day\":\"" + LAST + "\",\"value\":" + (on.equals(LAST) ? value : 0)
                + "}]}";
    }

    GroundTruth truth() {
        GroundTruth t = new GroundTruth();
        t.cityCode = CITY;
        t.firstDay = DAY;
        t.days = 2;
        t.communities.addAll(List.of(SICK, QUIET));
        t.kpi(SICK, DAY, Metrics.SCREENED, 3);
        t.kpi(QUIET, DAY, Metrics.SCREENED, 2);
        t.kpi(SICK, DAY, Metrics.POSITIVES, 1);
        t.kpi(SICK, DAY, Metrics.IN_QUARANTINE, 1);
        t.kpi(SICK, DAY, Metrics.SHIFT_SLOTS_REQUIRED, 2);
        t.kpi(SICK, DAY, Metrics.UNCOVERED_HOURS, 16);
        t.uncovered(SICK, DAY, 16);
        t.kpi(SICK, LAST, Metrics.ITEMS_AT_STOCK_OUT, 1);
        t.stockOut(SICK, "surgical-mask");
        t.fact(Facts.SCREENINGS, 5);
        t.fact(Facts.POSITIVE_TESTS, 1);
        t.fact(Facts.QUARANTINES, 1);
        t.fact(Facts.HOUSEHOLDS, 2);
        t.fact(Facts.RESIDENTS, 5);
        t.fact(Facts.SHIFTS, 1);
        t.fact(Facts.ISSUES, 2);
        t.expectAlert(new ExpectedAlert(SICK, "positive-tests", "YELLOW", DAY, LAST));
        t.expectAlert(new ExpectedAlert(SICK, "items-stock-out", "RED", LAST, LAST));
        return t;
    }

    Observations observe(GroundTruth truth, ByteArrayOutputStream printed) {
        SuiteClient client = server.client(new Stats());
        Map<String, TopicCounter.Count> events = new LinkedHashMap<>();
        events.put(Facts.SCREENINGS, new TopicCounter.Count("screening.events ResidentScreened", 5, 6, 5L, null));
        events.put(TopicCounter.ALERTS, new TopicCounter.Count("alert.events AlertRaised", 2, 2, 2L, null));
        Observer observer = new Observer(client, truth, new PrintStream(printed, true, StandardCharsets.UTF_8),
                city -> events);
        observer.sweepWait = SWEEP;
        observer.steadyPause = Duration.ofMillis(50);
        return observer.observe(Duration.ofSeconds(3));
    }

    @Test
    void readsEverySourceAndWhatItReadsVerifies() {
        GroundTruth truth = truth();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Observations seen = observe(truth, printed);

        assertThat(seen.problems()).isEmpty();
        assertThat(seen.alerts()).extracting(Observations.AlertSeen::id, Observations.AlertSeen::firstSeenDay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", LAST), org.assertj.core.groups.Tuple.tuple("a2", DAY));
        assertThat(seen.openAlerts()).hasSize(2);
        assertThat(seen.cityKpi().get(DAY)).containsEntry(Metrics.SCREENED, 5.0).containsEntry("campaignCoverage", null);
        assertThat(seen.communityKpi().get(QUIET).get(DAY)).containsEntry(Metrics.SCREENED, 2.0);
        assertThat(seen.reports()).hasSize(2).allSatisfy(r -> {
            assertThat(r.version()).isEqualTo(2);
            assertThat(r.rowLevel()).isEqualTo("community");
            assertThat(r.filters()).containsExactly(new Observations.Filter(Metrics.SCREENED, ">=", 0));
            assertThat(r.columns()).containsExactly(Metrics.SCREENED, "campaignCoverage");
        });
        assertThat(seen.facts().get(Facts.ISSUES).service()).as("two ISSUE calls, one over two lots").isEqualTo(2);
        assertThat(seen.facts().get(Facts.SHIFTS).service()).isEqualTo(1);
        assertThat(seen.facts().get(Facts.POSITIVE_TESTS).service()).isEqualTo(1);
        assertThat(seen.facts().get(Facts.SCREENINGS)).satisfies(f -> {
            assertThat(f.events()).isEqualTo(5);
            assertThat(f.projection()).isEqualTo(5);
        });
        assertThat(seen.facts().get(Facts.QUARANTINES).projection()).isEqualTo(1);
        assertThat(seen.stockOutItems()).containsExactly(Map.entry(SICK, Set.of("surgical-mask")));
        assertThat(seen.signals().get(Observations.UNCOVERED_SIGNAL)).containsOnlyKeys(SICK, QUIET);
        assertThat(seen.signals().get(Observations.UNCOVERED_SIGNAL).get(SICK)).containsEntry(DAY, 16.0);
        assertThat(requests).anySatisfy(r -> assertThat(r).contains("/api/v1/alerts/alerts?area=3997&page=1"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("settled after");

        Verdict verdict = Verifier.verify(truth, seen);
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.passed()).isTrue();
    }

    @Test
    void waitsForTheSuiteAndSaysWhatItWaitsFor() {
        GroundTruth truth = truth();
        truth.kpi(QUIET, DAY, Metrics.SCREENED, 1); // one screening the stand-in never shows
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Observations seen = observe(truth, printed);

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("waiting for the suite").contains("screened " + DAY + " 5/6").contains("settle timeout");
        assertThat(Verifier.verify(truth, seen).failures()).extracting(Verdict.Check::what)
                .contains("screened " + QUIET + " " + DAY, "daily-epidemic v2 " + DAY + " row " + QUIET + " screened");
    }

    @Test
    void aSourceThatAnswersAnErrorIsAProblem() {
        routes.remove("/api/v1/open-alerts");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Observations seen = observe(truth(), printed);

        assertThat(seen.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("GET /api/v1/open-alerts")
                .contains("404"));
        assertThat(Verifier.verify(truth(), seen).passed()).isFalse();
    }

    @Test
    void settlingWaitsForAlertServicesSignalsAndOneSweepThenReadsTheAlertsTwice() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // alert-service has not consumed the positive test yet for the first reads
        routes.put("/api/v1/alerts/signals/positive-tests", q -> series(q, q.get("area").equals(QUIET) ? 0
                : calls.incrementAndGet() <= 2 ? 0 : 1, DAY));
        java.util.concurrent.atomic.AtomicLong settledAt = new java.util.concurrent.atomic.AtomicLong();
        ByteArrayOutputStream printed = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (settledAt.get() == 0 && toString(StandardCharsets.UTF_8).contains("settled after")) {
                    settledAt.set(System.nanoTime());
                    requests.add("SETTLED");
                }
            }
        };

        Observations seen = observe(truth(), printed);

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("positive-tests " + DAY + " 0/1")
                .contains("settled after").contains("detection sweep");
        assertThat(seen.problems()).isEmpty();
        // after settling: the alert list read (every page) at least twice before anything else is read
        List<String> after = requests.subList(requests.indexOf("SETTLED") + 1, requests.size());
        long snapshots = after.stream().takeWhile(r -> !r.contains("/log") && !r.contains("/open-alerts"))
                .filter(r -> r.contains("/api/v1/alerts/alerts?area=" + CITY + "&page=0")).count();
        assertThat(snapshots).isGreaterThanOrEqualTo(3); // two agreeing snapshots, then the read for the verdict
        assertThat(Verifier.verify(truth(), seen).passed()).isTrue();
    }

    @Test
    void aCountSignalThatNeverSettlesIsAProblem() {
        routes.put("/api/v1/alerts/signals/fever-screenings", q -> series(q, 1, DAY)); // a fever the truth has not

        Observations seen = observe(truth(), new ByteArrayOutputStream());

        assertThat(seen.problems()).anySatisfy(p -> assertThat(p).startsWith("alert-service signal not settled")
                .contains("fever-screenings " + DAY + " 1/0"));
    }

    @Test
    void aFailedReadStopsTheOthersBeforeItIsThrown() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Observer observer = new Observer(null, truth(), new PrintStream(printed, true, StandardCharsets.UTF_8),
                city -> Map.of());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable fails = () -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("boom");
        };
        Runnable slow = () -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                long until = System.nanoTime() + 300_000_000L; // it takes a while to stop (a request finishing)
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                stopped.set(true);
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> observer.parallel(List.of(fails, slow)))
                .hasMessage("boom");
        assertThat(stopped).as("the other read had stopped when parallel threw").isTrue();
    }

    @Test
    void theTopicsAreReadFromTheRunsStart() {
        var p0 = new org.apache.kafka.common.TopicPartition("screening.events", 0);
        var p1 = new org.apache.kafka.common.TopicPartition("screening.events", 1);
        List<org.apache.kafka.common.TopicPartition> parts = List.of(p0, p1);
        Map<org.apache.kafka.common.TopicPartition, Long> begin = Map.of(p0, 10L, p1, 0L);
        Map<org.apache.kafka.common.TopicPartition, Long> end = Map.of(p0, 500L, p1, 300L);
        Map<org.apache.kafka.common.TopicPartition, Long> byTime = new java.util.HashMap<>();
        byTime.put(p0, 420L);
        byTime.put(p1, null); // nothing sent since the start on this partition

        assertThat(TopicCounter.startOffsets(parts, byTime, begin, end)).containsExactly(Map.entry(p0, 420L),
                Map.entry(p1, 300L));
        assertThat(TopicCounter.startOffsets(parts, null, begin, end)).as("start unknown: from the beginning")
                .containsExactly(Map.entry(p0, 10L), Map.entry(p1, 0L));
    }
}
