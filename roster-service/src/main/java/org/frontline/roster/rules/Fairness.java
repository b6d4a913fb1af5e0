package org.frontline.roster.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The fairness spread of a roster: how far each person's hours lie from their fair share, in hours.
 *
 * <p>A person's fair share is the total assigned hours split in proportion to availability:
 * {@code share(p) = total × available(p) / Σ available}. The spread is the root mean square of
 * {@code hours(p) − share(p)} over everyone who could work (available hours &gt; 0) or did. 0 means every person
 * works exactly their share; it grows with both overloaded and idle people. The workload API reports it, and
 * the planner's benchmark compares it with a greedy assignment's.
 */
public final class Fairness {

    /** Available hours assumed for staff who declared no weekly windows, per 7 days (a normal working week). */
    public static final Duration STAFF_DEFAULT_WEEK = Duration.ofHours(40);

    private Fairness() {
    }

    public static double spread(Map<UUID, Double> hours, Map<UUID, Double> availableHours) {
        double total = hours.values().stream().mapToDouble(Double::doubleValue).sum();
        double available = availableHours.values().stream().mapToDouble(Double::doubleValue).sum();
        java.util.Set<UUID> people = new java.util.HashSet<>();
        availableHours.forEach((id, a) -> {
            if (a > 0) {
                people.add(id);
            }
        });
        hours.forEach((id, h) -> {
            if (h > 0) {
                people.add(id);
            }
        });
        if (people.isEmpty()) {
            return 0;
        }
        double squares = 0;
        for (UUID id : people) {
            double share = available > 0 ? total * availableHours.getOrDefault(id, 0.0) / available : 0;
            double d = hours.getOrDefault(id, 0.0) - share;
            squares += d * d;
        }
        return Math.sqrt(squares / people.size());
    }

    /**
     * Hours a person is available within [from, to): their weekly windows minus absences. Staff without weekly
     * windows count {@link #STAFF_DEFAULT_WEEK} per 7 days (minus absences, proportionally); volunteers without
     * windows count 0.
     */
    public static double availableHours(PersonFacts person, Instant from, Instant to, RosterRules rules) {
        if (person.weekly().isEmpty()) {
            if (person.volunteer()) {
                return 0;
            }
            double span = Duration.between(from, to).toMinutes();
            double absent = person.absences().stream()
                    .mapToDouble(a -> overlapMinutes(a.from(), a.to(), from, to)).sum();
            double present = Math.max(0, span - absent);
            return STAFF_DEFAULT_WEEK.toMinutes() / 60.0 * present / Duration.ofDays(7).toMinutes();
        }
        double minutes = 0;
        ZonedDateTime day = from.atZone(rules.zone()).toLocalDate().atStartOfDay(rules.zone());
        while (day.toInstant().isBefore(to)) {
            for (PersonFacts.WeeklyWindow w : person.weekly()) {
                if (w.day() != day.getDayOfWeek()) {
                    continue;
                }
                Instant ws = day.with(w.start()).toInstant();
                Instant we = w.end().equals(java.time.LocalTime.MIDNIGHT) ? day.plusDays(1).toInstant()
                        : day.with(w.end()).toInstant();
                double inside = overlapMinutes(ws, we, from, to);
                for (PersonFacts.Absence a : person.absences()) {
                    Instant s = ws.isAfter(from) ? ws : from;
                    Instant e = we.isBefore(to) ? we : to;
                    inside -= overlapMinutes(a.from(), a.to(), s, e);
                }
                minutes += Math.max(0, inside);
            }
            day = day.plusDays(1);
        }
        return minutes / 60.0;
    }

    private static double overlapMinutes(Instant a1, Instant a2, Instant b1, Instant b2) {
        Instant s = a1.isAfter(b1) ? a1 : b1;
        Instant e = a2.isBefore(b2) ? a2 : b2;
        return e.isAfter(s) ? Duration.between(s, e).toMinutes() : 0;
    }
}
