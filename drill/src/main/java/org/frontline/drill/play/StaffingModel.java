package org.frontline.drill.play;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.frontline.drill.city.City.Worker;

/**
 * The drill's own model of roster-service's hard rules for an assignment (roster-service/README.md "Assignments and
 * the hard rules"), so the staffing truth is what the rules say, never what the suite answered: the person holds every
 * qualification the duty requires, valid on the shift's city date (the drill grants them all on one day); is not a
 * volunteer on a duty above risk 1 (the drill assigns staff only); is not absent during the shift; has no overlapping
 * shift, at least 11 h rest to every other, and at most 48 h in any rolling 7 days. Each person's shifts and absences
 * are kept by the player as it books them (one community — so one person — is played by one thread at a time).
 */
final class StaffingModel {

    static final Duration MIN_REST = Duration.ofHours(11);
    static final Duration MAX_HOURS = Duration.ofHours(48);
    static final Duration WINDOW = Duration.ofDays(7);

    record Span(Instant from, Instant to) {
        boolean overlaps(Instant start, Instant end) {
            return from.isBefore(end) && start.isBefore(to);
        }
    }

    private final LocalDate issuedOn;
    private final LocalDate expiresOn;
    private volatile Set<String> required = Set.of();
    private final Map<String, List<Span>> shifts = new ConcurrentHashMap<>();
    private final Map<String, List<Span>> absences = new ConcurrentHashMap<>();

    StaffingModel(LocalDate issuedOn, LocalDate expiresOn) {
        this.issuedOn = issuedOn;
        this.expiresOn = expiresOn;
    }

    LocalDate issuedOn() {
        return issuedOn;
    }

    LocalDate expiresOn() {
        return expiresOn;
    }

    /** The qualifications the scenario's duty requires (roster-service's duty definition). */
    void requires(Set<String> qualifications) {
        this.required = Set.copyOf(qualifications);
    }

    void absent(String person, Instant from, Instant to) {
        absences.computeIfAbsent(person, k -> new ArrayList<>()).add(new Span(from, to));
    }

    void book(String person, Instant start, Instant end) {
        shifts.computeIfAbsent(person, k -> new ArrayList<>()).add(new Span(start, end));
    }

    /** Null when the rules allow {@code w} on the shift {@code [start, end)} of city date {@code date}; else the rule. */
    String refusal(Worker w, LocalDate date, Instant start, Instant end) {
        if (!w.qualifications().containsAll(required) || date.isBefore(issuedOn) || date.isAfter(expiresOn)) {
            return "qualification-missing";
        }
        if (w.volunteer()) {
            return "volunteer-risk";
        }
        for (Span a : absences.getOrDefault(w.key(), List.of())) {
            if (a.overlaps(start, end)) {
                return "not-available";
            }
        }
        List<Span> booked = shifts.getOrDefault(w.key(), List.of());
        for (Span s : booked) {
            if (s.overlaps(start, end)) {
                return "shift-overlap";
            }
            Duration gap = s.to().isAfter(start) ? Duration.between(end, s.from()) : Duration.between(s.to(), start);
            if (gap.compareTo(MIN_REST) < 0) {
                return "rest-too-short";
            }
        }
        List<Span> all = new ArrayList<>(booked);
        all.add(new Span(start, end));
        // the busiest window starts where one of the shifts starts
        for (Span w0 : all) {
            Instant from = w0.from();
            Instant to = from.plus(WINDOW);
            Duration sum = Duration.ZERO;
            for (Span s : all) {
                Instant a = s.from().isAfter(from) ? s.from() : from;
                Instant b = s.to().isBefore(to) ? s.to() : to;
                if (a.isBefore(b)) {
                    sum = sum.plus(Duration.between(a, b));
                }
            }
            if (sum.compareTo(MAX_HOURS) > 0) {
                return "hours-exceeded";
            }
        }
        return null;
    }
}
