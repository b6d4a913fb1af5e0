package org.frontline.drill.bench;

import java.io.PrintStream;
import java.nio.file.Path;

import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.play.RegisteredCity;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.truth.GroundTruth;

/**
 * The peak-load part of a scenario with a {@code load} section (citywide-surge): screenings at increasing rates
 * through the bulk endpoint, SSE event-to-dashboard lag, latency percentiles, memory per component; every accepted
 * screening is added to the ground truth. Returns what goes into the result's {@code benchmark}. (Being built.)
 */
public final class Surge {

    private Surge() {
    }

    public static Object run(SuiteClient client, Scenario scenario, RegisteredCity city, GroundTruth truth,
            Path resultFile, PrintStream out) {
        throw new UnsupportedOperationException("the surge benchmark is being built (issue 15)");
    }
}
