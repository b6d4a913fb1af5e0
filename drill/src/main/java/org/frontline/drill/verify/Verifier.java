package org.frontline.drill.verify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.frontline.drill.truth.AlertLevels;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.GroundTruth.ExpectedAlert;
import org.frontline.drill.truth.Metrics;
import org.frontline.drill.verify.Observations.AlertSeen;
import org.frontline.drill.verify.Observations.FactCount;
import org.frontline.drill.verify.Observations.OpenAlertSeen;
import org.frontline.drill.verify.Observations.ReportSeen;
import org.frontline.drill.verify.Observations.Row;
import org.frontline.drill.verify.Verdict.Check;

/**
 * Compares what the suite shows ({@link Observations}) with what the drill injected ({@link GroundTruth}): a pure
 * function, no I/O. Sections, in the order of the table:
 * <ul>
 * <li>{@code observe} — a source the observer could not read (always a failure);</li>
 * <li>{@code alerts} — each expected alert open in its community on its signal, at exactly its level, its first
 * alarm day within onset … latest day, listed by the gateway; no other alert anywhere in the city (an outbreak
 * community included);</li>
 * <li>{@code kpi} — the gateway's figures (the truth's metrics, campaign target/reached 0 and no coverage, the open
 * alerts by level from the expected alerts): one check per metric and day for the city, one per mismatching
 * community, metric and day; {@code lowestDaysOfCover} is shown as not compared ({@code n/c});</li>
 * <li>{@code reports} — every template, every date: each row and the totals; a {@code lowestDaysOfCover} column is
 * shown as not compared;</li>
 * <li>{@code facts} — each kind: the service's count = the events on its topic = the gateway's projection = the
 * truth, and one event per fact id (nothing lost, nothing doubled);</li>
 * <li>{@code staffing}, {@code supplies} — uncovered shift hours and stock-outs where the scenario caused them and
 * nowhere else.</li>
 * </ul>
 */
public final class Verifier {

    static final double EPSILON = 1e-6;
    /** Report columns derived from the expected alerts. */
    static final Map<String, String> OPEN_ALERT_COLUMNS = Map.of("openAlertsBlue", "BLUE", "openAlertsYellow", "YELLOW",
            "openAlertsOrange", "ORANGE", "openAlertsRed", "RED");
    static final String OPEN_ALERTS = "openAlerts";
    /** The campaign figures: the drill opens no campaign, so target and reached are 0 and coverage has no figure. */
    static final String CAMPAIGN_TARGET = "campaignTarget";
    static final String CAMPAIGN_REACHED = "campaignReached";
    static final String CAMPAIGN_COVERAGE = "campaignCoverage";
    /** The gateway figures compared beyond {@link Metrics#ALL}: campaign (none) and open alerts (from the truth). */
    static final List<String> DERIVED = List.of(CAMPAIGN_TARGET, CAMPAIGN_REACHED, CAMPAIGN_COVERAGE, OPEN_ALERTS,
            "openAlertsBlue", "openAlertsYellow", "openAlertsOrange", "openAlertsRed");
    /** The one gateway figure the truth has no expected value for (days of cover need the usage history). */
    static final String NOT_COMPARED = "lowestDaysOfCover";

    private final GroundTruth truth;
    private final Observations seen;
    private final List<Check> checks = new ArrayList<>();
    private final String city;
    private final List<LocalDate> days;

    private Verifier(GroundTruth truth, Observations seen) {
        this.truth = truth;
        this.seen = seen;
        this.city = truth.cityCode != null ? truth.cityCode : seen.cityCode();
        this.days = seen.days() != null && !seen.days().isEmpty() ? seen.days() : runDays(truth);
    }

    /** The verdict of {@code seen} against {@code truth}. */
    public static Verdict verify(GroundTruth truth, Observations seen) {
        Verifier v = new Verifier(truth, seen);
        v.problems();
        v.alerts();
        v.kpi();
        v.reports();
        v.facts();
        v.staffing();
        v.supplies();
        return new Verdict(v.checks);
    }

    /** The run's city dates: {@code firstDay} … {@code firstDay + days − 1}. */
    public static List<LocalDate> runDays(GroundTruth truth) {
        List<LocalDate> list = new ArrayList<>();
        for (int i = 0; i < truth.days; i++) {
            list.add(truth.day(i));
        }
        return list;
    }

    private void check(String section, String what, String expected, String actual, boolean ok) {
        checks.add(new Check(section, what, expected, actual, ok));
    }

    // ------------------------------------------------------------------ observe

    private void problems() {
        for (String p : nn(seen.problems())) {
            check("observe", p, "readable", "not read", false);
        }
    }

    // ------------------------------------------------------------------ alerts

    private void alerts() {
        List<AlertSeen> all = nn(seen.alerts()).stream().filter(a -> a.areaCode() != null && a.areaCode().startsWith(city))
                .toList();
        Set<String> open = nn(seen.openAlerts()).stream().map(OpenAlertSeen::alertId).collect(Collectors.toSet());
        Set<String> expectedCommunities = new TreeSet<>();
        Set<String> matched = new LinkedHashSet<>();
        for (ExpectedAlert e : truth.alerts) {
            expectedCommunities.add(e.community());
            AlertSeen best = all.stream()
                    .filter(a -> e.community().equals(a.areaCode()) && Objects.equals(e.signal(), a.signal()))
                    .filter(a -> !"CLOSED".equals(a.status()))
                    .max((x, y) -> Integer.compare(AlertLevels.rank(x.level()), AlertLevels.rank(y.level()))).orElse(null);
            String what = "alert in " + e.community() + " on " + e.signal();
            String expected = "open, " + e.level() + ", first alarm " + e.onsetDay() + " … " + e.latestDay();
            if (best == null) {
                String other = all.stream().filter(a -> e.community().equals(a.areaCode()))
                        .map(a -> a.signal() + " " + a.level() + " " + a.status()).collect(Collectors.joining(", "));
                check("alerts", what, expected, "none" + (other.isEmpty() ? "" : " (there: " + other + ")"), false);
                continue;
            }
            matched.add(best.id());
            LocalDate first = best.firstSeenDay() != null ? best.firstSeenDay() : best.observedDay();
            // the truth holds the highest level that fires inside the lookback: a higher one is as wrong as a lower
            boolean levelOk = AlertLevels.rank(best.level()) >= 0 && AlertLevels.rank(best.level()) == AlertLevels.rank(e.level());
            boolean dayOk = first != null && (e.latestDay() == null || !first.isAfter(e.latestDay()))
                    && (e.onsetDay() == null || !first.isBefore(e.onsetDay()));
            check("alerts", what, expected, best.status() + ", " + best.level() + ", first alarm " + first, levelOk && dayOk);
            check("alerts", "gateway open-alerts lists the alert in " + e.community() + " on " + e.signal(), "listed",
                    open.contains(best.id()) ? "listed" : "not listed", open.contains(best.id()));
        }
        // every other alert in the city is wrong, also in an outbreak community: the truth predicts every detector on
        // every signal it models, so an alert it does not name is a suite bug or a truth bug — either way a failure
        int unexpected = 0;
        Set<String> reported = new TreeSet<>();
        for (AlertSeen a : all) {
            if (!matched.contains(a.id())) {
                unexpected++;
                reported.add(a.id());
                check("alerts", "unexpected alert in " + a.areaCode() + " on " + a.signal(), "none",
                        a.level() + " " + a.status() + ", first alarm " + firstDay(a), false);
            }
        }
        for (OpenAlertSeen a : nn(seen.openAlerts())) {
            if (a.areaCode() != null && a.areaCode().startsWith(city) && !matched.contains(a.alertId())
                    && !reported.contains(a.alertId())) {
                unexpected++;
                check("alerts", "unexpected open alert on the gateway in " + a.areaCode(), "none",
                        a.level() + " " + a.status(), false);
            }
        }
        int quiet = (int) truth.communities.stream().filter(c -> !expectedCommunities.contains(c)).count();
        check("alerts", "no alert but the " + truth.alerts.size() + " expected in city " + city + " (" + quiet
                + " quiet communities, " + expectedCommunities.size() + " with an expected alert, wider areas)", "0 others",
                unexpected + " others", unexpected == 0);
    }

    private static LocalDate firstDay(AlertSeen a) {
        return a.firstSeenDay() != null ? a.firstSeenDay() : a.observedDay();
    }

    // ------------------------------------------------------------------ kpi

    private void kpi() {
        // the city: one check per metric and day the truth expects something (or the gateway shows a difference),
        // one for all the cells that must be 0
        int zeroCells = 0;
        List<String> notZero = new ArrayList<>();
        for (String metric : compared()) {
            for (LocalDate day : days) {
                Double expected = expectedFigure(city, day, metric);
                Double actual = figure(seen.cityKpi(), day, metric);
                boolean zero = expected == null || Math.abs(expected) < EPSILON;
                if (zero && matches(expected, actual)) {
                    zeroCells++;
                } else if (zero) {
                    notZero.add(metric + " " + day + " " + num(actual));
                    check("kpi", metric + " " + day + " city " + city, num(expected), num(actual), false);
                } else {
                    check("kpi", metric + " " + day + " city " + city, num(expected), num(actual), matches(expected, actual));
                }
            }
        }
        check("kpi", "city " + city + ": the other metric × day cells (" + (zeroCells + notZero.size()) + ")",
                "0 (campaignCoverage: none)", notZero.isEmpty() ? "0 in all " + zeroCells : notZero.size() + " not 0",
                notZero.isEmpty());
        notCompared("kpi", NOT_COMPARED + " city " + city, days.stream()
                .map(d -> num(figure(seen.cityKpi(), d, NOT_COMPARED))).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> communities = new TreeSet<>(truth.communities);
        communities.addAll(truth.kpi.keySet());
        Map<String, Map<LocalDate, Map<String, Double>>> byCommunity = seen.communityKpi() == null ? Map.of()
                : seen.communityKpi();
        byCommunity.keySet().stream().filter(c -> c.startsWith(city)).forEach(communities::add);
        int compared = 0;
        int wrong = 0;
        for (String metric : compared()) {
            for (String community : communities) {
                for (LocalDate day : days) {
                    compared++;
                    Double expected = expectedFigure(community, day, metric);
                    Double actual = figure(byCommunity.get(community), day, metric);
                    if (actual == null && (expected == null || Math.abs(expected) < EPSILON)
                            && !byCommunity.containsKey(community)) {
                        continue; // a community the gateway does not know: zero everywhere, as expected
                    }
                    if (!matches(expected, actual)) {
                        wrong++;
                        check("kpi", metric + " " + community + " " + day, num(expected), num(actual), false);
                    }
                }
            }
        }
        check("kpi", "every community × day × metric (" + communities.size() + " × " + days.size() + " × "
                + compared().size() + ")", "all equal", wrong == 0 ? compared + " equal" : wrong + " differ", wrong == 0);
    }

    /** The gateway metrics compared: the truth's ({@link Metrics#ALL}) and the {@link #DERIVED} ones. */
    static List<String> compared() {
        List<String> all = new ArrayList<>(Metrics.ALL);
        all.addAll(DERIVED);
        return all;
    }

    /**
     * The figure the gateway must show for {@code area} on {@code day}: the truth's metric; 0 campaign target and
     * reached and no coverage (null: the drill opens no campaign, and the gateway derives no coverage without a target,
     * gateway/README "The city picture"); the open alerts from the truth ({@link #openAlerts}).
     */
    Double expectedFigure(String area, LocalDate day, String metric) {
        if (Metrics.ALL.contains(metric)) {
            return truth.expected(area, day, metric);
        }
        return switch (metric) {
            case CAMPAIGN_TARGET, CAMPAIGN_REACHED -> 0.0;
            case CAMPAIGN_COVERAGE -> null;
            default -> openAlerts(area, day, metric);
        };
    }

    /** Equal figures; an expected null (no figure) matches only a null. */
    static boolean matches(Double expected, Double actual) {
        return expected == null ? actual == null : same(expected, actual);
    }

    private void notCompared(String section, String what, Set<String> shown) {
        checks.add(Check.notCompared(section, what, "not compared (no expected value)",
                "shown: " + (shown.size() > 6 ? shown.size() + " distinct values" : String.join(", ", shown))));
    }

    private static Double figure(Map<LocalDate, Map<String, Double>> byDay, LocalDate day, String metric) {
        if (byDay == null || byDay.get(day) == null) {
            return null;
        }
        return byDay.get(day).get(metric);
    }

    // ------------------------------------------------------------------ reports

    private void reports() {
        if (nn(seen.reports()).isEmpty()) {
            check("reports", "report templates", "rendered", "none read", false);
            return;
        }
        Map<String, Map<String, List<String>>> notModelled = new LinkedHashMap<>();
        for (ReportSeen r : seen.reports()) {
            String label = r.name() + " v" + r.version() + " " + r.date();
            if (r.error() != null) {
                check("reports", label, "rendered", r.error(), false);
                continue;
            }
            List<String> modelled = r.columns().stream().filter(Verifier::modelled).toList();
            r.columns().stream().filter(c -> !modelled(c)).forEach(c -> notModelled
                    .computeIfAbsent(r.name(), n -> new LinkedHashMap<>()).computeIfAbsent(c, x -> new ArrayList<>())
                    .addAll(r.rows().stream().map(row -> num(row.values().get(c))).toList()));
            // the rows the truth says the report must show: the areas of the row level inside the city, filtered
            Map<String, Map<String, Expectation>> expectedRows = new TreeMap<>();
            for (String code : areasOfLevel(r.rowLevel())) {
                Map<String, Expectation> values = new LinkedHashMap<>();
                for (String metric : modelled) {
                    values.put(metric, expectation(code, r.from(), r.to(), metric));
                }
                boolean shown = r.filters().stream().allMatch(f -> {
                    Expectation x = values.containsKey(f.metric()) ? values.get(f.metric())
                            : modelled(f.metric()) ? expectation(code, r.from(), r.to(), f.metric()) : null;
                    return x == null || (x.none() ? f.holds(null) : x.exact() == null || f.holds(x.exact()));
                });
                if (shown) {
                    expectedRows.put(code, values);
                }
            }
            Map<String, Row> actualRows = new TreeMap<>();
            r.rows().forEach(row -> actualRows.put(row.code(), row));
            int differ = 0;
            int zeroMissing = 0;
            for (var e : expectedRows.entrySet()) {
                Row row = actualRows.get(e.getKey());
                if (row == null) {
                    boolean allZero = e.getValue().values().stream().allMatch(x -> x.holds(0.0));
                    if (allZero) {
                        zeroMissing++; // an area the picture has not seen: the report cannot list it, all zero as expected
                    } else {
                        differ++;
                        check("reports", label + " row " + e.getKey(), "a row", "missing", false);
                    }
                    continue;
                }
                for (var m : e.getValue().entrySet()) {
                    Double actual = row.values().get(m.getKey());
                    if (!m.getValue().holds(actual)) {
                        differ++;
                        check("reports", label + " row " + e.getKey() + " " + m.getKey(), m.getValue().text(),
                                num(actual), false);
                    }
                }
            }
            for (String code : actualRows.keySet()) {
                if (!expectedRows.containsKey(code)) {
                    differ++;
                    check("reports", label + " row " + code, "no row (not in the city's " + r.rowLevel() + " areas or "
                            + "filtered out)", "a row", false);
                }
            }
            // totals: the sum of the rows the truth says are shown
            int totalsDiffer = 0;
            for (String metric : modelled) {
                Expectation sum = CAMPAIGN_COVERAGE.equals(metric) ? Expectation.NONE
                        : Expectation.sum(expectedRows.values().stream().map(v -> v.get(metric)).toList());
                Double actual = r.totals() == null ? null : r.totals().get(metric);
                if (!sum.holds(actual)) {
                    totalsDiffer++;
                    check("reports", label + " totals " + metric, sum.text(), num(actual), false);
                }
            }
            check("reports", label + (r.from() != null && r.to() != null && !r.from().equals(r.to())
                    ? " (" + (java.time.temporal.ChronoUnit.DAYS.between(r.from(), r.to()) + 1) + " days)" : "")
                    + ": " + expectedRows.size() + " rows × " + modelled.size() + " + totals", "as the truth",
                    differ + totalsDiffer == 0 ? "all equal" + (zeroMissing > 0 ? " (" + zeroMissing + " all-zero "
                            + "areas not listed)" : "") : differ + " row figures, " + totalsDiffer + " totals differ",
                    differ + totalsDiffer == 0);
        }
        for (var t : notModelled.entrySet()) {
            for (var c : t.getValue().entrySet()) {
                notCompared("reports", t.getKey() + " column " + c.getKey(), new TreeSet<>(c.getValue()));
            }
        }
    }

    /** A column the verifier has an expected value for: the truth's metrics, the campaign ones, the open alerts. */
    static boolean modelled(String metric) {
        return Metrics.ALL.contains(metric) || DERIVED.contains(metric);
    }

    /** The areas of a report's row level inside the city, from the truth's communities. */
    private Set<String> areasOfLevel(String level) {
        int length = switch (level == null ? "community" : level) {
            case "province" -> 2;
            case "city" -> 4;
            case "district" -> 6;
            case "street" -> 9;
            default -> 12;
        };
        Set<String> areas = new TreeSet<>();
        for (String c : truth.communities) {
            if (c.length() >= length) {
                areas.add(c.substring(0, length));
            }
        }
        return areas;
    }

    /**
     * What a report cell of {@code area} over {@code from … to} must show: a FLOW metric summed over the days, a
     * LEVEL one as at the end of {@code to}; the open alerts (total and by level) from the expected alerts only.
     */
    private Expectation expectation(String area, LocalDate from, LocalDate to, String metric) {
        if (Metrics.ALL.contains(metric)) {
            if (Metrics.LEVEL.contains(metric)) {
                return Expectation.exact(truth.expected(area, to, metric));
            }
            double sum = 0;
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                sum += truth.expected(area, d, metric);
            }
            return Expectation.exact(sum);
        }
        if (CAMPAIGN_COVERAGE.equals(metric)) {
            return Expectation.NONE;
        }
        return Expectation.exact(expectedFigure(area, to, metric));
    }

    /**
     * The gateway's open alerts of {@code area} at the end of {@code day} (total or of the column's level), from the
     * truth alone: each expected alert once, at the truth's level, raised while the run played (on its last day,
     * today), so none before it; never alert-service's own list.
     */
    double openAlerts(String area, LocalDate day, String metric) {
        LocalDate last = days.isEmpty() ? day : days.get(days.size() - 1);
        if (day.isBefore(last)) {
            return 0;
        }
        String level = OPEN_ALERT_COLUMNS.get(metric);
        return truth.alerts.stream().filter(e -> e.community().startsWith(area))
                .filter(e -> level == null || level.equalsIgnoreCase(e.level())).count();
    }

    /** An expected cell: exact, or a range (when the truth knows only a least level). */
    record Expectation(Double exact, double min, double max, String why) {

        /** No figure (a campaign coverage without a campaign): only a null matches; totals of it are none too. */
        static final Expectation NONE = new Expectation(null, 0, 0, "none");

        static Expectation exact(double value) {
            return new Expectation(value, value, value, null);
        }

        boolean none() {
            return this == NONE;
        }

        static Expectation sum(List<Expectation> parts) {
            double min = 0;
            double max = 0;
            boolean exact = true;
            if (!parts.isEmpty() && parts.stream().allMatch(p -> p != null && p.none())) {
                return NONE;
            }
            for (Expectation p : parts) {
                if (p == null) {
                    continue;
                }
                min += p.min;
                max += p.max;
                exact &= p.exact != null;
            }
            return exact ? exact(min) : new Expectation(null, min, max, "range");
        }

        boolean holds(Double actual) {
            if (none()) {
                return actual == null;
            }
            if (exact != null) {
                return same(exact, actual);
            }
            return actual != null && actual >= min - EPSILON && actual <= max + EPSILON;
        }

        String text() {
            if (none()) {
                return "— (no campaign)";
            }
            return exact != null ? num(exact) : num(min) + "…" + num(max) + (why == null ? "" : " (" + why + ")");
        }
    }

    // ------------------------------------------------------------------ facts

    private void facts() {
        Set<String> kinds = new LinkedHashSet<>(Facts.ALL);
        kinds.addAll(truth.facts.keySet());
        Map<String, FactCount> counts = seen.facts() == null ? Map.of() : seen.facts();
        kinds.addAll(counts.keySet());
        for (String kind : kinds) {
            FactCount c = counts.get(kind);
            boolean modelled = Facts.ALL.contains(kind) || truth.facts.containsKey(kind);
            if (c == null) {
                check("facts", kind, modelled ? num(truth.facts(kind)) : "—", "not counted", !modelled);
                continue;
            }
            // the alerts opened: the truth's expected alerts (one AlertRaised each), never alert-service's own list
            boolean alerts = TopicCounter.ALERTS.equals(kind);
            Long expected = alerts ? Long.valueOf(truth.alerts.size()) : modelled ? Long.valueOf(truth.facts(kind)) : null;
            modelled |= alerts;
            List<String> parts = new ArrayList<>();
            boolean ok = expected != null;
            if (c.service() != null) {
                parts.add(c.serviceSource() + " " + c.service());
                ok &= c.service().equals(expected);
            } else {
                // every kind has a service count: one that was not read proves nothing ("service = …" needs it)
                parts.add(c.serviceSource() != null && c.serviceSource().contains("not read") ? c.serviceSource()
                        : (c.serviceSource() == null ? "service" : c.serviceSource()) + " not read");
                ok = false;
            }
            if (c.events() != null) {
                parts.add(c.eventSource() + " " + c.events()
                        + (c.records() != null && !c.records().equals(c.events()) ? " (" + c.records() + " records)" : ""));
                ok &= c.events().equals(expected);
            }
            if (c.factIds() != null) {
                parts.add("fact ids " + c.factIds());
                ok &= c.factIds().equals(c.events()) && c.factIds().equals(expected);
            }
            if (c.projection() != null) {
                parts.add(c.projectionSource() + " " + c.projection());
                ok &= c.projection().equals(expected);
            } else if (c.projectionSource() != null) {
                parts.add(c.projectionSource() + " not read");
                ok = false;
            }
            if (parts.isEmpty()) {
                parts.add("no way to count it");
                ok = false;
            }
            String ways = "service" + (c.events() != null ? " = events" : "")
                    + (c.factIds() != null ? " = fact ids" : "") + (c.projectionSource() != null ? " = gateway" : "");
            check("facts", kind + ": " + ways + (modelled ? " = truth" : ""),
                    expected == null ? "—" : (modelled ? "" : "= ") + expected, String.join(" · ", parts), ok);
            if (c.doubled() != null) {
                for (var d : c.doubled().entrySet()) {
                    check("facts", kind + " doubled: fact " + d.getKey(), "1 event", d.getValue() + " events", false);
                }
            }
        }
    }

    // ------------------------------------------------------------------ staffing

    private void staffing() {
        Map<String, Map<LocalDate, Double>> actual = signal(Observations.UNCOVERED_SIGNAL);
        for (var e : truth.uncoveredHours.entrySet()) {
            String community = e.getKey();
            Map<LocalDate, Double> got = actual.getOrDefault(community, Map.of());
            List<String> exp = new ArrayList<>();
            List<String> act = new ArrayList<>();
            boolean ok = true;
            for (LocalDate day : days) {
                double x = e.getValue().getOrDefault(day, 0.0);
                double y = got.getOrDefault(day, 0.0);
                if (Math.abs(x) > EPSILON) {
                    exp.add(day + " " + num(x) + "h");
                }
                if (Math.abs(y) > EPSILON) {
                    act.add(day + " " + num(y) + "h");
                }
                ok &= same(x, y);
            }
            check("staffing", "uncovered shift hours in " + community + " (alert-service signal)",
                    exp.isEmpty() ? "none" : String.join(", ", exp), act.isEmpty() ? "none" : String.join(", ", act), ok);
        }
        int elsewhere = 0;
        for (var e : actual.entrySet()) {
            if (truth.uncoveredHours.containsKey(e.getKey())) {
                continue;
            }
            if (notCaused("staffing", "uncovered shift hours", e.getKey(), e.getValue(), "h")) {
                elsewhere++;
            }
        }
        long others = truth.communities.stream().filter(c -> !truth.uncoveredHours.containsKey(c)).count();
        check("staffing", "no uncovered shift hours in the other " + others + " communities", "0 communities",
                elsewhere + " communities", elsewhere == 0);
    }

    // ------------------------------------------------------------------ supplies

    private void supplies() {
        Map<String, Set<String>> actual = seen.stockOutItems() == null ? Map.of() : seen.stockOutItems();
        Map<String, Map<LocalDate, Double>> signal = signal(Observations.STOCK_OUT_SIGNAL);
        Set<String> critical = seen.criticalItems() == null ? Set.of() : seen.criticalItems();
        LocalDate last = days.isEmpty() ? null : days.get(days.size() - 1);
        for (var e : truth.stockOuts.entrySet()) {
            String community = e.getKey();
            Set<String> got = new TreeSet<>(actual.getOrDefault(community, Set.of()));
            check("supplies", "items at stock-out in " + community + " (supplies-service)", String.join(", ", e.getValue()),
                    got.isEmpty() ? "none" : String.join(", ", got), got.equals(new TreeSet<>(e.getValue())));
            if (last != null) {
                long criticalOut = e.getValue().stream().filter(critical::contains).count();
                Double value = signal.getOrDefault(community, Map.of()).getOrDefault(last, 0.0);
                check("supplies", "critical items at stock-out in " + community + " on " + last
                        + " (alert-service signal)", num(criticalOut), num(value), same(criticalOut, value));
            }
        }
        int elsewhere = 0;
        for (var e : actual.entrySet()) {
            if (!truth.stockOuts.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
                elsewhere++;
                check("supplies", "items at stock-out in " + e.getKey() + " (not caused)", "none",
                        String.join(", ", new TreeSet<>(e.getValue())), false);
            }
        }
        for (var e : signal.entrySet()) {
            if (truth.stockOuts.containsKey(e.getKey()) || actual.containsKey(e.getKey())) {
                continue;
            }
            if (notCaused("supplies", "stock-out signal", e.getKey(), e.getValue(), "")) {
                elsewhere++;
            }
        }
        long others = truth.communities.stream().filter(c -> !truth.stockOuts.containsKey(c)).count();
        check("supplies", "no stock-out in the other " + others + " communities", "0 communities",
                elsewhere + " communities", elsewhere == 0);
    }

    /**
     * A failed check for a signal's non-zero days ({@code unit} after each value) in a community the drill caused
     * nothing in; false, and no check, when it has none.
     */
    private boolean notCaused(String section, String what, String community, Map<LocalDate, Double> byDay, String unit) {
        List<String> act = byDay.entrySet().stream().filter(d -> Math.abs(d.getValue()) > EPSILON)
                .map(d -> d.getKey() + " " + num(d.getValue()) + unit).toList();
        if (act.isEmpty()) {
            return false;
        }
        check(section, what + " in " + community + " (not caused)", "none", String.join(", ", act), false);
        return true;
    }

    private Map<String, Map<LocalDate, Double>> signal(String name) {
        if (seen.signals() == null || seen.signals().get(name) == null) {
            return Map.of();
        }
        return seen.signals().get(name);
    }

    // ------------------------------------------------------------------ helpers

    static boolean same(double expected, Double actual) {
        return actual != null && Math.abs(expected - actual) < EPSILON;
    }

    /** A figure as the table shows it: whole numbers without decimals, others with up to two; null as "—". */
    static String num(Double value) {
        if (value == null) {
            return "—";
        }
        double v = value;
        if (Math.abs(v - Math.rint(v)) < EPSILON) {
            return String.valueOf((long) Math.rint(v));
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    static String num(double value) {
        return num(Double.valueOf(value));
    }

    private static <T> List<T> nn(List<T> list) {
        return list == null ? List.of() : list;
    }
}
