package org.frontline.alert.rest;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.detect.Detectors;
import org.frontline.alert.detect.Evaluation;
import org.frontline.alert.detect.Method;
import org.frontline.alert.detect.ParameterError;
import org.frontline.alert.detect.Parameters;
import org.frontline.alert.service.Backtests;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;

/**
 * The detectors as a pure function ({@code evaluate}) and over the stored history ({@code backtest}). The class path
 * holds the method, so the detector definitions' CRUD at {@code /api/v1/detectors} stays in its own resource.
 */
@Path("/api/v1/detectors/{method}")
@Tag(name = "Detector evaluation", description = "EARS C1/C2/C3 and CUSUM over a series you send or over the stored history")
public class DetectorEvaluationResource {

    /** A number, or null where the day is missing / cannot be evaluated. */
    @Schema(name = "NullableNumber", type = SchemaType.NUMBER, nullable = true)
    public static final class NullableNumber {
    }

    /** true, false, or null where the day cannot be evaluated. */
    @Schema(name = "NullableBoolean", type = SchemaType.BOOLEAN, nullable = true)
    public static final class NullableBoolean {
    }

    public record EvaluateRequest(
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableNumber.class,
                    description = "Daily counts, oldest first; null for a missing day. 1 to 3,660 days, none negative")
            List<Double> observed,
            @Schema(description = "EARS: reference window B in days, 3 to 366 (default 7)", example = "7") Integer baseline,
            @Schema(description = "EARS C1/C2: z = Φ⁻¹(1 − alpha), in (0, 1) (default 0.001)", example = "0.001") Double alpha,
            @Schema(description = "EARS C1/C2: the multiplier itself, ≥ 0; wins over alpha") Double z,
            @Schema(description = "EARS: floor of σ, ≥ 0 (default 0 for C1/C2, 0.1 for C3)") Double minSigma,
            @Schema(description = "EARS C3: alarm when C3 > threshold, > 0 (default 2)") Double threshold,
            @Schema(description = "CUSUM: reference value k ≥ 0 (default 1.04)") Double k,
            @Schema(description = "CUSUM: decision interval h > 0 (default 2.26)") Double h,
            @Schema(description = "CUSUM: reference period at the start when m is not given, ≥ 1 and shorter than the series (default 28)") Integer referenceDays,
            @Schema(description = "CUSUM: the expected count, ≥ 0 (default: the reference period's mean)") Double m,
            @Schema(description = "CUSUM: start again from 0 after an alarm (default false)") Boolean resetAfterAlarm) {

        Parameters parameters() {
            return new Parameters(baseline, alpha, z, minSigma, threshold, k, h, referenceDays, m, resetAfterAlarm);
        }

        /** A list, not a Double[]: Jackson answers a string for an array of Double with a definition error (a 500). */
        Double[] series() {
            return observed == null ? null : observed.toArray(Double[]::new);
        }
    }

    public record EvaluationView(
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableNumber.class,
                    description = "EARS C1/C2 (y − mean)/σ, C3 the C3 sum, CUSUM C_t") Double[] statistic,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableNumber.class,
                    description = "EARS: alarm ⇔ y > upperbound; CUSUM: the smallest count that alarms") Double[] upperbound,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableBoolean.class) Boolean[] alarm) {

        static EvaluationView of(Evaluation e) {
            return new EvaluationView(e.statistic(), e.upperbound(), e.alarm());
        }
    }

    public record BacktestRequest(
            @Schema(required = true, description = "A community or area prefix (2, 4, 6, 9 or 12 digits) in your area", example = "310104") String area,
            @Schema(required = true, description = "The signal's name", example = "fever-screenings") String signal,
            @Schema(required = true, example = "2026-09-01") LocalDate from,
            @Schema(required = true, description = "At most 3,660 days after from (both included)", example = "2026-11-28") LocalDate to,
            Integer baseline, Double alpha, Double z, Double minSigma, Double threshold, Double k, Double h,
            Integer referenceDays, Double m, Boolean resetAfterAlarm) {

        Parameters parameters() {
            return new Parameters(baseline, alpha, z, minSigma, threshold, k, h, referenceDays, m, resetAfterAlarm);
        }
    }

    public record BacktestView(@Schema(required = true) String method, @Schema(required = true) String area,
            @Schema(required = true) String signal, @Schema(required = true) List<LocalDate> days,
            @Schema(required = true, description = "The stored daily values, summed over the area") Double[] observed,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableNumber.class) Double[] statistic,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableNumber.class) Double[] upperbound,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = NullableBoolean.class) Boolean[] alarm,
            @Schema(required = true, description = "Days an alert would have opened: an alarm day whose previous day had no alarm")
            List<LocalDate> alertDays) {
    }

    private final Backtests backtests;
    private final AreaScope scope;

    public DetectorEvaluationResource(Backtests backtests, AreaScope scope) {
        this.backtests = backtests;
        this.scope = scope;
    }

    @POST
    @Path("evaluate")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Evaluate a detector over a series you send",
            description = "A pure function of the request: method ears-c1, ears-c2, ears-c3 or cusum; all parameters but observed optional")
    public EvaluationView evaluate(@PathParam("method") String method, EvaluateRequest request) {
        Method m = method(method);
        if (request == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("observed", "is required")));
        }
        Parameters p = request.parameters();
        Double[] observed = request.series();
        reject(Detectors.check(m, observed, p));
        return EvaluationView.of(Detectors.evaluate(m, observed, p));
    }

    @POST
    @Path("backtest")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Run a detector over the stored history of a signal in your area",
            description = "What the parameters would have done from `from` to `to`; history before `from` is read for the reference window")
    public BacktestView backtest(@PathParam("method") String method, BacktestRequest request) {
        Method m = method(method);
        if (request == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("area", "is required")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.area() == null || !AreaCodes.isAreaPrefix(request.area())) {
            errors.add(new Problem.FieldError("area", "must be a code prefix of 2, 4, 6, 9 or 12 digits"));
        }
        Signal signal = null;
        if (request.signal() == null || (signal = Signal.of(request.signal()).orElse(null)) == null) {
            errors.add(new Problem.FieldError("signal", "must be one of " + Arrays.stream(Signal.values())
                    .map(Signal::path).collect(Collectors.joining(", "))));
        }
        dateErrors(request.from(), request.to(), errors);
        Parameters p = request.parameters();
        // the stored series is valid by construction; check the parameters against a series of the range's length
        // a range over 3,660 days is refused above (days = 1 then); the lead-in is clamped until checked
        int days = errors.stream().anyMatch(e -> e.field().equals("from") || e.field().equals("to")) ? 1
                : (int) ChronoUnit.DAYS.between(request.from(), request.to()) + 1;
        int lead = Math.min(Math.max(0, Detectors.history(m, p)), Detectors.MAX_DAYS);
        Double[] shape = new Double[days + lead];
        Detectors.check(m, shape, p).stream().filter(e -> !e.field().equals("observed"))
                .map(e -> new Problem.FieldError(e.field(), e.message())).forEach(errors::add);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        if (!scope.covers(request.area())) {
            throw ProblemException.forbidden("Area " + request.area() + " is outside your area");
        }
        Backtests.Backtest b = backtests.run(m, signal, request.area(), request.from(), request.to(), p);
        Evaluation e = b.evaluation();
        return new BacktestView(m.path(), request.area(), signal.path(), b.days(), b.observed(), e.statistic(),
                e.upperbound(), e.alarm(), b.alertDays());
    }

    private static void dateErrors(LocalDate from, LocalDate to, List<Problem.FieldError> errors) {
        for (var date : new Object[][] {{"from", from}, {"to", to}}) {
            LocalDate d = (LocalDate) date[1];
            if (d == null) {
                errors.add(new Problem.FieldError((String) date[0], "is required"));
            } else if (d.getYear() < QueryValues.MIN_YEAR || d.getYear() > QueryValues.MAX_YEAR) {
                errors.add(new Problem.FieldError((String) date[0], "must lie in the years " + QueryValues.MIN_YEAR
                        + " to " + QueryValues.MAX_YEAR));
            }
        }
        if (errors.stream().noneMatch(e -> e.field().equals("from") || e.field().equals("to"))) {
            if (from.isAfter(to)) {
                errors.add(new Problem.FieldError("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > Detectors.MAX_DAYS) {
                errors.add(new Problem.FieldError("to", "the range may span at most " + Detectors.MAX_DAYS + " days"));
            }
        }
    }

    private static Method method(String path) {
        return Method.of(path).orElseThrow(() -> new ProblemException(404, "not-found", "Unknown detector method",
                "Method " + path + " does not exist; the methods are " + Arrays.stream(Method.values())
                        .map(Method::path).collect(Collectors.joining(", ")), null));
    }

    private static void reject(List<ParameterError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.stream()
                    .map(e -> new Problem.FieldError(e.field(), e.message())).toList());
        }
    }
}
