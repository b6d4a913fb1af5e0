package org.frontline.drill.verify;

import java.util.List;

/** The verifier's answer: one {@link Check} per comparison; passed only when every check passed. (Being built.) */
public record Verdict(List<Check> checks) {

    /** One comparison: its section (alerts, kpi, reports, facts, staffing, supplies), what, expected, actual, ok. */
    public record Check(String section, String what, String expected, String actual, boolean ok) {
    }

    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    /** The readable verdict table (being built by the verify package). */
    public String table() {
        StringBuilder b = new StringBuilder();
        checks.forEach(c -> b.append(c.ok() ? "ok    " : "FAIL  ").append(c.section()).append("  ").append(c.what())
                .append("  expected ").append(c.expected()).append("  actual ").append(c.actual()).append('\n'));
        return b.toString();
    }
}
