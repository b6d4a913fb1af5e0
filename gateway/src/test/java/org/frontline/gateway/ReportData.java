package org.frontline.gateway;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.Metric;
import org.frontline.platform.testing.TestDatabase;

/**
 * Report test data written straight into the picture's tables as the projection would (COMMON.md contracts): areas
 * with names, community kpi_day rows, and each street's and district's rows as the roll-up of its communities (FLOW
 * and LEVEL: the sum per day; LOWEST: the lowest of the communities' figures as at each day a row exists).
 */
final class ReportData {

    /** community → metric → day → stored row value. */
    final Map<String, Map<Metric, TreeMap<LocalDate, BigDecimal>>> rows = new LinkedHashMap<>();
    private final TestDatabase db;

    ReportData(TestDatabase db) {
        this.db = db;
    }

    void area(String code, String name, String nameEn) {
        for (String a : Areas.selfAndAncestors(code)) {
            db.execute("insert into area (code, parent, level, name, name_en) values (?, ?, ?, null, null) "
                    + "on conflict (code) do nothing", a, Areas.parent(a), Areas.level(a));
        }
        db.execute("update area set name = ?, name_en = ? where code = ?", name, nameEn, code);
    }

    void put(String community, Metric metric, LocalDate day, double value) {
        rows.computeIfAbsent(community, c -> new LinkedHashMap<>()).computeIfAbsent(metric, m -> new TreeMap<>())
                .put(day, BigDecimal.valueOf(value).setScale(2));
    }

    /**
     * A deterministic set of rows for a community: FLOW on each of the 9 days up to {@code day}, LEVEL changes on
     * day-10, day-2 and day (a fall), LOWEST on day-3 and day (unless {@code cover} is false).
     */
    void typical(String community, LocalDate day, int seed, boolean cover) {
        for (Metric m : Metric.values()) {
            int k = m.ordinal() + 1;
            switch (m.kind()) {
                case FLOW -> {
                    for (int d = 0; d < 9; d++) {
                        put(community, m, day.minusDays(d), (seed * 7 + k * 3 + d * 5) % 23 + (d == 0 ? seed : 0));
                    }
                }
                case LEVEL -> {
                    put(community, m, day.minusDays(10), seed * 4 + k + 10);
                    put(community, m, day.minusDays(2), (seed + k) % 5);
                    put(community, m, day, -((seed * k) % 3));
                }
                case LOWEST -> {
                    if (cover) {
                        put(community, m, day.minusDays(3), 2.5 + seed);
                        put(community, m, day, 1.25 + seed * 1.5);
                    }
                }
                default -> {
                }
            }
        }
        // coverage must stay a share: reached ≤ target
        put(community, Metric.CAMPAIGN_TARGET, day.minusDays(10), 100 + seed * 10);
        put(community, Metric.CAMPAIGN_REACHED, day.minusDays(10), 30 + seed * 7);
    }

    /** Writes the communities' rows and their streets' and districts' roll-ups (replacing what those areas had). */
    void write() {
        Map<String, List<String>> wider = new LinkedHashMap<>();
        for (String community : rows.keySet()) {
            for (String a : List.of(community.substring(0, 9), community.substring(0, 6))) {
                wider.computeIfAbsent(a, x -> new ArrayList<>()).add(community);
            }
        }
        List<String> all = new ArrayList<>(rows.keySet());
        all.addAll(wider.keySet());
        for (String a : all) {
            db.execute("delete from kpi_day where area_code = ?", a);
        }
        rows.forEach((community, byMetric) -> byMetric.forEach((metric, days) -> days.forEach((d, v) -> row(community,
                metric, d, v))));
        wider.forEach((area, communities) -> {
            for (Metric m : Metric.values()) {
                if (!m.stored()) {
                    continue;
                }
                TreeMap<LocalDate, BigDecimal> rolled = new TreeMap<>();
                for (String c : communities) {
                    rows.get(c).getOrDefault(m, new TreeMap<>()).keySet().forEach(d -> rolled.put(d, null));
                }
                for (LocalDate d : new ArrayList<>(rolled.keySet())) {
                    BigDecimal value = null;
                    for (String c : communities) {
                        TreeMap<LocalDate, BigDecimal> own = rows.get(c).getOrDefault(m, new TreeMap<>());
                        if (m.kind() == Metric.Kind.LOWEST) {
                            var at = own.floorEntry(d);
                            if (at != null && (value == null || at.getValue().compareTo(value) < 0)) {
                                value = at.getValue();
                            }
                        } else if (own.containsKey(d)) {
                            value = value == null ? own.get(d) : value.add(own.get(d));
                        }
                    }
                    row(area, m, d, value);
                }
            }
        });
    }

    private void row(String area, Metric metric, LocalDate day, BigDecimal value) {
        db.execute("insert into kpi_day (area_code, metric, day, value) values (?, ?, ?, ?) "
                + "on conflict (area_code, metric, day) do update set value = excluded.value",
                area, metric.key(), Date.valueOf(day), value);
    }

    /** A community's figure as a report over from..to must read it. */
    BigDecimal expected(String community, Metric metric, LocalDate from, LocalDate to) {
        if (metric == Metric.CAMPAIGN_COVERAGE) {
            BigDecimal target = expected(community, Metric.CAMPAIGN_TARGET, from, to);
            BigDecimal reached = expected(community, Metric.CAMPAIGN_REACHED, from, to);
            return target.signum() == 0 ? null
                    : reached.multiply(BigDecimal.valueOf(100)).divide(target, 1, java.math.RoundingMode.HALF_UP);
        }
        if (metric == Metric.OPEN_ALERTS) {
            return expected(community, Metric.OPEN_ALERTS_BLUE, from, to)
                    .add(expected(community, Metric.OPEN_ALERTS_YELLOW, from, to))
                    .add(expected(community, Metric.OPEN_ALERTS_ORANGE, from, to))
                    .add(expected(community, Metric.OPEN_ALERTS_RED, from, to));
        }
        TreeMap<LocalDate, BigDecimal> own = rows.get(community).getOrDefault(metric, new TreeMap<>());
        return switch (metric.kind()) {
            case FLOW -> own.subMap(from, true, to, true).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case LEVEL -> own.headMap(to, true).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            default -> own.floorEntry(to) == null ? null : own.floorEntry(to).getValue();
        };
    }
}
