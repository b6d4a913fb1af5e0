package org.frontline.drill.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.frontline.drill.api.SuiteClient;
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
import org.frontline.drill.verify.Verdict.Check;
import org.junit.jupiter.api.Test;

/**
 * The verifier against hand-built observations (nothing running): a suite that shows exactly the truth passes; each
 * kind of lie — a missing alert, an alert in a quiet community, a count off by one, a doubled fact, a report row off,
 * a stock-out or uncovered hours where none was caused — fails, and the failing check names where.
 */
class VerifierTests {

    static final String CITY = "3901";
    static final String OUTBREAK = "390101001001";
    static final String QUIET = "390101001002";
    static final String QUIET_TOO = "390101001003";
    static final LocalDate FIRST = LocalDate.of(2026, 11, 24);
    static final LocalDate ONSET = FIRST.plusDays(4);
    static final LocalDate LAST = FIRST.plusDays(6);

    /** A small single-cluster truth: screenings everywhere, an outbreak in one community from day 4. */
    static GroundTruth truth() {
        GroundTruth t = new GroundTruth();
        t.runId = "test";
        t.scenario = "single-cluster";
        t.cityCode = CITY;
        t.seed = 1;
        t.firstDay = FIRST;
        t.days = 7;
        t.communities.addAll(List.of(OUTBREAK, QUIET, QUIET_TOO));
        for (int i = 0; i < 7; i++) {
            LocalDate day = FIRST.plusDays(i);
            for (String c : t.communities) {
                t.kpi(c, day, Metrics.SCREENED, 10 + i);
                t.kpi(c, day, Metrics.SHIFT_SLOTS_REQUIRED, 2);
                t.kpi(c, day, Metrics.SHIFT_SLOTS_COVERED, 2);
                t.kpi(c, day, Metrics.PEOPLE_ON_DUTY, 2);
            }
        }
        t.kpi(OUTBREAK, ONSET, Metrics.FEVER, 2);
        t.kpi(OUTBREAK, ONSET, Metrics.POSITIVES, 2);
        t.kpi(OUTBREAK, ONSET, Metrics.IN_QUARANTINE, 2);
        t.kpi(OUTBREAK, ONSET.plusDays(1), Metrics.POSITIVES, 3);
        t.kpi(OUTBREAK, ONSET.plusDays(1), Metrics.IN_QUARANTINE, 3);
        t.kpi(OUTBREAK, ONSET.plusDays(1), Metrics.SHIFT_SLOTS_COVERED, -1);
        t.kpi(OUTBREAK, ONSET.plusDays(1), Metrics.PEOPLE_ON_DUTY, -1);
        t.kpi(OUTBREAK, ONSET.plusDays(1), Metrics.UNCOVERED_HOURS, 8);
        t.uncovered(OUTBREAK, ONSET.plusDays(1), 8);
        t.kpi(OUTBREAK, LAST, Metrics.ITEMS_AT_STOCK_OUT, 1);
        t.stockOut(OUTBREAK, "surgical-mask");
        for (String c : t.communities) {
            t.kpi(c, LAST, Metrics.VOLUNTEERS, 2);
        }
        t.fact(Facts.SCREENINGS, 3 * (10 + 11 + 12 + 13 + 14 + 15 + 16));
        t.fact(Facts.POSITIVE_TESTS, 5);
        t.fact(Facts.QUARANTINES, 5);
        t.fact(Facts.SHIFTS, 21);
        t.fact(Facts.VOLUNTEERS, 6);
        t.fact(Facts.HOUSEHOLDS, 24);
        t.fact(Facts.RESIDENTS, 60);
        t.fact(Facts.ISSUES, 21);
        t.expectAlert(new ExpectedAlert(OUTBREAK, "positive-tests", "YELLOW", ONSET, ONSET.plusDays(1)));
        return t;
    }

    /** What a suite that tells the truth shows. */
    static Observations consistent(GroundTruth t) {
        List<LocalDate> days = Verifier.runDays(t);
        Map<LocalDate, Map<String, Double>> cityKpi = new TreeMap<>();
        Map<String, Map<LocalDate, Map<String, Double>>> communityKpi = new TreeMap<>();
        for (LocalDate day : days) {
            cityKpi.put(day, figures(t, CITY, day));
            for (String c : t.communities) {
                communityKpi.computeIfAbsent(c, x -> new TreeMap<>()).put(day, figures(t, c, day));
            }
        }
        List<ReportSeen> reports = new ArrayList<>();
        for (LocalDate day : days) {
            reports.add(report(t, "daily-epidemic", day, day, List.of(Metrics.SCREENED, Metrics.FEVER, Metrics.SUSPECTED,
                    Metrics.POSITIVES, Metrics.IN_QUARANTINE, Metrics.MISSED_CHECK_INS, "campaignCoverage")));
            reports.add(report(t, "staffing", day.minusDays(6), day, List.of(Metrics.SHIFT_SLOTS_REQUIRED,
                    Metrics.SHIFT_SLOTS_COVERED, Metrics.UNCOVERED_HOURS, Metrics.PEOPLE_ON_DUTY, Metrics.VOLUNTEERS)));
            reports.add(report(t, "supplies", day, day, List.of("lowestDaysOfCover", Metrics.ITEMS_AT_STOCK_OUT,
                    "openAlerts", "openAlertsRed", "openAlertsOrange")));
        }
        List<AlertSeen> alerts = List.of(new AlertSeen("a-1", OUTBREAK, "positive-tests", "YELLOW", "OPEN",
                LAST, ONSET, LAST + "T10:00:00+08:00"));
        List<OpenAlertSeen> open = List.of(new OpenAlertSeen("a-1", OUTBREAK, "YELLOW", "OPEN"));
        Map<String, FactCount> facts = new LinkedHashMap<>();
        for (String kind : Facts.ALL) {
            long n = t.facts(kind);
            boolean events = !kind.equals(Facts.HOUSEHOLDS) && !kind.equals(Facts.RESIDENTS);
            boolean ids = events && !kind.equals(Facts.ISSUES);
            boolean gateway = List.of(Facts.SCREENINGS, Facts.POSITIVE_TESTS, Facts.QUARANTINES, Facts.VOLUNTEERS)
                    .contains(kind);
            facts.put(kind, new FactCount(kind, "service", n, events ? "topic" : null, events ? n : null,
                    events ? n : null, ids ? n : null, null, gateway ? "gateway" : null, gateway ? n : null));
        }
        facts.put(TopicCounter.ALERTS, new FactCount(TopicCounter.ALERTS, "alert-service", 1L, "alert.events", 1L, 1L,
                1L, null, "gateway open alerts", 1L));
        Map<String, Map<String, Map<LocalDate, Double>>> signals = new TreeMap<>();
        signals.put(Observations.UNCOVERED_SIGNAL, Map.of(OUTBREAK, zeros(days, Map.of(ONSET.plusDays(1), 8.0)),
                QUIET, zeros(days, Map.of())));
        signals.put(Observations.STOCK_OUT_SIGNAL, Map.of(OUTBREAK, zeros(days, Map.of(LAST, 1.0))));
        return new Observations(CITY, days, alerts, open, cityKpi, communityKpi, reports, facts, signals,
                Map.of(OUTBREAK, Set.of("surgical-mask")), Set.of("surgical-mask", "n95-respirator"), List.of());
    }

    static Map<String, Double> figures(GroundTruth t, String area, LocalDate day) {
        Map<String, Double> f = new TreeMap<>();
        Metrics.ALL.forEach(m -> f.put(m, t.expected(area, day, m)));
        f.put("campaignTarget", 0.0);
        f.put("campaignReached", 0.0);
        f.put("campaignCoverage", null);
        f.put("lowestDaysOfCover", 4.5);
        // the open alerts: the truth's expected ones (raised on the last day, at their level)
        for (String level : List.of("Blue", "Yellow", "Orange", "Red")) {
            f.put("openAlerts" + level, (double) (day.equals(LAST) ? t.alerts.stream()
                    .filter(e -> e.community().startsWith(area) && e.level().equalsIgnoreCase(level)).count() : 0));
        }
        f.put("openAlerts", (double) (day.equals(LAST) ? t.alerts.stream().filter(e -> e.community().startsWith(area))
                .count() : 0));
        return f;
    }

    static ReportSeen report(GroundTruth t, String name, LocalDate from, LocalDate to, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        Map<String, Double> totals = new TreeMap<>();
        for (String c : t.communities) {
            Map<String, Double> values = new TreeMap<>();
            for (String m : columns) {
                Double v = value(t, c, from, to, m);
                values.put(m, v);
                if (v != null) {
                    totals.merge(m, v, Double::sum);
                }
            }
            rows.add(new Row(c, values));
        }
        return new ReportSeen(name, 1, to, from, to, "community", columns, List.of(), rows, totals, null);
    }

    static Double value(GroundTruth t, String area, LocalDate from, LocalDate to, String metric) {
        if (Metrics.ALL.contains(metric)) {
            if (Metrics.LEVEL.contains(metric)) {
                return t.expected(area, to, metric);
            }
            double sum = 0;
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                sum += t.expected(area, d, metric);
            }
            return sum;
        }
        return switch (metric) {
            case "openAlerts" -> area.equals(OUTBREAK) && to.equals(LAST) ? 1.0 : 0.0;
            case "openAlertsRed", "openAlertsOrange" -> 0.0;
            case "lowestDaysOfCover" -> 4.5;
            default -> null;
        };
    }

    static Map<LocalDate, Double> zeros(List<LocalDate> days, Map<LocalDate, Double> values) {
        Map<LocalDate, Double> m = new TreeMap<>();
        days.forEach(d -> m.put(d, values.getOrDefault(d, 0.0)));
        return m;
    }

    static Observations with(Observations o, Consumer<Builder> change) {
        Builder b = new Builder(o);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy of observations, to break one thing. */
    static final class Builder {
        List<AlertSeen> alerts;
        List<OpenAlertSeen> open;
        Map<LocalDate, Map<String, Double>> cityKpi;
        Map<String, Map<LocalDate, Map<String, Double>>> communityKpi;
        List<ReportSeen> reports;
        Map<String, FactCount> facts;
        Map<String, Map<String, Map<LocalDate, Double>>> signals;
        Map<String, Set<String>> stockOuts;
        final Observations o;

        Builder(Observations o) {
            this.o = o;
            alerts = new ArrayList<>(o.alerts());
            open = new ArrayList<>(o.openAlerts());
            cityKpi = deep(o.cityKpi());
            communityKpi = new TreeMap<>();
            o.communityKpi().forEach((c, m) -> communityKpi.put(c, deep(m)));
            reports = new ArrayList<>(o.reports());
            facts = new LinkedHashMap<>(o.facts());
            signals = new TreeMap<>();
            o.signals().forEach((s, m) -> signals.put(s, new TreeMap<>(m)));
            stockOuts = new TreeMap<>(o.stockOutItems());
        }

        static Map<LocalDate, Map<String, Double>> deep(Map<LocalDate, Map<String, Double>> m) {
            Map<LocalDate, Map<String, Double>> copy = new TreeMap<>();
            m.forEach((d, f) -> copy.put(d, new TreeMap<>(f)));
            return copy;
        }

        Observations build() {
            return new Observations(o.cityCode(), o.days(), alerts, open, cityKpi, communityKpi, reports, facts, signals,
                    stockOuts, o.criticalItems(), o.problems());
        }
    }

    static List<Check> failures(Verdict v) {
        return v.failures();
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void aSuiteThatShowsTheTruthPasses() {
        GroundTruth t = truth();
        Verdict v = Verifier.verify(t, consistent(t));

        assertThat(failures(v)).isEmpty();
        assertThat(v.passed()).isTrue();
        assertThat(v.checks()).extracting(Check::section)
                .contains("alerts", "kpi", "reports", "facts", "staffing", "supplies");
        assertThat(v.table()).contains("PASSED").doesNotContain("FAIL ");
        // the one figure the truth has no value for is shown as not compared: neither a pass nor a failure
        assertThat(v.checks()).filteredOn(Check::notCompared).isNotEmpty().allSatisfy(c -> {
            assertThat(c.what()).contains("lowestDaysOfCover");
            assertThat(c.ok()).isFalse();
        });
        assertThat(v.checks()).noneSatisfy(c -> assertThat(c.what()).contains("campaignCoverage"));
        assertThat(v.table()).contains(" n/c").containsPattern("\\d+ checks, 0 failed, " + v.notCompared()
                + " not compared — PASSED");
        assertThat(v.compared()).isEqualTo(v.checks().size() - v.notCompared());
    }

    @Test
    void theCampaignAndOpenAlertFiguresAreCompared() {
        GroundTruth t = truth();
        Observations campaign = with(consistent(t), b -> {
            b.cityKpi.get(LAST).put("campaignTarget", 12.0);
            b.communityKpi.get(QUIET).get(LAST).put("campaignCoverage", 50.0);
        });
        Observations noAlertFigure = with(consistent(t), b -> {
            b.cityKpi.get(LAST).put("openAlertsYellow", 0.0);
            b.communityKpi.get(OUTBREAK).get(LAST).put("openAlerts", 0.0);
        });

        assertThat(failures(Verifier.verify(t, campaign))).extracting(Check::what).contains(
                "campaignTarget " + LAST + " city " + CITY, "campaignCoverage " + QUIET + " " + LAST);
        assertThat(failures(Verifier.verify(t, noAlertFigure))).extracting(Check::what).contains(
                "openAlertsYellow " + LAST + " city " + CITY, "openAlerts " + OUTBREAK + " " + LAST);
    }

    @Test
    void aNotComparedFigureIsNoPass() {
        Verdict onlyNotCompared = new Verdict(List.of(Check.notCompared("kpi", "lowestDaysOfCover city", "n/c", "4")));
        Verdict mixed = new Verdict(List.of(new Check("kpi", "screened", "1", "1", true),
                Check.notCompared("kpi", "lowestDaysOfCover city", "n/c", "4")));

        assertThat(onlyNotCompared.passed()).isFalse();
        assertThat(onlyNotCompared.summary()).startsWith("0 checks, 0 failed, 1 not compared — FAILED");
        assertThat(mixed.passed()).isTrue();
        assertThat(mixed.failed()).isZero();
        assertThat(mixed.table()).contains("1 checks, 0 failed, 1 not compared — PASSED").containsPattern("n/c\\n");
    }

    @Test
    void aMissingAlertFailsNamingTheCommunity() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.alerts.clear();
            b.open.clear();
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(v.passed()).isFalse();
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.section()).isEqualTo("alerts");
            assertThat(c.what()).contains(OUTBREAK).contains("positive-tests");
            assertThat(c.actual()).startsWith("none");
        });
        assertThat(v.table()).contains("FAILED").contains(OUTBREAK);
    }

    @Test
    void anAlertTooLateOrTooLowFails() {
        GroundTruth t = truth();
        Observations late = with(consistent(t), b -> {
            b.alerts.set(0, new AlertSeen("a-1", OUTBREAK, "positive-tests", "YELLOW", "OPEN", LAST, LAST, null));
        });
        Observations low = with(consistent(t), b -> {
            b.alerts.set(0, new AlertSeen("a-1", OUTBREAK, "positive-tests", "BLUE", "OPEN", ONSET, ONSET, null));
        });

        assertThat(failures(Verifier.verify(t, late))).singleElement()
                .satisfies(c -> assertThat(c.actual()).contains("first alarm " + LAST));
        assertThat(failures(Verifier.verify(t, low))).singleElement()
                .satisfies(c -> assertThat(c.actual()).contains("BLUE"));
    }

    @Test
    void anAlertAboveItsLevelFails() {
        GroundTruth t = truth();
        Observations high = with(consistent(t), b -> {
            b.alerts.set(0, new AlertSeen("a-1", OUTBREAK, "positive-tests", "ORANGE", "OPEN", ONSET, ONSET, null));
        });

        assertThat(failures(Verifier.verify(t, high))).singleElement().satisfies(c -> {
            assertThat(c.what()).isEqualTo("alert in " + OUTBREAK + " on positive-tests");
            assertThat(c.expected()).startsWith("open, YELLOW,");
            assertThat(c.actual()).contains("ORANGE");
        });
    }

    @Test
    void anAlertInAQuietCommunityFails() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.alerts.add(new AlertSeen("a-2", QUIET_TOO, "fever-screenings", "BLUE", "OPEN", LAST, LAST, null));
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(v.passed()).isFalse();
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.what()).contains("unexpected alert in " + QUIET_TOO).contains("fever-screenings");
            assertThat(c.expected()).isEqualTo("none");
        });
        assertThat(failures(v)).anySatisfy(c -> assertThat(c.what())
                .startsWith("no alert but the 1 expected in city " + CITY + " (2 quiet communities"));
    }

    @Test
    void anotherAlertInTheOutbreakCommunityFailsAndTheReportsExpectOnlyTheTruth() {
        GroundTruth t = truth();
        Observations extra = with(consistent(t), b -> {
            b.alerts.add(new AlertSeen("a-3", OUTBREAK, "new-quarantines", "RED", "OPEN", LAST, LAST, null));
            b.open.add(new OpenAlertSeen("a-3", OUTBREAK, "RED", "OPEN"));
        });
        // the gateway's report shows what alert-service shows: 2 open, 1 of them RED — the truth says 1, none RED
        Observations inTheReport = with(extra, b -> {
            int last = b.reports.size() - 1; // the supplies report of the last day
            ReportSeen r = b.reports.get(last);
            assertThat(r.name()).isEqualTo("supplies");
            List<Row> rows = new ArrayList<>();
            for (Row row : r.rows()) {
                Map<String, Double> values = new TreeMap<>(row.values());
                if (row.code().equals(OUTBREAK)) {
                    values.put("openAlerts", 2.0);
                    values.put("openAlertsRed", 1.0);
                }
                rows.add(new Row(row.code(), values));
            }
            Map<String, Double> totals = new TreeMap<>(r.totals());
            totals.put("openAlerts", 2.0);
            totals.put("openAlertsRed", 1.0);
            b.reports.set(last, new ReportSeen(r.name(), 1, r.date(), r.from(), r.to(), r.rowLevel(), r.columns(),
                    r.filters(), rows, totals, null));
        });

        assertThat(failures(Verifier.verify(t, extra))).extracting(Check::what)
                .contains("unexpected alert in " + OUTBREAK + " on new-quarantines")
                .noneMatch(w -> w.contains("supplies v1"));
        assertThat(failures(Verifier.verify(t, inTheReport))).extracting(Check::what)
                .contains("unexpected alert in " + OUTBREAK + " on new-quarantines",
                        "supplies v1 " + LAST + " row " + OUTBREAK + " openAlerts",
                        "supplies v1 " + LAST + " row " + OUTBREAK + " openAlertsRed",
                        "supplies v1 " + LAST + " totals openAlerts");
    }

    @Test
    void theOpenAlertColumnsAreExpectedAtTheTruthsLevelNotAlertServices() {
        GroundTruth t = truth();
        // alert-service (wrongly) holds the expected alert at ORANGE and the gateway's report follows it
        Observations seen = with(consistent(t), b -> {
            b.alerts.set(0, new AlertSeen("a-1", OUTBREAK, "positive-tests", "ORANGE", "OPEN", ONSET, ONSET, null));
            int last = b.reports.size() - 1;
            ReportSeen r = b.reports.get(last);
            List<Row> rows = new ArrayList<>();
            for (Row row : r.rows()) {
                Map<String, Double> values = new TreeMap<>(row.values());
                if (row.code().equals(OUTBREAK)) {
                    values.put("openAlertsOrange", 1.0);
                }
                rows.add(new Row(row.code(), values));
            }
            Map<String, Double> totals = new TreeMap<>(r.totals());
            totals.put("openAlertsOrange", 1.0);
            b.reports.set(last, new ReportSeen(r.name(), 1, r.date(), r.from(), r.to(), r.rowLevel(), r.columns(),
                    r.filters(), rows, totals, null));
        });

        assertThat(failures(Verifier.verify(t, seen))).filteredOn(c -> c.section().equals("reports"))
                .extracting(Check::what, Check::expected)
                .contains(org.assertj.core.groups.Tuple.tuple("supplies v1 " + LAST + " row " + OUTBREAK
                        + " openAlertsOrange", "0"));
    }

    @Test
    void theAlertsOpenedAreExpectedFromTheTruth() {
        GroundTruth t = truth();
        // alert-service opened two, its topic and the gateway agree with it: the truth expects one
        Observations seen = with(consistent(t), b -> {
            b.facts.put(TopicCounter.ALERTS, new FactCount(TopicCounter.ALERTS, "alert-service", 2L, "alert.events",
                    2L, 2L, 2L, null, "gateway open alerts", 2L));
        });

        assertThat(failures(Verifier.verify(t, seen))).filteredOn(c -> c.section().equals("facts")).singleElement()
                .satisfies(c -> {
                    assertThat(c.what()).startsWith(TopicCounter.ALERTS + ": service = ").endsWith(" = truth");
                    assertThat(c.expected()).isEqualTo("1");
                });
    }

    @Test
    void aServiceCountThatWasNotReadFails() {
        GroundTruth t = truth();
        long n = t.facts(Facts.ISSUES);
        Observations seen = with(consistent(t), b -> {
            b.facts.put(Facts.ISSUES, new FactCount(Facts.ISSUES, "ledgers (not read: 400 sites)", null, "topic", n, n,
                    null, null, null, null));
        });
        Observations noProjection = with(consistent(t), b -> {
            long q = t.facts(Facts.QUARANTINES);
            b.facts.put(Facts.QUARANTINES, new FactCount(Facts.QUARANTINES, "service", q, "topic", q, q, q, null,
                    "gateway inQuarantine", null));
        });

        assertThat(failures(Verifier.verify(t, seen))).singleElement().satisfies(c -> {
            assertThat(c.what()).isEqualTo(Facts.ISSUES + ": service = events = truth");
            assertThat(c.actual()).contains("not read: 400 sites");
        });
        assertThat(failures(Verifier.verify(t, noProjection))).singleElement().satisfies(c -> {
            assertThat(c.what()).startsWith(Facts.QUARANTINES + ":");
            assertThat(c.actual()).contains("gateway inQuarantine not read");
        });
    }

    @Test
    void aKpiCountOffByOneFailsNamingMetricCommunityAndDay() {
        GroundTruth t = truth();
        LocalDate day = FIRST.plusDays(2);
        Observations seen = with(consistent(t), b -> {
            b.communityKpi.get(QUIET).get(day).merge(Metrics.SCREENED, 1.0, Double::sum);
            b.cityKpi.get(day).merge(Metrics.SCREENED, 1.0, Double::sum);
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(v.passed()).isFalse();
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.section()).isEqualTo("kpi");
            assertThat(c.what()).isEqualTo("screened " + QUIET + " " + day);
            assertThat(c.expected()).isEqualTo("12");
            assertThat(c.actual()).isEqualTo("13");
        });
        assertThat(failures(v)).anySatisfy(c -> assertThat(c.what()).isEqualTo("screened " + day + " city " + CITY));
    }

    @Test
    void aCountOffInOneCommunityFailsEvenWhenTheCityTotalMatches() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.communityKpi.get(OUTBREAK).get(ONSET).merge(Metrics.POSITIVES, -1.0, Double::sum);
            b.communityKpi.get(QUIET).get(ONSET).merge(Metrics.POSITIVES, 1.0, Double::sum);
        });

        assertThat(failures(Verifier.verify(t, seen))).extracting(Check::what).containsExactlyInAnyOrder(
                "positives " + OUTBREAK + " " + ONSET, "positives " + QUIET + " " + ONSET,
                "every community × day × metric (3 × 7 × 20)");
    }

    @Test
    void aFigureWhereTheTruthSaysZeroFails() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.cityKpi.get(FIRST).put(Metrics.MISSED_CHECK_INS, 1.0);
        });

        assertThat(failures(Verifier.verify(t, seen))).extracting(Check::what)
                .contains("missedCheckIns " + FIRST + " city " + CITY);
    }

    @Test
    void aDoubledFactFails() {
        GroundTruth t = truth();
        long n = t.facts(Facts.SCREENINGS);
        Observations seen = with(consistent(t), b -> {
            // the service stored it once, but two events (two ids) went out for one screening: the gateway counts two
            b.facts.put(Facts.SCREENINGS, new FactCount(Facts.SCREENINGS, "screening-service", n, "screening.events",
                    n + 1, n + 1, n, Map.of("6f1c2a9e-5d1b-4c59-9d0e-2f3b8a7c1e01", 2L), "gateway Σ screened", n + 1));
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(v.passed()).isFalse();
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.section()).isEqualTo("facts");
            assertThat(c.what()).startsWith("screenings: ");
            assertThat(c.actual()).contains("fact ids " + n).contains("screening.events " + (n + 1));
        });
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.what()).isEqualTo("screenings doubled: fact 6f1c2a9e-5d1b-4c59-9d0e-2f3b8a7c1e01");
            assertThat(c.actual()).isEqualTo("2 events");
        });
    }

    @Test
    void aLostFactFails() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.facts.put(Facts.HOUSEHOLDS, new FactCount(Facts.HOUSEHOLDS, "screening-service", 23L, null, null, null,
                    null, null, null, null));
        });

        assertThat(failures(Verifier.verify(t, seen))).singleElement().satisfies(c -> {
            assertThat(c.what()).startsWith("households: service = truth");
            assertThat(c.expected()).isEqualTo("24");
            assertThat(c.actual()).isEqualTo("screening-service 23");
        });
    }

    @Test
    void aReportRowOffFailsNamingTemplateRowAndColumn() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            int i = 0;
            for (; i < b.reports.size(); i++) {
                if (b.reports.get(i).name().equals("staffing") && b.reports.get(i).date().equals(LAST)) {
                    break;
                }
            }
            ReportSeen r = b.reports.get(i);
            List<Row> rows = new ArrayList<>();
            for (Row row : r.rows()) {
                Map<String, Double> values = new TreeMap<>(row.values());
                if (row.code().equals(OUTBREAK)) {
                    values.put(Metrics.UNCOVERED_HOURS, 16.0);
                }
                rows.add(new Row(row.code(), values));
            }
            b.reports.set(i, new ReportSeen(r.name(), r.version(), r.date(), r.from(), r.to(), r.rowLevel(), r.columns(),
                    r.filters(), rows, r.totals(), null));
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(v.passed()).isFalse();
        assertThat(failures(v)).anySatisfy(c -> {
            assertThat(c.section()).isEqualTo("reports");
            assertThat(c.what()).isEqualTo("staffing v1 " + LAST + " row " + OUTBREAK + " uncoveredHours");
            assertThat(c.expected()).isEqualTo("8");
            assertThat(c.actual()).isEqualTo("16");
        });
    }

    @Test
    void reportTotalsAndMissingRowsAreChecked() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            ReportSeen r = b.reports.get(0); // daily-epidemic, first day
            Map<String, Double> totals = new TreeMap<>(r.totals());
            totals.merge(Metrics.SCREENED, 1.0, Double::sum);
            b.reports.set(0, new ReportSeen(r.name(), r.version(), r.date(), r.from(), r.to(), r.rowLevel(), r.columns(),
                    r.filters(), r.rows().subList(0, 2), totals, null));
        });

        assertThat(failures(Verifier.verify(t, seen))).extracting(Check::what).contains(
                "daily-epidemic v1 " + FIRST + " totals screened", "daily-epidemic v1 " + FIRST + " row " + QUIET_TOO);
    }

    @Test
    void aReportFilterDecidesWhichRowsTheTruthExpects() {
        GroundTruth t = truth();
        Filter onlyPositives = new Filter(Metrics.POSITIVES, ">", 0);
        ReportSeen r = report(t, "positives", ONSET, ONSET, List.of(Metrics.POSITIVES));
        ReportSeen filtered = new ReportSeen(r.name(), 1, ONSET, ONSET, ONSET, "community", r.columns(),
                List.of(onlyPositives), r.rows().stream().filter(row -> row.code().equals(OUTBREAK)).toList(),
                Map.of(Metrics.POSITIVES, 2.0), null);
        Observations seen = with(consistent(t), b -> {
            b.reports.add(filtered);
        });

        assertThat(failures(Verifier.verify(t, seen))).isEmpty();
        assertThat(failures(Verifier.verify(t, with(seen, b -> {
            // every row shown although the filter hides the quiet ones
            b.reports.set(b.reports.size() - 1, new ReportSeen(r.name(), 1, ONSET, ONSET, ONSET, "community",
                    r.columns(), List.of(onlyPositives), r.rows(), r.totals(), null));
        })))).isNotEmpty();
    }

    @Test
    void uncoveredHoursOrAStockOutWhereNoneWasCausedFail() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.signals.put(Observations.UNCOVERED_SIGNAL, Map.of(OUTBREAK, zeros(t.days == 7 ? Verifier.runDays(t)
                    : List.of(), Map.of(ONSET.plusDays(1), 8.0)), QUIET, zeros(Verifier.runDays(t), Map.of(LAST, 4.0))));
            b.stockOuts.put(QUIET_TOO, Set.of("n95-respirator"));
        });

        Verdict v = Verifier.verify(t, seen);

        assertThat(failures(v)).extracting(Check::what).contains(
                "uncovered shift hours in " + QUIET + " (not caused)", "items at stock-out in " + QUIET_TOO + " (not caused)");
    }

    @Test
    void aMissingStockOutFails() {
        GroundTruth t = truth();
        Observations seen = with(consistent(t), b -> {
            b.stockOuts.clear();
            b.signals.put(Observations.STOCK_OUT_SIGNAL, Map.of());
        });

        assertThat(failures(Verifier.verify(t, seen))).extracting(Check::what).contains(
                "items at stock-out in " + OUTBREAK + " (supplies-service)",
                "critical items at stock-out in " + OUTBREAK + " on " + LAST + " (alert-service signal)");
    }

    @Test
    void whatCouldNotBeReadFails() {
        GroundTruth t = truth();
        Observations o = consistent(t);
        Observations seen = new Observations(o.cityCode(), o.days(), o.alerts(), o.openAlerts(), o.cityKpi(),
                o.communityKpi(), o.reports(), o.facts(), o.signals(), o.stockOutItems(), o.criticalItems(),
                List.of("GET /api/v1/reports/supplies → 500 boom"));

        assertThat(failures(Verifier.verify(t, seen))).singleElement()
                .satisfies(c -> assertThat(c.section()).isEqualTo("observe"));
    }

    @Test
    void anEmptyVerdictHasNotPassed() {
        Verdict v = new Verdict(List.of());

        assertThat(v.passed()).isFalse();
        assertThat(v.table()).contains("0 checks, 0 failed — FAILED");
    }

    @Test
    void theVerdictIsWrittenAsJsonWithItsOutcome() throws Exception {
        Verdict v = new Verdict(List.of(new Check("kpi", "screened", "1", "2", false)));

        String json = SuiteClient.JSON.writeValueAsString(v);

        assertThat(json).contains("\"passed\":false").contains("\"failed\":1").contains("\"section\":\"kpi\"");
        assertThat(SuiteClient.JSON.readValue(json, Verdict.class)).isEqualTo(v);
    }

    @Test
    void theTableAlignsItsColumnsAndEndsWithTheSummary() {
        Verdict v = new Verdict(List.of(new Check("kpi", "screened 2026-11-28 city 3901", "42", "42", true),
                new Check("kpi", "fever 2026-11-28 city 3901", "3", "2", false),
                new Check("facts", "screenings", "100", "100", true)));

        List<String> lines = v.table().lines().toList();

        assertThat(lines.get(0)).startsWith("section").contains("check").contains("expected").contains("actual");
        int column = lines.get(0).indexOf("expected");
        assertThat(lines.get(2).indexOf("42")).isEqualTo(column);
        assertThat(lines.get(3)).startsWith(" ").endsWith("FAIL");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("3 checks, 1 failed — FAILED");
    }

    @Test
    void theTopicTallyFindsADoubledFact() {
        TopicCounter.Tally tally = new TopicCounter.Tally();
        tally.withFactIds = true;
        tally.add("e1", "s1");
        tally.add("e1", "s1"); // the same event delivered twice: not a doubled fact
        tally.add("e2", "s2");
        tally.add("e3", "s2"); // a second event for screening s2: doubled

        TopicCounter.Count count = tally.count();

        assertThat(count.events()).isEqualTo(3);
        assertThat(count.records()).isEqualTo(4);
        assertThat(count.factIds()).isEqualTo(2);
        assertThat(count.doubled()).containsExactly(Map.entry("s2", 2L));
    }
}
