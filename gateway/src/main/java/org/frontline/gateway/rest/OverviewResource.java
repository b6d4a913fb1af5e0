package org.frontline.gateway.rest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.gateway.service.PictureFreshness.Freshness;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;

/** The figures of an area and of its children on a day, and a metric's daily series: read from kpi_day only. */
@Path("/api/v1")
@Tag(name = "City picture", description = "Figures of every area, built from the event stream")
@RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
public class OverviewResource {

    /** The longest series one request may ask for. */
    static final int MAX_SERIES_DAYS = 366;

    public record Overview(LocalDate date, AreaFigures area,
            @Schema(description = "The areas one level below that the picture knows, by code") List<AreaFigures> children,
            Freshness freshness) implements PictureFreshness.Fresh {
    }

    public record Series(String area, String metric, LocalDate from, LocalDate to, List<KpiReader.Point> points,
            Freshness freshness) implements PictureFreshness.Fresh {
    }

    private final KpiReader reader;
    private final AreaScope scope;
    private final PictureFreshness freshness;
    private final Clock clock;

    public OverviewResource(KpiReader reader, AreaScope scope, PictureFreshness freshness, Clock clock) {
        this.reader = reader;
        this.scope = scope;
        this.freshness = freshness;
        this.clock = clock;
    }

    @GET
    @Path("/overview")
    @Operation(summary = "The figures of an area and of each of its children on a day, with the traffic light and names",
            description = "LEVEL metrics as at the end of the day, LOWEST as the latest known at or before it. An area "
                    + "the picture does not know yet answers zeros and no children.")
    public Overview overview(
            @Parameter(description = "Area code prefix (2, 4, 6, 9 or 12 digits); default: your first area")
            @QueryParam("area") String area,
            @Parameter(description = "YYYY-MM-DD; default: today in the city") @QueryParam("date") String date) {
        String code = PictureParams.area(area, scope);
        LocalDate day = PictureParams.date(date, "date", PictureParams.today(clock));
        List<KpiReader.AreaInfo> children = reader.children(code).stream()
                .filter(child -> scope.covers(child.code())).toList();
        List<String> codes = new ArrayList<>(children.size() + 1);
        codes.add(code);
        children.forEach(child -> codes.add(child.code()));
        Map<String, Map<Metric, BigDecimal>> figures = reader.figures(codes, day, day);
        AreaFigures self = AreaFigures.of(code, reader.area(code), figures.get(code));
        List<AreaFigures> rows = children.stream()
                .map(child -> AreaFigures.of(child.code(), child, figures.get(child.code()))).toList();
        return new Overview(day, self, rows, freshness.now());
    }

    @GET
    @Path("/series")
    @Operation(summary = "The daily figures of one metric of an area, every day from..to (at most 366 days)")
    public Series series(
            @Parameter(description = "Area code prefix; default: your first area") @QueryParam("area") String area,
            @Parameter(description = "A metric key (see the overview's figures)", required = true)
            @QueryParam("metric") String metric,
            @Parameter(description = "YYYY-MM-DD; default: to − 29 days") @QueryParam("from") String from,
            @Parameter(description = "YYYY-MM-DD; default: today in the city") @QueryParam("to") String to) {
        String code = PictureParams.area(area, scope);
        Metric m = metric == null ? null : Metric.byKey(metric).orElse(null);
        if (m == null) {
            throw ProblemException.badRequest("Invalid metric", "metric must be one of " + String.join(", ", Metric.keys()),
                    "metric");
        }
        LocalDate end = PictureParams.date(to, "to", PictureParams.today(clock));
        LocalDate start = PictureParams.date(from, "from", end.minusDays(29));
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("Invalid from", "from must not be after to", "from");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_SERIES_DAYS) {
            throw ProblemException.badRequest("Invalid from", "from..to spans at most " + MAX_SERIES_DAYS + " days",
                    "from");
        }
        return new Series(code, m.key(), start, end, reader.series(code, m, start, end), freshness.now());
    }
}
