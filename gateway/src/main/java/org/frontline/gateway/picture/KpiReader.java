package org.frontline.gateway.picture;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Reads the figures of areas from {@code kpi_day}: one indexed range per area and metric, never the raw facts. The
 * one place that knows how a day reads for each {@link Metric.Kind}; the overview, the series, the live stream and
 * every report use it.
 */
@ApplicationScoped
public class KpiReader {

    /** An area the picture knows, with its optional names. */
    public record AreaInfo(String code, String level, String name, String nameEn) {
    }

    /** One day of a series. */
    public record Point(LocalDate day, BigDecimal value) {
    }

    private final EntityManager em;

    public KpiReader(EntityManager em) {
        this.em = em;
    }

    /** The figures of one area on one day. */
    public Map<Metric, BigDecimal> figures(String area, LocalDate day) {
        return figures(List.of(area), day, day).getOrDefault(area, empty());
    }

    /**
     * The figures of the given areas over {@code from..to}: FLOW metrics summed over the range, LEVEL and LOWEST as
     * at the end of {@code to}, RATIO and SUM derived. Every area asked for is in the answer (zeros when nothing is
     * known), in the order asked.
     */
    public Map<String, Map<Metric, BigDecimal>> figures(Collection<String> areas, LocalDate from, LocalDate to) {
        Map<String, Map<Metric, BigDecimal>> result = new LinkedHashMap<>();
        for (String area : areas) {
            result.put(area, empty());
        }
        if (areas.isEmpty()) {
            return result;
        }
        String[] codes = areas.toArray(String[]::new);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select area_code, metric, sum(value) from kpi_day
                where area_code = any(cast(?1 as varchar[])) and metric = any(cast(?2 as varchar[]))
                  and day between ?3 and ?4
                group by area_code, metric
                union all
                select area_code, metric, sum(value) from kpi_day
                where area_code = any(cast(?1 as varchar[])) and metric = any(cast(?5 as varchar[])) and day <= ?4
                group by area_code, metric
                union all
                (select distinct on (area_code, metric) area_code, metric, value from kpi_day
                where area_code = any(cast(?1 as varchar[])) and metric = any(cast(?6 as varchar[])) and day <= ?4
                order by area_code, metric, day desc)
                """)
                .setParameter(1, codes)
                .setParameter(2, keys(Metric.Kind.FLOW))
                .setParameter(3, Date.valueOf(from))
                .setParameter(4, Date.valueOf(to))
                .setParameter(5, keys(Metric.Kind.LEVEL))
                .setParameter(6, keys(Metric.Kind.LOWEST))
                .getResultList();
        for (Object[] row : rows) {
            Map<Metric, BigDecimal> figures = result.get((String) row[0]);
            Metric metric = Metric.byKey((String) row[1]).orElse(null);
            if (figures != null && metric != null) {
                figures.put(metric, row[2] == null ? null : scale((BigDecimal) row[2]));
            }
        }
        result.values().forEach(KpiReader::derive);
        return result;
    }

    /** The daily figures of one metric of one area, every day of {@code from..to}, oldest first. */
    public List<Point> series(String area, Metric metric, LocalDate from, LocalDate to) {
        List<Point> points = new ArrayList<>();
        if (metric.kind() == Metric.Kind.RATIO || metric.kind() == Metric.Kind.SUM) {
            List<Metric> parts = metric == Metric.CAMPAIGN_COVERAGE
                    ? List.of(Metric.CAMPAIGN_TARGET, Metric.CAMPAIGN_REACHED)
                    : List.of(Metric.OPEN_ALERTS_BLUE, Metric.OPEN_ALERTS_YELLOW, Metric.OPEN_ALERTS_ORANGE,
                            Metric.OPEN_ALERTS_RED);
            Map<Metric, List<Point>> bySeries = new EnumMap<>(Metric.class);
            for (Metric part : parts) {
                bySeries.put(part, series(area, part, from, to));
            }
            for (int i = 0; !from.plusDays(i).isAfter(to); i++) {
                Map<Metric, BigDecimal> day = empty();
                for (Metric part : parts) {
                    day.put(part, bySeries.get(part).get(i).value());
                }
                derive(day);
                points.add(new Point(from.plusDays(i), day.get(metric)));
            }
            return points;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select day, value from kpi_day where area_code = ?1 and metric = ?2 and day between ?3 and ?4
                order by day
                """)
                .setParameter(1, area).setParameter(2, metric.key())
                .setParameter(3, Date.valueOf(from)).setParameter(4, Date.valueOf(to))
                .getResultList();
        Map<LocalDate, BigDecimal> byDay = new HashMap<>();
        for (Object[] row : rows) {
            byDay.put(toDate(row[0]), row[1] == null ? null : scale((BigDecimal) row[1]));
        }
        BigDecimal carried = switch (metric.kind()) {
            case LEVEL -> before(area, metric, from, "coalesce(sum(value), 0)", "");
            case LOWEST -> before(area, metric, from, "value", " order by day desc limit 1");
            default -> BigDecimal.ZERO;
        };
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            BigDecimal row = byDay.get(day);
            BigDecimal value = switch (metric.kind()) {
                case FLOW -> row == null ? BigDecimal.ZERO.setScale(2) : row;
                case LEVEL -> carried = carried.add(row == null ? BigDecimal.ZERO : row);
                default -> byDay.containsKey(day) ? (carried = row) : carried;
            };
            points.add(new Point(day, value));
        }
        return points;
    }

    private BigDecimal before(String area, Metric metric, LocalDate from, String select, String tail) {
        @SuppressWarnings("unchecked")
        List<Object> found = em.createNativeQuery("select " + select + " from kpi_day where area_code = ?1 and metric = ?2"
                + " and day < ?3" + tail)
                .setParameter(1, area).setParameter(2, metric.key()).setParameter(3, Date.valueOf(from))
                .getResultList();
        Object value = found.isEmpty() ? null : found.get(0);
        if (value == null) {
            return metric.kind() == Metric.Kind.LEVEL ? BigDecimal.ZERO.setScale(2) : null;
        }
        return scale((BigDecimal) value);
    }

    /** The area, if the picture knows it. */
    public AreaInfo area(String code) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select code, level, name, name_en from area where code = ?1")
                .setParameter(1, code).getResultList();
        return rows.isEmpty() ? null : info(rows.get(0));
    }

    /** The areas one level below {@code code} that the picture knows, by code. */
    public List<AreaInfo> children(String code) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select code, level, name, name_en from area where parent = ?1 order by code")
                .setParameter(1, code).getResultList();
        return rows.stream().map(KpiReader::info).toList();
    }

    /** The areas of a level (by code length) inside {@code prefix}, by code. */
    public List<AreaInfo> areasOfLevel(String prefix, int length) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select code, level, name, name_en from area where code like ?1 and length(code) = ?2 order by code
                """)
                .setParameter(1, prefix + "%").setParameter(2, length).getResultList();
        return rows.stream().map(KpiReader::info).toList();
    }

    /**
     * The traffic light of an area's figures: {@code red} with an open RED or ORANGE alert or an item at stock-out;
     * {@code amber} with an open YELLOW or BLUE alert, uncovered hours, missed check-ins or a critical item under 3
     * days of cover; {@code green} otherwise.
     */
    public static String status(Map<Metric, BigDecimal> f) {
        if (positive(f.get(Metric.OPEN_ALERTS_RED)) || positive(f.get(Metric.OPEN_ALERTS_ORANGE))
                || positive(f.get(Metric.ITEMS_AT_STOCK_OUT))) {
            return "red";
        }
        BigDecimal cover = f.get(Metric.LOWEST_DAYS_OF_COVER);
        if (positive(f.get(Metric.OPEN_ALERTS_YELLOW)) || positive(f.get(Metric.OPEN_ALERTS_BLUE))
                || positive(f.get(Metric.UNCOVERED_HOURS)) || positive(f.get(Metric.MISSED_CHECK_INS))
                || (cover != null && cover.compareTo(BigDecimal.valueOf(3)) < 0)) {
            return "amber";
        }
        return "green";
    }

    /** Every metric, zero (LOWEST and RATIO: null), before the rows are read. */
    public static Map<Metric, BigDecimal> empty() {
        Map<Metric, BigDecimal> figures = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            figures.put(metric, metric.kind() == Metric.Kind.LOWEST || metric.kind() == Metric.Kind.RATIO ? null
                    : BigDecimal.ZERO.setScale(2));
        }
        return figures;
    }

    /** Fills the derived metrics (RATIO, SUM) from the stored ones. */
    public static void derive(Map<Metric, BigDecimal> f) {
        BigDecimal target = f.get(Metric.CAMPAIGN_TARGET);
        BigDecimal reached = f.get(Metric.CAMPAIGN_REACHED);
        f.put(Metric.CAMPAIGN_COVERAGE, target == null || target.signum() <= 0 || reached == null ? null
                : reached.multiply(BigDecimal.valueOf(100)).divide(target, 1, RoundingMode.HALF_UP).setScale(2));
        f.put(Metric.OPEN_ALERTS, f.get(Metric.OPEN_ALERTS_BLUE).add(f.get(Metric.OPEN_ALERTS_YELLOW))
                .add(f.get(Metric.OPEN_ALERTS_ORANGE)).add(f.get(Metric.OPEN_ALERTS_RED)));
    }

    private static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }

    private static BigDecimal scale(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    private static String[] keys(Metric.Kind kind) {
        return java.util.Arrays.stream(Metric.values()).filter(m -> m.kind() == kind).map(Metric::key)
                .toArray(String[]::new);
    }

    private static AreaInfo info(Object[] row) {
        return new AreaInfo((String) row[0], (String) row[1], (String) row[2], (String) row[3]);
    }

    private static LocalDate toDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        return ((Date) value).toLocalDate();
    }
}
