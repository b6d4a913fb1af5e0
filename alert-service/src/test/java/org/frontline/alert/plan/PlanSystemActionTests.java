package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.alert.Alert;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * System actions across levels and areas: a rise asks again with the higher level's parameters (one request per level,
 * however often the level is activated), and a system action of a plan running for a wider area than one community
 * sends nothing and waits, blocked with the reason, instead of counting as done. Areas: 310107006xxx.
 */
@QuarkusTest
@FrontlineTest
class PlanSystemActionTests {

    static final String OFFICER = TestTokens.token("plan.system", "district-officer", "310107");
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    PlanActivator activator;
    @Inject
    ObjectMapper mapper;

    @AfterAll
    static void deactivate() {
        QuarkusTransaction.requiringNew().run(() -> ResponsePlan.update("active = false where name like 'sysact-%'"));
    }

    void plan(String area, String name, String definition) throws Exception {
        PlanDefinition d = PlanDefinition.parse(mapper.readTree(definition));
        QuarkusTransaction.requiringNew().run(() -> {
            ResponsePlan p = new ResponsePlan();
            p.id = UUID.randomUUID();
            p.areaCode = area;
            p.name = name;
            p.title = name;
            p.planVersion = 1;
            p.definition = d.toJson(mapper).toString();
            p.active = true;
            p.createdBy = p.updatedBy = "test";
            p.createdAt = p.updatedAt = OffsetDateTime.now();
            p.persist();
            ResponsePlan.getEntityManager().createNativeQuery("""
                    insert into response_plan_version (plan_id, plan_version, title, definition, active, changed_by, changed_at)
                    values (?1, 1, ?2, cast(?3 as jsonb), true, 'test', now())
                    """).setParameter(1, p.id).setParameter(2, p.title).setParameter(3, p.definition).executeUpdate();
        });
    }

    static String raise(String area, String level) {
        return given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", area, "level", level, "title", "System action test " + level))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    static String stock(String minDays) {
        return "{\"key\": \"raise-stock\", \"title\": \"Raise the minimum stock\", \"responsible\": \"role:district-officer\","
                + " \"dueWithin\": \"PT1H\", \"system\": \"RAISE_MIN_STOCK\", \"minDays\": " + minDays + "}";
    }

    @Test
    void aRiseAsksAgainWithTheHigherLevelsMinimumOncePerLevel() throws Exception {
        String community = "310107006001";
        plan(community, "sysact-rise", "{\"levels\": {\"YELLOW\": {\"response\": [" + stock("7") + "]},"
                + " \"ORANGE\": {\"response\": [" + stock("14") + "]}}}");
        UUID alert = UUID.fromString(raise(community, "YELLOW"));
        OffsetDateTime now = OffsetDateTime.now();
        // YELLOW twice (the consumer may have activated it already), then the rise to ORANGE twice
        for (Alert.Level level : List.of(Alert.Level.YELLOW, Alert.Level.YELLOW, Alert.Level.ORANGE,
                Alert.Level.ORANGE)) {
            QuarkusTransaction.requiringNew().run(() -> activator.activateForAlert(alert, level, now));
        }
        List<ConsumerRecord<String, String>> asked = TopicReader.awaitExactly("alert.events",
                TopicReader.type("frontline.alert.MinimumStockRequested.v1").and(r -> r.value().contains(alert.toString())),
                2, WAIT);
        // one request per level: 7 days at YELLOW, then 14 at ORANGE
        assertThat(asked).extracting(r -> mapper.readTree(r.value()).path("minDays").decimalValue().intValue())
                .containsExactlyInAnyOrder(7, 14);
        List<PlanTask> tasks = QuarkusTransaction.requiringNew().call(() -> PlanTask.<PlanTask>list(
                "alertId = ?1 and actionKey = 'raise-stock' order by targetKey desc", alert));
        assertThat(tasks).extracting(t -> t.targetKey).containsExactly("YELLOW", "ORANGE");
        assertThat(tasks).allSatisfy(t -> assertThat(t.status).isEqualTo(PlanTask.Status.DONE));
    }

    @Test
    void aSystemActionOfAWiderAreaIsBlockedWithTheReasonAndSendsNothing() throws Exception {
        String street = "310107006";
        plan(street, "sysact-street", "{\"levels\": {\"RED\": {\"response\": [" + stock("10") + ","
                + "{\"key\": \"muster\", \"title\": \"Muster the teams\", \"responsible\": \"role:district-officer\", \"dueWithin\": \"PT1H\"}]}}}");
        UUID alert = UUID.fromString(raise(street, "RED"));
        QuarkusTransaction.requiringNew().run(() -> activator.activateForAlert(alert, Alert.Level.RED, OffsetDateTime.now()));
        TopicReader.awaitExactly("alert.events",
                TopicReader.type("frontline.alert.PlanActivated.v1").and(r -> r.value().contains(alert.toString())), 1, WAIT);
        PlanTask blocked = QuarkusTransaction.requiringNew().call(() -> PlanTask.<PlanTask>find(
                "alertId = ?1 and actionKey = 'raise-stock'", alert).singleResult());
        assertThat(blocked.status).isEqualTo(PlanTask.Status.BLOCKED);
        assertThat(blocked.blockedReason).contains("applies to one community").contains(street);
        assertThat(blocked.doneAt).isNull();
        assertThat(TopicReader.readAll("alert.events").stream()
                .filter(TopicReader.type("frontline.alert.MinimumStockRequested.v1"))
                .filter(r -> r.value().contains(alert.toString()))).isEmpty();
        assertThat(TopicReader.readAll("alert.events").stream()
                .filter(TopicReader.type("frontline.alert.TaskCompleted.v1"))
                .filter(r -> r.value().contains(alert.toString()))).isEmpty();
    }
}
