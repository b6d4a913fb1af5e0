package org.frontline.drill.verify;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.truth.GroundTruth;

/**
 * Observes the running suite (waiting up to {@code settle} for it to show every injected fact), compares it with the
 * ground truth and prints the verdict table to {@code out}. A suite that cannot be reached is a
 * {@link org.frontline.drill.api.SuiteException} (the commands exit 3).
 */
public final class VerifyStep {

    private VerifyStep() {
    }

    public static Verdict run(SuiteClient client, GroundTruth truth, Duration settle, PrintStream out) {
        return run(client, truth, startedAt(truth, null), settle, out);
    }

    /** The run's start: the truth's {@code startedAt}, else {@code fallback} (a result's own); null when neither is known. */
    public static Instant startedAt(GroundTruth truth, Instant fallback) {
        return truth != null && truth.startedAt != null ? truth.startedAt : fallback;
    }

    /** As {@link #run(SuiteClient, GroundTruth, Duration, PrintStream)}, the topics read from {@code startedAt} on. */
    public static Verdict run(SuiteClient client, GroundTruth truth, Instant startedAt, Duration settle, PrintStream out) {
        if (truth == null || truth.cityCode == null || truth.firstDay == null) {
            throw new IllegalArgumentException("the ground truth names no city or first day");
        }
        out.println("verify: city " + truth.cityCode + ", " + truth.days + " days from " + truth.firstDay + ", "
                + truth.communities.size() + " communities (" + truth.scenario + ")");
        Observations seen = new Observer(client, truth, out, startedAt).observe(settle);
        Verdict verdict = Verifier.verify(truth, seen);
        out.println();
        out.print(verdict.table());
        out.flush();
        return verdict;
    }
}
