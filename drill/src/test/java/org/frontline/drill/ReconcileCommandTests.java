package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults run's reconciliation table: survived only when nothing is lost, doubled, answered 500 or dead-lettered. */
class ReconcileCommandTests {

    static final String PASSED = "{\"tool\":\"frontline-drill\",\"truth\":{\"facts\":{\"screenings\":40,\"residents\":20}},"
            + "\"requests\":{\"http500\":0,\"errors\":0},\"verdict\":{\"passed\":true,\"failed\":0,\"checks\":[]}}";
    static final String ONE_LOST = "{\"tool\":\"frontline-drill\",\"truth\":{\"facts\":{\"screenings\":40}},"
            + "\"requests\":{\"http500\":2,\"errors\":1},\"verdict\":{\"passed\":false,\"failed\":1,\"checks\":["
            + "{\"section\":\"facts\",\"what\":\"screenings: service = events = fact ids = gateway = truth\","
            + "\"expected\":\"40\",\"actual\":\"screening-service 39 · screening.events ResidentScreened 40 · fact ids 40"
            + " · gateway Σ screened 40\",\"ok\":false}]}}";

    static void fault(Path dir, String name, String... results) throws Exception {
        Files.writeString(dir.resolve("faults"), name + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        for (int i = 0; i < results.length; i++) {
            Files.writeString(dir.resolve(name + "-" + (i + 1) + ".log"), "played\n");
            Files.writeString(dir.resolve(name + "-" + (i + 1) + ".json"), results[i]);
        }
        Files.writeString(dir.resolve(name + ".start"), "1000\n");
        Files.writeString(dir.resolve(name + ".end"), "1042\n");
        Files.writeString(dir.resolve(name + ".dlq"), "screening.events.dlq poison=0 other=0\n");
    }

    static String run(Path dir, int[] exit) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            exit[0] = Drill.commandLine().execute("reconcile", dir.toString());
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRunVerifiedIsSurvivedAndTheTotalsAddUp(@TempDir Path dir) throws Exception {
        fault(dir, "kafka", PASSED, PASSED);
        int[] exit = new int[1];
        String out = run(dir, exit);
        assertThat(exit[0]).isZero();
        assertThat(out).contains("42 s").contains("survived")
                .contains("faults survived 1 of 1; records acknowledged 120; lost = 0, doubled = 0, 500s = 0");
    }

    @Test
    void aCountBelowTheTruthIsLostAnd500sFailTheFault(@TempDir Path dir) throws Exception {
        fault(dir, "kill", PASSED, ONE_LOST);
        int[] exit = new int[1];
        String out = run(dir, exit);
        assertThat(exit[0]).isEqualTo(1);
        assertThat(out).contains("FAILED").contains("kill-2: 1 checks failed")
                .contains("faults survived 0 of 1; records acknowledged 100; lost = 1, doubled = 0, 500s = 2");
    }

    @Test
    void aCountAboveTheTruthIsDoubled() {
        assertThat(ReconcileCommand.lostAndDoubled("40", "screening-service 40 · screening.events ResidentScreened 41 (42 records)"
                + " · fact ids 40", "screenings: service = events")).containsExactly(0, 1);
        assertThat(ReconcileCommand.lostAndDoubled("1 event", "3 events", "screenings doubled: fact s-1")).containsExactly(0, 2);
    }

    @Test
    void aDeadLetterOtherThanThePoisonFailsTheFault(@TempDir Path dir) throws Exception {
        fault(dir, "poison", PASSED);
        Files.write(dir.resolve("poison.dlq"), List.of("screening.events.dlq poison=1 other=0",
                "roster.events.dlq poison=1 other=1 [frontline.roster.ShiftPublished.v1@3]"));
        int[] exit = new int[1];
        String out = run(dir, exit);
        assertThat(exit[0]).isEqualTo(1);
        assertThat(out).contains("2 poison, 1").contains("FAILED");
    }
}
