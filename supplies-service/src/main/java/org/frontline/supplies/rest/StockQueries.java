package org.frontline.supplies.rest;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.QueryValues;
import org.frontline.supplies.LedgerPosting;

/** Query and body values of the stock endpoints that JAX-RS or Bean Validation cannot check alone: 400s by name. */
final class StockQueries {

    private StockQueries() {
    }

    /** {@code true} / {@code false}; absent is null; anything else a 400 naming the parameter. */
    static Boolean flag(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(parameter, "must be true or false");
        };
    }

    /** A date of a body (an expiry) within the platform's years. */
    static LocalDate date(LocalDate value, String field) {
        if (value != null && (value.getYear() < QueryValues.MIN_YEAR || value.getYear() > QueryValues.MAX_YEAR)) {
            throw invalid(field, "must lie in the years " + QueryValues.MIN_YEAR + " to " + QueryValues.MAX_YEAR);
        }
        return value;
    }

    /** The position of a ledger row, opaque to the client: base64url of "instant|id". */
    static String cursor(LedgerPosting p) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((p.postedAt.toInstant() + "|" + p.id).getBytes(StandardCharsets.UTF_8));
    }

    /** A position read back; anything that is not one of ours is a 400 on {@code parameter}. */
    record Position(OffsetDateTime postedAt, UUID id) {
    }

    static Position position(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar < 0 || text.length() > 80) {
                throw invalid(parameter, "is not a cursor of this list (use the next value of the previous page)");
            }
            Instant at = Instant.parse(text.substring(0, bar));
            UUID id = UUID.fromString(text.substring(bar + 1));
            OffsetDateTime postedAt = at.atOffset(ZoneOffset.UTC);
            if (postedAt.getYear() < QueryValues.MIN_YEAR || postedAt.getYear() > QueryValues.MAX_YEAR) {
                throw invalid(parameter, "is not a cursor of this list (use the next value of the previous page)");
            }
            return new Position(postedAt, id);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw invalid(parameter, "is not a cursor of this list (use the next value of the previous page)");
        }
    }

    static ProblemException invalid(String field, String message) {
        return ProblemException.validation(List.of(new Problem.FieldError(field, message)));
    }
}
