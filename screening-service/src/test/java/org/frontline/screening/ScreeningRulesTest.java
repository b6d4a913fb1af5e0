package org.frontline.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

import org.frontline.screening.ScreeningRecord.Outcome;
import org.frontline.platform.security.Phones;
import org.frontline.screening.service.IdNumbers;
import org.frontline.screening.service.ScreeningRules;
import org.junit.jupiter.api.Test;

class ScreeningRulesTest {

    static Outcome outcome(String t, Set<Symptom> symptoms, boolean travel, boolean contact) {
        return ScreeningRules.outcome(new BigDecimal(t), symptoms, travel, contact, new BigDecimal("37.3"),
                new BigDecimal("38.5"));
    }

    @Test
    void theOutcomeFollowsTheRulesStrongestFirst() {
        Set<Symptom> none = EnumSet.noneOf(Symptom.class);
        assertThat(outcome("36.8", none, false, false)).isEqualTo(Outcome.NORMAL);
        assertThat(outcome("37.2", none, false, false)).isEqualTo(Outcome.NORMAL);
        assertThat(outcome("37.3", none, false, false)).isEqualTo(Outcome.FEVER);
        assertThat(outcome("37.3", none, true, false)).isEqualTo(Outcome.SUSPECTED);
        assertThat(outcome("36.6", EnumSet.of(Symptom.COUGH), false, true)).isEqualTo(Outcome.SUSPECTED);
        assertThat(outcome("36.6", EnumSet.of(Symptom.COUGH), false, false)).isEqualTo(Outcome.NORMAL);
        assertThat(outcome("36.6", EnumSet.of(Symptom.FATIGUE), true, true)).isEqualTo(Outcome.NORMAL);
        assertThat(outcome("38.5", none, false, false)).isEqualTo(Outcome.REFERRED);
        assertThat(outcome("36.6", EnumSet.of(Symptom.SHORTNESS_OF_BREATH), false, false)).isEqualTo(Outcome.REFERRED);
    }

    @Test
    void idNumbersAreCheckedAndPhonesMasked() {
        assertThat(IdNumbers.isValid("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValid("11010519491231002x")).isTrue();
        assertThat(IdNumbers.isValid("110105194912310021")).isFalse();
        assertThat(IdNumbers.isValid("1101051949123100")).isFalse();
        assertThat(IdNumbers.hash("11010519491231002x", "k")).isEqualTo(IdNumbers.hash("11010519491231002X", "k"))
                .hasSize(64).isNotEqualTo(IdNumbers.hash("11010519491231002X", "other-key"));
        assertThat(Phones.mask("13812345678")).isEqualTo("138****5678");
    }
}
