package org.frontline.gateway.rest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;

/** The query parameters every picture read shares: the area (scoped) and dates in the city's calendar. */
final class PictureParams {

    private PictureParams() {
    }

    /**
     * The area to read: the one asked for, or the caller's first scope prefix. 400 for a malformed code; 403 for an
     * area outside the caller's scope, with a message that says nothing about that area (not even whether the
     * picture knows it).
     */
    static String area(String requested, AreaScope scope) {
        if (requested == null || requested.isBlank()) {
            if (scope.prefixes().isEmpty()) {
                throw ProblemException.forbidden("Your account has no area");
            }
            return scope.prefixes().get(0);
        }
        if (!AreaCodes.isAreaPrefix(requested)) {
            throw ProblemException.badRequest("Invalid area", "area must be a code prefix of 2, 4, 6, 9 or 12 digits",
                    "area");
        }
        if (!scope.covers(requested)) {
            throw ProblemException.forbidden("The area asked for is outside your area");
        }
        return requested;
    }

    /** A date parameter (YYYY-MM-DD), or {@code fallback} when absent. */
    static LocalDate date(String value, String field, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid " + field, field + " must be a date YYYY-MM-DD", field);
        }
    }

    /** Today in the city (the clock's zone is {@code frontline.city-zone}). */
    static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }
}
