package org.frontline.roster.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The planner against the greedy baseline on one generated district, same seed, same run. Runs only on demand:
 *
 * <pre>
 * ./mvnw -B -T 1 -pl roster-service -am verify -DskipITs -Dquarkus.package.skip=true \
 *     -Dtest=PlanningBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true \
 *     -Dtest.jvm.args="-Xmx2g -XX:+UseParallelGC"
 * </pre>
 *
 * Knobs (-D): bench.people (300), bench.communities (10), bench.shifts (1000), bench.seed (42),
 * bench.time-limit (PT30S), bench.unimproved-limit (PT5S). Writes target/planning-benchmark.txt. Targets (issue 9):
 * feasible within 10 s, fairness spread at least 30 % below greedy's, no more uncovered slots than greedy.
 *
 * <p>Measured (2 cores shared with two other helpers' builds; seed 42, 300 people, 1,413 slots, 30 s limit):
 * <pre>
 * load avg  | search / score                     | moves/s  | first feasible | uncovered (greedy) | spread h (greedy) | below greedy
 * ~ 9 (old) | late acceptance, overlapping joins  | ~ 5,000  | 1.08 s         | 186 (265)          | 16.41 (19.00)     | 13.6 %
 * 5.9 → 4.2 | late acceptance, overlapping joins  | 13,000   | 2.88 s         | 184 (265)          | 16.21 (19.00)     | 14.7 %
 * 3.8 → 3.2 | hill climbing, overlapping joins    | 15,200   | 2.96 s         | 129 (265)          | 13.27 (19.00)     | 30.1 %
 * 5.1 → 4.0 | hill climbing, person join + exact  | 24,600   | 3.53 s         | 124 (265)          | 12.95 (19.00)     | 31.9 %
 * 4.8 → 5.0 | the same, this test via Maven       | –        | 3.28 s         | 123 (265)          | 12.90 (19.00)     | 32.1 %
 * 4.0 → 5.0 | the same, via Maven, second run       | –        | 1.65 s         | 124 (265)          | 12.94 (19.00)     | 31.9 %
 * 2.6 → 2.5 | the same, seed 7                    | 21,500   | 2.62 s         | 78 (216)           | 11.74 (18.74)     | 37.4 %
 * </pre>
 * (moves/s from the solver's move evaluation speed in a side harness with the same problem and JVM flags; "exact" =
 * the fairness level is N × spread², shares from the plan's own total. The first feasible plan is the first-fit start;
 * its ~3 s are mostly the eligibility check, 300 × 1,000 RuleCheck calls on a cold JVM, and vary with load.) All runs
 * hit the 30 s limit still improving; the 30 % target is met with a thin margin on seed 42, so a more heavily loaded
 * machine (fewer moves in 30 s) can land just under it.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PlanningBenchmark {

    @Test
    void plannerAgainstGreedy() throws IOException {
        int people = Integer.getInteger("bench.people", 300);
        int communities = Integer.getInteger("bench.communities", 10);
        int shifts = Integer.getInteger("bench.shifts", 1000);
        long seed = Long.getLong("bench.seed", 42);
        PlanningLimits limits = new PlanningLimits(Duration.parse(System.getProperty("bench.time-limit", "PT30S")),
                Duration.parse(System.getProperty("bench.unimproved-limit", "PT5S")));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        PlanningProblem problem = new ProblemGenerator(seed).generate(people, communities, shifts);
        int slots = problem.shifts().stream().mapToInt(PlanningProblem.Shift::headcount).sum();

        PlanningResult greedy = GreedyPlanner.solve(problem);
        List<PlanningProgress> progress = new ArrayList<>();
        PlanningResult planned = new Planner().solve(problem, limits, progress::add);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "district: %d people, %d communities, %d shifts, %d slots, seed %d%n",
                people, communities, shifts, slots, seed));
        out.append(String.format(Locale.ROOT, "limits: %s, unimproved %s; load average %.2f before, %.2f after; %d cores%n",
                limits.timeLimit(), limits.unimprovedLimit(), loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        out.append(String.format(Locale.ROOT, "%-8s | %-16s | %-10s | %-9s | %-8s | %s%n", "planner", "first feasible",
                "solve time", "uncovered", "spread h", "score [hard]/[cover/fair/home/change]"));
        row(out, "timefold", planned);
        row(out, "greedy", greedy);
        out.append(String.format(Locale.ROOT, "spread reduction vs greedy: %.1f %%; termination: %s; best-score updates: %d%n",
                100 * (1 - planned.fairnessSpread() / greedy.fairnessSpread()), planned.termination(), progress.size()));
        for (PlanningProgress p : progress.subList(0, Math.min(3, progress.size()))) {
            out.append("  early update: ").append(p).append('\n');
        }
        System.out.print(out);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("planning-benchmark.txt"), out.toString());
        }

        // both plans independently valid (RuleCheck, lending, headcounts; exact uncovered counts)
        PlanChecks.assertEveryAssignmentValid(problem, planned);
        PlanChecks.assertUncoveredExact(problem, planned);
        PlanChecks.assertEveryAssignmentValid(problem, greedy);
        assertThat(planned.feasible()).isTrue();
        assertThat(planned.timeToFeasible()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(planned.uncoveredSlots()).isLessThanOrEqualTo(greedy.uncoveredSlots());
        assertThat(planned.fairnessSpread()).isLessThanOrEqualTo(0.7 * greedy.fairnessSpread());
    }

    private static void row(StringBuilder out, String name, PlanningResult r) {
        out.append(String.format(Locale.ROOT, "%-8s | %-16s | %-10s | %-9d | %-8.2f | %s%n", name,
                r.timeToFeasible() == null ? "none" : ms(r.timeToFeasible()), ms(r.solveTime()), r.uncoveredSlots(),
                r.fairnessSpread(), r.score()));
    }

    private static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }
}
