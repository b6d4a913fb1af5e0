package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.alert.Alert;
import org.frontline.alert.notify.Subscription;
import org.frontline.alert.notify.WebhookReceiver;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * People are told through alert-service's notification channels when a plan runs: a webhook subscription of the area
 * that asked for plan events receives PlanActivated and one TaskAssigned per task; a subscription of another district
 * receives nothing. Community of this class: 310107005001 (district 310107).
 */
@QuarkusTest
@FrontlineTest
class PlanNotificationTests {

    static final String COMMUNITY = "310107005001";
    static final String OFFICER = TestTokens.token("plan.notify", "district-officer", "310107");
    static final String OTHER = TestTokens.token("plan.notify.other", "district-officer", "310105");
    static final ObjectMapper JSON = new ObjectMapper();
    static WebhookReceiver receiver;

    @Inject
    PlanActivator activator;
    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        QuarkusTransaction.requiringNew().run(() -> Subscription.update(
                "active = false where url like ?1", receiver.url("/") + "%"));
        receiver.close();
    }

    static String subscribe(String token, String url, String area) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", url, "areaPrefix", area, "secret", "s3cret-for-the-plan-test-0123456789",
                        "eventKinds", List.of("PlanActivated", "TaskAssigned", "TaskCompleted")))
                .when().post("/api/v1/subscriptions").then().statusCode(201).extract().path("id");
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAreasSubscriptionIsToldOfTheActivationAndEachTaskAndAnotherDistrictIsNot() throws Exception {
        String here = receiver.on("/plans-here", 200);
        String there = receiver.on("/plans-there", 200);
        subscribe(OFFICER, here, "310107005");
        subscribe(OTHER, there, "310105");
        String definition = """
                {"levels": {"ORANGE": {"response": [
                  {"key": "activate-team", "title": "Activate the emergency team", "responsible": "team:emergency", "dueWithin": "PT2H"},
                  {"key": "command-post", "title": "Set up the command post", "responsible": "role:community-worker", "dueWithin": "PT2H"}]}}}
                """;
        PlanDefinition d = PlanDefinition.parse(JSON.readTree(definition));
        UUID planId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ResponsePlan p = new ResponsePlan();
            p.id = planId;
            p.areaCode = COMMUNITY;
            p.name = "notify-plan";
            p.title = "Plan of the notification test";
            p.planVersion = 1;
            p.definition = d.toJson(mapper).toString();
            p.active = true;
            p.createdBy = p.updatedBy = "test";
            p.createdAt = p.updatedAt = OffsetDateTime.now();
            p.persist();
            ResponsePlan.getEntityManager().createNativeQuery("""
                    insert into response_plan_version (plan_id, plan_version, title, definition, active, changed_by, changed_at)
                    values (?1, 1, ?2, cast(?3 as jsonb), true, 'test', now())
                    """).setParameter(1, planId).setParameter(2, p.title).setParameter(3, p.definition).executeUpdate();
        });
        String alertId = given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", COMMUNITY, "level", "ORANGE", "title", "Plan notification test"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
        // activation as the alert.events consumer does it (idempotent: the consumer may have done it already)
        PlanActivation activation = QuarkusTransaction.requiringNew().call(() -> activator
                .activateForAlert(UUID.fromString(alertId), Alert.Level.ORANGE, OffsetDateTime.now()).orElseThrow());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> mine = receiver.received("/plans-here").stream().map(r -> json(r.body()))
                    .filter(b -> activation.id.toString().equals(b.path("data").path("activationId").asText()))
                    .toList();
            // one PlanActivated and one TaskAssigned per action (2)
            assertThat(mine).extracting(b -> b.path("type").asText()).containsExactlyInAnyOrder(
                    "frontline.alert.PlanActivated.v1", "frontline.alert.TaskAssigned.v1",
                    "frontline.alert.TaskAssigned.v1");
            assertThat(mine).allSatisfy(b -> assertThat(b.path("data").path("communityCode").asText())
                    .isEqualTo(COMMUNITY));
        });
        // the other district's subscription asked for the same kinds: nothing about this activation reached it
        assertThat(receiver.received("/plans-there").stream().map(r -> json(r.body()))
                .filter(b -> activation.id.toString().equals(b.path("data").path("activationId").asText())))
                .isEmpty();
    }
}
