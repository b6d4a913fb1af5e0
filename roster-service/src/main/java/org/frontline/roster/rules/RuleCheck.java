package org.frontline.roster.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The hard rules as plain code: the one place that says whether a person may work a shift. The manual
 * assignment endpoint refuses with the first violation; the planner's result is checked against it in tests
 * (the solver's constraints are a second, independent statement of the same rules).
 */
public final class RuleCheck {

    /** A broken rule; {@code conflictingShiftId} names the other shift involved, when there is one. */
    public record Violation(HardRule rule, UUID conflictingShiftId, String detail) {
    }

    private RuleCheck() {
    }

    /**
     * Every rule {@code candidate} would break for {@code person}, who already works {@code others} (the candidate
     * itself, if present, is ignored). Ordered by {@link HardRule} declaration order.
     */
    public static List<Violation> violations(PersonFacts person, ShiftFacts candidate, List<ShiftFacts> others,
            RosterRules rules) {
        List<ShiftFacts> rest = others.stream().filter(o -> !o.id().equals(candidate.id()))
                .sorted(Comparator.comparing(ShiftFacts::start)).toList();
        List<Violation> found = new ArrayList<>();
        qualification(person, candidate, rules).ifPresent(found::add);
        rest.stream().filter(candidate::overlaps).findFirst()
                .ifPresent(o -> found.add(new Violation(HardRule.OVERLAP, o.id(), "overlaps shift " + o.id())));
        rest.stream().filter(o -> !candidate.overlaps(o)).filter(o -> gap(candidate, o).compareTo(rules.minRest()) < 0)
                .findFirst().ifPresent(o -> found.add(new Violation(HardRule.REST, o.id(),
                        "only " + hours(gap(candidate, o)) + " h between this shift and shift " + o.id()
                                + "; at least " + hours(rules.minRest()) + " h required")));
        maxHours(candidate, rest, rules).ifPresent(found::add);
        if (person.volunteer() && candidate.riskLevel() > rules.volunteerMaxRisk()) {
            found.add(new Violation(HardRule.VOLUNTEER_RISK, null, "duty risk level " + candidate.riskLevel()
                    + " is above the volunteer limit " + rules.volunteerMaxRisk()));
        }
        availability(person, candidate, rules).ifPresent(found::add);
        return found;
    }

    /** The local date of the shift's start in the city's zone: the date qualifications must be valid on. */
    public static LocalDate shiftDate(ShiftFacts shift, RosterRules rules) {
        return shift.start().atZone(rules.zone()).toLocalDate();
    }

    private static java.util.Optional<Violation> qualification(PersonFacts person, ShiftFacts shift, RosterRules rules) {
        LocalDate date = shiftDate(shift, rules);
        List<String> missing = shift.requiredQualifications().stream().sorted()
                .filter(code -> person.qualifications().stream().noneMatch(q -> q.code().equals(code) && q.validOn(date)))
                .toList();
        return missing.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new Violation(HardRule.QUALIFICATION, null,
                        "no valid " + String.join(", ", missing) + " on " + date));
    }

    private static Duration gap(ShiftFacts a, ShiftFacts b) {
        return b.end().isAfter(a.start()) ? Duration.between(a.end(), b.start()) : Duration.between(b.end(), a.start());
    }

    /**
     * The busiest rolling window that contains the candidate: the maximum of worked time over windows of the
     * configured length is reached by a window that starts at some shift's start or ends at some shift's end.
     */
    private static java.util.Optional<Violation> maxHours(ShiftFacts candidate, List<ShiftFacts> others,
            RosterRules rules) {
        Duration window = rules.window();
        List<ShiftFacts> near = others.stream().filter(o -> o.end().isAfter(candidate.start().minus(window))
                && o.start().isBefore(candidate.end().plus(window))).toList();
        TreeSet<Instant> starts = new TreeSet<>();
        starts.add(candidate.start());
        starts.add(candidate.end().minus(window));
        for (ShiftFacts o : near) {
            starts.add(o.start());
            starts.add(o.end().minus(window));
        }
        for (Instant from : starts) {
            Instant to = from.plus(window);
            if (!(candidate.start().isBefore(to) && from.isBefore(candidate.end()))) {
                continue; // a window without the candidate was already within the limit
            }
            Duration worked = overlap(candidate, from, to);
            ShiftFacts first = null;
            for (ShiftFacts o : near) {
                Duration d = overlap(o, from, to);
                if (!d.isZero()) {
                    worked = worked.plus(d);
                    first = first == null ? o : first;
                }
            }
            if (worked.compareTo(rules.maxHoursPerWindow()) > 0) {
                return java.util.Optional.of(new Violation(HardRule.MAX_HOURS, first == null ? null : first.id(),
                        hours(worked) + " h in the " + window.toDays() + " days from " + from + "; at most "
                                + hours(rules.maxHoursPerWindow()) + " h"));
            }
        }
        return java.util.Optional.empty();
    }

    private static Duration overlap(ShiftFacts s, Instant from, Instant to) {
        Instant a = s.start().isAfter(from) ? s.start() : from;
        Instant b = s.end().isBefore(to) ? s.end() : to;
        return b.isAfter(a) ? Duration.between(a, b) : Duration.ZERO;
    }

    private static java.util.Optional<Violation> availability(PersonFacts person, ShiftFacts shift, RosterRules rules) {
        for (PersonFacts.Absence absence : person.absences()) {
            if (shift.start().isBefore(absence.to()) && absence.from().isBefore(shift.end())) {
                return java.util.Optional.of(new Violation(HardRule.AVAILABILITY, null,
                        "absent from " + absence.from() + " to " + absence.to()));
            }
        }
        if (person.weekly().isEmpty()) {
            return person.volunteer()
                    ? java.util.Optional.of(new Violation(HardRule.AVAILABILITY, null, "has offered no weekly availability"))
                    : java.util.Optional.empty();
        }
        ZonedDateTime at = shift.start().atZone(rules.zone());
        ZonedDateTime end = shift.end().atZone(rules.zone());
        while (at.isBefore(end)) {
            ZonedDateTime midnight = at.toLocalDate().plusDays(1).atStartOfDay(rules.zone());
            ZonedDateTime pieceEnd = end.isBefore(midnight) ? end : midnight;
            LocalTime from = at.toLocalTime();
            LocalTime to = pieceEnd.equals(midnight) ? LocalTime.MAX : pieceEnd.toLocalTime();
            if (!covered(person.weekly(), at.getDayOfWeek(), from, to)) {
                return java.util.Optional.of(new Violation(HardRule.AVAILABILITY, null,
                        "not available on " + at.getDayOfWeek() + " " + from + "–" + (to == LocalTime.MAX ? "24:00" : to)));
            }
            at = pieceEnd;
        }
        return java.util.Optional.empty();
    }

    /** Whether the union of the day's windows covers [from, to]. */
    private static boolean covered(List<PersonFacts.WeeklyWindow> weekly, DayOfWeek day, LocalTime from, LocalTime to) {
        List<PersonFacts.WeeklyWindow> windows = weekly.stream().filter(w -> w.day() == day)
                .sorted(Comparator.comparing(PersonFacts.WeeklyWindow::start)).toList();
        LocalTime reached = from;
        for (PersonFacts.WeeklyWindow w : windows) {
            LocalTime wEnd = w.end().equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : w.end();
            if (!w.start().isAfter(reached) && wEnd.isAfter(reached)) {
                reached = wEnd;
            }
            if (!reached.isBefore(to)) {
                return true;
            }
        }
        return !reached.isBefore(to);
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? Long.toString(minutes / 60) : String.format(java.util.Locale.ROOT, "%.1f", minutes / 60.0);
    }
}
