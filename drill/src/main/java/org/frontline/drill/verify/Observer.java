package org.frontline.drill.verify;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Response;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.play.TimeModel;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.GroundTruth.ExpectedAlert;
import org.frontline.drill.truth.Metrics;
import org.frontline.drill.verify.Observations.AlertSeen;
import org.frontline.drill.verify.Observations.FactCount;
import org.frontline.drill.verify.Observations.Filter;
import org.frontline.drill.verify.Observations.OpenAlertSeen;
import org.frontline.drill.verify.Observations.ReportSeen;
import org.frontline.drill.verify.Observations.Row;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads what the running suite shows about the run's city, through the gateway with the drill user's token (and,
 * read-only, the Kafka topics: {@link TopicCounter}). First it waits — up to {@code settle} — until the gateway's
 * city figures of every run day equal the truth, every expected alert is open and alert-service's signals of the city
 * (fever-screenings, positive-tests, new-quarantines, uncovered-shift-hours, items-stock-out) equal the truth,
 * printing what it still waits for; then it lets one detection sweep pass and reads the alert list until two reads
 * agree (a quiet run must not read "no alert" before detection ran); then it reads everything once
 * ({@link Observations}). A figure it cannot read becomes a named problem; a suite it cannot reach at all is a
 * {@link SuiteException}.
 */
public final class Observer {

    static final int PAGE = 200;
    /** Above this many stock sites the issues are not counted in the ledgers (one request per site and page). */
    static final int MAX_LEDGER_SITES = 300;
    /** Alerts whose log is read for the first alarm day. */
    static final int MAX_ALERT_LOGS = 200;
    /** How long {@link #parallel} waits for the jobs still running after a failure (a request times out in 60 s). */
    static final Duration AWAIT = Duration.ofSeconds(70);
    /**
     * After the signals settle: one detection sweep of alert-service ({@code alert.detection.sweep}, 10 s) and a margin
     * pass before the alert list is read (twice, equal), so a quiet run does not read "no alert" before detection ran.
     */
    static final Duration SWEEP = Duration.ofSeconds(10);
    static final Duration SWEEP_MARGIN = Duration.ofSeconds(5);
    /** alert-service's count signals the settle loop compares with the truth, with the truth's metric of each. */
    static final Map<String, String> COUNT_SIGNALS = Map.of("positive-tests", Metrics.POSITIVES, "fever-screenings",
            Metrics.FEVER, "new-quarantines", Metrics.IN_QUARANTINE);
    private static final Pattern ALARM_DAY = Pattern.compile(" on (\\d{4}-\\d{2}-\\d{2})");

    private final SuiteClient client;
    private final GroundTruth truth;
    private final PrintStream out;
    private final String city;
    private final List<LocalDate> days;
    private final List<String> streets;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final EventSource events;
    private Set<String> critical;
    /** The wait after settling before the alerts are read (tests shorten it). */
    Duration sweepWait = SWEEP.plus(SWEEP_MARGIN);
    /** The pause between two reads of the alert list that must agree (tests shorten it). */
    Duration steadyPause = Duration.ofSeconds(2);
    static final int STEADY_READS = 5;

    /** Where the events of a city are counted: the Kafka topics ({@link TopicCounter}), or a stand-in in tests. */
    @FunctionalInterface
    public interface EventSource {
        Map<String, TopicCounter.Count> count(String city);
    }

    public Observer(SuiteClient client, GroundTruth truth, PrintStream out) {
        this(client, truth, out, VerifyStep.startedAt(truth, null));
    }

    /** @param startedAt the run's start: the topics are read from the records sent since (null: from the beginning) */
    public Observer(SuiteClient client, GroundTruth truth, PrintStream out, Instant startedAt) {
        this(client, truth, out, city -> new TopicCounter(client.target().kafka, city, out, startedAt).count());
    }

    public Observer(SuiteClient client, GroundTruth truth, PrintStream out, EventSource events) {
        this.events = events;
        this.client = client;
        this.truth = truth;
        this.out = out;
        this.city = truth.cityCode;
        this.days = Verifier.runDays(truth);
        Set<String> s = new TreeSet<>();
        truth.communities.forEach(c -> s.add(c.substring(0, 9)));
        this.streets = List.copyOf(s);
    }

    /** Waits for the suite to settle (at most {@code settle}), then reads everything. */
    public Observations observe(Duration settle) {
        critical = criticalItems();
        Map<LocalDate, Map<String, Double>> cityKpi = settle(settle);
        out.println("verify: reading what the suite shows of city " + city + " …");
        List<AlertSeen> alerts = alerts();
        List<OpenAlertSeen> openAlerts = openAlerts();
        Map<String, Map<LocalDate, Map<String, Double>>> communityKpi = communityKpi();
        List<ReportSeen> reports = reports();
        Map<String, Map<String, Map<LocalDate, Double>>> signals = new TreeMap<>();
        signals.put(Observations.UNCOVERED_SIGNAL, signalByCommunity(Observations.UNCOVERED_SIGNAL,
                truth.uncoveredHours.keySet()));
        signals.put(Observations.STOCK_OUT_SIGNAL, signalByCommunity(Observations.STOCK_OUT_SIGNAL,
                truth.stockOuts.keySet()));
        Map<String, Set<String>> stockOuts = stockOutItems();
        Map<String, FactCount> facts = facts(cityKpi, alerts, openAlerts);
        return new Observations(city, days, alerts, openAlerts, cityKpi, communityKpi, reports, facts, signals,
                stockOuts, critical, List.copyOf(problems));
    }

    // ------------------------------------------------------------------ settling

    private Map<LocalDate, Map<String, Double>> settle(Duration settle) {
        Instant start = Instant.now();
        Instant deadline = start.plus(settle);
        String shown = null;
        Instant shownAt = Instant.EPOCH;
        while (true) {
            Map<LocalDate, Map<String, Double>> cityKpi = cityKpi();
            List<String> waiting = new ArrayList<>();
            for (LocalDate day : days) {
                for (String metric : Metrics.ALL) {
                    double expected = truth.expected(city, day, metric);
                    Double actual = cityKpi.getOrDefault(day, Map.of()).get(metric);
                    if (!Verifier.same(expected, actual)) {
                        waiting.add(metric + " " + day + " " + Verifier.num(actual) + "/" + Verifier.num(expected));
                    }
                }
            }
            waiting.addAll(alertsMissing());
            List<String> signals = signalsUnsettled();
            waiting.addAll(signals);
            long seconds = Duration.between(start, Instant.now()).toSeconds();
            if (waiting.isEmpty()) {
                out.println("verify: the suite shows every injected fact (settled after " + seconds + " s)");
                alertsSteady(Instant.now());
                return cityKpi;
            }
            String text = waiting.size() + (waiting.size() == 1 ? " figure: " : " figures: ") + String.join(", ", waiting.subList(0, Math.min(5,
                    waiting.size()))) + (waiting.size() > 5 ? ", …" : "");
            if (Instant.now().isAfter(deadline)) {
                out.println("verify: settle timeout (" + settle.toSeconds() + " s) — comparing what the suite shows; "
                        + "still waiting for " + text);
                // alert-service has not seen every fact: its "no alert here" would be read before detection could fire
                signals.forEach(w -> problems.add("alert-service signal not settled within " + settle.toSeconds()
                        + " s: " + w));
                alertsSteady(Instant.now());
                return cityKpi;
            }
            if (!text.equals(shown) || Duration.between(shownAt, Instant.now()).toSeconds() >= 10) {
                out.println("verify: waiting for the suite (" + seconds + " s): " + text);
                shown = text;
                shownAt = Instant.now();
            }
            sleep(2000);
        }
    }

    /**
     * Once alert-service's signals hold every fact: waits one detection sweep plus a margin ({@link #sweepWait}), then
     * reads the city's alerts until two reads {@link #steadyPause} apart are equal (ids, levels, statuses); if they
     * keep changing, that is a problem the verdict shows.
     */
    private void alertsSteady(Instant settledAt) {
        out.println("verify: waiting " + sweepWait.toSeconds() + " s for alert-service's detection sweep, then reading "
                + "the alerts until two reads agree");
        sleep(Math.max(0, Duration.between(Instant.now(), settledAt.plus(sweepWait)).toMillis()));
        List<String> before = alertSnapshot();
        for (int i = 0; i < STEADY_READS; i++) {
            sleep(steadyPause.toMillis());
            List<String> now = alertSnapshot();
            if (now.equals(before)) {
                return;
            }
            before = now;
        }
        problems.add("alert-service's alerts of city " + city + " kept changing over " + (STEADY_READS + 1) + " reads");
    }

    /** The city's alerts as "id level status", sorted. */
    private List<String> alertSnapshot() {
        List<String> list = new ArrayList<>();
        for (JsonNode a : pages("/api/v1/alerts/alerts?area=" + city)) {
            list.add(a.path("id").asText() + " " + a.path("level").asText() + " " + a.path("status").asText());
        }
        Collections.sort(list);
        return list;
    }

    private List<String> alertsMissing() {
        if (truth.alerts.isEmpty()) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        Set<String> open = new TreeSet<>();
        JsonNode page = get("/api/v1/alerts/alerts?area=" + city + "&size=" + PAGE, false);
        if (page != null) {
            page.path("items").forEach(a -> {
                if (!"CLOSED".equals(a.path("status").asText())) {
                    open.add(a.path("areaCode").asText() + " " + a.path("signal").asText());
                }
            });
        }
        for (ExpectedAlert e : truth.alerts) {
            if (!open.contains(e.community() + " " + e.signal())) {
                missing.add("alert " + e.community() + " " + e.signal());
            }
        }
        return missing;
    }

    private List<String> signalsUnsettled() {
        List<String> waiting = new ArrayList<>();
        if (days.isEmpty()) {
            return waiting;
        }
        Map<LocalDate, Double> uncovered = series(Observations.UNCOVERED_SIGNAL, city, false);
        for (LocalDate day : days) {
            double expected = truth.uncoveredHours.values().stream().mapToDouble(m -> m.getOrDefault(day, 0.0)).sum();
            Double actual = uncovered == null ? null : uncovered.getOrDefault(day, 0.0);
            if (!Verifier.same(expected, actual)) {
                waiting.add("uncovered-shift-hours " + day + " " + Verifier.num(actual) + "/" + Verifier.num(expected));
            }
        }
        // alert-service's count signals (alert-service/README "Signals"): fever-screenings = FeverDetected on the day of
        // screenedAt = the gateway's fever; positive-tests = PositiveTestReported on sampledAt = positives;
        // new-quarantines = QuarantineStarted on startDate = the day's change of inQuarantine (the drill ends none)
        for (var e : new TreeMap<>(COUNT_SIGNALS).entrySet()) {
            Map<LocalDate, Double> s = series(e.getKey(), city, false);
            for (LocalDate day : days) {
                double expected = dayChange(e.getValue(), day);
                Double actual = s == null ? null : s.getOrDefault(day, 0.0);
                if (!Verifier.same(expected, actual)) {
                    waiting.add(e.getKey() + " " + day + " " + Verifier.num(actual) + "/" + Verifier.num(expected));
                }
            }
        }
        LocalDate last = days.get(days.size() - 1);
        Map<LocalDate, Double> stockOut = series(Observations.STOCK_OUT_SIGNAL, city, false);
        long expected = truth.stockOuts.values().stream().flatMap(Set::stream).filter(critical::contains).count();
        Double actual = stockOut == null ? null : stockOut.getOrDefault(last, 0.0);
        if (!Verifier.same(expected, actual)) {
            waiting.add("items-stock-out " + last + " " + Verifier.num(actual) + "/" + expected);
        }
        return waiting;
    }

    /** The truth's change of {@code metric} on {@code day} over the city's communities (a FLOW metric's amount). */
    private double dayChange(String metric, LocalDate day) {
        double sum = 0;
        for (Map<LocalDate, Map<String, Double>> byDay : truth.kpi.values()) {
            sum += byDay.getOrDefault(day, Map.of()).getOrDefault(metric, 0.0);
        }
        return sum;
    }

    // ------------------------------------------------------------------ gateway figures

    /** The gateway's figures of the city itself, per run day. */
    private Map<LocalDate, Map<String, Double>> cityKpi() {
        Map<LocalDate, Map<String, Double>> byDay = new TreeMap<>();
        for (LocalDate day : days) {
            JsonNode o = get("/api/v1/overview?area=" + city + "&date=" + day, false);
            if (o != null) {
                byDay.put(day, figures(o.path("area").path("figures")));
            }
        }
        return byDay;
    }

    /** Per community, day and metric: the children of each street's overview (one request per street and day). */
    private Map<String, Map<LocalDate, Map<String, Double>>> communityKpi() {
        Map<String, Map<LocalDate, Map<String, Double>>> byCommunity = new ConcurrentHashMap<>();
        List<Runnable> jobs = new ArrayList<>();
        for (String street : streets) {
            for (LocalDate day : days) {
                jobs.add(() -> {
                    JsonNode o = get("/api/v1/overview?area=" + street + "&date=" + day, true);
                    if (o != null) {
                        for (JsonNode child : o.path("children")) {
                            byCommunity.computeIfAbsent(child.path("code").asText(), c -> new ConcurrentHashMap<>())
                                    .put(day, figures(child.path("figures")));
                        }
                    }
                });
            }
        }
        parallel(jobs);
        Map<String, Map<LocalDate, Map<String, Double>>> sorted = new TreeMap<>();
        byCommunity.forEach((c, m) -> sorted.put(c, new TreeMap<>(m)));
        return sorted;
    }

    private static Map<String, Double> figures(JsonNode figures) {
        Map<String, Double> map = new TreeMap<>();
        figures.fields().forEachRemaining(f -> map.put(f.getKey(), number(f.getValue())));
        return map;
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || !n.isNumber() ? null : n.asDouble();
    }

    // ------------------------------------------------------------------ alerts

    private List<AlertSeen> alerts() {
        List<JsonNode> items = pages("/api/v1/alerts/alerts?area=" + city);
        List<AlertSeen> alerts = new ArrayList<>();
        for (JsonNode a : items) {
            String id = a.path("id").asText();
            LocalDate firstAlarm = alerts.size() < MAX_ALERT_LOGS ? firstAlarmDay(id) : null;
            alerts.add(new AlertSeen(id, text(a, "areaCode"), text(a, "signal"), text(a, "level"), text(a, "status"),
                    date(a.path("observedDay")), firstAlarm, text(a, "raisedAt")));
        }
        return alerts;
    }

    /** The day of the alarm that opened the alert: its RAISED log line says "… on YYYY-MM-DD: observed …". */
    private LocalDate firstAlarmDay(String alertId) {
        JsonNode log = get("/api/v1/alerts/alerts/" + alertId + "/log", true);
        if (log == null) {
            return null;
        }
        for (JsonNode line : log.isArray() ? log : log.path("items")) {
            if ("RAISED".equals(line.path("kind").asText())) {
                Matcher m = ALARM_DAY.matcher(line.path("text").asText());
                return m.find() ? LocalDate.parse(m.group(1)) : null;
            }
        }
        return null;
    }

    private List<OpenAlertSeen> openAlerts() {
        JsonNode o = get("/api/v1/open-alerts?area=" + city, true);
        List<OpenAlertSeen> list = new ArrayList<>();
        if (o != null) {
            o.path("items").forEach(a -> list.add(new OpenAlertSeen(text(a, "alertId"), text(a, "areaCode"),
                    text(a, "level"), text(a, "status"))));
        }
        return list;
    }

    // ------------------------------------------------------------------ reports

    private List<ReportSeen> reports() {
        JsonNode list = get("/api/v1/reports", true);
        List<ReportSeen> reports = new ArrayList<>();
        if (list == null) {
            return reports;
        }
        for (JsonNode t : list.path("items")) {
            String name = t.path("name").asText();
            int version = t.path("version").asInt(1);
            JsonNode definition = null;
            JsonNode versions = get("/api/v1/reports/" + SuiteClient.enc(name) + "/versions", true);
            if (versions != null) {
                for (JsonNode v : versions.path("items")) {
                    if (v.path("version").asInt() == version) {
                        definition = v.path("definition");
                    }
                }
            }
            String rowLevel = definition == null ? "community" : definition.path("rows").path("level").asText("community");
            List<Filter> filters = new ArrayList<>();
            if (definition != null) {
                definition.path("filters").forEach(f -> filters.add(new Filter(f.path("metric").asText(),
                        f.path("op").asText(), f.path("value").asDouble())));
            }
            for (LocalDate day : days) {
                String path = "/api/v1/reports/" + SuiteClient.enc(name) + "?area=" + city + "&date=" + day
                        + "&format=json&version=" + version;
                Response r = client.get(path);
                if (!r.ok()) {
                    reports.add(new ReportSeen(name, version, day, day, day, rowLevel, List.of(), filters, List.of(),
                            Map.of(), "GET " + path + " → " + r.status() + " " + r.problem()));
                    continue;
                }
                JsonNode b = r.body();
                List<String> columns = new ArrayList<>();
                b.path("columns").forEach(c -> columns.add(c.path("metric").asText()));
                List<Row> rows = new ArrayList<>();
                b.path("rows").forEach(row -> rows.add(new Row(row.path("code").asText(), figures(row.path("values")))));
                reports.add(new ReportSeen(name, version, day, date(b.path("from")), date(b.path("to")), rowLevel,
                        columns, filters, rows, figures(b.path("totals")), null));
            }
        }
        return reports;
    }

    // ------------------------------------------------------------------ staffing and supplies

    /**
     * A signal's series per community over the run's days: each street's series first; the communities of a street
     * are read one by one only when the street shows something or the truth expects something there (values are
     * never negative, so a street at 0 throughout has every community at 0).
     */
    private Map<String, Map<LocalDate, Double>> signalByCommunity(String signal, Set<String> expected) {
        Map<String, Map<LocalDate, Double>> byCommunity = new ConcurrentHashMap<>();
        List<Runnable> jobs = new ArrayList<>();
        for (String street : streets) {
            jobs.add(() -> {
                Map<LocalDate, Double> s = series(signal, street, true);
                boolean something = s == null || s.values().stream().anyMatch(v -> Math.abs(v) > Verifier.EPSILON)
                        || expected.stream().anyMatch(c -> c.startsWith(street));
                if (!something) {
                    return;
                }
                for (String community : truth.communities) {
                    if (community.startsWith(street)) {
                        Map<LocalDate, Double> c = series(signal, community, true);
                        if (c != null) {
                            byCommunity.put(community, c);
                        }
                    }
                }
            });
        }
        parallel(jobs);
        return new TreeMap<>(byCommunity);
    }

    private Map<LocalDate, Double> series(String signal, String area, boolean note) {
        if (days.isEmpty()) {
            return Map.of();
        }
        JsonNode s = get("/api/v1/alerts/signals/" + signal + "?area=" + area + "&from=" + days.get(0) + "&to="
                + days.get(days.size() - 1), note);
        if (s == null) {
            return null;
        }
        Map<LocalDate, Double> byDay = new TreeMap<>();
        s.path("days").forEach(d -> byDay.put(LocalDate.parse(d.path("day").asText()), d.path("value").asDouble()));
        return byDay;
    }

    private Map<String, Set<String>> stockOutItems() {
        Map<String, Set<String>> byArea = new TreeMap<>();
        for (JsonNode s : pages("/api/v1/supplies/stock?area=" + city + "&level=STOCK_OUT")) {
            byArea.computeIfAbsent(s.path("areaCode").asText(), a -> new TreeSet<>()).add(s.path("itemCode").asText());
        }
        return byArea;
    }

    private Set<String> criticalItems() {
        Set<String> items = new TreeSet<>();
        pages("/api/v1/supplies/items?critical=true").forEach(i -> items.add(i.path("code").asText()));
        return items;
    }

    // ------------------------------------------------------------------ facts

    private Map<String, FactCount> facts(Map<LocalDate, Map<String, Double>> cityKpi, List<AlertSeen> alerts,
            List<OpenAlertSeen> openAlerts) {
        LocalDate first = days.isEmpty() ? LocalDate.now(TimeModel.CITY_ZONE) : days.get(0);
        LocalDate last = days.isEmpty() ? first : days.get(days.size() - 1);
        String from = SuiteClient.enc(first.minusDays(1).atStartOfDay(TimeModel.CITY_ZONE).toOffsetDateTime().toString());
        String to = SuiteClient.enc(last.plusDays(2).atStartOfDay(TimeModel.CITY_ZONE).toOffsetDateTime().toString());
        Map<String, Long> service = new LinkedHashMap<>();
        Map<String, String> serviceSource = new LinkedHashMap<>();
        count(service, serviceSource, Facts.SCREENINGS, "screening-service", "/api/v1/screening/screenings?area=" + city);
        count(service, serviceSource, Facts.POSITIVE_TESTS, "screening-service",
                "/api/v1/screening/test-results?area=" + city + "&result=POSITIVE");
        count(service, serviceSource, Facts.QUARANTINES, "screening-service", "/api/v1/screening/quarantines?area=" + city);
        count(service, serviceSource, Facts.HOUSEHOLDS, "screening-service", "/api/v1/screening/households?area=" + city);
        count(service, serviceSource, Facts.RESIDENTS, "screening-service", "/api/v1/screening/residents?area=" + city);
        count(service, serviceSource, Facts.SHIFTS, "roster-service",
                "/api/v1/roster/shifts?area=" + city + "&status=PUBLISHED&from=" + from + "&to=" + to);
        count(service, serviceSource, Facts.VOLUNTEERS, "roster-service",
                "/api/v1/roster/people?area=" + city + "&kind=VOLUNTEER");
        issuesInLedgers(service, serviceSource);
        service.put(TopicCounter.ALERTS, (long) alerts.size());
        serviceSource.put(TopicCounter.ALERTS, "alert-service");

        Map<String, TopicCounter.Count> events = this.events.count(city);

        Map<String, Long> projection = new LinkedHashMap<>();
        Map<String, String> projectionSource = new LinkedHashMap<>();
        projection.put(Facts.SCREENINGS, flow(cityKpi, Metrics.SCREENED));
        projection.put(Facts.POSITIVE_TESTS, flow(cityKpi, Metrics.POSITIVES));
        projection.put(Facts.QUARANTINES, level(cityKpi, Metrics.IN_QUARANTINE, last));
        projection.put(Facts.VOLUNTEERS, level(cityKpi, Metrics.VOLUNTEERS, last));
        projection.put(TopicCounter.ALERTS, (long) openAlerts.stream()
                .filter(a -> a.areaCode() != null && a.areaCode().startsWith(city)).count());
        projectionSource.put(Facts.SCREENINGS, "gateway Σ screened");
        projectionSource.put(Facts.POSITIVE_TESTS, "gateway Σ positives");
        projectionSource.put(Facts.QUARANTINES, "gateway inQuarantine " + last);
        projectionSource.put(Facts.VOLUNTEERS, "gateway volunteers " + last);
        projectionSource.put(TopicCounter.ALERTS, "gateway open alerts");

        Map<String, FactCount> facts = new LinkedHashMap<>();
        List<String> kinds = new ArrayList<>(Facts.ALL);
        kinds.add(TopicCounter.ALERTS);
        for (String kind : kinds) {
            TopicCounter.Count e = events.get(kind);
            facts.put(kind, new FactCount(kind, serviceSource.getOrDefault(kind, "service"), service.get(kind),
                    e == null ? null : e.source(), e == null ? null : e.events(), e == null ? null : e.records(),
                    e == null ? null : e.factIds(), e == null ? null : e.doubled(),
                    projectionSource.get(kind), projection.get(kind)));
        }
        return facts;
    }

    private void count(Map<String, Long> counts, Map<String, String> sources, String kind, String service, String path) {
        JsonNode page = get(path + "&size=1", true);
        sources.put(kind, service);
        if (page != null && page.has("total")) {
            counts.put(kind, page.path("total").asLong());
        }
    }

    /** supplies-service has no list of issues: count the ISSUE ledger calls (postings of one call share item and time). */
    private void issuesInLedgers(Map<String, Long> counts, Map<String, String> sources) {
        List<JsonNode> sites = pages("/api/v1/supplies/sites?area=" + city);
        if (sites.size() > MAX_LEDGER_SITES) {
            sources.put(Facts.ISSUES, "ledgers (not read: " + sites.size() + " sites)");
            return;
        }
        sources.put(Facts.ISSUES, "supplies ledgers");
        long issues = 0;
        for (JsonNode site : sites) {
            Set<String> calls = new TreeSet<>();
            String after = null;
            do {
                JsonNode page = get("/api/v1/supplies/sites/" + site.path("id").asText() + "/ledger?size=500"
                        + (after == null ? "" : "&after=" + SuiteClient.enc(after)), true);
                if (page == null) {
                    return;
                }
                for (JsonNode p : page.path("items")) {
                    if ("ISSUE".equals(p.path("kind").asText())) {
                        calls.add(p.path("itemCode").asText() + "@" + p.path("postedAt").asText());
                    }
                }
                after = page.hasNonNull("next") ? page.path("next").asText() : null;
            } while (after != null);
            issues += calls.size();
        }
        counts.put(Facts.ISSUES, issues);
    }

    private Long flow(Map<LocalDate, Map<String, Double>> cityKpi, String metric) {
        double sum = 0;
        for (LocalDate day : days) {
            Double v = cityKpi.getOrDefault(day, Map.of()).get(metric);
            if (v == null) {
                return null;
            }
            sum += v;
        }
        return Math.round(sum);
    }

    private static Long level(Map<LocalDate, Map<String, Double>> cityKpi, String metric, LocalDate last) {
        Double v = cityKpi.getOrDefault(last, Map.of()).get(metric);
        return v == null ? null : Math.round(v);
    }

    // ------------------------------------------------------------------ plumbing

    /** Every item of a paged list ({@code page}, {@code size}, {@code total}). */
    private List<JsonNode> pages(String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode p = get(path + (path.contains("?") ? "&" : "?") + "page=" + page + "&size=" + PAGE, true);
            if (p == null) {
                return items;
            }
            p.path("items").forEach(items::add);
            long total = p.path("total").asLong(items.size());
            if (p.path("items").size() == 0 || items.size() >= total) {
                return items;
            }
        }
    }

    /** GET, the body of a 2xx; otherwise null (and, with {@code note}, a problem the verdict shows). */
    private JsonNode get(String path, boolean note) {
        Response r = client.get(path);
        if (r.ok()) {
            return r.body();
        }
        if (note) {
            problems.add("GET " + path + " → " + r.status() + " " + r.problem());
        }
        return null;
    }

    /** Runs the jobs on up to 4 threads; the first failure is thrown once every job has stopped. */
    void parallel(List<Runnable> jobs) {
        if (jobs.size() <= 1) {
            jobs.forEach(Runnable::run);
            return;
        }
        Parallel.run(jobs, 4, AWAIT,
                () -> out.println("verify: " + jobs.size() + " reads did not stop within " + AWAIT.toSeconds() + " s"),
                "interrupted while reading the suite", e -> new SuiteException("reading the suite failed: " + e, e));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static LocalDate date(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank()) {
            return null;
        }
        String s = n.asText();
        return s.length() == 10 ? LocalDate.parse(s) : TimeModel.cityDay(OffsetDateTime.parse(s));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted while waiting for the suite", e);
        }
    }
}
