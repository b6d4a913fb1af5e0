package org.frontline.alert.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;

import org.frontline.alert.Alert;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The plan format: what a valid checklist reads as, and every bad field named in one answer. */
class PlanDefinitionTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static PlanDefinition parse(String json) throws Exception {
        return PlanDefinition.parse(JSON.readTree(json));
    }

    @Test
    void aChecklistReadsBackAsWrittenAndRoundTripsThroughTheCanonicalJson() throws Exception {
        String json = """
                {"levels": {"ORANGE": {
                   "warning": [{"key": "brief", "title": "Brief the staff", "responsible": "role:community-worker", "dueWithin": "PT4H"}],
                   "response": [{"key": "activate-team", "title": "Activate the emergency team", "responsible": "team:emergency", "dueWithin": "PT2H"},
                                {"key": "raise-stock", "title": "Raise stock", "responsible": "role:district-officer", "dueWithin": "PT1H",
                                 "system": "RAISE_MIN_STOCK", "minDays": 14}],
                   "recovery": [{"key": "call", "title": "Counselling call", "responsible": "duty:psychological-counsellor",
                                 "dueWithin": "P3D", "perReleasedResident": true}]}},
                 "recurring": [{"key": "hazard-check", "title": "Hazard check", "responsible": "role:community-worker", "every": "P1M", "dueWithin": "P7D"}]}
                """;
        PlanDefinition d = parse(json);
        PlanDefinition.Checklist orange = d.checklist(Alert.Level.ORANGE);
        assertThat(d.checklist(Alert.Level.RED)).isNull();
        assertThat(orange.response()).extracting(PlanDefinition.Action::key).containsExactly("activate-team", "raise-stock");
        assertThat(orange.response().get(0).dueWithin()).isEqualTo(Duration.ofHours(2));
        assertThat(orange.response().get(1).system()).isEqualTo(PlanDefinition.SystemAction.RAISE_MIN_STOCK);
        assertThat(orange.response().get(1).minDays()).isEqualByComparingTo("14");
        assertThat(orange.recovery().get(0).perReleasedResident()).isTrue();
        assertThat(d.recurring().get(0).every()).isEqualTo(Period.ofMonths(1));
        assertThat(PlanDefinition.parse(d.toJson(JSON))).isEqualTo(d);
    }

    @Test
    void everyBadFieldIsNamedInOneAnswer() {
        String json = """
                {"levels": {"PURPLE": {"response": []},
                            "RED": {"response": [
                               {"key": "Bad Key", "title": "", "responsible": "boss:me", "dueWithin": "2 hours"},
                               {"key": "ok", "title": "t", "responsible": "role:community-worker", "dueWithin": "PT1H", "system": "RAISE_MIN_STOCK"},
                               {"key": "ok", "title": "t", "responsible": "duty:Not A Code", "dueWithin": "P400D", "colour": "red"}],
                             "recovery": [{"key": "sys", "title": "t", "responsible": "role:volunteer", "dueWithin": "PT1H", "system": "SURGE_SHIFTS"}]}},
                 "recurring": [{"key": "r", "title": "t", "responsible": "role:community-worker", "every": "P1M3D", "dueWithin": "P1D"}]}
                """;
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.toProblem("/x").errors()).extracting(Problem.FieldError::field).contains(
                    "definition.levels.PURPLE",
                    "definition.levels.RED.response[0].key",
                    "definition.levels.RED.response[0].title",
                    "definition.levels.RED.response[0].responsible",
                    "definition.levels.RED.response[0].dueWithin",
                    "definition.levels.RED.response[1].minDays",
                    "definition.levels.RED.response[2].key",
                    "definition.levels.RED.response[2].responsible",
                    "definition.levels.RED.response[2].dueWithin",
                    "definition.levels.RED.response[2].colour",
                    "definition.levels.RED.recovery[0].system",
                    "definition.recurring[0].every");
        });
    }

    @Test
    void anEmptyPlanOrANonObjectIsRefused() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("at least one level checklist or recurring action");
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> parse("{\"levels\": {\"RED\": {}}}")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("has no actions");
    }
}
