package org.frontline.drill.verify;

import java.io.PrintStream;
import java.time.Duration;

import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.truth.GroundTruth;

/**
 * Observes the running suite (waiting up to {@code settle} for it to show every injected fact) and compares it with
 * the ground truth; prints the verdict table to {@code out}. (Being built.)
 */
public final class VerifyStep {

    private VerifyStep() {
    }

    public static Verdict run(SuiteClient client, GroundTruth truth, Duration settle, PrintStream out) {
        throw new UnsupportedOperationException("the verifier is being built (issue 15)");
    }
}
