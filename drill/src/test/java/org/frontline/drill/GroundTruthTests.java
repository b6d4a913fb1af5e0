package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GroundTruth#expected}: a FLOW metric is the day's amount, a LEVEL metric the changes up to the day, per prefix. */
class GroundTruthTests {

    static final LocalDate DAY0 = LocalDate.of(2026, 11, 24);

    @Test
    void flowIsTheDaysAmountAndLevelTheSumUpToIt() {
        GroundTruth t = new GroundTruth();
        t.kpi("390101001001", DAY0, Metrics.SCREENED, 3);
        t.kpi("390101001001", DAY0.plusDays(2), Metrics.SCREENED, 4);
        t.kpi("390101001002", DAY0.plusDays(2), Metrics.SCREENED, 5);
        t.kpi("390102001001", DAY0.plusDays(2), Metrics.SCREENED, 100);
        t.kpi("390101001001", DAY0, Metrics.IN_QUARANTINE, 2);
        t.kpi("390101001001", DAY0.plusDays(2), Metrics.IN_QUARANTINE, -1);

        assertThat(t.expected("390101", DAY0.plusDays(2), Metrics.SCREENED)).isEqualTo(9);
        assertThat(t.expected("390101001001", DAY0.plusDays(1), Metrics.SCREENED)).isZero();
        assertThat(t.expected("3901", DAY0.plusDays(2), Metrics.SCREENED)).isEqualTo(109);
        assertThat(t.expected("390101001001", DAY0.minusDays(1), Metrics.IN_QUARANTINE)).isZero();
        assertThat(t.expected("390101001001", DAY0.plusDays(1), Metrics.IN_QUARANTINE)).isEqualTo(2);
        assertThat(t.expected("390101001001", DAY0.plusDays(6), Metrics.IN_QUARANTINE)).isEqualTo(1);
        assertThat(t.expected("390103", DAY0, Metrics.SCREENED)).isZero();
        // a change after a read is seen by the next read
        t.kpi("390101001002", DAY0.plusDays(2), Metrics.SCREENED, 1);
        assertThat(t.expected("390101", DAY0.plusDays(2), Metrics.SCREENED)).isEqualTo(10);
    }

    /** 6,000 communities × 7 days × 12 metrics: every cell of the verifier's kpi table is one call, not a scan. */
    @Test
    @Timeout(60) // a scan per call (the old way) takes hours here; the index a few seconds on a slow machine
    void sixThousandCommunitiesAreReadInPassingTime() {
        GroundTruth t = new GroundTruth();
        Random random = new Random(1);
        List<String> metrics = List.copyOf(Metrics.ALL);
        String[] communities = new String[6000];
        for (int c = 0; c < communities.length; c++) {
            communities[c] = String.format("39%02d%02d%03d%03d", 1, 1 + c / 1000, 1 + (c / 100) % 10, 1 + c % 100);
            for (int d = 0; d < 7; d++) {
                for (String m : metrics) {
                    t.kpi(communities[c], DAY0.plusDays(d), m, random.nextInt(3));
                }
            }
        }
        double sum = 0;
        int calls = 0;
        for (int round = 0; calls < 504_000; round++) {
            for (String c : communities) {
                sum += t.expected(c, DAY0.plusDays(round % 7), metrics.get(round % metrics.size()));
                calls++;
            }
        }
        assertThat(calls).isEqualTo(504_000);
        assertThat(sum).isPositive();
        // the city's figure over all communities, still exact
        double city = 0;
        for (String c : communities) {
            city += t.expected(c, DAY0.plusDays(3), Metrics.SCREENED);
        }
        assertThat(t.expected("3901", DAY0.plusDays(3), Metrics.SCREENED)).isEqualTo(city);
    }
}
