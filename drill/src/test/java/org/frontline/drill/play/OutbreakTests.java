package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.frontline.drill.city.City;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.city.CitySize;
import org.frontline.drill.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** The planted outbreak: a pure, seeded function of the city and the scenario. */
class OutbreakTests {

    static final City CITY = CityGenerator.generate("3999", 7, new CitySize(12, 2, 1, 2, 1, 0, Map.of()));

    static List<String> codes() {
        return CITY.communities().map(City.Community::code).toList();
    }

    @Test
    void growsFromTheOnsetByTheRateRounded() {
        Outbreak o = Outbreak.plan(CITY, new Scenario.Outbreak(4, 3, 2, 1.8, 0.0), 7, 1);
        String start = codes().get(4);
        assertThat(o.onset(start)).isEqualTo(3);
        assertThat(new int[] {o.newCases(start, 0), o.newCases(start, 2), o.newCases(start, 3), o.newCases(start, 4),
                o.newCases(start, 5), o.newCases(start, 6)}).containsExactly(0, 0, 2, 4, 7, 13);
        assertThat(o.active(start, 2)).isFalse();
        assertThat(o.active(start, 3)).isTrue();
        // no spread with probability 0
        assertThat(o.onsets()).containsOnlyKeys(start);
    }

    @Test
    void spreadsOnlyToNeighboursTheNextDay() {
        Outbreak o = Outbreak.plan(CITY, new Scenario.Outbreak(4, 4, 2, 1.8, 1.0), 7, 1);
        List<String> c = codes();
        // probability 1: day 5 both neighbours (3, 5), day 6 theirs (2, 6); nothing further in 7 days
        assertThat(o.onsets()).isEqualTo(Map.of(c.get(4), 4, c.get(3), 5, c.get(5), 5, c.get(2), 6, c.get(6), 6));
        assertThat(o.newCases(c.get(3), 5)).isEqualTo(1);
        assertThat(o.newCases(c.get(3), 6)).isEqualTo(2);
        assertThat(o.newCases(c.get(2), 6)).isEqualTo(1);
        assertThat(o.newCases(c.get(0), 6)).isZero();
    }

    @Test
    void theSameSeedPlaysTheSameOutbreakAnotherSeedMayNot() {
        Scenario.Outbreak spec = new Scenario.Outbreak(0, 0, 1, 1.5, 0.5);
        Outbreak a = Outbreak.plan(CITY, spec, 7, 42);
        Outbreak b = Outbreak.plan(CITY, spec, 7, 42);
        assertThat(a.onsets()).isEqualTo(b.onsets());
        for (String c : codes()) {
            for (int d = 0; d < 7; d++) {
                assertThat(a.newCases(c, d)).isEqualTo(b.newCases(c, d));
            }
        }
        boolean differs = false;
        for (long seed = 1; seed < 20 && !differs; seed++) {
            differs = !Outbreak.plan(CITY, spec, 7, seed).onsets().equals(a.onsets());
        }
        assertThat(differs).as("the seed decides the spread").isTrue();
    }

    @Test
    void noOutbreakSectionIsAQuietScenario() {
        Outbreak o = Outbreak.plan(CITY, null, 7, 1);
        assertThat(o.onsets()).isEmpty();
        assertThat(o.newCases(codes().get(0), 3)).isZero();
    }

    @Test
    void aStartOutsideTheCityIsRefused() {
        assertThatThrownBy(() -> Outbreak.plan(CITY, new Scenario.Outbreak(12, 0, 1, 1.0, 0.0), 7, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startCommunity");
    }
}
