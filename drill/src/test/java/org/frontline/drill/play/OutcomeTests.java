package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The drill's outcome oracle against screening-service/README.md "Rules". */
class OutcomeTests {

    @Test
    void normalBelowTheFeverThreshold() {
        assertThat(Outcome.of(37.2, List.of(), false, false)).isEqualTo("NORMAL");
        assertThat(Outcome.fever(37.2)).isFalse();
    }

    @Test
    void feverFromTheThresholdOn() {
        assertThat(Outcome.of(37.3, List.of(), false, false)).isEqualTo("FEVER");
        assertThat(Outcome.fever(37.3)).isTrue();
        assertThat(Outcome.of(38.4, List.of("COUGH"), false, false)).isEqualTo("FEVER");
    }

    @Test
    void suspectedIsFeverOrRespiratorySymptomWithContactOrTravel() {
        assertThat(Outcome.of(38.0, List.of("COUGH"), false, true)).isEqualTo("SUSPECTED");
        assertThat(Outcome.of(36.8, List.of("SORE_THROAT"), true, false)).isEqualTo("SUSPECTED");
        assertThat(Outcome.of(37.5, List.of(), false, true)).isEqualTo("SUSPECTED");
        // a symptom that is not respiratory, no fever: normal even with contact
        assertThat(Outcome.of(36.8, List.of("HEADACHE"), false, true)).isEqualTo("NORMAL");
    }

    @Test
    void referredAtTheReferralThresholdOrShortnessOfBreath() {
        assertThat(Outcome.of(38.5, List.of(), false, false)).isEqualTo("REFERRED");
        assertThat(Outcome.of(38.4, List.of("COUGH"), false, true)).isEqualTo("SUSPECTED");
        assertThat(Outcome.of(36.5, List.of("SHORTNESS_OF_BREATH"), false, false)).isEqualTo("REFERRED");
    }

    @Test
    void suspectedCountsSuspectedAndReferred() {
        assertThat(Outcome.suspected("SUSPECTED")).isTrue();
        assertThat(Outcome.suspected("REFERRED")).isTrue();
        assertThat(Outcome.suspected("FEVER")).isFalse();
        assertThat(Outcome.suspected("NORMAL")).isFalse();
    }
}
