package org.frontline.drill.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a scenario: a name shipped with the tool ({@code quiet-week}, {@code single-cluster}, {@code citywide-surge}:
 * {@code scenarios/NAME.yaml} on the class path) or the path of a YAML or JSON file. Unknown fields and impossible
 * values are refused with a message naming the field.
 */
public final class ScenarioLoader {

    public static final List<String> SHIPPED = List.of("quiet-week", "single-cluster", "citywide-surge");

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ScenarioLoader() {
    }

    public static Scenario load(String nameOrPath) {
        try {
            Path path = Path.of(nameOrPath);
            if (Files.isRegularFile(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    return check(YAML.readValue(in, Scenario.class), nameOrPath);
                }
            }
            try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + nameOrPath + ".yaml")) {
                if (in == null) {
                    throw new IllegalArgumentException("no scenario '" + nameOrPath + "': neither a file nor one of "
                            + SHIPPED);
                }
                return check(YAML.readValue(in, Scenario.class), nameOrPath);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario " + nameOrPath + ": " + e.getMessage(), e);
        }
    }

    static Scenario check(Scenario s, String source) {
        List<String> errors = new ArrayList<>();
        if (s.name() == null || s.name().isBlank()) {
            errors.add("name is required");
        }
        if (s.days() < 1 || s.days() > 7) {
            errors.add("days must be 1 … 7 (the suite takes facts up to 7 days late), not " + s.days());
        }
        if (s.secondsPerDay() != null && (s.secondsPerDay() < 0 || s.secondsPerDay() > 86_400)) {
            errors.add("secondsPerDay must be 0 … 86400");
        }
        if (s.outbreak() != null && (s.outbreak().onsetDay() < 0 || s.outbreak().onsetDay() >= s.days())) {
            errors.add("outbreak.onsetDay must be a simulated day, 0 … " + (s.days() - 1));
        }
        if (s.outbreak() != null && s.outbreak().startCommunity() != null && s.city() != null
                && s.city().communities() != null
                && (s.outbreak().startCommunity() < 0 || s.outbreak().startCommunity() >= s.city().communities())) {
            errors.add("outbreak.startCommunity must be a community of the city, 0 … " + (s.city().communities() - 1));
        }
        rate(errors, "screening.coverage", s.screening() == null ? null : s.screening().coverage());
        rate(errors, "screening.feverRate", s.screening() == null ? null : s.screening().feverRate());
        rate(errors, "outbreak.spreadProbability", s.outbreak() == null ? null : s.outbreak().spreadProbability());
        rate(errors, "quarantine.checkInRate", s.quarantine() == null ? null : s.quarantine().checkInRate());
        rate(errors, "roster.absenceRate", s.roster() == null ? null : s.roster().absenceRate());
        rate(errors, "roster.outbreakAbsenceRate", s.roster() == null ? null : s.roster().outbreakAbsenceRate());
        rate(errors, "network.retryRate", s.network() == null ? null : s.network().retryRate());
        if (s.screening() != null && s.screening().batchSize() != null
                && (s.screening().batchSize() < 1 || s.screening().batchSize() > 1000)) {
            errors.add("screening.batchSize must be 1 … 1000 (the bulk endpoint's limit)");
        }
        if (s.load() != null) {
            Scenario.Load l = s.load();
            if (l.rates() == null || l.rates().isEmpty() || l.rates().stream().anyMatch(r -> r == null || r < 1 || r > 100_000)) {
                errors.add("load.rates must list 1 … 100000 records/s");
            }
            if (l.stepSeconds() != null && (l.stepSeconds() < 1 || l.stepSeconds() > 3600)) {
                errors.add("load.stepSeconds must be 1 … 3600");
            }
            if (l.sustainSeconds() != null && (l.sustainSeconds() < 0 || l.sustainSeconds() > 7200)) {
                errors.add("load.sustainSeconds must be 0 … 7200");
            }
            if (l.concurrency() != null && (l.concurrency() < 1 || l.concurrency() > 256)) {
                errors.add("load.concurrency must be 1 … 256");
            }
            if (l.lagSamplesPerSecond() != null && (l.lagSamplesPerSecond() < 0 || l.lagSamplesPerSecond() > 200)) {
                errors.add("load.lagSamplesPerSecond must be 0 … 200");
            }
        }
        if (s.roster() != null) {
            Scenario.Roster r = s.roster();
            int hours = r.hours() == null ? 8 : r.hours();
            int perDay = r.shiftsPerDay() == null ? 1 : r.shiftsPerDay();
            if (hours < 1 || hours > 24) {
                errors.add("roster.hours must be 1 … 24 (roster-service's longest shift), not " + hours);
            } else if (perDay < 1 || perDay * hours > 16) {
                errors.add("roster.shiftsPerDay × roster.hours must be 1 … 16 (shifts run from 08:00 and must end by"
                        + " the city's midnight), not " + perDay + " × " + hours);
            }
            if (r.requiredHeadcount() != null && (r.requiredHeadcount() < 1 || r.requiredHeadcount() > 50)) {
                errors.add("roster.requiredHeadcount must be 1 … 50");
            }
        }
        if (s.detection() != null && s.detection().detectors() != null) {
            List<java.util.Map<String, Object>> detectors = s.detection().detectors();
            for (int i = 0; i < detectors.size(); i++) {
                String why = unpredictable(detectors.get(i));
                if (why != null) {
                    errors.add("detection.detectors[" + i + "]: " + why);
                }
            }
        }
        try {
            s.citySize(null).check();
        } catch (IllegalArgumentException e) {
            errors.add("city: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("scenario " + source + ": " + String.join("; ", errors));
        }
        return s;
    }

    /** Signals whose daily series the drill's truth holds (the player's {@code signal}). */
    public static final List<String> PREDICTED_SIGNALS = List.of("positive-tests", "fever-screenings",
            "new-quarantines", "uncovered-shift-hours", "missed-check-ins", "items-stock-out");

    /**
     * Why the drill cannot predict what a detector does (so the truth would silently expect no alert), or null: only
     * {@code rule} detectors on a signal the truth holds, on counts (not {@code per10000}: populations are not set),
     * firing above the threshold (not {@code comparison: below}, which fires on quiet days).
     */
    static String unpredictable(java.util.Map<String, Object> d) {
        if (d == null) {
            return "empty";
        }
        Object method = d.get("method");
        if (!"rule".equals(method)) {
            return "method '" + method + "' is not predicted by the drill (only 'rule' detectors are)";
        }
        Object signal = d.get("signal");
        if (!PREDICTED_SIGNALS.contains(String.valueOf(signal))) {
            return "signal '" + signal + "' is not predicted by the drill (" + String.join(", ", PREDICTED_SIGNALS)
                    + ")";
        }
        Object params = d.get("params");
        if (params != null && !(params instanceof java.util.Map)) {
            return "params must be a map";
        }
        java.util.Map<?, ?> p = params == null ? java.util.Map.of() : (java.util.Map<?, ?>) params;
        if (Boolean.TRUE.equals(p.get("per10000")) || "true".equals(String.valueOf(p.get("per10000")))) {
            return "params.per10000 is not predicted by the drill (it sets no populations)";
        }
        if (p.containsKey("comparison") && !"atLeast".equals(String.valueOf(p.get("comparison")))) {
            return "params.comparison '" + p.get("comparison") + "' is not predicted by the drill (only 'atLeast')";
        }
        for (String n : List.of("windowDays", "threshold", "consecutiveDays")) {
            if (p.containsKey(n) && !(p.get(n) instanceof Number)) {
                return "params." + n + " must be a number";
            }
        }
        return null;
    }

    private static void rate(List<String> errors, String field, Double value) {
        if (value != null && (value < 0 || value > 1 || value.isNaN())) {
            errors.add(field + " must be 0 … 1");
        }
    }

}
