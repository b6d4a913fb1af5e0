package org.frontline.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;

import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.api.Target;
import org.frontline.drill.play.TimeModel;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.verify.Verdict;
import org.frontline.drill.verify.VerifyStep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drill verify --result FILE}: compare the running suite with the ground truth of an earlier run. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads the ground truth of an earlier run (its JSON result) and checks the running suite against it: "
                + "alerts, KPIs, every report template, each service's count against its topic and the gateway's "
                + "projection, uncovered shifts and stock-outs. Prints the verdict table; exit 1 on any mismatch. "
                + "Only on the day the run was played (the city's today): another day is refused (exit 2)."})
public class VerifyCommand implements Callable<Integer> {

    @Option(names = "--result", required = true, paramLabel = "FILE", description = "the JSON result of drill run")
    public Path result;

    @Option(names = "--settle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long to wait for the suite to show every injected fact (default: ${DEFAULT-VALUE})")
    public int settleTimeout;

    @Option(names = "--write", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "write the new verdict into the result file (default: yes)")
    public boolean write;

    @Mixin
    public Target target;

    /** Exit status of a result file that cannot be read (as for bad usage). */
    public static final int UNREADABLE = 2;

    @Override
    public Integer call() {
        ObjectNode result;
        GroundTruth truth;
        try {
            JsonNode node = SuiteClient.JSON.readTree(Files.readString(result()));
            if (!(node instanceof ObjectNode o) || !o.path("truth").isObject()) {
                throw new IOException("no \"truth\" object in it");
            }
            result = o;
            // a newer player may write fields this verifier does not know: read what is there
            truth = SuiteClient.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .treeToValue(o.get("truth"), GroundTruth.class);
            if (truth.cityCode == null || truth.firstDay == null || truth.days < 1) {
                throw new IOException("its truth names no cityCode, firstDay or days");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("drill verify: cannot read the result " + this.result + ": no such file");
            return UNREADABLE;
        } catch (IOException | RuntimeException e) {
            System.err.println("drill verify: cannot read the result " + this.result + ": " + oneLine(e));
            return UNREADABLE;
        }
        String refused = refusal(truth, LocalDate.now(TimeModel.CITY_ZONE));
        if (refused != null) {
            System.err.println("drill verify: " + refused);
            return UNREADABLE;
        }
        Instant startedAt = VerifyStep.startedAt(truth, resultStart(result));
        Verdict verdict;
        try {
            SuiteClient client = new SuiteClient(target, new Stats());
            verdict = VerifyStep.run(client, truth, startedAt, Duration.ofSeconds(Math.max(0, settleTimeout)), System.out);
        } catch (SuiteException e) {
            System.err.println("drill verify: the suite cannot be reached: " + oneLine(e));
            return Drill.UNREACHABLE;
        }
        if (write) {
            try {
                result.set("verdict", SuiteClient.JSON.valueToTree(verdict));
                Files.writeString(result(), SuiteClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                System.out.println("verdict written to " + this.result);
            } catch (IOException e) {
                System.err.println("drill verify: cannot write the verdict into " + this.result + ": " + oneLine(e));
            }
        }
        return verdict.passed() ? 0 : Drill.FAILED;
    }

    /**
     * Why a truth cannot be verified {@code today} (a city date), or null. Only on the run's own day: after the
     * city's midnight screening-service's missed-check-in scan reports the run's last day as missed for every period
     * without a check-in that day, so the suite's answer differs from the truth (which holds the run day's answer).
     */
    public static String refusal(GroundTruth truth, LocalDate today) {
        LocalDate last = truth.day(truth.days - 1);
        if (last.equals(today)) {
            return null;
        }
        return "the run's last day " + last + " is not the city's today " + today + ": a result verifies only on the "
                + "day it was played (after midnight the suite's missed-check-in scan makes that day's answer differ)";
    }

    /** The result's own {@code startedAt} (drill run writes it), or null. */
    public static Instant resultStart(ObjectNode result) {
        JsonNode s = result.path("startedAt");
        if (!s.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Path result() {
        return result;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
