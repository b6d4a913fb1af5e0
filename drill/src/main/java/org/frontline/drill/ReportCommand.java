package org.frontline.drill;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drill report FILE}: print a result (verdict table, request figures, benchmark) and draw its chart. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a run's result: the verdict table, the request figures and, for a benchmark, each rate's "
                + "throughput, latency, lag and memory; draws the benchmark's chart as PNG (--chart)."})
public class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the JSON result of drill run")
    public Path result;

    @Option(names = "--chart", paramLabel = "PNG", description = "write the throughput and lag chart here (benchmark results only)")
    public Path chart;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("drill report: being built (issue 15)");
    }
}
