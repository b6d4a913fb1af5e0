package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.frontline.drill.scenario.Scenario;
import org.junit.jupiter.api.Test;

class TallyTests {

    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void perSecondAndPerPhaseFiguresComeFromTheAnswers() {
        OpenLoopSchedule plan = OpenLoopSchedule.of(new Scenario.Load(List.of(100, 200), 2, 0, 1, 1), 100);
        Tally tally = new Tally();
        // step 1 (seconds 0-1): 100 + 100 accepted, 20 ms each; step 2 (2-3): one 503 then 200 + 150 accepted
        tally.add(new Tally.Req(true, 0, 0, 20 * MS, 100, 100, 200, null, true));
        tally.add(new Tally.Req(true, S, S, S + 20 * MS, 100, 100, 200, null, true));
        tally.add(new Tally.Req(true, 2 * S, 2 * S, 2 * S + 5 * MS, 100, 0, 503, "HTTP 503", false));
        tally.add(new Tally.Req(true, 2 * S, 2 * S + 300 * MS, 2 * S + 400 * MS, 200, 200, 200, null, true));
        tally.add(new Tally.Req(true, 3 * S, 3 * S + 10 * MS, 3 * S + 50 * MS, 150, 150, 200, null, true));
        long t0 = 1000 * S;
        List<LagMatcher.Sample> lag = List.of(new LagMatcher.Sample("c", 1, t0 + 100 * MS, t0 + 400 * MS),
                new LagMatcher.Sample("c", 2, t0 + 2 * S, t0 + 2 * S + 900 * MS),
                new LagMatcher.Sample("c", 3, t0 + 3 * S, 0));

        List<Benchmark.Second> series = tally.series(plan, lag, t0, 4);
        assertThat(series).extracting(Benchmark.Second::target).containsExactly(100, 100, 200, 200);
        assertThat(series).extracting(Benchmark.Second::achieved).containsExactly(100L, 100L, 200L, 150L);
        assertThat(series).extracting(Benchmark.Second::errors).containsExactly(0L, 0L, 1L, 0L);
        assertThat(series.get(2).lateMs()).isEqualTo(300.0);
        assertThat(series.get(0).lagP99Ms()).isBetween(299.0, 301.0);
        assertThat(series.get(3).lagP99Ms()).isNull();

        List<Benchmark.Step> steps = tally.steps(plan, series, lag, t0);
        assertThat(steps).extracting(Benchmark.Step::achieved).containsExactly(100.0, 175.0);
        assertThat(steps).extracting(Benchmark.Step::errors).containsExactly(0L, 1L);
        assertThat(steps.get(1).secondsBelowTarget()).isEqualTo(1);
        assertThat(steps.get(1).maxLateMs()).isEqualTo(300.0); // the retry left 300 ms after it was due
        assertThat(steps.get(1).p99FromDueMs()).isBetween(399.0, 401.0); // and answered 400 ms after it
        assertThat(steps.get(1).p99Ms()).isBetween(99.0, 101.0);
        assertThat(steps.get(1).lagSamples()).isEqualTo(2);
        assertThat(steps.get(1).lagUnseen()).isEqualTo(1);

        Benchmark.Totals totals = tally.totals(lag, 0, 0, 4);
        assertThat(totals.recordsAccepted()).isEqualTo(550);
        assertThat(totals.failedAttempts()).isEqualTo(1);
        assertThat(totals.errorsByKind()).isEqualTo(Map.of("HTTP 503", 1L));
        assertThat(totals.lagUnseen()).isEqualTo(1);
    }

    @Test
    void theTargetsAreTheIssuesAndNeverBend() {
        Benchmark.Totals clean = new Benchmark.Totals(1, 1, 1, 0, 0, 0, 0, 0, 0, Map.of(), 1.0, 1.0, 1.0, 1, 1.0, 1, 0, 0,
                1.0, 1.0, 1.0, 0, 1);
        Benchmark.Step held = new Benchmark.Step("sustain", 1000, 300, 1000.0, 300_000, 600, 0, 50.0, 200.0, 300.0, 0,
                200.0, 0, 300.0, 900.0, 1200.0, 1500, 0);
        assertThat(Tally.targets(List.of(held), clean)).extracting(Benchmark.Target::pass).containsExactly(true, true, true);

        Benchmark.Step shortHeld = new Benchmark.Step("sustain", 1000, 299, 1200.0, 358_800, 600, 0, 50.0, 200.0, 300.0,
                0, 200.0, 0, 300.0, 1000.1, 1200.0, 1500, 0);
        assertThat(Tally.targets(List.of(shortHeld), clean)).extracting(Benchmark.Target::pass)
                .containsExactly(false, true, false);

        Benchmark.Step slow = new Benchmark.Step("step 1", 100, 600, 100.0, 60_000, 600, 0, 50.0, 200.0, 300.0, 0, 200.0, 0,
                100.0, 200.0, 300.0, 10, 1);
        Benchmark.Totals errors = new Benchmark.Totals(1, 1, 1, 0, 0, 5, 0, 0, 0, Map.of(), 1.0, 1.0, 1.0, 1, 1.0, 1, 0, 0,
                1.0, 1.0, 1.0, 0, 1);
        assertThat(Tally.targets(List.of(slow), errors)).extracting(Benchmark.Target::pass)
                .containsExactly(false, false, false);
    }
}
