package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.frontline.drill.city.City.Worker;
import org.junit.jupiter.api.Test;

/** The drill's model of roster-service's hard rules (roster-service/README.md "Assignments and the hard rules"). */
class StaffingModelTests {

    static final LocalDate ISSUED = LocalDate.of(2026, 10, 1);
    static final Worker STAFF = new Worker("s1", "STAFF", "A", "13800000000", List.of(), List.of("ppe", "infection-control"));
    static final Worker NO_PPE = new Worker("s2", "STAFF", "B", "13800000001", List.of(), List.of("infection-control"));
    static final Worker VOLUNTEER = new Worker("v1", "VOLUNTEER", "C", "13800000002", List.of(), List.of("ppe"));

    StaffingModel model() {
        StaffingModel m = new StaffingModel(ISSUED, ISSUED.plusMonths(12).minusDays(1));
        m.requires(Set.of("ppe"));
        return m;
    }

    /** 08:00 city time (00:00 UTC) on 2026-11-{day}, for {@code hours} */
    static Instant at(int day, int hourUtc) {
        return Instant.parse(String.format("2026-11-%02dT%02d:00:00Z", day, hourUtc));
    }

    String refusal(StaffingModel m, Worker w, int day, int hourUtc, int hours) {
        Instant start = at(day, hourUtc);
        return m.refusal(w, LocalDate.of(2026, 11, day), start, start.plus(Duration.ofHours(hours)));
    }

    @Test
    void aQualifiedPresentRestedPersonMayBeAssigned() {
        assertThat(refusal(model(), STAFF, 20, 0, 8)).isNull();
    }

    @Test
    void eachHardRuleIsNamed() {
        StaffingModel m = model();
        assertThat(refusal(m, NO_PPE, 20, 0, 8)).isEqualTo("qualification-missing");
        assertThat(refusal(m, VOLUNTEER, 20, 0, 8)).isEqualTo("volunteer-risk");
        m.absent("s1", at(20, 0).minus(Duration.ofHours(8)), at(21, 0).minus(Duration.ofHours(8)));
        assertThat(refusal(m, STAFF, 20, 0, 8)).isEqualTo("not-available");
        assertThat(refusal(m, STAFF, 21, 0, 8)).isNull();
        m.book("s1", at(21, 0), at(21, 8));
        assertThat(refusal(m, STAFF, 21, 4, 8)).isEqualTo("shift-overlap");
        assertThat(refusal(m, STAFF, 21, 18, 4)).as("10 h after the end").isEqualTo("rest-too-short");
        assertThat(refusal(m, STAFF, 21, 19, 4)).as("11 h after the end").isNull();
    }

    @Test
    void aQualificationIsValidFromItsIssueToItsLastDay() {
        StaffingModel m = model();
        Instant early = Instant.parse("2026-09-30T00:00:00Z");
        assertThat(m.refusal(STAFF, LocalDate.of(2026, 9, 30), early, early.plusSeconds(3600)))
                .isEqualTo("qualification-missing");
    }

    @Test
    void fortyEightHoursInSevenDaysAndNoMore() {
        StaffingModel m = model();
        for (int day = 1; day <= 6; day++) {
            m.book("s1", at(day, 0), at(day, 8)); // 6 × 8 h = 48 h
        }
        assertThat(refusal(m, STAFF, 7, 0, 8)).as("56 h in the 7 days from the 1st").isEqualTo("hours-exceeded");
        assertThat(refusal(m, STAFF, 8, 0, 8)).as("the 1st's shift is out of the window").isNull();
    }
}
