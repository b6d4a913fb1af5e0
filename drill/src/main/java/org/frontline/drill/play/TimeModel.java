package org.frontline.drill.play;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The drill's time model (COMMON.md "Time model"): simulated day {@code i} (0-based) of a run of {@code days} days is
 * the city date {@code today − (days − 1 − i)} in Asia/Shanghai, so the last simulated day is the city's today. A fact
 * of a day is stamped inside that city day — in office hours, 09:00–17:00 — and never in the future: on today a time
 * not yet reached is moved back to just before now (never before the day's start).
 */
public final class TimeModel {

    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalTime WORK_START = LocalTime.of(9, 0);
    static final Duration WORK_SPAN = Duration.ofHours(8);

    private final Clock clock;
    private final LocalDate firstDay;
    private final int days;

    public TimeModel(Clock clock, int days) {
        if (days < 1 || days > 7) {
            throw new IllegalArgumentException("days must be 1 … 7, not " + days);
        }
        this.clock = clock.withZone(CITY_ZONE);
        this.days = days;
        this.firstDay = LocalDate.now(this.clock).minusDays(days - 1L);
    }

    /** The city date a moment falls on. */
    public static LocalDate cityDay(OffsetDateTime t) {
        return t.atZoneSameInstant(CITY_ZONE).toLocalDate();
    }

    public static TimeModel of(int days) {
        return new TimeModel(Clock.systemUTC(), days);
    }

    public LocalDate firstDay() {
        return firstDay;
    }

    public int days() {
        return days;
    }

    /** The city date of simulated day {@code i}. */
    public LocalDate day(int i) {
        if (i < 0 || i >= days) {
            throw new IllegalArgumentException("simulated day " + i + " is not one of 0 … " + (days - 1));
        }
        return firstDay.plusDays(i);
    }

    /** The city date of the last simulated day: the city's today when the run started. */
    public LocalDate lastDay() {
        return firstDay.plusDays(days - 1L);
    }

    /**
     * Throws {@link DayChangedException} when the city's today is no longer the run's last day (the city's midnight,
     * 16:00 UTC, passed during the run): the run's days no longer end today, so what the suite must show has changed.
     */
    public void checkSameDay() {
        LocalDate today = today();
        if (!today.equals(lastDay())) {
            throw new DayChangedException(lastDay(), today);
        }
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /**
     * A moment inside simulated day {@code i}: {@code fraction} (0 … 1) of the way through its office hours
     * (09:00–17:00 city time), moved back to one minute before now when that is still to come (never earlier than the
     * day's 00:00). Truncated to the second.
     */
    public OffsetDateTime at(int i, double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        ZonedDateTime start = day(i).atStartOfDay(CITY_ZONE);
        ZonedDateTime t = day(i).atTime(WORK_START).atZone(CITY_ZONE)
                .plusSeconds((long) (WORK_SPAN.getSeconds() * f));
        ZonedDateTime latest = ZonedDateTime.now(clock).minusMinutes(1);
        if (t.isAfter(latest)) {
            t = latest.isBefore(start) ? start : latest;
        }
        return t.withNano(0).toOffsetDateTime();
    }

    /** The city day's start (00:00) of simulated day {@code i}. */
    public OffsetDateTime startOf(int i) {
        return day(i).atStartOfDay(CITY_ZONE).toOffsetDateTime();
    }

    /** A shift of simulated day {@code i}: from 08:00 city time for {@code hours} hours (may lie ahead on today). */
    public OffsetDateTime shiftStart(int i) {
        return day(i).atTime(8, 0).atZone(CITY_ZONE).toOffsetDateTime();
    }
}
