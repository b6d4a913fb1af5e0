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
        out.printf("%-8s %7s %9s %6s %8s %9s %9s %9s %8s %9s %7s %9s %9s %9s %s%n", "phase", "target", "accepted",
                "secs", "requests", "p50 ms", "p99 ms", "max ms", "late ms", "p99 due", "errors", "lag p50", "lag p99",
                "lag max", "samples");
        if (b.steps() != null) {
            for (Benchmark.Step s : b.steps()) {
                out.printf(Locale.ROOT, "%-8s %7d %9s %6d %8d %9s %9s %9s %8s %9s %7d %9s %9s %9s %s%n", s.name(),
                        s.target(), String.format(Locale.ROOT, "%,.0f", s.achieved()), s.seconds(), s.requests(),
                        num(s.p50Ms()), num(s.p99Ms()), num(s.maxMs()), num(s.maxLateMs()), num(s.p99FromDueMs()),
                        s.errors(), num(s.lagP50Ms()),
                        num(s.lagP99Ms()), num(s.lagMaxMs()),
                        s.lagSamples() + (s.lagUnseen() == 0 ? "" : " (" + s.lagUnseen() + " unseen)"));
            }
        }
        out.println("(target and accepted in records/s; p50/p99/max: bulk request latency from sending; late: how long after "
                + "it was due the latest batch left; p99 due: latency counted from when the batch was due; lag: from a sample's 2xx to its kpi event on the SSE stream, ms)");
        Benchmark.Totals t = b.totals();
        if (t != null) {
            out.printf(Locale.ROOT, "total: %,d records sent, %,d accepted in %,d bulk requests (p50 %s, p99 %s, max %s ms); "
                            + "%d failed attempts %s; %d writes without a 2xx after their retries (%d records lost, %d in "
                            + "doubt); %d batches never sent; %d sample posts (p99 %s ms), "
                            + "lag p50 %s / p99 %s / max %s ms over %d samples (%d never seen, %d before their 2xx), "
                            + "%d stream reconnects; %.0f s%n", t.recordsSent(), t.recordsAccepted(), t.bulkRequests(),
                    num(t.p50Ms()), num(t.p99Ms()), num(t.maxMs()), t.failedAttempts(), t.errorsByKind(),
                    t.failedWrites(), t.recordsLost(), t.inDoubt(), t.unsentBatches(), t.samplePosts(), num(t.samplePostP99Ms()), num(t.lagP50Ms()), num(t.lagP99Ms()),
                    num(t.lagMaxMs()), t.lagSamples(), t.lagUnseen(), t.lagEarly(), t.streamReconnects(), t.seconds());
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

    static String num(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
