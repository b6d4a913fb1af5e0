package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** COMMON.md "Time model": day i is today − (days − 1 − i) in Asia/Shanghai; times inside the day, never ahead. */
class TimeModelTests {

    /** 2026-11-30 06:00 UTC = 14:00 in Shanghai */
    static final Clock AFTERNOON = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);
    /** 2026-11-29 17:30 UTC = 01:30 on the 30th in Shanghai, already the next city day */
    static final Clock NIGHT = Clock.fixed(Instant.parse("2026-11-29T17:30:00Z"), ZoneOffset.UTC);

    @Test
    void theLastSimulatedDayIsTheCitysToday() {
        TimeModel t = new TimeModel(AFTERNOON, 7);
        assertThat(t.firstDay()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(t.day(0)).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(t.day(6)).isEqualTo(LocalDate.of(2026, 11, 30)).isEqualTo(t.today());
        // the city's date, not UTC's
        assertThat(new TimeModel(NIGHT, 1).day(0)).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void aPastDaysTimesLieInItsOfficeHoursInTheCityZone() {
        TimeModel t = new TimeModel(AFTERNOON, 7);
        OffsetDateTime morning = t.at(2, 0);
        OffsetDateTime evening = t.at(2, 1);
        assertThat(morning).isEqualTo(OffsetDateTime.parse("2026-11-26T09:00:00+08:00"));
        assertThat(evening).isEqualTo(OffsetDateTime.parse("2026-11-26T17:00:00+08:00"));
        assertThat(t.at(2, 0.5).toLocalDate()).isEqualTo(t.day(2));
    }

    @Test
    void todaysTimesAreNeverInTheFuture() {
        TimeModel t = new TimeModel(AFTERNOON, 7);
        Instant now = AFTERNOON.instant();
        for (double f = 0; f <= 1; f += 0.125) {
            OffsetDateTime at = t.at(6, f);
            assertThat(at.toInstant()).isBeforeOrEqualTo(now);
            assertThat(at.atZoneSameInstant(TimeModel.CITY_ZONE).toLocalDate()).isEqualTo(t.day(6));
        }
        // 01:30 in the city: office hours are still ahead, the time is just before now and still today
        TimeModel night = new TimeModel(NIGHT, 3);
        OffsetDateTime at = night.at(2, 0.5);
        assertThat(at.toInstant()).isBefore(NIGHT.instant());
        assertThat(at.atZoneSameInstant(TimeModel.CITY_ZONE).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void daysOutsideTheRunAreRefused() {
        TimeModel t = new TimeModel(AFTERNOON, 3);
        assertThatThrownBy(() -> t.day(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.day(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeModel(AFTERNOON, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunThatPassesTheCitysMidnightStopsWithAClearMessage() {
        Instant start = Instant.parse("2026-11-30T15:59:00Z"); // 23:59 in Shanghai
        Instant[] now = {start};
        Clock moving = new MovingClock(now, ZoneOffset.UTC);
        TimeModel t = new TimeModel(moving, 3);
        assertThat(t.lastDay()).isEqualTo(LocalDate.of(2026, 11, 30)).isEqualTo(t.firstDay().plusDays(2));
        t.checkSameDay();
        now[0] = Instant.parse("2026-11-30T16:00:01Z");
        assertThatThrownBy(t::checkSameDay).isInstanceOf(DayChangedException.class)
                .hasMessageContaining("2026-11-30").hasMessageContaining("2026-12-01").hasMessageContaining("16:00 UTC")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** A clock whose instant the test moves (in any zone). */
    static final class MovingClock extends Clock {
        private final Instant[] now;
        private final java.time.ZoneId zone;

        MovingClock(Instant[] now, java.time.ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        @Override
        public java.time.ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(java.time.ZoneId z) {
            return new MovingClock(now, z);
        }

        @Override
        public Instant instant() {
            return now[0];
        }
    }
}
