package org.frontline.drill;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code drill reconcile DIR}: the reconciliation table of a faults run ({@code deploy/local/frontline faults}). DIR
 * holds {@code faults} (the faults in the order they were injected) and per fault {@code F} the drill runs played
 * while it happened ({@code F-N.json}, verified after it: {@code drill verify} wrote their verdict, and {@code F-N.log}),
 * {@code F.start}/{@code F.end} (epoch seconds: injected, every instance ready again) and {@code F.dlq} (per dead-letter
 * topic the poison records and the others, {@code TOPIC.dlq poison=N other=M}). Per fault: the runs, the records
 * acknowledged (each run's ground truth: the facts the suite answered 2xx to), lost and doubled (from the verdicts'
 * {@code facts} rows: a count below the truth is lost, above it doubled), answers 500, other failed requests, dead
 * letters other than the poison. A fault is survived when every run played during it has a result and a passing
 * verdict, nothing is lost or doubled, no answer was 500 and no dead letter but the poison waits.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the reconciliation table of a faults run (deploy/local/frontline faults): per fault the "
                + "drill runs played during it, records acknowledged, lost, doubled, answers 500, dead letters; exit 0 "
                + "when every fault was survived."})
public class ReconcileCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the faults run's folder (.frontline/logs/faults-TIME)")
    public Path dir;

    /** One fault's line of the table. */
    record Row(String fault, long seconds, int runs, int withResult, int verified, long acknowledged, long lost,
            long doubled, long http500, long failedRequests, long poison, long otherDeadLetters, List<String> notes) {

        boolean survived() {
            return runs > 0 && withResult == runs && verified == runs && lost == 0 && doubled == 0 && http500 == 0
                    && otherDeadLetters == 0 && (!fault.equals("poison") || poison > 0);
        }
    }

    private static final Pattern NUMBER = Pattern.compile("(?<=\\s)(\\d[\\d,]*)(?=\\s|$|\\))");
    private static final Pattern DLQ = Pattern.compile("(\\S+\\.dlq) poison=(\\d+) other=(\\d+).*");

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Path list = dir.resolve("faults");
        if (!Files.isRegularFile(list)) {
            System.err.println("drill reconcile: " + dir + " is not a faults run (no 'faults' file)");
            return 2;
        }
        List<Row> rows = new ArrayList<>();
        for (String fault : Files.readAllLines(list)) {
            if (!fault.isBlank()) {
                rows.add(row(dir, fault.trim()));
            }
        }
        print(rows, out);
        return rows.stream().allMatch(Row::survived) && !rows.isEmpty() ? 0 : Drill.FAILED;
    }

    static Row row(Path dir, String fault) throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = s.filter(p -> p.getFileName().toString().matches(Pattern.quote(fault) + "-\\d+\\.log")).sorted().toList();
        }
        int withResult = 0;
        int verified = 0;
        long acknowledged = 0;
        long lost = 0;
        long doubled = 0;
        long http500 = 0;
        long failed = 0;
        List<String> notes = new ArrayList<>();
        for (Path log : logs) {
            String name = log.getFileName().toString().replaceAll("\\.log$", "");
            Path json = dir.resolve(name + ".json");
            if (!Files.isRegularFile(json)) {
                notes.add(name + ": no result (" + lastLine(log) + ")");
                continue;
            }
            withResult++;
            JsonNode root = ReportCommand.JSON.readTree(Files.readString(json));
            for (var it = root.path("truth").path("facts").fields(); it.hasNext(); ) {
                acknowledged += it.next().getValue().asLong();
            }
            http500 += root.path("requests").path("http500").asLong();
            failed += root.path("requests").path("errors").asLong();
            JsonNode verdict = root.path("verdict");
            if (verdict.path("passed").asBoolean(false)) {
                verified++;
            } else {
                notes.add(name + ": " + (verdict.isMissingNode() || verdict.isNull() ? "not verified"
                        : verdict.path("failed").asLong() + " checks failed"));
            }
            for (JsonNode c : verdict.path("checks")) {
                if (!"facts".equals(c.path("section").asText()) || c.path("ok").asBoolean()) {
                    continue;
                }
                long[] d = lostAndDoubled(c.path("expected").asText(), c.path("actual").asText(), c.path("what").asText());
                lost += d[0];
                doubled += d[1];
            }
        }
        long poison = 0;
        long other = 0;
        Path dlq = dir.resolve(fault + ".dlq");
        if (Files.isRegularFile(dlq)) {
            for (String line : Files.readAllLines(dlq)) {
                Matcher m = DLQ.matcher(line.trim());
                if (m.matches()) {
                    poison += Long.parseLong(m.group(2));
                    other += Long.parseLong(m.group(3));
                }
            }
        } else {
            notes.add("dead-letter topics not read");
            other = -1;
        }
        long seconds = -1;
        try {
            seconds = Long.parseLong(Files.readString(dir.resolve(fault + ".end")).trim())
                    - Long.parseLong(Files.readString(dir.resolve(fault + ".start")).trim());
        } catch (IOException | NumberFormatException e) {
            notes.add("not recovered (no " + fault + ".end)");
        }
        return new Row(fault, seconds, logs.size(), withResult, verified, acknowledged, lost, doubled, http500, failed,
                poison, other, notes);
    }

    /**
     * From a failed facts row: lost = how far the lowest count is below the truth, doubled = how far the highest is above
     * it ({@code doubled: fact …} rows: the events beyond the first).
     */
    static long[] lostAndDoubled(String expected, String actual, String what) {
        if (what.contains(" doubled: fact ")) {
            Matcher m = Pattern.compile("(\\d+) events").matcher(actual);
            return new long[] {0, m.find() ? Math.max(0, Long.parseLong(m.group(1)) - 1) : 1};
        }
        long want;
        try {
            want = Long.parseLong(expected.replace(",", "").replace("= ", "").trim());
        } catch (NumberFormatException e) {
            return new long[] {0, 0};
        }
        Matcher m = NUMBER.matcher(" " + actual);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        while (m.find()) {
            long n = Long.parseLong(m.group(1).replace(",", ""));
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        if (min == Long.MAX_VALUE) {
            return new long[] {want, 0}; // nothing counted: everything is unaccounted for
        }
        return new long[] {Math.max(0, want - min), Math.max(0, max - want)};
    }

    static void print(List<Row> rows, PrintStream out) {
        String fmt = "%-9s %9s %5s %9s %13s %5s %7s %5s %7s %13s  %s%n";
        out.printf(Locale.ROOT, fmt, "fault", "recovered", "runs", "verified", "acknowledged", "lost", "doubled", "500s",
                "failed", "dead letters", "result");
        out.printf(Locale.ROOT, fmt, "-".repeat(9), "-".repeat(9), "-".repeat(5), "-".repeat(9), "-".repeat(13),
                "-".repeat(5), "-".repeat(7), "-".repeat(5), "-".repeat(7), "-".repeat(13), "-".repeat(8));
        long ack = 0;
        long lost = 0;
        long doubled = 0;
        long h500 = 0;
        int survived = 0;
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.fault(), r.seconds() < 0 ? "-" : r.seconds() + " s", r.runs(),
                    r.verified() + "/" + r.runs(), String.format(Locale.ROOT, "%,d", r.acknowledged()), r.lost(),
                    r.doubled(), r.http500(), r.failedRequests(),
                    r.otherDeadLetters() < 0 ? "not read" : r.poison() + " poison, " + r.otherDeadLetters(),
                    r.survived() ? "survived" : "FAILED");
            for (String n : r.notes()) {
                out.println("          " + n);
            }
            ack += r.acknowledged();
            lost += r.lost();
            doubled += r.doubled();
            h500 += r.http500();
            survived += r.survived() ? 1 : 0;
        }
        out.println();
        out.printf(Locale.ROOT, "faults survived %d of %d; records acknowledged %,d; lost = %d, doubled = %d, 500s = %d%n",
                survived, rows.size(), ack, lost, doubled, h500);
        out.println("(runs: drill runs played during the fault; verified: drill verify passed afterwards; failed: requests"
                + " answered non-2xx after the client's retries, never acknowledged, so not in the truth; dead letters:"
                + " records on the .dlq topics since the run started — the poison, and any other)");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String l = lines.get(i).trim();
                    return l.length() > 120 ? l.substring(0, 120) + "…" : l;
                }
            }
        } catch (IOException e) {
            // the note says there was no result; the reason is optional
        }
        return "empty log";
    }
}
