package org.frontline.screening;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The fixed symptom vocabulary of a screening; anything else is refused. */
public enum Symptom {
    COUGH, SORE_THROAT, RUNNY_NOSE, SHORTNESS_OF_BREATH, FATIGUE, MUSCLE_ACHE, HEADACHE, CHILLS,
    LOSS_OF_TASTE_OR_SMELL, DIARRHEA;

    /** Symptoms of the airways: with an exposure they make a screening SUSPECTED. */
    public static final Set<Symptom> RESPIRATORY = EnumSet.of(COUGH, SORE_THROAT, RUNNY_NOSE, SHORTNESS_OF_BREATH,
            LOSS_OF_TASTE_OR_SMELL);

    /** Stored as a comma-separated list in one column. */
    @Converter
    public static class SetConverter implements AttributeConverter<Set<Symptom>, String> {
        @Override
        public String convertToDatabaseColumn(Set<Symptom> symptoms) {
            return symptoms == null ? "" : symptoms.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        }

        @Override
        public Set<Symptom> convertToEntityAttribute(String column) {
            if (column == null || column.isBlank()) {
                return EnumSet.noneOf(Symptom.class);
            }
            return Arrays.stream(column.split(",")).map(Symptom::valueOf)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Symptom.class)));
        }
    }
}
