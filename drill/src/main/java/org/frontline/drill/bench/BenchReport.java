package org.frontline.drill.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The benchmark as text: the machine, one row per phase, the totals, the targets with PASS/MISS, memory, notes. */
public final class BenchReport {

    private BenchReport() {
    }

    public static void print(Benchmark b, PrintStream out) {
        print(b, out, null);
    }

    /** {@code extraTarget}: one more target row (the verifier's "no fact lost or doubled"), printed with the others. */
    public static void print(Benchmark b, PrintStream out, String extraTarget) {
        out.println();
        out.printf("Benchmark %s — city %s, run %s, %s → %s%n", b.scenario(), b.cityCode(), b.runId(), b.startedAt(),
                b.finishedAt());
        if (b.machine() != null) {
            Benchmark.Machine m = b.machine();
            out.printf(Locale.ROOT, "machine: %s, %d cores (nproc %s), %,d MiB; %s; %s%n", m.cpu(), m.cores(), m.nproc(),
                    m.memTotalMb(), m.java(), m.os());
            out.println("command: " + m.command());
        }
        if (b.plan() != null) {
            Benchmark.Plan p = b.plan();
            out.printf(Locale.ROOT, "plan: rates %s records/s, %d s each, last held %d s; batches of ≤ %d, %d senders; "
                            + "%d bulk communities (%,d residents); lag: %d samples/s into %s, streams %s%n", p.rates(),
                    p.stepSeconds(), p.sustainSeconds(), p.batchSize(), p.concurrency(), p.bulkCommunities(),
                    p.bulkResidents(), p.lagSamplesPerSecond(), p.sampleCommunities(), p.streams());
        }
        out.println();
        out.printf("%-8s %7s %9s %9s %6s %8s %9s %9s %9s %9s %9s %9s %8s %7s %9s %9s %9s %s%n", "phase",
                "target", "accepted", "worst 10s", "secs", "requests", "p50 ms", "p99 ms", "max ms", "svc p50", "svc p99", "svc max", "late ms",
                "errors", "lag p50", "lag p99", "lag max", "samples");
        if (b.steps() != null) {
            for (Benchmark.Step s : b.steps()) {
                Benchmark.Latency l = orNone(s.latency());
                Benchmark.Latency v = orNone(s.service());
                out.printf(Locale.ROOT, "%-8s %7d %9s %9s %6d %8d %9s %9s %9s %9s %9s %9s %8s %7d %9s %9s %9s %s%n",
                        s.name(), s.target(), String.format(Locale.ROOT, "%,.0f", s.achieved()),
                        num(s.worstWindowAchieved()), s.seconds(), s.requests(),
                        num(l.p50Ms()), num(l.p99Ms()), num(l.maxMs()), num(v.p50Ms()), num(v.p99Ms()), num(v.maxMs()),
                        num(s.maxLateMs()), s.errors(), num(s.lagP50Ms()), num(s.lagP99Ms()), num(s.lagMaxMs()),
                        s.lagSamples() + (s.lagUnseen() == 0 ? "" : " (" + s.lagUnseen() + " unseen)")
                                + (s.lagResynced() == 0 ? "" : " (" + s.lagResynced() + " resynced)"));
            }
        }
        out.println("(target, accepted and worst 10s (the consecutive " + Tally.WINDOW_SECONDS + " s block of the phase with the fewest accepted; the sustained target is judged on these blocks) in records/s; p50/p99/max: bulk latency, from when each batch due in the phase "
                + "was due to its outcome — queueing, retries, timeouts and never-sent batches included, what a client on "
                + "the schedule waits; svc: service time, each attempt from sending to its answer, failure or timeout; "
                + "late: how long after it was due the latest batch left; errors: failed attempts; lag: from a sample's "
                + "2xx to its kpi event on the SSE stream; resynced: samples counted only by the overview reloaded after the "
                + "gateway's resync event, their lag unknown; ms)");
        Benchmark.Totals t = b.totals();
        if (t != null) {
            Benchmark.Latency l = orNone(t.latency());
            Benchmark.Latency v = orNone(t.service());
            Benchmark.Latency sl = orNone(t.sampleLatency());
            Benchmark.Latency sv = orNone(t.sampleService());
            out.printf(Locale.ROOT, "total: %,d records sent, %,d accepted in %,d bulk requests; bulk latency from due "
                            + "p50 %s / p99 %s / max %s ms, service time p50 %s / p99 %s / max %s ms%n", t.recordsSent(),
                    t.recordsAccepted(), t.bulkRequests(), num(l.p50Ms()), num(l.p99Ms()), num(l.maxMs()),
                    num(v.p50Ms()), num(v.p99Ms()), num(v.maxMs()));
            out.printf(Locale.ROOT, "       %d failed attempts %s; %d writes without a 2xx after their retries (%d records "
                            + "lost, %d in doubt); %d batches never sent%n", t.failedAttempts(), t.errorsByKind(),
                    t.failedWrites(), t.recordsLost(), t.inDoubt(), t.unsentBatches());
            out.printf(Locale.ROOT, "       %d sample posts (latency from due p99 %s ms, service time p99 %s ms); lag p50 %s"
                            + " / p99 %s / max %s ms over %d samples (%d never seen, %d resynced — lag unknown, %d "
                            + "before their 2xx), %d stream reconnects, %d resyncs; %.0f s%n", t.samplePosts(),
                    num(sl.p99Ms()), num(sv.p99Ms()), num(t.lagP50Ms()), num(t.lagP99Ms()), num(t.lagMaxMs()),
                    t.lagSamples(), t.lagUnseen(), t.lagResynced(), t.lagEarly(), t.streamReconnects(),
                    t.streamResyncs(), t.seconds());
            Benchmark.Latency a = orNone(t.allRequests());
            out.printf(Locale.ROOT, "benchmark requests: %,d (every attempt, bulk and samples; the run's requests count "
                            + "them, its p50/p99 do not), service time p50 %s / p99 %s / max %s ms%n", a.count(),
                    num(a.p50Ms()), num(a.p99Ms()), num(a.maxMs()));
        }
        out.println();
        if (b.targets() != null) {
            out.println("Targets (issue 15, on this machine with everything running):");
            for (Benchmark.Target g : b.targets()) {
                out.printf("  %-4s  %-24s %-44s %s%n", g.pass() ? "PASS" : "MISS", g.what(), g.goal(), g.measured());
            }
            if (extraTarget != null) {
                out.println("  " + extraTarget);
            }
        }
        out.println();
        Benchmark.Memory m = b.memory();
        if (m == null || !m.measured()) {
            out.println("memory: " + (m == null ? "not measured" : m.note()));
        } else {
            out.println("memory per component (max, MiB; " + m.note() + "):");
            for (Map.Entry<String, Benchmark.Component> e : m.components().entrySet()) {
                Benchmark.Component c = e.getValue();
                out.printf(Locale.ROOT, "  %-20s RSS %8.1f   PSS %8s   processes %d%n", e.getKey(), c.rssMaxMb(),
                        c.pssMaxMb() == null ? "—" : String.format(Locale.ROOT, "%.1f", c.pssMaxMb()), c.processes());
            }
        }
        if (b.notes() != null && !b.notes().isEmpty()) {
            out.println("notes:");
            b.notes().forEach(n -> out.println("  - " + n));
        }
        if (b.chart() != null) {
            out.println("chart: " + b.chart());
        }
    }

    /** A result written before these figures existed reads them as null. */
    private static Benchmark.Latency orNone(Benchmark.Latency l) {
        return l == null ? new Benchmark.Latency(0, null, null, null) : l;
    }

    static String num(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
