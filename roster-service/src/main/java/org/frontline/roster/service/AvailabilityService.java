package org.frontline.roster.service;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.roster.Absence;
import org.frontline.roster.Person;
import org.frontline.roster.AvailabilityWindow;

import io.quarkus.panache.common.Sort;

/**
 * When a person can serve: recurring weekly windows (local time in the city's zone; an end of 00:00 is midnight)
 * and one-off absences. How the rules read them: a volunteer with no windows is never available, staff with none
 * are unrestricted (rules.RuleCheck); an absence blocks any overlapping shift.
 */
@ApplicationScoped
@Transactional
public class AvailabilityService {

    public record Window(DayOfWeek dayOfWeek, LocalTime start, LocalTime end) {

        /** The end as a time of day, midnight as the day's end. */
        LocalTime effectiveEnd() {
            return end.equals(LocalTime.MIDNIGHT) ? LocalTime.MAX : end;
        }
    }

    private final Clock clock;

    public AvailabilityService(Clock clock) {
        this.clock = clock;
    }

    /** Replaces the person's weekly windows; invalid or overlapping windows are a 400 and nothing changes. */
    public List<AvailabilityWindow> replace(UUID personId, List<Window> windows) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            if (!w.end().equals(LocalTime.MIDNIGHT) && !w.start().isBefore(w.end())) {
                errors.add(new Problem.FieldError("[" + i + "].end", "must be after start (00:00 means midnight)"));
            }
        }
        if (errors.isEmpty()) {
            List<Window> sorted = windows.stream()
                    .sorted(Comparator.comparing(Window::dayOfWeek).thenComparing(Window::start)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                Window a = sorted.get(i - 1);
                Window b = sorted.get(i);
                if (a.dayOfWeek() == b.dayOfWeek() && a.effectiveEnd().isAfter(b.start())) {
                    errors.add(new Problem.FieldError("[" + windows.indexOf(b) + "]", "overlaps " + a.dayOfWeek() + " "
                            + a.start() + "–" + a.end()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        // the person's row first: two concurrent replacements run one after the other (no doubled windows)
        Person.findById(personId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        AvailabilityWindow.delete("personId", personId);
        for (Window w : windows) {
            AvailabilityWindow row = new AvailabilityWindow();
            row.id = UUID.randomUUID();
            row.personId = personId;
            row.dayOfWeek = w.dayOfWeek().getValue();
            row.startTime = w.start();
            row.endTime = w.end();
            row.persist();
        }
        return windows(personId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AvailabilityWindow> windows(UUID personId) {
        return AvailabilityWindow.list("personId", Sort.by("dayOfWeek").and("startTime"), personId);
    }

    public Absence absent(UUID personId, OffsetDateTime from, OffsetDateTime to, Absence.Reason reason, String by) {
        Years.check(from, "from");
        Years.check(to, "to");
        if (!to.isAfter(from)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("to", "must be after from")));
        }
        Person.findById(personId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE); // serialised with assign
        Absence a = new Absence();
        a.id = UUID.randomUUID();
        a.personId = personId;
        a.fromAt = from;
        a.toAt = to;
        a.reason = reason;
        a.recordedBy = by;
        a.recordedAt = OffsetDateTime.now(clock);
        a.persist();
        return a;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Absence> absences(UUID personId) {
        return Absence.list("personId", Sort.by("fromAt").and("id"), personId);
    }

    /** Whether the person is absent at this moment (city clock). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean absentNow(UUID personId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Absence.count("personId = ?1 and fromAt <= ?2 and toAt > ?2", personId, now) > 0;
    }

    public void cancelAbsence(UUID personId, UUID absenceId) {
        if (Absence.delete("id = ?1 and personId = ?2", absenceId, personId) == 0) {
            throw ProblemException.notFound("Absence", absenceId);
        }
    }
}
