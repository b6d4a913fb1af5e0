package org.frontline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link AreaScope#filterApplying} and {@link AreaScope#coversOrApplies}: wider areas' records that apply downwards. */
class AreaScopeApplyingTest {

    @Test
    void aDistrictReadsItsOwnAreaAndTheCityAboveButNotANeighbour() {
        AreaScope district = AreaScopeFilterAnyTest.scope("310107");
        assertThat(district.coversOrApplies("310107001001")).isTrue();
        assertThat(district.coversOrApplies("310107")).isTrue();
        assertThat(district.coversOrApplies("3101")).isTrue();
        assertThat(district.coversOrApplies("310108")).isFalse();
        assertThat(district.coversOrApplies("310108001001")).isFalse();
        assertThat(district.coversOrApplies(null)).isFalse();
    }

    @Test
    void theFilterAddsTheAreasThatArePrefixesOfTheScope() {
        ScopeFilter f = AreaScopeFilterAnyTest.scope("310107").filterApplying("areaCode", "310107001001");
        assertThat(f.query()).isEqualTo("((areaCode like :area0) or :area0 like concat(areaCode, '%'))");
        assertThat(f.params()).isEqualTo(Map.of("area0", "310107001001%"));
        assertThat(AreaScopeFilterAnyTest.scope().filterApplying("areaCode", null).query()).isEqualTo("(1 = 0)");
    }
}
