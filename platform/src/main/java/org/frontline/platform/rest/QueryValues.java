package org.frontline.platform.rest;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/**
 * Parses query values that JAX-RS would otherwise reject with a bare 404 (a failed query-parameter
 * conversion is a "not found" by the spec); here a bad value is a 400 that names the allowed values.
 */
public final class QueryValues {

    private QueryValues() {
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter, "must be one of " + allowed)));
        }
    }

    /** Earliest and latest year accepted in a time query value (and by the database without overflow). */
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;

    /**
     * An ISO-8601 date-time with offset ({@code 2026-05-01T08:00:00Z}); null when absent. A malformed value or one
     * outside the years {@value #MIN_YEAR}–{@value #MAX_YEAR} is a 400 naming the parameter.
     */
    public static java.time.OffsetDateTime time(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        java.time.OffsetDateTime t;
        try {
            t = java.time.OffsetDateTime.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                    "must be an ISO-8601 date-time with offset, e.g. 2026-05-01T08:00:00Z")));
        }
        if (t.getYear() < MIN_YEAR || t.getYear() > MAX_YEAR) {
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                    "must lie in the years " + MIN_YEAR + " to " + MAX_YEAR)));
        }
        return t;
    }
}
