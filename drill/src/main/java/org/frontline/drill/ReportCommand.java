package org.frontline.drill;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.bench.BenchChart;
import org.frontline.drill.bench.BenchReport;
import org.frontline.drill.bench.Benchmark;
import org.frontline.drill.verify.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drill report FILE}: print a result (verdict table, request figures, benchmark) and draw its chart. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a run's result: the verdict table, the request figures and, for a benchmark, each rate's "
                + "throughput, latency, lag and memory; draws the benchmark's chart as PNG (--chart)."})
public class ReportCommand implements Callable<Integer> {

    /** Lenient: a result written by a newer drill (more fields) still reads. */
    static final ObjectMapper JSON = SuiteClient.JSON.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Parameters(index = "0", paramLabel = "FILE", description = "the JSON result of drill run")
    public Path result;

    @Option(names = "--chart", paramLabel = "PNG", description = "write the throughput and lag chart here (benchmark results only)")
    public Path chart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true"); // the chart is drawn without a display
        PrintStream out = System.out;
        JsonNode root;
        if (!Files.isRegularFile(result)) {
            throw usage("no such result file: " + result);
        }
        try {
            root = JSON.readTree(Files.readString(result));
        } catch (IOException e) {
            throw usage("cannot read the result " + result + ": " + e.getMessage());
        }
        if (root == null || !root.isObject() || !"frontline-drill".equals(root.path("tool").asText())) {
            throw usage(result + " is not a drill result (no \"tool\": \"frontline-drill\")");
        }
        out.printf("Result %s: scenario %s, run %s, %s → %s%n", result, root.path("scenario").asText("?"),
                root.path("runId").asText("?"), root.path("startedAt").asText("?"), root.path("finishedAt").asText("?"));
        print(out, "options", root.path("options"));
        JsonNode requests = root.path("requests");
        boolean surge = root.path("benchmark").isObject();
        print(out, requestsTitle(requests, surge), requests);

        JsonNode verdict = root.path("verdict");
        if (verdict.isObject() && verdict.path("checks").isArray()) {
            try {
                Verdict v = JSON.treeToValue(verdict, Verdict.class);
                out.println();
                out.println("Verdict: " + v.summary());
                out.print(v.table());
            } catch (IOException | IllegalArgumentException e) {
                out.println("verdict: present but not readable by this drill (" + e.getMessage() + ")");
            }
        } else {
            out.println();
            out.println("Verdict: not verified");
        }

        JsonNode bench = root.path("benchmark");
        if (!bench.isObject()) {
            if (chart != null) {
                throw usage(result + " holds no benchmark: nothing to chart");
            }
            return 0;
        }
        Benchmark b;
        try {
            b = JSON.treeToValue(bench, Benchmark.class);
        } catch (IOException | IllegalArgumentException e) {
            throw usage("the benchmark in " + result + " is not readable: " + e.getMessage());
        }
        BenchReport.print(b, out, screeningsLine(verdict));
        if (chart != null) {
            try {
                BenchChart.write(b, chart);
                out.println("chart written: " + chart);
            } catch (IOException e) {
                throw usage("cannot write the chart " + chart + ": " + e.getMessage());
            }
        }
        return 0;
    }

    /** The fourth target, judged by the verifier: every screening counted once (its facts checks). */
    static String screeningsLine(JsonNode verdict) {
        String goal = String.format("%-24s %-44s ", "no fact lost or doubled", "verifier: counts = events = picture = injected");
        if (!verdict.path("checks").isArray()) {
            return "—     " + goal + "not verified";
        }
        long checks = 0;
        long failed = 0;
        for (JsonNode c : verdict.path("checks")) {
            if ("facts".equals(c.path("section").asText())) {
                checks++;
                failed += c.path("ok").asBoolean() ? 0 : 1;
            }
        }
        if (checks == 0) {
            return "—     " + goal + "no facts check in the verdict";
        }
        return (failed == 0 ? "PASS" : "MISS") + "  " + goal + (checks - failed) + " of " + checks
                + " facts checks passed";
    }

    /**
     * What the run's request figures cover: the counts are every request of the run; the latencies (p50/p99/max) are
     * the requests sent through the client — set-up and play — not the benchmark's, which has its own (its totals,
     * printed with it), so the two never mix. A {@code latencyOf} in the result says it itself.
     */
    static String requestsTitle(JsonNode requests, boolean benchmark) {
        if (requests.hasNonNull("latencyOf")) {
            return "requests (latency of " + requests.path("latencyOf").asText() + ")";
        }
        return benchmark ? "requests (counts: every request, the benchmark's included; p50Ms/p99Ms/maxMs: set-up and "
                + "play only — the benchmark's latencies are its own, below)" : "requests";
    }

    private static void print(PrintStream out, String title, JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder(title).append(':');
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            s.append(' ').append(e.getKey()).append('=').append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
        }
        out.println(s);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
