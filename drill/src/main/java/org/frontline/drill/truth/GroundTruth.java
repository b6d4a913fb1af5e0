package org.frontline.drill.truth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    /** The city date of simulated day 0. */
    public LocalDate firstDay;
    public int days;
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

    public synchronized void kpi(String community, LocalDate day, String metric, double delta) {
        if (!Metrics.ALL.contains(metric)) {
            throw new IllegalArgumentException("not a gateway metric: " + metric);
        }
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
        boolean level = Metrics.LEVEL.contains(metric);
        double sum = 0;
        for (var byCommunity : kpi.entrySet()) {
            if (!byCommunity.getKey().startsWith(area)) {
                continue;
            }
            for (var byDay : byCommunity.getValue().entrySet()) {
                if (byDay.getKey().equals(day) || (level && byDay.getKey().isBefore(day))) {
                    sum += byDay.getValue().getOrDefault(metric, 0.0);
                }
            }
        }
        return sum;
    }

    public synchronized long facts(String kind) {
        return facts.getOrDefault(kind, 0L);
    }

    /** The simulated day {@code index} as a city date. */
    public LocalDate day(int index) {
        return firstDay.plusDays(index);
    }
}
