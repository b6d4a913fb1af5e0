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
}
