package org.frontline.drill;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.api.Target;
import org.frontline.drill.bench.Surge;
import org.frontline.drill.city.City;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.city.CitySize;
import org.frontline.drill.play.CityCodes;
import org.frontline.drill.play.DayChangedException;
import org.frontline.drill.play.Player;
import org.frontline.drill.play.Progress;
import org.frontline.drill.play.RegisteredCity;
import org.frontline.drill.play.TimeModel;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.scenario.ScenarioLoader;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.verify.PiiScan;
import org.frontline.drill.verify.Verdict;
import org.frontline.drill.verify.VerifyStep;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drill run SCENARIO}: generate the city, play the scenario, verify, write the result. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generates a city, plays SCENARIO against the running suite and verifies the suite's answer.",
                "Prints a live progress line, then the verdict table; writes the JSON result (--out)."})
public class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "a shipped scenario (quiet-week, single-cluster, citywide-surge) or the path of a YAML/JSON scenario file")
    public String scenario;

    @Option(names = "--city-size", paramLabel = "COMMUNITIES",
            description = "communities in the generated city, 3 … 6000 (default: the scenario's)")
    public Integer citySize;

    @Option(names = "--seed", description = "the city's and the scenario's random seed: the same seed plays the same drill (default: ${DEFAULT-VALUE})",
            defaultValue = "20261130")
    public long seed;

    @Option(names = "--speed", paramLabel = "SECONDS",
            description = "real seconds per simulated day; 0 plays as fast as the suite answers (default: the scenario's)")
    public Double speed;

    @Option(names = "--city-code", paramLabel = "CODE",
            description = "the 4-digit city code to play in (default: the first code of the --province no run used)")
    public String cityCode;

    @Option(names = "--threads", description = "parallel writers: registration and each simulated day's communities are "
            + "written by this many threads (default: ${DEFAULT-VALUE})", defaultValue = "8")
    public int threads;

    @Option(names = "--out", paramLabel = "FILE",
            description = "where the JSON result goes (default: drill-results/SCENARIO-CITYCODE.json)")
    public Path out;

    @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "verify after playing (default: yes; --no-verify only plays and writes the ground truth)")
    public boolean verify;

    @Option(names = "--settle-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "how long the verifier waits for the suite to show every injected fact before it compares (default: ${DEFAULT-VALUE})")
    public int settleTimeout;

    @Option(names = "--scan-pii", description = "scan for the city's ID numbers and phones, unmasked: every response "
            + "body the drill received, every line of the log files in --logs and every record of the four .events "
            + "topics and their .dlq topics sent since the run started; section pii of the verdict, any hit fails "
            + "(default: no scan)")
    public boolean scanPii;

    @Option(names = "--logs", paramLabel = "DIR", description = "the suite's log files for --scan-pii (default: "
            + "$FRONTLINE_STATE/logs, the local run's; none: the logs are not scanned, one n/c row)")
    public Path logs;

    @Mixin
    public Target target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario sc;
        try {
            sc = ScenarioLoader.load(scenario);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CitySize size;
        try {
            size = sc.citySize(citySize);
            size.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--city-size: " + e.getMessage());
        }
        if (cityCode != null && !cityCode.matches("\\d{4}")) {
            throw new ParameterException(spec.commandLine(), "--city-code must have 4 digits, not '" + cityCode + "'");
        }
        if (!target.province.matches("\\d{2}")) {
            throw new ParameterException(spec.commandLine(), "--province must have 2 digits, not '" + target.province + "'");
        }
        if (threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1 … 256, not " + threads);
        }
        double secondsPerDay = speed != null ? speed : sc.secondsPerDay() == null ? 0 : sc.secondsPerDay();
        if (secondsPerDay < 0 || secondsPerDay > 86_400) {
            throw new ParameterException(spec.commandLine(), "--speed must be 0 … 86400 seconds a simulated day");
        }
        if (sc.outbreak() != null) {
            int start = sc.outbreak().startCommunity() == null ? 0 : sc.outbreak().startCommunity();
            if (start < 0 || start >= size.communities()) {
                throw new ParameterException(spec.commandLine(), "the scenario's outbreak.startCommunity " + start
                        + " is not a community of a city of " + size.communities() + " (--city-size must be at least "
                        + (start + 1) + ")");
            }
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        Stats stats = new Stats();
        SuiteClient client = new SuiteClient(target, stats);
        RunResult result = new RunResult();
        result.scenario = sc.name();
        result.startedAt = OffsetDateTime.now(TimeModel.CITY_ZONE);
        GroundTruth truth = new GroundTruth();
        truth.startedAt = result.startedAt.toInstant();
        result.truth = truth;
        TimeModel time = TimeModel.of(sc.days());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").format(result.startedAt);
        Path file;
        City city;
        RegisteredCity registered;
        Player player;
        PiiScan pii = null;
        boolean dayChanged = false;
        try (Progress progress = new Progress(stats, err)) {
            try {
                progress.phase("city code");
                String code = cityCode != null ? cityCode
                        : CityCodes.fresh(client, target.province, stamp + "-" + Long.toHexString(System.nanoTime()));
                city = CityGenerator.generate(code, seed, size);
                result.runId = code + "-" + stamp;
                file = this.out != null ? this.out
                        : Path.of("drill-results", sc.name() + "-" + code + ".json");
                result.options.put("cityCode", code);
                result.options.put("seed", seed);
                result.options.put("communities", size.communities());
                result.options.put("residents", city.residentCount());
                result.options.put("secondsPerDay", secondsPerDay);
                result.options.put("threads", threads);
                result.options.put("baseUrl", target.baseUrl);
                if (scanPii) {
                    // the drill's login must be a community worker (--user): shown residents' full phones by design
                    pii = PiiScan.of(city).residentPhonesShownToWorkers(true);
                    client.observeResponses(pii::response);
                }
                player = new Player(client, sc, city, truth, time, result.runId, threads, seed, secondsPerDay,
                        progress, err);
                registered = player.setUp();
            } catch (SuiteException e) {
                progress.close();
                err.println("drill: the suite could not be reached or refused the setup: " + oneLine(e));
                return Drill.UNREACHABLE;
            } catch (RuntimeException e) {
                progress.close();
                err.println("drill: the setup failed: " + oneLine(e));
                return Drill.FAILED;
            }
            try {
                player.play(registered);
            } catch (DayChangedException e) {
                err.println("\ndrill: " + e.getMessage());
                dayChanged = true;
                stats.errors.incrementAndGet();
            } catch (SuiteException e) {
                err.println("\ndrill: the play stopped: " + oneLine(e));
                stats.errors.incrementAndGet();
            } catch (RuntimeException e) {
                err.println("\ndrill: the play crashed: " + oneLine(e));
                stats.errors.incrementAndGet();
            }
            if (sc.load() != null && !dayChanged) {
                progress.phase("surge");
                try {
                    result.benchmark = Surge.run(client, sc, registered, truth, file, out, progress::extra);
                } catch (RuntimeException e) {
                    err.println("\ndrill: the surge stopped: " + oneLine(e));
                    stats.errors.incrementAndGet();
                }
                try {
                    time.checkSameDay();
                } catch (DayChangedException e) {
                    err.println("\ndrill: " + e.getMessage());
                    dayChanged = true;
                    stats.errors.incrementAndGet();
                }
            }
        }
        summary(out, city, truth, stats);
        fillRequests(result, stats);
        // the truth first: whatever the verifier does, what was injected is on disk
        result.finishedAt = OffsetDateTime.now(TimeModel.CITY_ZONE);
        if (!write(file, result, err)) {
            return Drill.FAILED;
        }
        // a play with errors fails even unverified: some fact may not be what the truth says
        int exit = stats.errors.get() == 0 ? 0 : Drill.FAILED;
        if (dayChanged) {
            out.println("result (not verified: the city's day changed): " + file);
            return Drill.FAILED;
        }
        if (verify) {
            try {
                Verdict verdict = VerifyStep.run(client, truth, Duration.ofSeconds(settleTimeout), out);
                if (pii != null) {
                    verdict = scan(pii, verdict, truth, out);
                }
                result.verdict = verdict;
                if (!verdict.passed()) {
                    exit = Drill.FAILED;
                }
            } catch (SuiteException e) {
                err.println("drill: the verifier could not read the suite: " + oneLine(e));
                result.verifyError = "the verifier could not read the suite: " + oneLine(e);
                exit = Drill.UNREACHABLE;
            } catch (RuntimeException e) {
                err.println("drill: the verifier crashed: " + oneLine(e) + "; the result holds the truth and no verdict"
                        + " (verdict null)");
                result.verdict = null;
                result.verifyError = "the verifier crashed: " + oneLine(e);
                exit = Drill.FAILED;
            }
            result.finishedAt = OffsetDateTime.now(TimeModel.CITY_ZONE);
            if (!write(file, result, err)) {
                return Drill.FAILED;
            }
        }
        out.println("result: " + file);
        return exit;
    }

    /** The personal-data scan's rows added to {@code verdict} (and printed as their own table). */
    Verdict scan(PiiScan pii, Verdict verdict, GroundTruth truth, PrintStream out) {
        Path dir = logs;
        if (dir == null && System.getenv("FRONTLINE_STATE") != null) {
            dir = Path.of(System.getenv("FRONTLINE_STATE"), "logs");
        }
        String logProblem = null;
        if (dir != null) {
            try {
                pii.scanLogs(dir);
            } catch (IOException e) {
                logProblem = "cannot read the logs in " + dir + ": " + oneLine(e);
            }
        }
        pii.scanTopics(target.kafka, truth.startedAt);
        java.util.List<Verdict.Check> checks = new java.util.ArrayList<>(verdict.checks());
        java.util.List<Verdict.Check> rows = new java.util.ArrayList<>(pii.checks());
        if (logProblem != null) {
            rows.add(new Verdict.Check("pii", "the log files", "readable", logProblem, false));
        }
        checks.addAll(rows);
        out.println();
        out.print(new Verdict(rows).table());
        Verdict all = new Verdict(checks);
        out.println("with the scan: " + all.summary());
        return all;
    }

    /** Writes the result; false (said on stderr) when it cannot. */
    static boolean write(Path file, RunResult result, PrintStream err) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SuiteClient.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("drill: cannot write " + file + ": " + oneLine(e));
            return false;
        }
    }

    /** An exception as one line: its message, or its class when it has none. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        if (!(e instanceof SuiteException) && !(e instanceof IllegalArgumentException) && m != null) {
            text = e.getClass().getSimpleName() + ": " + m;
        }
        return text.replaceAll("\\s+", " ").trim();
    }

    private static void fillRequests(RunResult result, Stats stats) {
        Histogram h = stats.total();
        result.requests.put("requests", stats.requests.get());
        result.requests.put("errors", stats.errors.get());
        result.requests.put("transportRetries", stats.transportRetries.get());
        result.requests.put("deliberateRetries", stats.deliberateRetries.get());
        result.requests.put("http500", stats.http500.get());
        result.requests.put("http5xx", stats.http5xx.get());
        result.requests.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        result.requests.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        result.requests.put("maxMs", h.getMaxValue() / 1000.0);
    }

    private static void summary(PrintStream out, City city, GroundTruth truth, Stats stats) {
        Histogram h = stats.total();
        out.printf(Locale.ROOT, "city %s: %d communities, %d residents%n", city.code(), city.communities().count(),
                city.residentCount());
        out.println("facts: " + truth.facts);
        Map<String, Long> bySignal = new TreeMap<>();
        truth.alerts.forEach(a -> bySignal.merge(a.signal() + " " + a.level(), 1L, Long::sum));
        double uncovered = truth.uncoveredHours.values().stream().flatMap(m -> m.values().stream())
                .mapToDouble(Double::doubleValue).sum();
        out.printf(Locale.ROOT, "expected alerts: %d %s; stock-outs in %d communities; uncovered hours %.0f in %d communities%n",
                truth.alerts.size(), bySignal, truth.stockOuts.size(), uncovered, truth.uncoveredHours.size());
        out.printf(Locale.ROOT, "requests: %,d, errors %d, retries %d deliberate + %d transport, answers 500: %d, "
                + "5xx: %d, latency p50 %.1f ms, p99 %.1f ms%n",
                stats.requests.get(), stats.errors.get(), stats.deliberateRetries.get(), stats.transportRetries.get(),
                stats.http500.get(), stats.http5xx.get(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
    }
}
