package org.frontline.drill.truth;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What the drill injected, as the suite must report it: the verifier's side of every comparison. Written by the
 * player as each write is accepted (2xx, first time: a retry the suite answered as a duplicate adds nothing), kept in
 * the run's JSON result, read back by {@code drill verify}. Thread-safe (the player writes from several threads).
 *
 * <ul>
 * <li>{@link #kpi}: per community, city day and gateway metric ({@link Metrics}) the change the injected facts make
 * — for a FLOW metric the day's amount, for a LEVEL metric the change on that day (the figure is the sum up to it).</li>
 * <li>{@link #facts}: distinct records each service accepted, by kind ({@link Facts}); the verifier compares each with
 * the service's own count, the events on its topic and the gateway's projection.</li>
 * <li>{@link #alerts}: the alerts the scenario must cause; every community not named there must have none.</li>
 * <li>{@link #stockOuts}, {@link #uncoveredHours}: where the scenario ran a critical item out and left shifts short.</li>
 * </ul>
 */
public final class GroundTruth {

    public String runId;
    public String scenario;
    public String cityCode;
    public long seed;
    /** When the run started (the verifier seeks the topics from a little before it). */
    public Instant startedAt;
    /** The city date of simulated day 0. */
    public LocalDate firstDay;
    public int days;
    /** The city date of the last simulated day, firstDay + days − 1: the city's today when the run played. */
    public LocalDate lastDay;
    public List<String> communities = new ArrayList<>();
    public Map<String, Map<LocalDate, Map<String, Double>>> kpi = new TreeMap<>();
    public Map<String, Long> facts = new TreeMap<>();
    public List<ExpectedAlert> alerts = new ArrayList<>();
    public Map<String, Set<String>> stockOuts = new TreeMap<>();
    public Map<String, Map<LocalDate, Double>> uncoveredHours = new TreeMap<>();
    /** The planted outbreak: community → the city date it reached it (empty in a quiet scenario). */
    public Map<String, LocalDate> outbreak = new TreeMap<>();

    /**
     * An alert the scenario must open: in {@code community}, on {@code signal}, at least at {@code level}, for an
     * onset on {@code onsetDay}, observed no later than {@code latestDay}.
     */
    public record ExpectedAlert(String community, String signal, String level, LocalDate onsetDay,
            LocalDate latestDay) {
    }

    /** {@link #lastDay}, or firstDay + days − 1 for a truth written without it. */
    public LocalDate lastDay() {
        return lastDay != null ? lastDay : firstDay == null ? null : firstDay.plusDays(days - 1L);
    }

    /**
     * {@link #expected}'s index, built on first use and dropped by every change: communities in code order (a prefix's
     * communities are one sub-map), each with per metric its day → cumulative sum (FLOW: the day's own entry).
     * Changes through {@link #kpi(String, LocalDate, String, double)} drop it; who edits the {@link #kpi} map directly
     * calls {@link #reindex()}.
     */
    @JsonIgnore
    private TreeMap<String, Map<String, TreeMap<LocalDate, double[]>>> index;

    public synchronized void kpi(String community, LocalDate day, String metric, double delta) {
        if (!Metrics.ALL.contains(metric)) {
            throw new IllegalArgumentException("not a gateway metric: " + metric);
        }
        index = null;
        kpi.computeIfAbsent(community, c -> new TreeMap<>()).computeIfAbsent(day, d -> new TreeMap<>())
                .merge(metric, delta, Double::sum);
    }

    public synchronized void fact(String kind, long count) {
        if (!Facts.ALL.contains(kind)) {
            throw new IllegalArgumentException("not a fact kind: " + kind);
        }
        facts.merge(kind, count, Long::sum);
    }

    public synchronized void expectAlert(ExpectedAlert alert) {
        boolean known = alerts.stream().anyMatch(a -> a.community().equals(alert.community())
                && a.signal().equals(alert.signal()));
        if (!known) {
            alerts.add(alert);
        }
    }

    public synchronized void stockOut(String community, String itemCode) {
        stockOuts.computeIfAbsent(community, c -> new TreeSet<>()).add(itemCode);
    }

    public synchronized void uncovered(String community, LocalDate day, double hours) {
        uncoveredHours.computeIfAbsent(community, c -> new TreeMap<>()).merge(day, hours, Double::sum);
    }

    /**
     * The figure the gateway must show for {@code community} (or any area prefix: the sum over its communities) on
     * {@code day}: a FLOW metric's amount of that day, a LEVEL metric's sum of the changes up to it.
     */
    public synchronized double expected(String area, LocalDate day, String metric) {
        if (index == null) {
            index = buildIndex();
        }
        boolean level = Metrics.LEVEL.contains(metric);
        double sum = 0;
        for (var byMetric : index.subMap(area, true, area + Character.MAX_VALUE, false).values()) {
            NavigableMap<LocalDate, double[]> series = byMetric.get(metric);
            if (series == null) {
                continue;
            }
            if (level) {
                var e = series.floorEntry(day);
                sum += e == null ? 0 : e.getValue()[1];
            } else {
                double[] v = series.get(day);
                sum += v == null ? 0 : v[0];
            }
        }
        return sum;
    }

    /** Drops {@link #expected}'s index (after a direct edit of {@link #kpi}). */
    public synchronized void reindex() {
        index = null;
    }

    /** per community, metric and day: {the day's own value, the sum up to and including it}. */
    private TreeMap<String, Map<String, TreeMap<LocalDate, double[]>>> buildIndex() {
        TreeMap<String, Map<String, TreeMap<LocalDate, double[]>>> built = new TreeMap<>();
        for (var byCommunity : kpi.entrySet()) {
            Map<String, TreeMap<LocalDate, double[]>> byMetric = new HashMap<>();
            for (var byDay : new TreeMap<>(byCommunity.getValue()).entrySet()) {
                for (var m : byDay.getValue().entrySet()) {
                    TreeMap<LocalDate, double[]> series = byMetric.computeIfAbsent(m.getKey(), k -> new TreeMap<>());
                    double before = series.isEmpty() ? 0 : series.lastEntry().getValue()[1];
                    series.put(byDay.getKey(), new double[] {m.getValue(), before + m.getValue()});
                }
            }
            built.put(byCommunity.getKey(), byMetric);
        }
        return built;
    }

    public synchronized long facts(String kind) {
        return facts.getOrDefault(kind, 0L);
    }

    /** The simulated day {@code index} as a city date. */
    public LocalDate day(int index) {
        return firstDay.plusDays(index);
    }
}
