package org.frontline.drill.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.frontline.drill.Drill;
import org.frontline.drill.VerifyCommand;
import org.frontline.drill.play.TimeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill verify}'s exits that need no suite: an unreadable result (2) and a suite nobody answers for (3). */
class VerifyCommandTests {

    @TempDir
    Path dir;

    record Outcome(int exit, String err) {
    }

    static Outcome verify(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "verify";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Outcome(Drill.commandLine().execute(all), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aMissingOrBrokenResultIsOneLineAndExit2() throws Exception {
        Outcome missing = verify("--result", dir.resolve("nope.json").toString());
        Files.writeString(dir.resolve("broken.json"), "{\"truth\":");
        Outcome broken = verify("--result", dir.resolve("broken.json").toString());
        Files.writeString(dir.resolve("no-truth.json"), "{\"tool\":\"frontline-drill\"}");
        Outcome noTruth = verify("--result", dir.resolve("no-truth.json").toString());

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("drill verify: cannot read the result " + dir.resolve("nope.json")
                + ": no such file" + System.lineSeparator());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err().lines()).hasSize(1);
        assertThat(noTruth.exit()).isEqualTo(2);
        assertThat(noTruth.err()).contains("no \"truth\"");
    }

    @Test
    void aSuiteThatCannotBeReachedIsExit3AndTheResultStaysAsItWas() throws Exception {
        // a truth with a field this verifier does not know (a newer player): read anyway
        LocalDate today = LocalDate.now(TimeModel.CITY_ZONE);
        String result = "{\"tool\":\"frontline-drill\",\"startedAt\":\"" + today + "T09:00:00+08:00\",\"truth\":{"
                + "\"cityCode\":\"3901\",\"firstDay\":\"" + today.minusDays(6) + "\",\"days\":7,"
                + "\"communities\":[\"390101001001\"],\"outbreak\":{\"390101001001\":\"" + today.minusDays(2) + "\"}}}";
        Path file = dir.resolve("result.json");
        Files.writeString(file, result);

        Outcome o = verify("--result", file.toString(), "--base-url", "http://127.0.0.1:9", "--keycloak-url",
                "http://127.0.0.1:9", "--settle-timeout", "0");

        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err()).startsWith("drill verify: the suite cannot be reached: cannot reach Keycloak");
        assertThat(o.err().lines()).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo(result);
    }

    @Test
    void aResultOfAnotherDayIsRefusedInOneLine() throws Exception {
        LocalDate yesterday = LocalDate.now(TimeModel.CITY_ZONE).minusDays(1);
        String result = "{\"tool\":\"frontline-drill\",\"truth\":{\"cityCode\":\"3901\",\"firstDay\":\""
                + yesterday.minusDays(6) + "\",\"days\":7,\"communities\":[\"390101001001\"]}}";
        Path file = dir.resolve("old.json");
        Files.writeString(file, result);

        Outcome o = verify("--result", file.toString(), "--base-url", "http://127.0.0.1:9", "--keycloak-url",
                "http://127.0.0.1:9", "--settle-timeout", "0");

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("drill verify: the run's last day " + yesterday + " is not the city's today")
                .contains("missed-check-in"));
        assertThat(Files.readString(file)).isEqualTo(result);
    }

    @Test
    void theRunsStartComesFromTheResultWhenTheTruthHasNone() throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) org.frontline.drill.api.SuiteClient.JSON
                .readTree("{\"startedAt\":\"2026-11-30T14:00:00+08:00\"}");

        assertThat(VerifyCommand.resultStart(node)).isEqualTo(java.time.Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(VerifyCommand.resultStart(emptyResult())).isNull();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode emptyResult() {
        return org.frontline.drill.api.SuiteClient.JSON.createObjectNode();
    }
}
