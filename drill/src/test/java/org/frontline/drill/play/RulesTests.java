package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The drill's prediction of alert-service's threshold rules, with the 3-day lookback. */
class RulesTests {

    @Test
    void aPositiveTodayFiresTheOneDayRule() {
        double[] positives = {0, 0, 0, 0, 0, 0, 1};
        assertThat(Rules.firstAlarm(positives, 1, 1, 1, 6)).isEqualTo(6);
    }

    @Test
    void aDayBeforeTheLookbackDoesNotFireAOneDayRule() {
        double[] positives = {0, 0, 5, 0, 0, 0, 0};
        // lookback: days 4, 5, 6 (today and the two before)
        assertThat(Rules.firstAlarm(positives, 1, 1, 1, 6)).isNull();
        // … but a 7-day window still sees it from inside the lookback
        assertThat(Rules.firstAlarm(positives, 7, 3, 1, 6)).isEqualTo(4);
    }

    @Test
    void theWindowSumsUpToTheThreshold() {
        double[] positives = {0, 0, 0, 0, 2, 0, 1};
        assertThat(Rules.firstAlarm(positives, 7, 3, 1, 6)).isEqualTo(6);
        assertThat(Rules.firstAlarm(positives, 7, 4, 1, 6)).isNull();
        assertThat(Rules.firstAlarm(positives, 2, 3, 1, 6)).isNull();
    }

    @Test
    void consecutiveDaysMustAllHold() {
        double[] hours = {0, 0, 0, 8, 8, 0, 8};
        assertThat(Rules.firstAlarm(hours, 1, 8, 2, 6)).isEqualTo(4);
        assertThat(Rules.firstAlarm(hours, 1, 8, 3, 6)).isNull();
    }

    @Test
    void aLevelSeriesCarriedForwardFiresEveryDayAfterTheStockOut() {
        double[] out = {0, 0, 0, 0, 0, 1, 1};
        assertThat(Rules.firstAlarm(out, 1, 1, 1, 6)).isEqualTo(5);
    }
}
