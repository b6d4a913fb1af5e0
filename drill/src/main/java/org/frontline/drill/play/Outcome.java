package org.frontline.drill.play;

import java.util.Collection;
import java.util.Set;

/**
 * The drill's own oracle of a screening's outcome, mirroring screening-service/README.md "Rules" (defaults): strongest
 * first, {@code REFERRED} (temperature ≥ 38.5 °C, or shortness of breath) → {@code SUSPECTED} (a fever or a
 * respiratory symptom — cough, sore throat, runny nose, shortness of breath, loss of taste or smell — with travel
 * history or contact with a case) → {@code FEVER} (≥ 37.3 °C) → {@code NORMAL}. The gateway counts {@code suspected}
 * for SUSPECTED and REFERRED, {@code fever} for a temperature at or above the fever threshold.
 */
public final class Outcome {

    public static final double FEVER_THRESHOLD = 37.3;
    public static final double REFERRAL_THRESHOLD = 38.5;
    static final Set<String> RESPIRATORY = Set.of("COUGH", "SORE_THROAT", "RUNNY_NOSE", "SHORTNESS_OF_BREATH",
            "LOSS_OF_TASTE_OR_SMELL");

    private Outcome() {
    }

    public static String of(double temperature, Collection<String> symptoms, boolean travel, boolean contact) {
        boolean fever = fever(temperature);
        if (temperature >= REFERRAL_THRESHOLD || symptoms.contains("SHORTNESS_OF_BREATH")) {
            return "REFERRED";
        }
        boolean respiratory = symptoms.stream().anyMatch(RESPIRATORY::contains);
        if ((fever || respiratory) && (travel || contact)) {
            return "SUSPECTED";
        }
        return fever ? "FEVER" : "NORMAL";
    }

    public static boolean fever(double temperature) {
        return temperature >= FEVER_THRESHOLD;
    }

    /** Counted in the gateway's {@code suspected}. */
    public static boolean suspected(String outcome) {
        return "SUSPECTED".equals(outcome) || "REFERRED".equals(outcome);
    }
}
