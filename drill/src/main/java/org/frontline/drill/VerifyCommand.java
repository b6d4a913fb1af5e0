package org.frontline.drill;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.frontline.drill.api.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drill verify --result FILE}: compare the running suite with the ground truth of an earlier run. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads the ground truth of an earlier run (its JSON result) and checks the running suite against it: "
                + "alerts, KPIs, every report template, each service's count against its topic and the gateway's "
                + "projection, uncovered shifts and stock-outs. Prints the verdict table; exit 1 on any mismatch."})
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

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("drill verify: being built (issue 15)");
    }
}
