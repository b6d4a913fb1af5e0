package org.frontline.drill.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A made-up benchmark for the chart and report tests. */
final class BenchFixtures {

    private BenchFixtures() {
    }

    static Benchmark benchmark(int seconds) {
        List<Benchmark.Second> series = new ArrayList<>();
        for (int t = 0; t < seconds; t++) {
            int target = t < seconds / 2 ? 50 : 100;
            series.add(new Benchmark.Second(t, t < seconds / 2 ? "step 1" : "step 2", target, target - (t % 3),
                    12.0 + t % 5, 10.0 + t % 5, t % 4 == 0 ? null : 300.0 + 10 * t, t == 7 ? 1 : 0, 0.5, 2048.0));
        }
        List<Benchmark.Step> steps = List.of(
                new Benchmark.Step("step 1", 50, seconds / 2, 49.0, 49L * seconds / 2, 10, 0,
                        new Benchmark.Latency(10, 11.0, 21.0, 26.0), new Benchmark.Latency(10, 10.0, 20.0, 25.0), 1.0, 3, 48.0, 0, 47.0, 1,
                        300.0, 420.0, 450.0, 20, 0, 0),
                new Benchmark.Step("step 2", 100, seconds - seconds / 2, 99.0, 99L * seconds / 2, 20, 1,
                        new Benchmark.Latency(20, 12.0, 24.0, 31.0), new Benchmark.Latency(21, 11.0, 22.0, 30.0), 2.0, 4, 98.0, seconds / 2, 97.0, seconds / 2, 310.0, 480.0, 500.0, 20, 1, 2));
        Benchmark.Totals totals = new Benchmark.Totals(30, 3000, 2990, 0, 0, 0, 0, 0, 1, Map.of("HTTP 503", 1L),
                new Benchmark.Latency(30, 11.0, 22.0, 31.0), new Benchmark.Latency(31, 10.0, 21.0, 30.0), 40,
                new Benchmark.Latency(40, 16.0, 18.0, 20.0), new Benchmark.Latency(40, 15.0, 17.0, 19.0),
                new Benchmark.Latency(71, 12.0, 21.0, 30.0), 40, 1, 2, 2, 305.0, 470.0, 500.0, 0, 1, seconds);
        return new Benchmark("citywide-surge", "run-1", "3997", OffsetDateTime.of(2026, 11, 30, 6, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 30, 6, 1, 0, 0, ZoneOffset.UTC),
                new Benchmark.Plan(List.of(50, 100), seconds / 2, 0, 500, 2, 2, 10, 250, List.of("399701001011"),
                        List.of("399701001")),
                steps, totals, Tally.targets(steps, totals),
                new Benchmark.Memory(true, "test", Map.of("gateway", new Benchmark.Component(300.5, 250.0, 1, seconds))),
                series, new Benchmark.Machine(2, "2", "Test CPU", 24000, "Java 17", "Linux", "2026-11-30T06:01:00Z", "java -jar drill.jar"),
                List.of("a note"), null);
    }
}
