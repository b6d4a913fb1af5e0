package org.frontline.drill.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.HdrHistogram.Histogram;

import org.frontline.drill.bench.Benchmark.Component;
import org.frontline.drill.bench.Benchmark.Second;
import org.frontline.drill.bench.Benchmark.Step;
import org.frontline.drill.bench.Benchmark.Target;
import org.frontline.drill.bench.Benchmark.Totals;
import org.frontline.drill.bench.OpenLoopSchedule.Phase;

/**
 * The raw record of a benchmark (every request attempt, the memory samples, batches never sent or left in doubt) and
 * the figures made from it at the end: per second, per phase, in total, and the targets. Thread-safe to record into.
 */
final class Tally {

    /** The targets (docs/benchmarks.md): never adjusted to what was measured. */
    static final int TARGET_RATE = 1000;
    static final int TARGET_SUSTAIN_SECONDS = 300;
    static final double TARGET_LAG_P99_MS = 1000;
    /** the sustained target holds in every window of this many seconds of the sustain phase, not only on average */
    static final int WINDOW_SECONDS = 10;

    /**
     * One request attempt: a bulk batch or a lag sample; when it was due, sent and answered (ns since the start),
     * records carried, records accepted (0 unless 2xx), the status (0: no answer), the error kind (null: 2xx) and
     * whether it was the write's last attempt (its outcome: a 2xx, a 4xx, or the last of the retries).
     */
    record Req(boolean bulk, long dueNanos, long sentNanos, long doneNanos, int records, int accepted, int status,
            String error, boolean last) {
    }

    final ConcurrentLinkedQueue<Req> requests = new ConcurrentLinkedQueue<>();
    final AtomicLong unsentBatches = new AtomicLong();
    final ConcurrentLinkedQueue<long[]> unsent = new ConcurrentLinkedQueue<>(); // {dueNanos, gaveUpNanos}
    final AtomicLong inDoubt = new AtomicLong();
    /** writes (batches and samples) that ended without a 2xx after their retries: the run's errors */
    final AtomicLong failedWrites = new AtomicLong();
    /** records of writes refused (4xx): not stored */
    final AtomicLong recordsLost = new AtomicLong();
    final AtomicLong unexpectedDuplicates = new AtomicLong();
    final AtomicLong recordsSent = new AtomicLong();
    final Map<Integer, Map<String, ProcMemory.Usage>> memory = new ConcurrentHashMap<>();

    void add(Req r) {
        requests.add(r);
    }

    static int second(long nanos) {
        return (int) Math.floorDiv(nanos, 1_000_000_000L);
    }

    static Double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? null : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static Double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? null : round(h.getMaxValue() / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Service time: each attempt from sending to its answer — or to its failure or timeout when it got none (such an
     * attempt is in here too, and counted as an error elsewhere).
     */
    static Histogram service(Collection<Req> reqs, Predicate<Req> which) {
        Histogram h = new Histogram(3);
        reqs.stream().filter(which).forEach(r -> h.recordValue(Math.max(1, (r.doneNanos() - r.sentNanos()) / 1000)));
        return h;
    }

    /**
     * Latency (the headline): each write from when it was due on the schedule to its outcome — its 2xx, its refusal,
     * or the failure or timeout of its last attempt — so the queueing behind busy senders and the retries are in it
     * (what a client on the schedule waits; no coordinated omission). {@code unsent}: batches never sent, each counted
     * from when it was due until the benchmark gave up on it.
     */
    static Histogram fromDue(Collection<Req> reqs, Predicate<Req> which, Collection<long[]> unsent,
            Predicate<Long> unsentDue) {
        Histogram h = new Histogram(3);
        reqs.stream().filter(Req::last).filter(which)
                .forEach(r -> h.recordValue(Math.max(1, (r.doneNanos() - r.dueNanos()) / 1000)));
        unsent.stream().filter(u -> unsentDue.test(u[0])).forEach(u -> h.recordValue(Math.max(1, (u[1] - u[0]) / 1000)));
        return h;
    }

    static Benchmark.Latency latency(Histogram h) {
        return new Benchmark.Latency(h.getTotalCount(), ms(h, 50), ms(h, 99), maxMs(h));
    }

    /** A batch never sent: due at {@code dueNanos}, given up at {@code gaveUpNanos} (ns since the start). */
    void unsent(long dueNanos, long gaveUpNanos) {
        unsent.add(new long[] {dueNanos, gaveUpNanos});
        unsentBatches.incrementAndGet();
    }

    static Histogram lags(Collection<LagMatcher.Sample> samples, Predicate<LagMatcher.Sample> which) {
        Histogram h = new Histogram(3);
        samples.stream().filter(LagMatcher.Sample::seen).filter(which).forEach(s -> h.recordValue(Math.max(1, s.lagMicros())));
        return h;
    }

    /** One row per second from 0 to {@code seconds} − 1 (answers are counted in the second they came in). */
    List<Second> series(OpenLoopSchedule schedule, List<LagMatcher.Sample> samples, long t0, int seconds) {
        List<Req> all = List.copyOf(requests);
        List<Second> out = new ArrayList<>();
        for (int t = 0; t < seconds; t++) {
            int sec = t;
            long achieved = 0;
            long errors = 0;
            double late = 0;
            for (Req r : all) {
                if (second(r.doneNanos()) == sec) {
                    if (r.bulk()) {
                        achieved += r.accepted();
                    }
                    if (r.error() != null) {
                        errors++;
                    }
                }
                if (r.bulk() && second(r.dueNanos()) == sec) {
                    late = Math.max(late, (r.sentNanos() - r.dueNanos()) / 1e6);
                }
            }
            Histogram lat = fromDue(all, r -> r.bulk() && second(r.doneNanos()) == sec, List.of(), d -> false);
            Histogram svc = service(all, r -> r.bulk() && second(r.doneNanos()) == sec);
            Histogram lag = lags(samples, s -> second(s.acceptedNanos() - t0) == sec);
            int p = schedule.phaseAt(t);
            Map<String, ProcMemory.Usage> mem = memory.get(t);
            Double rss = mem == null || mem.isEmpty() ? null
                    : round(mem.values().stream().mapToLong(ProcMemory.Usage::rssKb).sum() / 1024.0);
            out.add(new Second(t, p < 0 ? "drain" : schedule.phases().get(p).name(), schedule.targetAt(t), achieved,
                    ms(lat, 99), ms(svc, 99), ms(lag, 99), errors, round(late), rss));
        }
        return out;
    }

    List<Step> steps(OpenLoopSchedule schedule, List<Second> series, List<LagMatcher.Sample> samples, long t0) {
        List<Req> all = List.copyOf(requests);
        List<Step> out = new ArrayList<>();
        for (Phase p : schedule.phases()) {
            Predicate<Long> in = nanos -> second(nanos) >= p.from() && second(nanos) < p.until();
            long accepted = all.stream().filter(r -> r.bulk() && in.test(r.doneNanos())).mapToLong(Req::accepted).sum();
            long requests = all.stream().filter(r -> r.bulk() && in.test(r.doneNanos())).count();
            long errors = all.stream().filter(r -> r.error() != null && in.test(r.doneNanos())).count();
            double late = all.stream().filter(r -> r.bulk() && in.test(r.dueNanos()))
                    .mapToDouble(r -> (r.sentNanos() - r.dueNanos()) / 1e6).max().orElse(0);
            int below = (int) series.stream().filter(s -> s.t() >= p.from() && s.t() < p.until())
                    .filter(s -> s.achieved() < s.target()).count();
            // the latencies of the batches due in the phase, wherever they ended (a backlog answered later counts here)
            Histogram lat = fromDue(all, r -> r.bulk() && in.test(r.dueNanos()), unsent, in);
            Histogram svc = service(all, r -> r.bulk() && in.test(r.dueNanos()));
            double[] worst = worstWindow(series, p.from(), p.until(), false);
            double[] sliding = worstWindow(series, p.from(), p.until(), true);
            Predicate<LagMatcher.Sample> inPhase = s -> in.test(s.acceptedNanos() - t0);
            Histogram lag = lags(samples, inPhase);
            long lagAll = samples.stream().filter(inPhase).count();
            long lagResynced = samples.stream().filter(inPhase).filter(LagMatcher.Sample::resynced).count();
            out.add(new Step(p.name(), p.rate(), p.seconds(), round((double) accepted / p.seconds()), accepted,
                    requests, errors, latency(lat), latency(svc), round(late), below,
                    worst == null ? null : round(worst[0]), worst == null ? p.from() : (int) worst[1],
                    sliding == null ? null : round(sliding[0]), sliding == null ? p.from() : (int) sliding[1], ms(lag, 50),
                    ms(lag, 99), maxMs(lag), lagAll, lagAll - lag.getTotalCount() - lagResynced, lagResynced));
        }
        return out;
    }

    /**
     * The {@value #WINDOW_SECONDS}-second window of seconds {@code from} … {@code until} − 1 with the fewest records
     * accepted: {average records/s, its first second}; the whole range when it is shorter; null when the series has
     * none of those seconds. {@code sliding}: every window (a stall of one second shows as a window below target
     * even when the next second catches up); otherwise the consecutive windows from {@code from} (0–9, 10–19, …), the
     * blocks the sustained target is judged on — a last block shorter than the window is not judged alone.
     */
    static double[] worstWindow(List<Second> series, int from, int until, boolean sliding) {
        long[] achieved = series.stream().filter(s -> s.t() >= from && s.t() < until).mapToLong(Second::achieved).toArray();
        if (achieved.length == 0) {
            return null;
        }
        int w = Math.min(WINDOW_SECONDS, achieved.length);
        int stride = sliding ? 1 : w;
        double min = Double.MAX_VALUE;
        int at = 0;
        for (int start = 0; start + w <= achieved.length; start += stride) {
            long sum = 0;
            for (int i = start; i < start + w; i++) {
                sum += achieved[i];
            }
            if ((double) sum / w < min) {
                min = (double) sum / w;
                at = start;
            }
        }
        return new double[] {min, from + at};
    }

    Totals totals(List<LagMatcher.Sample> samples, long early, long reconnects, long resyncs, double seconds) {
        List<Req> all = List.copyOf(requests);
        Map<String, Long> kinds = new TreeMap<>();
        all.stream().filter(r -> r.error() != null).forEach(r -> kinds.merge(r.error(), 1L, Long::sum));
        List<long[]> never = List.copyOf(unsent);
        Histogram bulk = fromDue(all, Req::bulk, never, d -> true);
        Histogram bulkService = service(all, Req::bulk);
        Histogram single = fromDue(all, r -> !r.bulk(), List.of(), d -> false);
        Histogram singleService = service(all, r -> !r.bulk());
        Histogram lag = lags(samples, s -> true);
        long resynced = samples.stream().filter(LagMatcher.Sample::resynced).count();
        return new Totals(all.stream().filter(Req::bulk).count(), recordsSent.get(),
                all.stream().filter(Req::bulk).mapToLong(Req::accepted).sum(), unexpectedDuplicates.get(),
                unsentBatches.get(), inDoubt.get(), recordsLost.get(), failedWrites.get(),
                all.stream().filter(r -> r.error() != null).count(), kinds,
                latency(bulk), latency(bulkService), all.stream().filter(r -> !r.bulk()).count(), latency(single),
                latency(singleService), latency(service(all, r -> true)),
                samples.size(), samples.size() - lag.getTotalCount() - resynced, resynced, early, ms(lag, 50),
                ms(lag, 99), maxMs(lag), reconnects, resyncs, round(seconds));
    }

    /** The targets against the sustained phase (the last one) and the whole run's errors. */
    static List<Target> targets(List<Step> steps, Totals totals) {
        List<Target> out = new ArrayList<>();
        if (steps.isEmpty()) {
            return out;
        }
        Step held = steps.get(steps.size() - 1);
        boolean windowsHold = held.worstWindowAchieved() != null && held.worstWindowAchieved() >= TARGET_RATE;
        out.add(new Target("sustained throughput", String.format(Locale.ROOT, "≥ %,d records/s over %d s and in each of its %d s blocks",
                        TARGET_RATE, TARGET_SUSTAIN_SECONDS, WINDOW_SECONDS),
                String.format(Locale.ROOT, "%,.0f records/s accepted over %d s, worst %d s block %s records/s (from "
                                + "%d s; worst sliding window %s from %d s) (%s at %,d/s; %d s below its target)",
                        held.achieved(), held.seconds(), WINDOW_SECONDS, held.worstWindowAchieved() == null ? "—"
                                : String.format(Locale.ROOT, "%,.0f", held.worstWindowAchieved()),
                        held.worstWindowFrom(), held.worstSlidingWindowAchieved() == null ? "—"
                                : String.format(Locale.ROOT, "%,.0f", held.worstSlidingWindowAchieved()),
                        held.worstSlidingWindowFrom(), held.name(), held.target(), held.secondsBelowTarget()),
                held.achieved() >= TARGET_RATE && windowsHold && held.seconds() >= TARGET_SUSTAIN_SECONDS));
        out.add(new Target("errors", "0 errors",
                String.format(Locale.ROOT, "%d failed attempts of %d requests%s; %d writes without a 2xx after their "
                                + "retries: %d records lost (refused), %d in doubt", totals.failedAttempts(),
                        totals.bulkRequests() + totals.samplePosts(),
                        totals.errorsByKind().isEmpty() ? "" : " " + totals.errorsByKind(), totals.failedWrites(),
                        totals.recordsLost(), totals.inDoubt()),
                totals.failedAttempts() == 0 && totals.failedWrites() == 0 && totals.inDoubt() == 0
                        && totals.recordsLost() == 0));
        String lag = held.lagP99Ms() == null ? "not measured (no sample seen)"
                : String.format(Locale.ROOT, "p99 %,.0f ms (p50 %,.0f, max %,.0f) over %d samples%s, %s at %,d/s",
                        held.lagP99Ms(), held.lagP50Ms(), held.lagMaxMs(), held.lagSamples(),
                        (held.lagUnseen() == 0 ? "" : ", " + held.lagUnseen() + " never seen")
                                + (held.lagResynced() == 0 ? "" : ", " + held.lagResynced() + " resynced (lag unknown)"),
                        held.name(), held.target());
        out.add(new Target("event-to-dashboard lag", String.format(Locale.ROOT, "p99 ≤ %,.0f ms at %,d records/s",
                TARGET_LAG_P99_MS, TARGET_RATE), lag,
                held.lagP99Ms() != null && held.lagP99Ms() <= TARGET_LAG_P99_MS && held.lagUnseen() == 0
                        && held.lagResynced() == 0
                        && held.target() >= TARGET_RATE));
        return out;
    }

    Benchmark.Memory memory(String notMeasured) {
        if (notMeasured != null) {
            return new Benchmark.Memory(false, notMeasured, Map.of());
        }
        Map<String, long[]> max = new TreeMap<>(); // rss, pss (-1 unknown), processes, samples
        memory.values().forEach(m -> m.forEach((name, u) -> {
            long[] a = max.computeIfAbsent(name, k -> new long[] {0, 0, 0, 0});
            a[0] = Math.max(a[0], u.rssKb());
            a[1] = a[1] < 0 || u.pssKb() < 0 ? -1 : Math.max(a[1], u.pssKb());
            a[2] = Math.max(a[2], u.processes());
            a[3]++;
        }));
        if (max.isEmpty()) {
            return new Benchmark.Memory(false, "not measured: no sample of the local run's processes", Map.of());
        }
        Map<String, Component> components = new TreeMap<>();
        max.forEach((name, a) -> components.put(name, new Component(round(a[0] / 1024.0),
                a[1] < 0 ? null : round(a[1] / 1024.0), (int) a[2], (int) a[3])));
        return new Benchmark.Memory(true, "max of one sample a second; RSS and PSS summed over each component's "
                + "process tree (pid files of the local run)", components);
    }
}
