package org.frontline.alert.service;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.alert.detect.Detectors;
import org.frontline.alert.detect.Evaluation;
import org.frontline.alert.detect.Method;
import org.frontline.alert.detect.Parameters;
import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalSeries;

/**
 * A detector run over the stored history of a signal (summed over an area prefix), to see what a parameter change
 * would have done. The method needs days before {@code from} for its reference window: {@link Detectors#history}
 * days (C1 B, C2 B + 2, C3 B + 4, CUSUM referenceDays when m is not given, else 0) are read as a lead-in and cut
 * from the answer, so the first day of the range is evaluated as it would have been on that day.
 */
@ApplicationScoped
public class Backtests {

    /** The answer, arrays aligned with {@code days}. */
    public record Backtest(List<LocalDate> days, Double[] observed, Evaluation evaluation, List<LocalDate> alertDays) {
    }

    private final SignalSeries series;

    public Backtests(SignalSeries series) {
        this.series = series;
    }

    @Transactional
    public Backtest run(Method method, Signal signal, String area, LocalDate from, LocalDate to, Parameters p) {
        int lead = Detectors.history(method, p);
        LocalDate start = from.minusDays(lead);
        double[] stored = series.daily(signal, area, start, to);
        Double[] all = new Double[stored.length];
        for (int i = 0; i < stored.length; i++) {
            all[i] = stored[i];
        }
        Evaluation full = Detectors.evaluate(method, all, p);
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        Evaluation cut = new Evaluation(copy(full.statistic(), lead, days), copy(full.upperbound(), lead, days),
                copy(full.alarm(), lead, days));
        List<LocalDate> dates = new ArrayList<>(days);
        List<LocalDate> alertDays = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate day = from.plusDays(i);
            dates.add(day);
            // an alert opens on an alarm day whose previous day (the lead-in's last day for the first) did not alarm
            boolean previous = lead + i > 0 && Boolean.TRUE.equals(full.alarm()[lead + i - 1]);
            if (Boolean.TRUE.equals(cut.alarm()[i]) && !previous) {
                alertDays.add(day);
            }
        }
        return new Backtest(dates, copy(all, lead, days), cut, alertDays);
    }

    private static <T> T[] copy(T[] values, int from, int length) {
        return java.util.Arrays.copyOfRange(values, from, from + length);
    }
}
