package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario files: every shipped one loads and keeps the time model (at most 7 days; an outbreak's onset in the last 3
 * days, where alert-service still raises alarms); a file by path works; a mistake is refused with a message naming
 * the field, never silently replaced by a default.
 */
class ScenarioLoaderTests {

    @TempDir
    Path dir;

    static Iterable<String> shipped() {
        return ScenarioLoader.SHIPPED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void everyShippedScenarioLoads(String name) {
        Scenario s = ScenarioLoader.load(name);

        assertThat(s.name()).isEqualTo(name);
        assertThat(s.description()).isNotBlank();
        assertThat(s.days()).isBetween(1, 7);
        assertThat(s.citySize(null).communities()).isBetween(3, 6000);
        assertThat(s.detection()).isNotNull();
        assertThat(s.detection().maxDaysToAlert()).isPositive();
        if (s.outbreak() != null) {
            // alert-service looks back 3 days (alert.detection.lookback-days): an onset earlier could never alarm
            assertThat(s.days() - 1 - s.outbreak().onsetDay()).as("%s: days from onset to today", name)
                    .isBetween(0, 3);
            assertThat(s.detection().detectors()).as("%s: an outbreak needs a detector", name).isNotEmpty();
        }
    }

    @Test
    void theShippedScenariosAreTheFilesInTheResources() throws IOException {
        for (String name : ScenarioLoader.SHIPPED) {
            try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
                assertThat(in).as(name).isNotNull();
            }
        }
        assertThat(ScenarioLoader.SHIPPED).contains("quiet-week", "single-cluster", "citywide-surge");
    }

    @Test
    void theCiScenariosAreWhatTheirNamesSay() {
        Scenario quiet = ScenarioLoader.load("quiet-week");
        assertThat(quiet.outbreak()).as("quiet-week plants no outbreak").isNull();
        assertThat(quiet.load()).isNull();

        Scenario cluster = ScenarioLoader.load("single-cluster");
        assertThat(cluster.outbreak()).isNotNull();
        assertThat(cluster.outbreak().startCommunity()).isBetween(0, cluster.citySize(null).communities() - 1);
        assertThat(cluster.load()).isNull();

        Scenario surge = ScenarioLoader.load("citywide-surge");
        assertThat(surge.load()).isNotNull();
        assertThat(surge.load().rates()).isNotEmpty().isSorted().contains(1000);
        assertThat(surge.load().sustainSeconds()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aFileByPathLoadsYamlAndJson() throws IOException {
        Path yaml = dir.resolve("mine.yaml");
        Files.writeString(yaml, """
                name: mine
                description: a tiny one
                days: 2
                secondsPerDay: 0
                city: {communities: 3}
                outbreak: {startCommunity: 1, onsetDay: 1, initialCases: 1}
                """, StandardCharsets.UTF_8);
        Scenario s = ScenarioLoader.load(yaml.toString());
        assertThat(s.name()).isEqualTo("mine");
        assertThat(s.days()).isEqualTo(2);
        assertThat(s.citySize(null).communities()).isEqualTo(3);
        assertThat(s.citySize(5).communities()).as("--city-size overrides").isEqualTo(5);
        assertThat(s.outbreak().onsetDay()).isEqualTo(1);

        Path json = dir.resolve("mine.json");
        Files.writeString(json, "{\"name\": \"mine-json\", \"days\": 1}", StandardCharsets.UTF_8);
        assertThat(ScenarioLoader.load(json.toString()).name()).isEqualTo("mine-json");
    }

    @Test
    void aShippedScenarioCopiedToAFileLoadsTheSame() throws IOException {
        Path copy = dir.resolve("single-cluster.yaml");
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/single-cluster.yaml")) {
            Files.copy(in, copy);
        }
        assertThat(ScenarioLoader.load(copy.toString())).isEqualTo(ScenarioLoader.load("single-cluster"));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheShippedOnes() {
        assertThatThrownBy(() -> ScenarioLoader.load("no-such-scenario"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-scenario").hasMessageContaining("quiet-week");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown field         | name: x\\ndays: 2\\ncolour: red                                    | colour
            a typo inside a section  | name: x\\ndays: 2\\nscreening: {coverag: 0.5}                      | coverag
            days 8                   | name: x\\ndays: 8                                                  | days
            days 0                   | name: x\\ndays: 0                                                  | days
            no days                  | name: x                                                            | days
            no name                  | days: 2                                                            | name
            onset after the last day | name: x\\ndays: 3\\noutbreak: {onsetDay: 3}                        | outbreak.onsetDay
            onset before day 0       | name: x\\ndays: 3\\noutbreak: {onsetDay: -1}                       | outbreak.onsetDay
            a rate above 1           | name: x\\ndays: 2\\nscreening: {coverage: 1.5}                     | screening.coverage
            a negative rate          | name: x\\ndays: 2\\nnetwork: {retryRate: -0.1}                     | network.retryRate
            spread above 1           | name: x\\ndays: 2\\noutbreak: {onsetDay: 1, spreadProbability: 2}  | outbreak.spreadProbability
            absence above 1          | name: x\\ndays: 2\\nroster: {outbreakAbsenceRate: 1.01}            | roster.outbreakAbsenceRate
            check-ins above 1        | name: x\\ndays: 2\\nquarantine: {checkInRate: 3}                   | quarantine.checkInRate
            a city of 2              | name: x\\ndays: 2\\ncity: {communities: 2}                         | communities
            a city of 6001           | name: x\\ndays: 2\\ncity: {communities: 6001}                      | communities
            negative seconds a day   | name: x\\ndays: 2\\nsecondsPerDay: -1                              | secondsPerDay
            shifts past midnight     | name: x\\ndays: 2\\nroster: {shiftsPerDay: 3, hours: 8}           | roster.shiftsPerDay × roster.hours
            a 25-hour shift          | name: x\\ndays: 2\\nroster: {hours: 25}                           | roster.hours
            a 0-hour shift           | name: x\\ndays: 2\\nroster: {hours: 0}                            | roster.hours
            start past the city      | name: x\\ndays: 2\\ncity: {communities: 3}\\noutbreak: {onsetDay: 1, startCommunity: 3} | outbreak.startCommunity
            an EARS detector         | name: x\\ndays: 2\\ndetection: {detectors: [{signal: positive-tests, method: rule, level: RED}, {signal: positive-tests, method: ears-c2, level: RED}]} | detection.detectors[1]: method
            a per-10000 detector     | name: x\\ndays: 2\\ndetection: {detectors: [{signal: positive-tests, method: rule, level: RED, params: {per10000: true}}]} | detection.detectors[0]: params.per10000
            a below detector         | name: x\\ndays: 2\\ndetection: {detectors: [{signal: fever-screenings, method: rule, level: RED, params: {comparison: below}}]} | detection.detectors[0]: params.comparison
            an unknown signal        | name: x\\ndays: 2\\ndetection: {detectors: [{signal: hospital-beds, method: rule, level: RED}]} | detection.detectors[0]: signal
            """)
    void aMistakeIsRefusedNamingTheField(String what, String yaml, String field) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ScenarioLoader.load(file.toString()))
                .as(what).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void everyMistakeIsNamedAtOnce() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\ndays: 9\nscreening: {feverRate: 2}\nroster: {absenceRate: 7}\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ScenarioLoader.load(file.toString()))
                .hasMessageContaining("days").hasMessageContaining("screening.feverRate")
                .hasMessageContaining("roster.absenceRate");
    }

    @Test
    void twoEightHourShiftsADayAndAnAtLeastRuleLoad() throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, "name: x\ndays: 2\nroster: {shiftsPerDay: 2, hours: 8}\ndetection: {detectors: "
                + "[{signal: positive-tests, method: rule, level: RED, params: {comparison: atLeast, threshold: 2}}]}\n",
                StandardCharsets.UTF_8);
        assertThat(ScenarioLoader.load(file.toString()).roster().shiftsPerDay()).isEqualTo(2);
    }

    @Test
    void defaultsFillWhatAFileLeavesOut() {
        Scenario s = new Scenario("x", null, 1, null, null, null, null, null, null, null, null, null, null);
        assertThat(s.citySize(null).communities()).isBetween(3, 6000);
        assertThat(s.citySize(null).openingStock()).isEqualTo(Map.of());
    }
}
