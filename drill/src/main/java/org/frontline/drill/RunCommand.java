package org.frontline.drill;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.frontline.drill.api.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Option(names = "--threads", description = "parallel writers (default: ${DEFAULT-VALUE})", defaultValue = "4")
    public int threads;

    @Option(names = "--out", paramLabel = "FILE",
            description = "where the JSON result goes (default: drill-results/SCENARIO-CITYCODE.json)")
    public Path out;

    @Option(names = "--no-verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "verify after playing (default: yes; --no-verify only plays and writes the ground truth)")
    public boolean verify;

    @Option(names = "--settle-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "how long the verifier waits for the suite to show every injected fact before it compares (default: ${DEFAULT-VALUE})")
    public int settleTimeout;

    @Mixin
    public Target target;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("drill run: being built (issue 15)");
    }
}
