package org.frontline.screening.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Resident;

/** Checks every use case of this service shares: the resident named exists, a reported time is not ahead. */
public final class Plausibility {

    /** Devices' clocks drift; a time a little "in the future" is still plausible. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private Plausibility() {
    }

    /** The resident, or a 400 naming the {@code residentId} field. */
    public static Resident resident(UUID id) {
        Resident resident = Resident.findById(id);
        if (resident == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("residentId", "no resident " + id)));
        }
        return resident;
    }

    /** A 400 naming {@code field} if the time lies beyond now plus the clock skew. */
    public static void notInFuture(OffsetDateTime at, String field) {
        if (at.isAfter(OffsetDateTime.now(ZoneOffset.UTC).plus(CLOCK_SKEW))) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field, "must not be in the future")));
        }
    }

    /**
     * The time something happened on a phone that may have been offline: now if not given; not ahead of now
     * (beyond the clock skew); not further back than the late-sync window ({@code screening.late-sync-window}).
     */
    public static OffsetDateTime occurred(OffsetDateTime at, String field, Duration lateSyncWindow, java.time.Clock clock) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (at == null) {
            return now;
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field, "must not be in the future")));
        }
        if (at.isBefore(now.minus(lateSyncWindow))) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field, "is more than "
                    + lateSyncWindow.toDays() + " days ago, beyond the late-sync window; ask your district to enter it")));
        }
        return at;
    }
}
