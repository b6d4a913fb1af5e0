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
        assertThat(steps.get(1).latency().p99Ms()).isBetween(399.0, 401.0); // and answered 400 ms after it was due
        assertThat(steps.get(1).latency().count()).isEqualTo(2); // one per batch, at its outcome
        assertThat(steps.get(1).service().p99Ms()).isBetween(99.0, 101.0);
        assertThat(steps.get(1).service().count()).isEqualTo(3); // every attempt
        assertThat(steps.get(1).lagSamples()).isEqualTo(2);
        assertThat(steps.get(1).lagUnseen()).isEqualTo(1);

        Benchmark.Totals totals = tally.totals(lag, 0, 0, 0, 4);
        assertThat(totals.lagResynced()).isZero();
        assertThat(totals.recordsAccepted()).isEqualTo(550);
        assertThat(totals.failedAttempts()).isEqualTo(1);
        assertThat(totals.errorsByKind()).isEqualTo(Map.of("HTTP 503", 1L));
        assertThat(totals.lagUnseen()).isEqualTo(1);
    }

    static final Benchmark.Latency SOME = new Benchmark.Latency(600, 50.0, 200.0, 300.0);

    static Benchmark.Totals totals(long inDoubt) {
        return new Benchmark.Totals(1, 1, 1, 0, 0, inDoubt, 0, 0, 0, Map.of(), SOME, SOME, 1, SOME, SOME, SOME, 1, 0, 0, 0,
                1.0, 1.0, 1.0, 0, 0, 1);
    }

    static Benchmark.Step step(String name, int target, int seconds, double achieved, double lagP99, long lagUnseen) {
        return new Benchmark.Step(name, target, seconds, achieved, Math.round(achieved * seconds), 600, 0, SOME, SOME, 0,
                0, achieved, 0, achieved, 0, 300.0, lagP99, 1200.0, 1500, lagUnseen, 0);
    }

    @Test
    void theTargetsAreTheIssuesAndNeverBend() {
        Benchmark.Totals clean = totals(0);
        Benchmark.Step held = step("sustain", 1000, 300, 1000.0, 900.0, 0);
        assertThat(Tally.targets(List.of(held), clean)).extracting(Benchmark.Target::pass).containsExactly(true, true, true);

        Benchmark.Step shortHeld = step("sustain", 1000, 299, 1200.0, 1000.1, 0);
        assertThat(Tally.targets(List.of(shortHeld), clean)).extracting(Benchmark.Target::pass)
                .containsExactly(false, true, false);

        Benchmark.Step slow = step("step 1", 100, 600, 100.0, 200.0, 1);
        assertThat(Tally.targets(List.of(slow), totals(5))).extracting(Benchmark.Target::pass)
                .containsExactly(false, false, false);
    }

    @Test
    void anAttemptWithoutAnswerIsInBothLatenciesAndTheErrors() {
        OpenLoopSchedule plan = OpenLoopSchedule.of(new Scenario.Load(List.of(100), 2, 0, 0, 1), 100);
        Tally tally = new Tally();
        // the batch due at 0: its first attempt times out after 30 s, the retry answers 20 ms after it left
        tally.add(new Tally.Req(true, 0, 0, 30 * S, 100, 0, 0, "no answer (HttpTimeoutException)", false));
        tally.add(new Tally.Req(true, 0, 30 * S + 200 * MS, 30 * S + 220 * MS, 100, 100, 201, null, true));
        tally.add(new Tally.Req(true, S, S, S + 10 * MS, 100, 100, 201, null, true));
        tally.unsent(S + 500 * MS, 61 * S + 500 * MS); // due at 1.5 s, never sent, given up 60 s later

        List<Benchmark.Second> series = tally.series(plan, List.of(), 0, 32);
        List<Benchmark.Step> steps = tally.steps(plan, series, List.of(), 0);
        Benchmark.Latency latency = steps.get(0).latency();
        Benchmark.Latency service = steps.get(0).service();
        assertThat(latency.count()).isEqualTo(3); // the two batches due in the phase and the one never sent
        assertThat(latency.maxMs()).isBetween(59_900.0, 60_100.0);
        assertThat(latency.p50Ms()).isBetween(30_150.0, 30_300.0); // the retried batch: 30.22 s after it was due
        assertThat(service.count()).isEqualTo(3); // every attempt, the timed-out one too
        assertThat(service.maxMs()).isBetween(29_900.0, 30_100.0);
        assertThat(series.get(30).latencyP99Ms()).isBetween(30_150.0, 30_300.0);
        assertThat(series.get(30).serviceP99Ms()).isBetween(29_900.0, 30_100.0); // the timeout ended then too
        assertThat(series.get(30).errors()).isEqualTo(1);

        Benchmark.Totals totals = tally.totals(List.of(), 0, 0, 0, 62);
        assertThat(totals.failedAttempts()).isEqualTo(1);
        assertThat(totals.latency().maxMs()).isBetween(59_900.0, 60_100.0);
        assertThat(totals.service().maxMs()).isBetween(29_900.0, 30_100.0);
        assertThat(totals.unsentBatches()).isEqualTo(1);
        assertThat(totals.allRequests().count()).isEqualTo(3); // every attempt the benchmark sent
    }

    @Test
    void aSustainPhaseWithOneSlowTenSecondWindowMissesTheTarget() {
        OpenLoopSchedule plan = OpenLoopSchedule.of(new Scenario.Load(List.of(1000), 1, 300, 0, 4), 500);
        Tally tally = new Tally();
        // 1 s of step 1 at 1,000, then 300 s of sustain at 1,050/s except 10 s at 500/s from second 101: the average
        // (1,031.7/s) holds, one window does not
        for (int t = 0; t < 301; t++) {
            int n = t == 0 ? 1000 : t >= 101 && t < 111 ? 500 : 1050;
            tally.add(new Tally.Req(true, t * S, t * S, t * S + 10 * MS, n, n, 200, null, true));
        }
        List<Benchmark.Second> series = tally.series(plan, List.of(), 0, 301);
        List<Benchmark.Step> steps = tally.steps(plan, series, List.of(), 0);
        Benchmark.Step held = steps.get(1);
        assertThat(held.name()).isEqualTo("sustain");
        assertThat(held.achieved()).isGreaterThan(1000.0);
        assertThat(held.worstWindowAchieved()).isEqualTo(500.0);
        assertThat(held.worstWindowFrom()).isEqualTo(101);
        Benchmark.Target sustained = Tally.targets(steps, totals(0)).get(0);
        assertThat(sustained.pass()).isFalse();
        assertThat(sustained.measured()).contains("worst 10 s block 500 records/s (from 101 s; worst sliding window 500 from 101 s)");
        assertThat(sustained.goal()).contains("1,000").contains("300 s"); // the goal is the issue's, never the plan's

        // the same without the slow window passes
        Tally even = new Tally();
        for (int t = 0; t < 301; t++) {
            even.add(new Tally.Req(true, t * S, t * S, t * S + 10 * MS, 1000, 1000, 200, null, true));
        }
        List<Benchmark.Step> evenSteps = even.steps(plan, even.series(plan, List.of(), 0, 301), List.of(), 0);
        assertThat(evenSteps.get(1).worstWindowAchieved()).isEqualTo(1000.0);
        assertThat(Tally.targets(evenSteps, totals(0)).get(0).pass()).isTrue();
    }

    @Test
    void aOneSecondStallCaughtUpInItsBlockPassesButShowsInTheSlidingWindow() {
        OpenLoopSchedule plan = OpenLoopSchedule.of(new Scenario.Load(List.of(1000), 1, 300, 1, 1), 500);
        Tally tally = new Tally();
        // sustain from second 1: 1,000/s, but second 105 answers nothing and second 106 answers its backlog (2,000)
        for (int t = 0; t < 301; t++) {
            int n = t == 105 ? 0 : t == 106 ? 2000 : 1000;
            if (n > 0) {
                tally.add(new Tally.Req(true, t * S, t * S, t * S + 10 * MS, n, n, 200, null, true));
            }
        }
        List<Benchmark.Step> steps = tally.steps(plan, tally.series(plan, List.of(), 0, 301), List.of(), 0);
        Benchmark.Step held = steps.get(1);
        assertThat(held.worstWindowAchieved()).isEqualTo(1000.0);
        assertThat(held.worstSlidingWindowAchieved()).isEqualTo(900.0);
        assertThat(held.worstSlidingWindowFrom()).isEqualTo(96);
        Benchmark.Target sustained = Tally.targets(steps, totals(0)).get(0);
        assertThat(sustained.pass()).isTrue();
        assertThat(sustained.measured()).contains("worst sliding window 900 from 96 s");
    }

    @Test
    void theWorstWindowOfAShortPhaseIsThePhase() {
        List<Benchmark.Second> series = List.of(new Benchmark.Second(0, "s", 10, 4, null, null, null, 0, 0, null),
                new Benchmark.Second(1, "s", 10, 8, null, null, null, 0, 0, null));
        assertThat(Tally.worstWindow(series, 0, 2, false)).containsExactly(6.0, 0.0);
        assertThat(Tally.worstWindow(series, 0, 2, true)).containsExactly(6.0, 0.0);
        assertThat(Tally.worstWindow(series, 5, 9, false)).isNull();
    }

    @Test
    void resyncedSamplesAreCountedApartAndTheLagTargetMissesWithThem() {
        OpenLoopSchedule plan = OpenLoopSchedule.of(new Scenario.Load(List.of(1000), 1, 0, 1, 1), 500);
        Tally tally = new Tally();
        List<LagMatcher.Sample> lag = List.of(new LagMatcher.Sample("c", 1, 100 * MS, 200 * MS),
                new LagMatcher.Sample("c", 2, 300 * MS, 0, true), new LagMatcher.Sample("c", 3, 400 * MS, 0));
        List<Benchmark.Step> steps = tally.steps(plan, tally.series(plan, lag, 0, 1), lag, 0);
        assertThat(steps.get(0).lagSamples()).isEqualTo(3);
        assertThat(steps.get(0).lagResynced()).isEqualTo(1);
        assertThat(steps.get(0).lagUnseen()).isEqualTo(1);
        Benchmark.Totals totals = tally.totals(lag, 0, 0, 1, 1);
        assertThat(totals.lagResynced()).isEqualTo(1);
        assertThat(totals.lagUnseen()).isEqualTo(1);
        assertThat(totals.streamResyncs()).isEqualTo(1);

        Benchmark.Step held = new Benchmark.Step("sustain", 1000, 300, 1000.0, 300_000, 600, 0, SOME, SOME, 0, 0,
                1000.0, 0, 1000.0, 0, 300.0, 900.0, 1200.0, 1500, 0, 3);
        Benchmark.Target lagTarget = Tally.targets(List.of(held), totals(0)).get(2);
        assertThat(lagTarget.pass()).isFalse();
        assertThat(lagTarget.measured()).contains("3 resynced (lag unknown)");
    }
}
