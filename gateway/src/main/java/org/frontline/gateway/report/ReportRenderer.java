package org.frontline.gateway.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.platform.problem.ProblemException;

/**
 * Renders a template for an area and a date from the picture ({@link KpiReader} only): the rows are the areas of the
 * template's level inside the area, each with the figures over the date rule's days; the totals row is computed from
 * the rows shown, so it always equals their sum.
 */
@ApplicationScoped
public class ReportRenderer {

    private final KpiReader kpi;
    private final PictureFreshness freshness;

    public ReportRenderer(KpiReader kpi, PictureFreshness freshness) {
        this.kpi = kpi;
        this.freshness = freshness;
    }

    public Report render(ReportTemplates.Stored template, String area, LocalDate date) {
        TemplateDefinition def = template.definition();
        int length = def.rowLength();
        if (length < area.length()) {
            throw ProblemException.badRequest("Invalid area", "the rows of " + def.name() + " are " + def.rows().level()
                    + " areas; area " + area + " is narrower than one", "area");
        }
        LocalDate from = def.date().from(date);
        List<KpiReader.AreaInfo> areas = kpi.areasOfLevel(area, length);
        Map<String, Map<Metric, BigDecimal>> figures = kpi.figures(areas.stream().map(KpiReader.AreaInfo::code).toList(),
                from, date);
        List<Metric> metrics = def.metrics();
        List<Report.Row> rows = new ArrayList<>();
        List<Map<Metric, BigDecimal>> shown = new ArrayList<>();
        for (KpiReader.AreaInfo info : areas) {
            Map<Metric, BigDecimal> f = figures.get(info.code());
            boolean keep = def.filters().stream()
                    .allMatch(filter -> filter.holds(f.get(Metric.byKey(filter.metric()).orElseThrow())));
            if (keep) {
                shown.add(f);
                rows.add(new Report.Row(info.code(), info.name(), info.nameEn(), values(metrics, f)));
            }
        }
        Map<Metric, BigDecimal> totals = totals(shown);
        return new Report(new Report.TemplateRef(template.name(), template.version(), def.title(), def.titleZh()),
                area, date, from, date, def.columns(), rows, values(metrics, totals), freshness.newestEventAt());
    }

    /**
     * The totals of rows: FLOW and LEVEL summed, LOWEST the lowest known (null when none is), RATIO and SUM derived
     * from the totals of their parts (coverage = summed reached / summed target, not an average of percentages).
     */
    static Map<Metric, BigDecimal> totals(List<Map<Metric, BigDecimal>> rows) {
        Map<Metric, BigDecimal> totals = KpiReader.empty();
        for (Map<Metric, BigDecimal> row : rows) {
            for (Metric metric : Metric.values()) {
                BigDecimal value = row.get(metric);
                if (value == null) {
                    continue;
                }
                switch (metric.kind()) {
                    case FLOW, LEVEL -> totals.put(metric, totals.get(metric).add(value));
                    case LOWEST -> {
                        BigDecimal lowest = totals.get(metric);
                        totals.put(metric, lowest == null || value.compareTo(lowest) < 0 ? value : lowest);
                    }
                    default -> {
                    }
                }
            }
        }
        KpiReader.derive(totals);
        return totals;
    }

    private static Map<String, BigDecimal> values(List<Metric> metrics, Map<Metric, BigDecimal> figures) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            values.put(metric.key(), plain(figures.get(metric)));
        }
        return values;
    }

    /** 12.00 → 12, 12.50 → 12.5 (never an exponent). */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
