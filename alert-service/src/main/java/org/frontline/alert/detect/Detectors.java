package org.frontline.alert.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * The detectors as plain functions over arrays (no framework or database types here), written to be read against
 * issue 11 and alert-service's README ("Detectors"). A series is a {@code Double[]} of daily counts, index 0 the
 * first day, {@code null} for a missing day; the answer is aligned with it, {@code null} where a day cannot be
 * evaluated.
 *
 * <p>Common rules (issue 11): "A reference window containing a missing day (null) gives no evaluation for t (null,
 * not false). If only day t itself is missing, its upper bound is still given and its alarm is null." The statistic
 * of a missing day is null as well.
 */
public final class Detectors {

    public static final int DEFAULT_BASELINE = 7;
    public static final double DEFAULT_ALPHA = 0.001;
    public static final double DEFAULT_MIN_SIGMA = 0.0;
    public static final double DEFAULT_C3_THRESHOLD = 2.0;
    public static final double DEFAULT_C3_MIN_SIGMA = 0.1;
    public static final double DEFAULT_K = 1.04;
    public static final double DEFAULT_H = 2.26;
    public static final int DEFAULT_REFERENCE_DAYS = 28;

    /** The longest series accepted (10 years of days). */
    public static final int MAX_DAYS = 3660;
    /**
     * The parameter bounds, the one source for the evaluate API ({@link #check}) and a stored detector
     * (DetectorParams, through {@link #checkParameters}): EARS baseline 3–365 days, CUSUM referenceDays 3–365 days.
     */
    public static final int MIN_BASELINE = 3;
    public static final int MAX_BASELINE = 365;
    public static final int MIN_REFERENCE_DAYS = 3;
    public static final int MAX_REFERENCE_DAYS = 365;
    /**
     * The largest value accepted for a day, m, minSigma, threshold, k and h (and 100 for z): far beyond any real
     * count, and small enough that no sum, square or product of them overflows to a non-finite answer.
     */
    public static final double MAX_VALUE = 1e9;
    public static final double MAX_Z = 100;

    private Detectors() {
    }

    /** Evaluates {@code method} over {@code observed}; see each method's javadoc for its exact definition. */
    public static Evaluation evaluate(Method method, Double[] observed, Parameters p) {
        Parameters params = p == null ? Parameters.DEFAULTS : p;
        return switch (method) {
            case EARS_C1 -> ears(observed, params, 0);
            case EARS_C2 -> ears(observed, params, 2);
            case EARS_C3 -> c3(observed, params);
            case CUSUM -> cusum(observed, params);
        };
    }

    /**
     * How many days of history before the first day one wants evaluated the method needs, so a backtest can read
     * them as a lead-in and cut them from its answer: C1 B, C2 B + 2 (the guard band), C3 B + 4 (C2's window of
     * t − 2), CUSUM {@code referenceDays} when m is not given, else 0 (monitoring starts on the first day).
     */
    public static int history(Method method, Parameters p) {
        Parameters params = p == null ? Parameters.DEFAULTS : p;
        int b = params.baseline() != null ? params.baseline() : DEFAULT_BASELINE;
        return switch (method) {
            case EARS_C1 -> b;
            case EARS_C2 -> b + 2;
            case EARS_C3 -> b + 4;
            case CUSUM -> params.m() != null ? 0
                    : params.referenceDays() != null ? params.referenceDays() : DEFAULT_REFERENCE_DAYS;
        };
    }

    /**
     * The input rules of issue 11, as (field, message) pairs; empty when the request is valid. All parameters are
     * optional; {@code observed} is required: 1 to 3,660 entries, each null (missing) or a number from 0 to 1e9.
     */
    public static List<ParameterError> check(Method method, Double[] observed, Parameters p) {
        List<ParameterError> errors = new ArrayList<>();
        if (observed == null) {
            errors.add(new ParameterError("observed", "is required"));
        } else if (observed.length < 1 || observed.length > MAX_DAYS) {
            errors.add(new ParameterError("observed", "must have 1 to " + MAX_DAYS + " days (has " + observed.length
                    + ")"));
        } else {
            for (int i = 0; i < observed.length; i++) {
                Double y = observed[i];
                if (y != null && !(y >= 0 && y <= MAX_VALUE)) {
                    errors.add(new ParameterError("observed", "day " + i + " is " + y
                            + ": each day must be null (missing) or a number from 0 to 1e9"));
                    break;
                }
            }
        }
        Parameters params = p == null ? Parameters.DEFAULTS : p;
        errors.addAll(checkParameters(params));
        boolean referenceRefused = errors.stream().anyMatch(e -> e.field().equals("referenceDays"));
        if (!referenceRefused && method == Method.CUSUM && params.m() == null && observed != null) {
            int reference = params.referenceDays() != null ? params.referenceDays() : DEFAULT_REFERENCE_DAYS;
            if (reference >= observed.length) {
                errors.add(new ParameterError("referenceDays", "must be less than the series' length ("
                        + observed.length + " days) when m is not given: the days after the reference period are"
                        + " the ones monitored"));
            }
        }
        return errors;
    }

    /**
     * The bounds of every parameter, whatever the series: baseline {@value #MIN_BASELINE}–{@value #MAX_BASELINE};
     * alpha in (0, 1); z 0–100; minSigma ≥ 0; threshold > 0; k ≥ 0; h > 0; m > 0 (the expected count divides:
     * z_t = (y_t − m)/√m); referenceDays {@value #MIN_REFERENCE_DAYS}–{@value #MAX_REFERENCE_DAYS}; the numbers finite
     * and at most 1e9. A stored detector's parameters are checked here too, so the two never disagree.
     */
    public static List<ParameterError> checkParameters(Parameters p) {
        List<ParameterError> errors = new ArrayList<>();
        Parameters params = p == null ? Parameters.DEFAULTS : p;
        if (params.baseline() != null && (params.baseline() < MIN_BASELINE || params.baseline() > MAX_BASELINE)) {
            errors.add(new ParameterError("baseline", "must be between " + MIN_BASELINE + " and " + MAX_BASELINE
                    + " days"));
        }
        if (params.alpha() != null && !(params.alpha() > 0 && params.alpha() < 1)) {
            errors.add(new ParameterError("alpha", "must lie in (0, 1), both ends excluded"));
        }
        if (params.z() != null && !(params.z() >= 0 && params.z() <= MAX_Z)) {
            errors.add(new ParameterError("z", "must be a number from 0 to 100"));
        }
        if (params.minSigma() != null && !(params.minSigma() >= 0 && params.minSigma() <= MAX_VALUE)) {
            errors.add(new ParameterError("minSigma", "must be a number ≥ 0 and at most 1e9"));
        }
        if (params.threshold() != null && !(params.threshold() > 0 && params.threshold() <= MAX_VALUE)) {
            errors.add(new ParameterError("threshold", "must be a number > 0 and at most 1e9"));
        }
        if (params.k() != null && !(params.k() >= 0 && params.k() <= MAX_VALUE)) {
            errors.add(new ParameterError("k", "must be a number ≥ 0 and at most 1e9"));
        }
        if (params.h() != null && !(params.h() > 0 && params.h() <= MAX_VALUE)) {
            errors.add(new ParameterError("h", "must be a number > 0 and at most 1e9"));
        }
        if (params.m() != null && !(params.m() > 0 && params.m() <= MAX_VALUE)) {
            errors.add(new ParameterError("m", "must be > 0 and at most 1e9"));
        }
        if (params.referenceDays() != null && (params.referenceDays() < MIN_REFERENCE_DAYS
                || params.referenceDays() > MAX_REFERENCE_DAYS)) {
            errors.add(new ParameterError("referenceDays", "must be between " + MIN_REFERENCE_DAYS + " and "
                    + MAX_REFERENCE_DAYS + " days"));
        }
        return errors;
    }

    // ------------------------------------------------------------------------------------------------ EARS

    /**
     * EARS C1 (guard 0) and C2 (guard 2). Issue 11: "C1: reference window = the B days before t (default B = 7).
     * C2: the B days ending 3 days before t (a 2-day guard band). mean and sd over the window, sd the sample
     * standard deviation (n − 1), σ = max(sd, minSigma). C1/C2 upper bound = mean + z·σ, with z = Φ⁻¹(1 − alpha)
     * (default alpha 0.001), or z given directly (z wins when both are given); alarm when y > upper bound (strict).
     * Statistic = (y − mean)/σ, null when σ = 0." minSigma default 0. The first day evaluable is t = B + guard.
     */
    static Evaluation ears(Double[] y, Parameters p, int guard) {
        int b = p.baseline() != null ? p.baseline() : DEFAULT_BASELINE;
        double minSigma = p.minSigma() != null ? p.minSigma() : DEFAULT_MIN_SIGMA;
        double z = multiplier(p);
        Evaluation e = Evaluation.empty(y.length);
        for (int t = b + guard; t < y.length; t++) {
            double[] window = window(y, t - guard - b, b, minSigma);
            if (window == null) {
                continue;
            }
            double mean = window[0];
            double sigma = window[1];
            e.upperbound()[t] = mean + z * sigma;
            if (y[t] != null) {
                e.statistic()[t] = sigma == 0 ? null : (y[t] - mean) / sigma;
                e.alarm()[t] = y[t] > e.upperbound()[t];
            }
        }
        return e;
    }

    /**
     * z given directly wins; else Φ⁻¹(1 − alpha), alpha default 0.001 (z = 3.090232306167813), computed as −Φ⁻¹(alpha)
     * (the same by symmetry) so an alpha below 1e-16, where 1 − alpha rounds to 1, still has its z.
     */
    static double multiplier(Parameters p) {
        if (p.z() != null) {
            return p.z();
        }
        return -Normal.quantile(p.alpha() != null ? p.alpha() : DEFAULT_ALPHA);
    }

    /**
     * {mean, σ} over y[from .. from + b − 1], σ = max(sample sd (n − 1), minSigma); null when a day of the window is
     * missing or the window starts before the series.
     */
    static double[] window(Double[] y, int from, int b, double minSigma) {
        if (from < 0) {
            return null;
        }
        double sum = 0;
        for (int u = from; u < from + b; u++) {
            if (y[u] == null) {
                return null;
            }
            sum += y[u];
        }
        double mean = sum / b;
        double squares = 0;
        for (int u = from; u < from + b; u++) {
            squares += (y[u] - mean) * (y[u] - mean);
        }
        return new double[] {mean, Math.max(Math.sqrt(squares / (b - 1)), minSigma)};
    }

    /**
     * EARS C3, the CDC/JHU-APL form. Issue 11: "s_u = max(0, y_u − mean_u − σ_u)/σ_u on the C2 window of day u;
     * C3_t = s_t + s'_{t−1} + s'_{t−2}, where a previous day's s' is 0 if that day's own s was at or above the
     * threshold; alarm when C3_t > threshold (default 2). Non-finite s counts as 0." minSigma default 0.1.
     *
     * <ul>
     * <li>statistic = C3_t.</li>
     * <li>upper bound: write S' = s'_{t−1} + s'_{t−2}. For y_t ≥ mean_t + σ_t, C3_t = (y_t − mean_t − σ_t)/σ_t + S';
     * setting C3_t = threshold and solving for y_t gives <b>upperbound = mean_t + σ_t·(1 + threshold − S')</b>.
     * When S' ≤ threshold, alarm ⇔ y_t > upperbound exactly. When S' > threshold the two previous days alone
     * exceed the threshold: every y_t alarms, and the upper bound (then below mean_t + σ_t) is only the formula's
     * value. With σ_t = 0 (minSigma 0) every s is non-finite or 0/0 and counts as 0, so the alarm depends on S'
     * alone.</li>
     * <li>A day needed for s_{t−1} or s_{t−2} that cannot be evaluated (too early, a missing day in its own C2
     * window, or y_{t−1} / y_{t−2} itself missing) leaves C3_t unevaluated: statistic, upper bound and alarm null
     * (an s' silently taken as 0 would hide evidence). So the first evaluable day is t = B + 4, and y_t missing
     * alone gives the upper bound with statistic and alarm null.</li>
     * </ul>
     */
    static Evaluation c3(Double[] y, Parameters p) {
        int b = p.baseline() != null ? p.baseline() : DEFAULT_BASELINE;
        double minSigma = p.minSigma() != null ? p.minSigma() : DEFAULT_C3_MIN_SIGMA;
        double threshold = p.threshold() != null ? p.threshold() : DEFAULT_C3_THRESHOLD;
        int n = y.length;
        // per day u: mean_u, σ_u (C2 window) and s_u; NaN where the window is incomplete or y_u is missing
        double[] mean = new double[n];
        double[] sigma = new double[n];
        double[] s = new double[n];
        boolean[] windowOk = new boolean[n];
        for (int u = 0; u < n; u++) {
            double[] w = window(y, u - 2 - b, b, minSigma);
            windowOk[u] = w != null;
            s[u] = Double.NaN;
            if (w == null) {
                continue;
            }
            mean[u] = w[0];
            sigma[u] = w[1];
            if (y[u] != null) {
                double value = Math.max(0, y[u] - mean[u] - sigma[u]) / sigma[u];
                s[u] = Double.isFinite(value) ? value : 0;
            }
        }
        Evaluation e = Evaluation.empty(n);
        for (int t = b + 4; t < n; t++) {
            if (!windowOk[t] || Double.isNaN(s[t - 1]) || Double.isNaN(s[t - 2])) {
                continue;
            }
            double previous = prime(s[t - 1], threshold) + prime(s[t - 2], threshold);
            e.upperbound()[t] = mean[t] + sigma[t] * (1 + threshold - previous);
            if (y[t] != null) {
                double c3 = s[t] + previous;
                e.statistic()[t] = c3;
                e.alarm()[t] = c3 > threshold;
            }
        }
        return e;
    }

    /** s' of a previous day: 0 if its own s was at or above the threshold, else s. */
    static double prime(double s, double threshold) {
        return s >= threshold ? 0 : s;
    }

    // ------------------------------------------------------------------------------------------------ CUSUM

    /**
     * CUSUM, Poisson-standardised. Issue 11: "m = the expected count, given, or else the mean of the reference period
     * (the first referenceDays days); monitoring starts the day after it; z_t = (y_t − m)/√m; C_t = max(0, C_{t−1} +
     * z_t − k), C before the first monitored day = 0; alarm when C_t ≥ h (defaults k = 1.04, h = 2.26); no reset
     * after an alarm unless asked; upper bound = max(0, ⌈√m·(h + k − C_{t−1}) + m⌉)." referenceDays default 28.
     *
     * <ul>
     * <li>statistic = C_t. The upper bound is the smallest whole count that alarms: for counts, alarm ⇔ y_t ≥
     * upperbound (from C_{t−1} + (y − m)/√m − k ≥ h).</li>
     * <li>m given: no reference period, monitoring starts on the first day (index 0). m not given: days 0 ..
     * referenceDays − 1 are the reference period (null in the answer), monitoring starts at index referenceDays.
     * A missing day in the reference period, or a series no longer than it, gives no evaluation at all.</li>
     * <li>A missing y_t while monitoring: statistic and alarm null, the upper bound is given (it needs only
     * C_{t−1}), and C carries over unchanged to the next day (C_t = C_{t−1}).</li>
     * <li>resetAfterAlarm: after a day that alarms, the next day starts from C = 0 (the statistic shown for the
     * alarm day is still its C_t).</li>
     * <li>m = 0: √m = 0 and z_t is undefined. Under an expected count of 0 any count is a surprise, so each
     * monitored day alarms exactly when y_t &gt; 0; statistic null; upper bound 0 (what the formula gives with m = 0,
     * read as "alarm ⇔ y_t &gt; 0"); C stays 0.</li>
     * </ul>
     */
    static Evaluation cusum(Double[] y, Parameters p) {
        double k = p.k() != null ? p.k() : DEFAULT_K;
        double h = p.h() != null ? p.h() : DEFAULT_H;
        boolean reset = Boolean.TRUE.equals(p.resetAfterAlarm());
        int n = y.length;
        Evaluation e = Evaluation.empty(n);
        double m;
        int start;
        if (p.m() != null) {
            m = p.m();
            start = 0;
        } else {
            start = p.referenceDays() != null ? p.referenceDays() : DEFAULT_REFERENCE_DAYS;
            if (start < 1 || start >= n) {
                return e;
            }
            double sum = 0;
            for (int u = 0; u < start; u++) {
                if (y[u] == null) {
                    return e;
                }
                sum += y[u];
            }
            m = sum / start;
        }
        if (m == 0) {
            for (int t = start; t < n; t++) {
                e.upperbound()[t] = 0.0;
                e.alarm()[t] = y[t] == null ? null : y[t] > 0;
            }
            return e;
        }
        double root = Math.sqrt(m);
        double c = 0;
        for (int t = start; t < n; t++) {
            e.upperbound()[t] = Math.max(0, Math.ceil(root * (h + k - c) + m));
            if (y[t] == null) {
                continue;
            }
            c = Math.max(0, c + (y[t] - m) / root - k);
            e.statistic()[t] = c;
            boolean alarm = c >= h;
            e.alarm()[t] = alarm;
            if (alarm && reset) {
                c = 0;
            }
        }
        return e;
    }
}
