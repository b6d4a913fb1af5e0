package org.frontline.alert.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.frontline.alert.Detector;
import org.frontline.alert.detect.Detectors;
import org.frontline.alert.detect.ParameterError;
import org.frontline.alert.detect.Parameters;
import org.frontline.alert.service.rules.RuleParams;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/**
 * A detector's parameters per method (README "Detectors" and "Rules"): which keys each method takes, their bounds,
 * and reading them back from the stored JSON. Unknown keys are refused, so a typo never silently means a default.
 */
public final class DetectorParams {

    private static final Set<String> EARS_C12 = Set.of("baseline", "alpha", "z", "minSigma");
    private static final Set<String> EARS_C3 = Set.of("baseline", "minSigma", "threshold");
    private static final Set<String> CUSUM = Set.of("k", "h", "referenceDays", "m", "resetAfterAlarm");
    private static final Set<String> RULE = Set.of("windowDays", "threshold", "comparison", "per10000",
            "consecutiveDays");

    private DetectorParams() {
    }

    /** The method's API name ({@code ears-c1}, …, {@code rule}). */
    public static String path(Detector.Method method) {
        return method.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Detector.Method method(String path) {
        for (Detector.Method m : Detector.Method.values()) {
            if (path(m).equals(path)) {
                return m;
            }
        }
        return null;
    }

    /** 400 naming every wrong field ({@code params.<key>}); the params as they will be stored. */
    public static Map<String, Object> validate(Detector.Method method, Map<String, Object> params) {
        Map<String, Object> p = params == null ? Map.of() : params;
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> allowed = switch (method) {
            case EARS_C1, EARS_C2 -> EARS_C12;
            case EARS_C3 -> EARS_C3;
            case CUSUM -> CUSUM;
            case RULE -> RULE;
        };
        for (String key : p.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(new Problem.FieldError("params." + key,
                        "is not a parameter of " + path(method) + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        switch (method) {
            case EARS_C1, EARS_C2, EARS_C3 -> {
                integer(p, "baseline", Detectors.MIN_BASELINE, Detectors.MAX_BASELINE, false, errors, clean);
                finite(p, "minSigma", errors, clean);
                if (method == Detector.Method.EARS_C3) {
                    finite(p, "threshold", errors, clean);
                } else {
                    finite(p, "alpha", errors, clean);
                    finite(p, "z", errors, clean);
                }
            }
            case CUSUM -> {
                finite(p, "k", errors, clean);
                finite(p, "h", errors, clean);
                integer(p, "referenceDays", Detectors.MIN_REFERENCE_DAYS, Detectors.MAX_REFERENCE_DAYS, false, errors,
                        clean);
                finite(p, "m", errors, clean);
                bool(p, "resetAfterAlarm", false, errors, clean);
            }
            case RULE -> {
                integer(p, "windowDays", 1, 365, true, errors, clean);
                number(p, "threshold", 0, Double.MAX_VALUE, true, true, errors, clean);
                Object comparison = p.get("comparison");
                if (comparison == null) {
                    clean.put("comparison", RuleParams.Comparison.AT_LEAST.json);
                } else if (!(comparison instanceof String s) || RuleParams.Comparison.of(s) == null) {
                    errors.add(new Problem.FieldError("params.comparison", "must be atLeast or below"));
                } else {
                    clean.put("comparison", s);
                }
                // "at least 0" would fire on every series: an atLeast rule needs a threshold above 0
                if (RuleParams.Comparison.AT_LEAST.json.equals(clean.get("comparison"))
                        && clean.get("threshold") instanceof Double t && t == 0) {
                    errors.add(new Problem.FieldError("params.threshold",
                            "must be greater than 0 for an atLeast rule (at least 0 fires on every day)"));
                }
                bool(p, "per10000", false, errors, clean);
                clean.putIfAbsent("per10000", false);
                integer(p, "consecutiveDays", 1, 30, false, errors, clean);
                clean.putIfAbsent("consecutiveDays", 1);
            }
        }
        if (method != Detector.Method.RULE) {
            // the bounds the evaluate API applies, from the one place that defines them
            Set<String> refused = new java.util.HashSet<>();
            errors.forEach(e -> refused.add(e.field()));
            for (ParameterError e : Detectors.checkParameters(statistical(clean))) {
                if (refused.add("params." + e.field())) {
                    errors.add(new Problem.FieldError("params." + e.field(), e.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return clean;
    }

    /** The statistical parameters of a stored detector (keys already validated). */
    public static Parameters statistical(Map<String, Object> p) {
        return new Parameters(intOrNull(p.get("baseline")), doubleOrNull(p.get("alpha")), doubleOrNull(p.get("z")),
                doubleOrNull(p.get("minSigma")), doubleOrNull(p.get("threshold")), doubleOrNull(p.get("k")),
                doubleOrNull(p.get("h")), intOrNull(p.get("referenceDays")), doubleOrNull(p.get("m")),
                p.get("resetAfterAlarm") instanceof Boolean b ? b : null);
    }

    /** The rule of a stored detector of method {@code rule}. */
    public static RuleParams rule(Map<String, Object> p) {
        return new RuleParams(intOrNull(p.get("windowDays")), doubleOrNull(p.get("threshold")),
                RuleParams.Comparison.of((String) p.getOrDefault("comparison", "atLeast")),
                Boolean.TRUE.equals(p.get("per10000")),
                p.get("consecutiveDays") == null ? 1 : intOrNull(p.get("consecutiveDays")));
    }

    private static void integer(Map<String, Object> p, String key, int min, int max, boolean required,
            List<Problem.FieldError> errors, Map<String, Object> clean) {
        Object v = p.get(key);
        if (v == null) {
            if (required) {
                errors.add(new Problem.FieldError("params." + key, "is required"));
            }
            return;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            errors.add(new Problem.FieldError("params." + key, "must be a whole number from " + min + " to " + max));
            return;
        }
        clean.put(key, n.intValue());
    }

    /** A finite number in [min, max] ({@code min} excluded unless {@code minIncluded}; alpha's max excluded). */
    private static void number(Map<String, Object> p, String key, double min, double max, boolean minIncluded,
            boolean required, List<Problem.FieldError> errors, Map<String, Object> clean) {
        Object v = p.get(key);
        if (v == null) {
            if (required) {
                errors.add(new Problem.FieldError("params." + key, "is required"));
            }
            return;
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        boolean ok = Double.isFinite(d) && (minIncluded ? d >= min : d > min) && (max == 1 ? d < max : d <= max);
        if (!ok) {
            errors.add(new Problem.FieldError("params." + key, max == 1 ? "must lie strictly between 0 and 1"
                    : "must be a number " + (minIncluded ? "at least " : "greater than ") + (min == 0 ? "0" : min)));
            return;
        }
        clean.put(key, d);
    }

    /** Any finite number; its bounds are {@link Detectors#checkParameters}'. */
    private static void finite(Map<String, Object> p, String key, List<Problem.FieldError> errors,
            Map<String, Object> clean) {
        Object v = p.get(key);
        if (v == null) {
            return;
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!Double.isFinite(d)) {
            errors.add(new Problem.FieldError("params." + key, "must be a finite number"));
            return;
        }
        clean.put(key, d);
    }

    private static void bool(Map<String, Object> p, String key, boolean required, List<Problem.FieldError> errors,
            Map<String, Object> clean) {
        Object v = p.get(key);
        if (v == null) {
            return;
        }
        if (!(v instanceof Boolean b)) {
            errors.add(new Problem.FieldError("params." + key, "must be true or false"));
            return;
        }
        clean.put(key, b);
    }

    private static Integer intOrNull(Object v) {
        return v instanceof Number n ? n.intValue() : null;
    }

    private static Double doubleOrNull(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }
}
