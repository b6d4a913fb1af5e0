package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.frontline.drill.bench.OpenLoopSchedule.Batch;
import org.frontline.drill.scenario.Scenario;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTests {

    @Test
    void batchesPerSecondIsTheRateOverTheBatchSizeRoundedUp() {
        assertThat(OpenLoopSchedule.batchesPerSecond(1000, 500)).isEqualTo(2);
        assertThat(OpenLoopSchedule.batchesPerSecond(1001, 500)).isEqualTo(3);
        assertThat(OpenLoopSchedule.batchesPerSecond(50, 500)).isEqualTo(1);
        assertThat(OpenLoopSchedule.batchesPerSecond(250, 100)).isEqualTo(3);
        assertThat(OpenLoopSchedule.batchesPerSecond(1, 1000)).isEqualTo(1);
    }

    @Test
    void aSecondsBatchesAreEvenAndAddUpToTheRate() {
        assertThat(OpenLoopSchedule.batchSizes(1001, 500)).containsExactly(334, 334, 333);
        assertThat(OpenLoopSchedule.batchSizes(1000, 500)).containsExactly(500, 500);
        assertThat(OpenLoopSchedule.batchSizes(250, 100)).containsExactly(84, 83, 83);
        for (int rate : new int[] {1, 7, 99, 250, 999, 1000, 1001, 4321}) {
            int[] sizes = OpenLoopSchedule.batchSizes(rate, 500);
            assertThat(Arrays.stream(sizes).sum()).as("rate %d", rate).isEqualTo(rate);
            assertThat(Arrays.stream(sizes).max().getAsInt()).isLessThanOrEqualTo(500);
            assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void thePlanIsEachRateForAStepThenTheLastOneSustained() {
        OpenLoopSchedule s = OpenLoopSchedule.of(new Scenario.Load(List.of(50, 100), 10, 30, 5, 2), 40);
        assertThat(s.phases()).extracting(OpenLoopSchedule.Phase::name).containsExactly("step 1", "step 2", "sustain");
        assertThat(s.phases()).extracting(OpenLoopSchedule.Phase::rate).containsExactly(50, 100, 100);
        assertThat(s.phases()).extracting(OpenLoopSchedule.Phase::from).containsExactly(0, 10, 20);
        assertThat(s.seconds()).isEqualTo(50);
        assertThat(s.records()).isEqualTo(50 * 10 + 100 * 10 + 100 * 30);
        assertThat(s.targetAt(9)).isEqualTo(50);
        assertThat(s.targetAt(10)).isEqualTo(100);
        assertThat(s.targetAt(50)).isZero();
        assertThat(s.phaseAt(49)).isEqualTo(2);
        assertThat(s.phaseAt(50)).isEqualTo(-1);

        List<Batch> batches = s.batches();
        assertThat(batches.stream().mapToLong(Batch::size).sum()).isEqualTo(s.records());
        // 50/s in batches of ≤ 40: 2 a second, 0 and 500 ms into it; 100/s: 3 a second, a third of a second apart
        assertThat(batches.stream().filter(b -> b.second() == 3)).extracting(Batch::dueNanos)
                .containsExactly(3_000_000_000L, 3_500_000_000L);
        assertThat(batches.stream().filter(b -> b.second() == 30)).extracting(Batch::dueNanos)
                .containsExactly(30_000_000_000L, 30_333_333_333L, 30_666_666_666L);
        assertThat(batches).extracting(Batch::dueNanos).isSorted();
        assertThat(batches).extracting(Batch::seq).doesNotHaveDuplicates();
    }

    @Test
    void defaultsAndNoSustain() {
        OpenLoopSchedule s = OpenLoopSchedule.of(new Scenario.Load(null, null, 0, null, null), null);
        assertThat(s.phases()).extracting(OpenLoopSchedule.Phase::rate).containsExactly(250, 500, 1000);
        assertThat(s.seconds()).isEqualTo(180);
        assertThat(s.batchSize()).isEqualTo(500);
        assertThat(OpenLoopSchedule.of(new Scenario.Load(List.of(10), 1, 0, 0, 1), 5000).batchSize()).isEqualTo(1000);
    }

    @Test
    void badPlansAreRefused() {
        assertThatThrownBy(() -> OpenLoopSchedule.of(null, 500)).hasMessageContaining("no load section");
        assertThatThrownBy(() -> OpenLoopSchedule.of(new Scenario.Load(List.of(0), 10, 0, 0, 1), 500))
                .hasMessageContaining("load.rates");
        assertThatThrownBy(() -> OpenLoopSchedule.of(new Scenario.Load(List.of(10), 0, 0, 0, 1), 500))
                .hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> new OpenLoopSchedule(List.of(), 0)).hasMessageContaining("1 … 1000");
    }
}
