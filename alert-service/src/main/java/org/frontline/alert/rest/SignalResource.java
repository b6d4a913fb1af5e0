package org.frontline.alert.rest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalSeries;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;

@Path("/api/v1/signals")
@Tag(name = "Signals", description = "Daily series per community and area, built from the other services' events")
public class SignalResource {

    /** The longest range one request may read. */
    static final int MAX_DAYS = 366;
    /** The range when none is asked for: the last 28 days up to today. */
    static final int DEFAULT_DAYS = 28;

    public record SignalView(@Schema(required = true, example = "fever-screenings") String path,
            @Schema(required = true) Signal.Kind kind, @Schema(required = true) String description) {
    }

    public record DayValue(@Schema(required = true) LocalDate day, @Schema(required = true) double value) {
    }

    public record SeriesView(@Schema(required = true, example = "fever-screenings") String signal,
            @Schema(required = true, example = "310104") String area, @Schema(required = true) LocalDate from,
            @Schema(required = true) LocalDate to, @Schema(required = true) List<DayValue> days,
            @Schema(description = "the newest change of the rows read (freshness); null when there were none")
            OffsetDateTime newestFactAt) {
    }

    private final SignalSeries series;
    private final AreaScope scope;
    private final Clock clock;

    public SignalResource(SignalSeries series, AreaScope scope, Clock clock) {
        this.series = series;
        this.scope = scope;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "The signals kept per community and day")
    public List<SignalView> list() {
        return Arrays.stream(Signal.values()).map(s -> new SignalView(s.path(), s.kind(), s.description())).toList();
    }

    @GET
    @Path("{signal}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "A signal's daily series of a community or an area (the sum over its communities)",
            description = "Days are city dates of when the facts happened. area: a community or a 2/4/6/9-digit prefix "
                    + "inside your area (default: your area when it is one prefix); from/to: dates, default the last "
                    + "28 days up to today, at most 366 days.")
    public SeriesView get(@PathParam("signal") String name,
            @QueryParam("area") @Parameter(example = "310104") String area,
            @QueryParam("from") @Parameter(example = "2026-05-01") String from,
            @QueryParam("to") @Parameter(example = "2026-05-28") String to) {
        Signal signal = Signal.of(name).orElseThrow(() -> {
            List<String> known = Arrays.stream(Signal.values()).map(Signal::path).toList();
            return new ProblemException(404, "not-found", "Signal not found",
                    "no signal " + name + "; the signals are " + String.join(", ", known), null).with("signals", known);
        });
        String prefix = area(area);
        LocalDate last = date(to, "to");
        LocalDate today = LocalDate.now(clock);
        last = last != null ? last : today;
        LocalDate first = date(from, "from");
        first = first != null ? first : last.minusDays(DEFAULT_DAYS - 1);
        if (first.isAfter(last)) {
            throw ProblemException.badRequest("Invalid range", "from must not be after to", "from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ProblemException.badRequest("Range too long", "at most " + MAX_DAYS + " days per request", "from");
        }
        SignalSeries.Series read = series.read(signal, prefix, first, last);
        List<DayValue> days = new ArrayList<>(read.values().length);
        for (int i = 0; i < read.values().length; i++) {
            days.add(new DayValue(first.plusDays(i), read.values()[i]));
        }
        return new SeriesView(signal.path(), prefix, first, last, days, read.newestFactAt());
    }

    /** The asked area, or the caller's own when they have one prefix; 403 outside the caller's area. */
    private String area(String area) {
        if (area == null || area.isBlank()) {
            List<String> own = scope.prefixes();
            if (own.size() != 1) {
                throw ProblemException.validation(List.of(new Problem.FieldError("area",
                        "is required: your area has " + own.size() + " prefixes")));
            }
            return own.get(0);
        }
        String prefix = area.trim();
        if (!AreaCodes.isAreaPrefix(prefix)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("area",
                    "must be a community code (12 digits) or an area prefix of 2, 4, 6 or 9 digits")));
        }
        if (!scope.covers(prefix)) {
            throw ProblemException.forbidden("Area " + prefix + " is outside your area");
        }
        return prefix;
    }

    private static LocalDate date(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value.trim());
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                        "must lie in the years 2000 to 2100")));
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                    "must be a date (YYYY-MM-DD), e.g. 2026-05-01")));
        }
    }
}
