package org.frontline.roster.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Each hard rule of {@link RuleCheck} and its edges; plain JUnit, no Quarkus. */
class RuleCheckTest {

    static final RosterRules RULES = RosterRules.defaults();
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    static int ids;

    static Instant at(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, LocalTime.of(hour, minute)).atZone(RULES.zone()).toInstant();
    }

    static ShiftFacts shift(Instant start, Instant end) {
        return shift(start, end, 1, Set.of());
    }

    static ShiftFacts shift(Instant start, Instant end, int risk, Set<String> qualifications) {
        return new ShiftFacts(new UUID(7, ++ids), "110105001001", "guard", risk, qualifications, start, end);
    }

    static PersonFacts staff() {
        return new PersonFacts(UUID.randomUUID(), false, "110105001001", List.of(), List.of(), List.of());
    }

    static List<HardRule> rules(PersonFacts p, ShiftFacts candidate, List<ShiftFacts> others) {
        return RuleCheck.violations(p, candidate, others, RULES).stream().map(RuleCheck.Violation::rule).toList();
    }

    @Test
    void qualificationValidOnTheShiftDateInclusive() {
        ShiftFacts lateMonday = shift(at(MONDAY, 23, 0), at(MONDAY.plusDays(1), 3, 0), 1, Set.of("ppe"));
        PersonFacts expiresMonday = new PersonFacts(UUID.randomUUID(), false, "110105001001",
                List.of(new PersonFacts.Qualification("ppe", MONDAY.minusYears(1), MONDAY)), List.of(), List.of());
        PersonFacts expiredSunday = new PersonFacts(UUID.randomUUID(), false, "110105001001",
                List.of(new PersonFacts.Qualification("ppe", MONDAY.minusYears(1), MONDAY.minusDays(1))), List.of(),
                List.of());
        PersonFacts issuedMonday = new PersonFacts(UUID.randomUUID(), false, "110105001001",
                List.of(new PersonFacts.Qualification("ppe", MONDAY, null)), List.of(), List.of());
        PersonFacts issuedTuesday = new PersonFacts(UUID.randomUUID(), false, "110105001001",
                List.of(new PersonFacts.Qualification("ppe", MONDAY.plusDays(1), null)), List.of(), List.of());

        assertThat(rules(expiresMonday, lateMonday, List.of())).isEmpty();
        assertThat(rules(issuedMonday, lateMonday, List.of())).isEmpty();
        assertThat(rules(expiredSunday, lateMonday, List.of())).containsExactly(HardRule.QUALIFICATION);
        assertThat(rules(issuedTuesday, lateMonday, List.of())).containsExactly(HardRule.QUALIFICATION);
        assertThat(rules(staff(), lateMonday, List.of())).containsExactly(HardRule.QUALIFICATION);
    }

    @Test
    void overlapNamesTheOtherShift() {
        ShiftFacts a = shift(at(MONDAY, 8, 0), at(MONDAY, 16, 0));
        ShiftFacts b = shift(at(MONDAY, 15, 59), at(MONDAY, 20, 0));
        List<RuleCheck.Violation> v = RuleCheck.violations(staff(), b, List.of(a), RULES);
        assertThat(v).extracting(RuleCheck.Violation::rule).containsExactly(HardRule.OVERLAP);
        assertThat(v.get(0).conflictingShiftId()).isEqualTo(a.id());
    }

    @Test
    void exactlyElevenHoursRestIsEnoughAndTenFiftyNineIsNot() {
        ShiftFacts a = shift(at(MONDAY, 8, 0), at(MONDAY, 16, 0));
        ShiftFacts elevenAfter = shift(at(MONDAY.plusDays(1), 3, 0), at(MONDAY.plusDays(1), 7, 0));
        ShiftFacts tenFiftyNineAfter = shift(at(MONDAY.plusDays(1), 2, 59), at(MONDAY.plusDays(1), 7, 0));
        ShiftFacts elevenBefore = shift(at(MONDAY.minusDays(1), 17, 0), at(MONDAY.minusDays(1), 21, 0));
        ShiftFacts tenFiftyNineBefore = shift(at(MONDAY.minusDays(1), 17, 0), at(MONDAY.minusDays(1), 21, 1));

        assertThat(rules(staff(), elevenAfter, List.of(a))).isEmpty();
        assertThat(rules(staff(), elevenBefore, List.of(a))).isEmpty();
        assertThat(rules(staff(), tenFiftyNineAfter, List.of(a))).containsExactly(HardRule.REST);
        assertThat(rules(staff(), tenFiftyNineBefore, List.of(a))).containsExactly(HardRule.REST);
        ShiftFacts touching = shift(at(MONDAY, 16, 0), at(MONDAY, 18, 0));
        assertThat(rules(staff(), touching, List.of(a))).containsExactly(HardRule.REST);
    }

    @Test
    void exactlyFortyEightHoursInSevenDaysIsAllowed() {
        List<ShiftFacts> five = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            five.add(shift(at(MONDAY.plusDays(d), 8, 0), at(MONDAY.plusDays(d), 16, 0)));
        }
        ShiftFacts sixth = shift(at(MONDAY.plusDays(5), 8, 0), at(MONDAY.plusDays(5), 16, 0));
        ShiftFacts sixthAMinuteLonger = shift(at(MONDAY.plusDays(5), 8, 0), at(MONDAY.plusDays(5), 16, 1));
        assertThat(rules(staff(), sixth, five)).isEmpty();
        assertThat(rules(staff(), sixthAMinuteLonger, five)).containsExactly(HardRule.MAX_HOURS);

        List<ShiftFacts> six = new ArrayList<>(five);
        six.add(sixth);
        ShiftFacts seventh = shift(at(MONDAY.plusDays(6), 8, 0), at(MONDAY.plusDays(6), 16, 0));
        assertThat(rules(staff(), seventh, six)).containsExactly(HardRule.MAX_HOURS);
        // a week later the window has rolled past Monday's and Tuesday's shifts
        ShiftFacts nextWednesday = shift(at(MONDAY.plusDays(9), 8, 0), at(MONDAY.plusDays(9), 16, 0));
        assertThat(rules(staff(), nextWednesday, six)).isEmpty();
    }

    @Test
    void volunteersStayAtOrBelowTheRiskLimit() {
        PersonFacts volunteer = new PersonFacts(UUID.randomUUID(), true, "110105001001", List.of(),
                List.of(new PersonFacts.WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(0, 0), LocalTime.MIDNIGHT)),
                List.of());
        assertThat(rules(volunteer, shift(at(MONDAY, 8, 0), at(MONDAY, 12, 0), 1, Set.of()), List.of())).isEmpty();
        assertThat(rules(volunteer, shift(at(MONDAY, 8, 0), at(MONDAY, 12, 0), 2, Set.of()), List.of()))
                .containsExactly(HardRule.VOLUNTEER_RISK);
        assertThat(rules(staff(), shift(at(MONDAY, 8, 0), at(MONDAY, 12, 0), 3, Set.of()), List.of())).isEmpty();
    }

    @Test
    void aShiftAcrossMidnightNeedsWindowsOnBothDays() {
        ShiftFacts night = shift(at(MONDAY, 22, 0), at(MONDAY.plusDays(1), 2, 0));
        PersonFacts both = volunteer(List.of(
                new PersonFacts.WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.MIDNIGHT),
                new PersonFacts.WeeklyWindow(DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(2, 0))), List.of());
        PersonFacts mondayOnly = volunteer(List.of(
                new PersonFacts.WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.MIDNIGHT)), List.of());
        PersonFacts tuesdayTooShort = volunteer(List.of(
                new PersonFacts.WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.MIDNIGHT),
                new PersonFacts.WeeklyWindow(DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(1, 59))), List.of());
        assertThat(rules(both, night, List.of())).isEmpty();
        assertThat(rules(mondayOnly, night, List.of())).containsExactly(HardRule.AVAILABILITY);
        assertThat(rules(tuesdayTooShort, night, List.of())).containsExactly(HardRule.AVAILABILITY);
    }

    @Test
    void absencesAreHalfOpen() {
        ShiftFacts day = shift(at(MONDAY, 8, 0), at(MONDAY, 16, 0));
        PersonFacts overlapping = new PersonFacts(UUID.randomUUID(), false, "110105001001", List.of(), List.of(),
                List.of(new PersonFacts.Absence(at(MONDAY, 15, 59), at(MONDAY.plusDays(1), 0, 0))));
        PersonFacts endsAtStart = new PersonFacts(UUID.randomUUID(), false, "110105001001", List.of(), List.of(),
                List.of(new PersonFacts.Absence(at(MONDAY.minusDays(1), 0, 0), at(MONDAY, 8, 0))));
        assertThat(rules(overlapping, day, List.of())).containsExactly(HardRule.AVAILABILITY);
        assertThat(rules(endsAtStart, day, List.of())).isEmpty();
    }

    @Test
    void aVolunteerWithoutWindowsIsNeverAvailableStaffWithoutWindowsAlways() {
        ShiftFacts day = shift(at(MONDAY, 8, 0), at(MONDAY, 16, 0));
        assertThat(rules(volunteer(List.of(), List.of()), day, List.of())).containsExactly(HardRule.AVAILABILITY);
        assertThat(rules(staff(), day, List.of())).isEmpty();
    }

    static PersonFacts volunteer(List<PersonFacts.WeeklyWindow> weekly, List<PersonFacts.Absence> absences) {
        return new PersonFacts(UUID.randomUUID(), true, "110105001001", List.of(), weekly, absences);
    }
}
