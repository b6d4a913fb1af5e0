package org.frontline.screening.service;

import java.math.BigDecimal;
import java.util.Set;

import org.frontline.screening.ScreeningRecord.Outcome;
import org.frontline.screening.Symptom;

/**
 * The outcome of a screening, derived — never typed. Strongest first:
 * <ol>
 * <li>{@code REFERRED}: temperature at or above the referral threshold (38.5 °C), or shortness of breath;</li>
 * <li>{@code SUSPECTED}: a fever or a respiratory symptom together with travel history or contact with a case;</li>
 * <li>{@code FEVER}: temperature at or above the fever threshold (37.3 °C);</li>
 * <li>{@code NORMAL}: otherwise.</li>
 * </ol>
 */
public final class ScreeningRules {

    private ScreeningRules() {
    }

    public static Outcome outcome(BigDecimal temperature, Set<Symptom> symptoms, boolean travelHistory,
            boolean contactWithCase, BigDecimal feverThreshold, BigDecimal referralThreshold) {
        boolean fever = temperature.compareTo(feverThreshold) >= 0;
        if (temperature.compareTo(referralThreshold) >= 0 || symptoms.contains(Symptom.SHORTNESS_OF_BREATH)) {
            return Outcome.REFERRED;
        }
        boolean respiratory = symptoms.stream().anyMatch(Symptom.RESPIRATORY::contains);
        if ((fever || respiratory) && (travelHistory || contactWithCase)) {
            return Outcome.SUSPECTED;
        }
        return fever ? Outcome.FEVER : Outcome.NORMAL;
    }
}
