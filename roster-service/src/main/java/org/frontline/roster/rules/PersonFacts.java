package org.frontline.roster.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * What the hard rules need to know of a person, independent of storage.
 *
 * @param weekly   recurring availability; an empty list means "no weekly restriction" for staff and "never available"
 *                 for volunteers (a volunteer offers time explicitly)
 * @param absences one-off absences (sick, leave), half-open [from, to)
 */
public record PersonFacts(UUID id, boolean volunteer, String homeCommunity, List<Qualification> qualifications,
        List<WeeklyWindow> weekly, List<Absence> absences) {

    public PersonFacts {
        qualifications = List.copyOf(qualifications);
        weekly = List.copyOf(weekly);
        absences = List.copyOf(absences);
    }

    /** A qualification valid from {@code issuedOn} to {@code expiresOn}, both inclusive; no expiry when null. */
    public record Qualification(String code, LocalDate issuedOn, LocalDate expiresOn) {
        public boolean validOn(LocalDate date) {
            return !date.isBefore(issuedOn) && (expiresOn == null || !date.isAfter(expiresOn));
        }
    }

    /** Available every {@code day} from {@code start} to {@code end} local time; {@code end} 00:00 means midnight. */
    public record WeeklyWindow(DayOfWeek day, LocalTime start, LocalTime end) {
    }

    public record Absence(Instant from, Instant to) {
    }
}
