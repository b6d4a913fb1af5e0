package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.frontline.drill.Drill;
import org.frontline.drill.RunResult;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.verify.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code drill report}: prints what a result holds and redraws the benchmark's chart from the stored series. */
class ReportCommandTests {

    @TempDir
    Path dir;

    @Test
    void aBenchmarkResultIsPrintedAndCharted() throws Exception {
        RunResult r = new RunResult();
        r.scenario = "citywide-surge";
        r.runId = "run-1";
        r.benchmark = BenchFixtures.benchmark(20);
        r.requests.put("requests", 1234);
        r.requests.put("p99Ms", 12.5);
        r.verdict = new Verdict(List.of(new Verdict.Check("facts", "screenings 3997", "2990", "2990", true),
                new Verdict.Check("kpi", "screened 399701", "2990", "2989", false)));
        Path file = dir.resolve("r.json");
        SuiteClient.JSON.writeValue(file.toFile(), r);
        Path png = dir.resolve("chart.png");

        Run run = run("report", file.toString(), "--chart", png.toString());
        assertThat(run.status).isZero();
        assertThat(run.out).contains("Verdict: 2 checks, 1 failed — FAILED", "screened 399701", "FAIL", "step 2",
                "MISS  sustained throughput", "MISS  errors", "PASS  no fact lost or doubled", "gateway",
                "chart written: " + png,
                "requests (counts: every request, the benchmark's included; p50Ms/p99Ms/maxMs: set-up and play only",
                "requests=1234", "bulk latency from due p50 11 / p99 22 / max 31 ms, service time p50 10 / p99 21 / max 30",
                "benchmark requests: 71 (every attempt", "svc p99");
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void aResultWithoutBenchmarkHasNothingToChart() throws Exception {
        RunResult r = new RunResult();
        r.scenario = "quiet-week";
        Path file = dir.resolve("q.json");
        SuiteClient.JSON.writeValue(file.toFile(), r);
        assertThat(run("report", file.toString()).status).isZero();
        Run charted = run("report", file.toString(), "--chart", dir.resolve("x.png").toString());
        assertThat(charted.status).isEqualTo(2);
        assertThat(charted.err).contains("holds no benchmark");
    }

    @Test
    void notAResultIsAUsageError() throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"hello\": 1}");
        Run run = run("report", file.toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("is not a drill result").doesNotContain("Exception");
        assertThat(run("report", dir.resolve("absent.json").toString()).err).contains("no such result file");
    }

    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cl = Drill.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int status = cl.execute(args);
            return new Run(status, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
