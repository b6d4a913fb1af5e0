package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LagMatcherTests {

    static final String A = "390101001001";
    static final String B = "390101001002";
    static final long MS = 1_000_000L;

    @Test
    void theKthSampleIsSeenWhenTheFigureReachesBasePlusK() {
        LagMatcher m = new LagMatcher(Map.of(A, 40L, B, 0L));
        m.accepted(A, 1, 1000 * MS);
        m.seen(A, 40, 1100 * MS); // the figure before the samples: nothing
        assertThat(m.pending()).isEqualTo(1);
        m.accepted(A, 2, 1200 * MS);
        m.seen(A, 41, 1300 * MS); // counts the first only
        m.seen(A, 42, 1500 * MS);
        m.seen(A, 42, 1600 * MS); // the same figure again: the first event counted it
        assertThat(m.samples()).extracting(LagMatcher.Sample::lagMicros).containsExactly(300_000L, 300_000L);
        assertThat(m.pending()).isZero();
    }

    @Test
    void oneEventCanCountSeveralSamplesAndOtherCommunitiesDoNotInterfere() {
        LagMatcher m = new LagMatcher(Map.of(A, 10L, B, 5L));
        m.accepted(A, 1, 100 * MS);
        m.accepted(B, 1, 150 * MS);
        m.accepted(A, 2, 200 * MS);
        m.seen(B, 99, 250 * MS); // B's figure far beyond: only B's accepted sample is matched
        m.seen("390101001003", 1000, 260 * MS); // not a sample community
        m.seen(A, 12, 400 * MS);
        assertThat(m.samples()).extracting(s -> s.community() + "#" + s.k() + "=" + s.lagMicros() / 1000)
                .containsExactly(A + "#1=300", B + "#1=100", A + "#2=200");
    }

    @Test
    void anEventBeforeTheTwoHundredIsReadIsZeroLagAndCountedEarly() {
        LagMatcher m = new LagMatcher(Map.of(A, 0L));
        m.seen(A, 1, 500 * MS);
        m.accepted(A, 1, 520 * MS);
        assertThat(m.samples()).singleElement().satisfies(s -> {
            assertThat(s.seen()).isTrue();
            assertThat(s.lagMicros()).isZero();
        });
        assertThat(m.early()).isEqualTo(1);
    }

    @Test
    void unseenSamplesArePendingWithNoLag() {
        LagMatcher m = new LagMatcher(Map.of(A, 3L));
        m.accepted(A, 1, 10 * MS);
        m.accepted(A, 2, 20 * MS);
        m.seen(A, 4, 30 * MS);
        assertThat(m.pending()).isEqualTo(1);
        assertThat(m.samples().get(1).lagMicros()).isEqualTo(-1);
        assertThat(m.tracks(A)).isTrue();
        assertThat(m.tracks(B)).isFalse();
        assertThatThrownBy(() -> m.accepted(B, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void afterAResyncTheSamplesOnlyTheReloadCountsAreResyncedNotUnseenAndLaterEventsGoOn() {
        LagMatcher m = new LagMatcher(Map.of(A, 10L));
        m.accepted(A, 1, 100 * MS);
        m.seen(A, 11, 150 * MS); // the first one the stream counted
        m.accepted(A, 2, 200 * MS);
        m.accepted(A, 3, 300 * MS);
        m.accepted(A, 4, 400 * MS);
        // the gateway's resync: the overview reloaded shows 13 — samples 2 and 3 were in the changes it could not replay
        assertThat(m.resynced(A, 13)).isEqualTo(2);
        assertThat(m.resynced(B, 99)).isZero(); // not a sample community
        assertThat(m.pending()).isEqualTo(1); // the 4th is still to come on the stream
        m.seen(A, 14, 500 * MS);
        assertThat(m.pending()).isZero();
        assertThat(m.samples()).extracting(s -> s.k() + (s.resynced() ? " resynced" : s.seen() ? " " + s.lagMicros() / 1000 : " unseen"))
                .containsExactly("1 50", "2 resynced", "3 resynced", "4 100");
    }
}
