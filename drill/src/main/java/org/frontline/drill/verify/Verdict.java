package org.frontline.drill.verify;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The verifier's answer: one {@link Check} per comparison; passed only when there is at least one check and every
 * check passed. Written into the run's JSON result as {@code {"passed", "failed", "checks": [...]}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Verdict(List<Check> checks) {

    /**
     * One comparison: its section (alerts, kpi, reports, facts, staffing, supplies), what, expected, actual, ok.
     * {@code notCompared}: a figure the verifier shows but has no expected value for ({@code lowestDaysOfCover}):
     * never a pass ({@code ok} false, result {@code n/c}) and never a failure — left out of both counts.
     */
    public record Check(String section, String what, String expected, String actual, boolean ok, boolean notCompared) {

        /** The canonical constructor is the one JSON uses (an older verdict without {@code notCompared}: false). */
        @JsonCreator
        public Check {
        }

        public Check(String section, String what, String expected, String actual, boolean ok) {
            this(section, what, expected, actual, ok, false);
        }

        /** A figure shown but not compared. */
        public static Check notCompared(String section, String what, String why, String actual) {
            return new Check(section, what, why, actual, false, true);
        }

        String result() {
            return notCompared ? "n/c" : ok ? "ok" : "FAIL";
        }
    }

    public Verdict {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Passed: at least one comparison, and every comparison ok (the not-compared figures are neither). */
    @JsonProperty("passed")
    public boolean passed() {
        return compared() > 0 && checks.stream().allMatch(c -> c.ok() || c.notCompared());
    }

    @JsonProperty("failed")
    public long failed() {
        return failures().size();
    }

    /** Figures shown but not compared. */
    @JsonProperty("notCompared")
    public long notCompared() {
        return checks.stream().filter(Check::notCompared).count();
    }

    /** The comparisons made (every check but the not-compared ones). */
    public long compared() {
        return checks.size() - notCompared();
    }

    /** The failed checks only. */
    public List<Check> failures() {
        return checks.stream().filter(c -> !c.ok() && !c.notCompared()).toList();
    }

    /**
     * "N checks, M failed — PASSED/FAILED", with ", K not compared" when some figures were shown but not compared (N
     * counts the comparisons only; an empty verdict is FAILED: nothing was shown to be right).
     */
    public String summary() {
        long nc = notCompared();
        return compared() + " checks, " + failed() + " failed" + (nc > 0 ? ", " + nc + " not compared" : "") + " — "
                + (passed() ? "PASSED" : "FAILED") + (compared() == 0 ? " (nothing was checked)" : "");
    }

    /**
     * The readable verdict table: section, check, expected, actual, ok/FAIL in aligned columns (long cells wrapped
     * inside their column), then the summary line.
     */
    public String table() {
        String[] head = {"section", "check", "expected", "actual", "result"};
        int[] max = {10, 56, 28, 40, 6};
        List<String[]> rows = new ArrayList<>();
        for (Check c : checks) {
            rows.add(new String[] {c.section(), c.what(), c.expected(), c.actual(), c.result()});
        }
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], Math.min(max[i], text(r[i]).length()));
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, head, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append("-".repeat(width[i])).append(i < width.length - 1 ? "  " : "");
        }
        b.append(rule).append('\n');
        String section = null;
        for (String[] r : rows) {
            String[] shown = r.clone();
            if (r[0].equals(section)) {
                shown[0] = "";
            }
            section = r[0];
            line(b, shown, width);
        }
        b.append(rule).append('\n');
        b.append(summary()).append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < cells.length; i++) {
            List<String> parts = wrap(text(cells[i]), width[i]);
            wrapped.add(parts);
            height = Math.max(height, parts.size());
        }
        for (int l = 0; l < height; l++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                String part = l < wrapped.get(i).size() ? wrapped.get(i).get(l) : "";
                line.append(part);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(width[i] - part.length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static List<String> wrap(String s, int width) {
        List<String> parts = new ArrayList<>();
        String rest = s;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= width / 3) {
                cut = width;
            }
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    private static String text(String s) {
        return s == null ? "—" : s;
    }
}
