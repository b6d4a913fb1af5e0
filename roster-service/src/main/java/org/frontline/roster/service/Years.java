package org.frontline.roster.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.QueryValues;

/**
 * The years the roster accepts in times and dates of requests (shifts, absences, trainings, qualifications):
 * {@value QueryValues#MIN_YEAR} to {@value QueryValues#MAX_YEAR}. Anything else is a 400 naming the field, before
 * the database could refuse it.
 */
final class Years {

    private Years() {
    }

    static void check(OffsetDateTime t, String field) {
        if (t != null) {
            check(t.getYear(), field);
        }
    }

    static void check(LocalDate d, String field) {
        if (d != null) {
            check(d.getYear(), field);
        }
    }

    private static void check(int year, String field) {
        if (year < QueryValues.MIN_YEAR || year > QueryValues.MAX_YEAR) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field,
                    "must lie in the years " + QueryValues.MIN_YEAR + " to " + QueryValues.MAX_YEAR)));
        }
    }
}
