package org.frontline.drill.scenario;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import org.frontline.drill.city.CitySize;

/**
 * A scenario file (drill/src/main/resources/scenarios/*.yaml; documented in drill/README.md, "Scenario files"). Every
 * section but {@code name} and {@code days} has defaults; an unknown field is an error (a typo never silently falls
 * back to a default). Simulated day 0 is the first day; the last simulated day is the city's today (facts carry
 * the time they happened, so a compressed run writes days that already passed — inside the suite's late-sync window
 * of 7 days, which is why {@code days} is at most 7).
 */
public record Scenario(
        @JsonPropertyDescription("file name without .yaml") String name,
        String description,
        @JsonPropertyDescription("simulated days, 1 … 7; the last one is today") int days,
        @JsonPropertyDescription("seconds of real time per simulated day (the compression); --speed overrides") Double secondsPerDay,
        City city,
        Screening screening,
        Outbreak outbreak,
        Quarantine quarantine,
        Roster roster,
        Supplies supplies,
        Network network,
        Detection detection,
        Load load) {

    /** The generated city's size (--city-size overrides {@code communities}). */
    public record City(Integer communities, Integer householdsPerCommunity, Integer minResidentsPerHousehold,
            Integer maxResidentsPerHousehold, Integer staffPerCommunity, Integer volunteersPerCommunity) {
    }

    /**
     * Door-to-door rounds: each simulated day every community's worker screens {@code coverage} of its residents
     * (bulk endpoint, {@code batchSize} a request), {@code feverRate} of the healthy ones with a fever (no
     * respiratory symptom, no travel or contact: outcome FEVER).
     */
    public record Screening(Double coverage, Double feverRate, Integer batchSize) {
    }

    /**
     * The planted outbreak: it starts on {@code onsetDay} in community number {@code startCommunity} (index in the
     * generated city) with {@code initialCases}; each later day the cases of an infected community grow by
     * {@code growthRate} (rounded), and with {@code spreadProbability} each of its neighbours is seeded with one case
     * the next day. A case is screened with fever and cough and contact with a case (outcome SUSPECTED or REFERRED),
     * tested POSITIVE (PCR) that day and put in HOME quarantine. Absent: a quiet scenario.
     */
    public record Outbreak(Integer startCommunity, int onsetDay, Integer initialCases, Double growthRate,
            Double spreadProbability) {
    }

    /** Daily check-ins of everyone in quarantine: each checks in on a day with {@code checkInRate} (else the day is skipped). */
    public record Quarantine(Double checkInRate) {
    }

    /**
     * Shifts: each simulated day every community publishes {@code shiftsPerDay} shifts of {@code hours} hours of duty
     * {@code dutyCode} needing {@code requiredHeadcount}; staff are assigned, except those absent (sick) — each staff
     * member is absent on a day with {@code absenceRate}, and in an outbreak community with {@code outbreakAbsenceRate}:
     * the shifts left short are the uncovered hours the verifier expects there.
     */
    public record Roster(String dutyCode, Integer shiftsPerDay, Integer hours, Integer requiredHeadcount,
            Double absenceRate, Double outbreakAbsenceRate) {
    }

    /**
     * Each store gets {@code openingStock} (item code → quantity) on day 0 and issues {@code dailyUse} (item code →
     * quantity a day); an outbreak community uses {@code outbreakMultiplier} times as much, so a critical item runs out
     * there: a stock-out the verifier expects exactly where the scenario caused it.
     */
    public record Supplies(Map<String, Integer> openingStock, Map<String, Integer> dailyUse,
            Double outbreakMultiplier) {
    }

    /**
     * The flaky phone network: {@code retryRate} of the writes are sent again with the same idempotency key (as a
     * phone does when the answer is lost) — the suite must keep one record.
     */
    public record Network(Double retryRate) {
    }

    /**
     * The detectors the drill stores for its city (alert-service rules, as data) and how soon an alert must open:
     * within {@code maxDaysToAlert} simulated days of the onset in each infected community.
     */
    public record Detection(Integer maxDaysToAlert, List<Map<String, Object>> detectors) {
    }

    /**
     * Peak load (citywide-surge): screenings at each of {@code rates} records/s for {@code stepSeconds}, then the
     * last rate for {@code sustainSeconds}, while {@code lagSamplesPerSecond} single screenings measure the event to
     * dashboard lag on the gateway's SSE stream.
     */
    public record Load(List<Integer> rates, Integer stepSeconds, Integer sustainSeconds, Integer lagSamplesPerSecond,
            Integer concurrency) {
    }

    public CitySize citySize(Integer communitiesOverride) {
        City c = city == null ? new City(null, null, null, null, null, null) : city;
        return new CitySize(
                communitiesOverride != null ? communitiesOverride : or(c.communities(), 12),
                or(c.householdsPerCommunity(), 10),
                or(c.minResidentsPerHousehold(), 1),
                or(c.maxResidentsPerHousehold(), 4),
                or(c.staffPerCommunity(), 3),
                or(c.volunteersPerCommunity(), 2),
                supplies == null || supplies.openingStock() == null ? Map.of() : supplies.openingStock());
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
