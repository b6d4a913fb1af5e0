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

    /**
     * A date parameter ({@code yyyy-MM-dd}, year 2000 to 2100), or {@code fallback} when absent; anything else is a 400
     * naming {@code field} (an extreme year such as {@code +999999999} would overflow the date arithmetic later).
     */
    static LocalDate date(String value, String field, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        try {
            if (!v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not yyyy-MM-dd", v, 0);
            }
            LocalDate day = LocalDate.parse(v);
            if (day.getYear() < 2000 || day.getYear() > 2100) {
                throw new DateTimeParseException("year outside 2000-2100", v, 0);
            }
            return day;
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid " + field,
                    field + " must be a date YYYY-MM-DD, year 2000 to 2100", field);
        }
    }

    /** Today in the city (the clock's zone is {@code frontline.city-zone}). */
    static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }
}
