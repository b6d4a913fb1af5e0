package org.frontline.drill.bench;

import java.util.ArrayList;
import java.util.List;

import org.frontline.drill.scenario.Scenario;

/**
 * The benchmark's open-loop plan: each of the {@code load.rates} for {@code stepSeconds}, then the last rate for
 * {@code sustainSeconds}; every second of a phase at rate R is cut into {@link #batchesPerSecond} bulk requests of at
 * most {@code batchSize} records, spread evenly over the second. The batches are due at fixed times from the start
 * whatever the suite answers (a timer, not "send the next when the last one returned"): when the senders cannot keep
 * up, a batch goes out late and the lateness is measured, the rate is never lowered to match the suite.
 */
public final class OpenLoopSchedule {

    /** The bulk endpoint takes 1 … 1,000 records a request. */
    public static final int MAX_BATCH = 1000;
    static final List<Integer> DEFAULT_RATES = List.of(250, 500, 1000);

    /** One phase: {@code name} ("step 1", "sustain"), its target rate and length; starts at second {@code from}. */
    public record Phase(String name, int rate, int seconds, int from) {

        public int until() {
            return from + seconds;
        }
    }

    /** One bulk request of {@code size} records due at {@code dueNanos} after the start, in second {@code second}. */
    public record Batch(long seq, long dueNanos, int second, int phase, int size) {
    }

    private final List<Phase> phases;
    private final int batchSize;

    public OpenLoopSchedule(List<Phase> phases, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("a bulk request carries 1 … " + MAX_BATCH + " records, not " + batchSize);
        }
        this.phases = List.copyOf(phases);
        this.batchSize = batchSize;
    }

    /** The plan of a scenario's {@code load} section (defaults: rates 250, 500, 1000; 60 s a step; 300 s sustained). */
    public static OpenLoopSchedule of(Scenario.Load load, Integer batchSize) {
        if (load == null) {
            throw new IllegalArgumentException("the scenario has no load section: nothing to benchmark");
        }
        List<Integer> rates = load.rates() == null || load.rates().isEmpty() ? DEFAULT_RATES : load.rates();
        int step = load.stepSeconds() == null ? 60 : load.stepSeconds();
        int sustain = load.sustainSeconds() == null ? 300 : load.sustainSeconds();
        if (rates.stream().anyMatch(r -> r == null || r < 1 || r > 100_000)) {
            throw new IllegalArgumentException("load.rates must be 1 … 100000 records/s each: " + rates);
        }
        if (step < 1 || step > 3600 || sustain < 0 || sustain > 7200) {
            throw new IllegalArgumentException("load.stepSeconds must be 1 … 3600 and load.sustainSeconds 0 … 7200");
        }
        List<Phase> phases = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < rates.size(); i++) {
            phases.add(new Phase("step " + (i + 1), rates.get(i), step, from));
            from += step;
        }
        if (sustain > 0) {
            phases.add(new Phase("sustain", rates.get(rates.size() - 1), sustain, from));
        }
        int size = batchSize == null ? 500 : Math.min(MAX_BATCH, batchSize);
        return new OpenLoopSchedule(phases, size);
    }

    public List<Phase> phases() {
        return phases;
    }

    public int batchSize() {
        return batchSize;
    }

    public int seconds() {
        return phases.isEmpty() ? 0 : phases.get(phases.size() - 1).until();
    }

    /** The phase second {@code second} belongs to (-1 after the plan: the drain). */
    public int phaseAt(int second) {
        for (int i = 0; i < phases.size(); i++) {
            if (second >= phases.get(i).from() && second < phases.get(i).until()) {
                return i;
            }
        }
        return -1;
    }

    /** The records due in second {@code second} (0 after the plan). */
    public int targetAt(int second) {
        int p = phaseAt(second);
        return p < 0 ? 0 : phases.get(p).rate();
    }

    /** Bulk requests a second at {@code rate} records/s with at most {@code batchSize} records each. */
    public static int batchesPerSecond(int rate, int batchSize) {
        return (rate + batchSize - 1) / batchSize;
    }

    /** The sizes of one second's batches: {@link #batchesPerSecond} of them, as even as can be, adding up to {@code rate}. */
    public static int[] batchSizes(int rate, int batchSize) {
        int n = batchesPerSecond(rate, batchSize);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = rate / n + (i < rate % n ? 1 : 0);
        }
        return sizes;
    }

    /** Every batch of the plan in the order they are due. */
    public List<Batch> batches() {
        List<Batch> out = new ArrayList<>();
        long seq = 0;
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            int[] sizes = batchSizes(phase.rate(), batchSize);
            for (int s = phase.from(); s < phase.until(); s++) {
                for (int i = 0; i < sizes.length; i++) {
                    long due = s * 1_000_000_000L + i * 1_000_000_000L / sizes.length;
                    out.add(new Batch(seq++, due, s, p, sizes[i]));
                }
            }
        }
        return out;
    }

    /** Records the whole plan sends. */
    public long records() {
        return phases.stream().mapToLong(p -> (long) p.rate() * p.seconds()).sum();
    }
}
