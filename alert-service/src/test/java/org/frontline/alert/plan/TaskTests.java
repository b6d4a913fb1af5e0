package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.alert.Alert;
import org.frontline.alert.TestClock;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Tasks of response plans (README "Tasks, escalation, phases and recovery"): the lifecycle through HTTP with area
 * scope, findings, overdue escalation, recurring actions, phases that follow the plan and recovery follow-ups. This
 * class's communities are 310107002001 … 310107002010 (district 310107 is shared: every assertion filters by them).
 */
@QuarkusTest
@FrontlineTest
class TaskTests {

    static final String STREET = "310107002";
    static final String OFFICER = TestTokens.token("lin", "district-officer", "310107");
    static final String INTEGRATION = TestTokens.token("cmd", "integration", "310107");
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

    /** ORANGE: two response actions by community workers; recovery: one task and a call per released resident. */
    static final String ORANGE_PLAN = """
            {"levels": {"ORANGE": {"warning": [],
              "response": [
                {"key": "activate-team", "title": "Activate the community emergency team",
                 "responsible": "role:community-worker", "dueWithin": "PT2H"},
                {"key": "door-round", "title": "Second door-to-door round", "responsible": "role:community-worker",
                 "dueWithin": "P1D"}],
              "recovery": [
                {"key": "restore", "title": "Reopen the service centre", "responsible": "role:community-worker",
                 "dueWithin": "P2D"},
                {"key": "counselling-call", "title": "Psychological follow-up call",
                 "responsible": "duty:psychological-counsellor", "dueWithin": "P3D", "perReleasedResident": true}]}},
             "recurring": []}
            """;

    @Inject
    TestClock clock;
    @Inject
    EntityManager em;
    @Inject
    PlanActivator activator;
    @Inject
    OverdueTasks overdue;
    @Inject
    RecurringTasks recurring;
    @Inject
    PlanProgress progress;

    Instant started;

    @BeforeEach
    void readClock() {
        started = clock.instant();
    }

    @AfterEach
    void resetClock() {
        clock.set(started);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String worker(String community) {
        return TestTokens.token("wang", "community-worker", community);
    }

    UUID plan(String area, String name, String definition) {
        return QuarkusTransaction.requiringNew().call(() -> {
            UUID id = UUID.randomUUID();
            OffsetDateTime now = OffsetDateTime.now(clock);
            em.createNativeQuery("""
                    insert into response_plan (id, area_code, name, title, plan_version, definition, active,
                        created_by, created_at, updated_by, updated_at)
                    values (?1, ?2, ?3, ?4, 1, cast(?5 as jsonb), true, 'test', ?6, 'test', ?6)
                    """).setParameter(1, id).setParameter(2, area).setParameter(3, name)
                    .setParameter(4, "Plan " + name).setParameter(5, definition).setParameter(6, now).executeUpdate();
            em.createNativeQuery("""
                    insert into response_plan_version (plan_id, plan_version, title, definition, active, changed_by,
                        changed_at)
                    values (?1, 1, ?2, cast(?3 as jsonb), true, 'test', ?4)
                    """).setParameter(1, id).setParameter(2, "Plan " + name).setParameter(3, definition)
                    .setParameter(4, now).executeUpdate();
            return id;
        });
    }

    static String raise(String community, String level) {
        return given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "level", level, "title", "Fever cluster"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    static JsonPath alert(String id) {
        return given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    static void moveAlert(String id, String to, String note) {
        int version = alert(id).getInt("alert.version");
        Map<String, Object> body = note == null ? Map.of("to", to, "expectedVersion", version)
                : Map.of("to", to, "expectedVersion", version, "note", note);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
    }

    UUID activate(String alertId) {
        return QuarkusTransaction.requiringNew().call(() -> activator
                .activateForAlert(UUID.fromString(alertId), Alert.Level.ORANGE, OffsetDateTime.now(clock))
                .orElseThrow().id);
    }

    PlanActivation activation(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> PlanActivation.<PlanActivation>findById(id));
    }

    static JsonPath tasks(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/v1/tasks?size=500&" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The task of an action in a community's list (its only one). */
    static JsonPath task(String community, String actionKey) {
        List<String> ids = tasks(OFFICER, "area=" + community).getList("items.findAll { it.actionKey == '"
                + actionKey + "' }.id", String.class);
        assertThat(ids).hasSize(1);
        return given().auth().oauth2(OFFICER).when().get("/api/v1/tasks/" + ids.get(0)).then().statusCode(200)
                .extract().jsonPath();
    }

    static ValidatableResponse post(String token, String id, String step, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/tasks/" + id + "/" + step).then();
    }

    static void done(String community, String actionKey) {
        JsonPath t = task(community, actionKey);
        post(OFFICER, t.getString("task.id"), "done", Map.of("version", t.getInt("task.version"), "note", "done"))
                .statusCode(200).body("status", is("DONE"));
    }

    static Predicate<ConsumerRecord<String, String>> event(String type, String id) {
        return TopicReader.type("frontline.alert." + type + ".v1").and(r -> r.value().contains(id));
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void aTaskIsAcknowledgedBlockedAndDoneAgainstItsVersionAndDoneIsFinal() {
        String c = STREET + "001";
        plan(c, "tasks-lifecycle", ORANGE_PLAN);
        activate(raise(c, "ORANGE"));
        String worker = worker(c);
        JsonPath list = tasks(worker, "area=" + c);
        // ordered by dueAt: activate-team (2 h) before door-round (1 day)
        assertThat(list.getList("items.actionKey", String.class)).containsExactly("activate-team", "door-round");
        assertThat(list.getList("items.areaCode", String.class)).containsOnly(c);
        assertThat(list.getList("items.status", String.class)).containsOnly("OPEN");
        String id = list.getString("items[0].id");

        post(worker, id, "acknowledge", Map.of("version", 1)).statusCode(409).body("version", is(0));
        post(worker, id, "acknowledge", Map.of("version", 0)).statusCode(200).body("status", is("ACKNOWLEDGED"))
                .body("acknowledgedBy", is("wang")).body("version", is(1));
        post(worker, id, "block", Map.of("version", 1)).statusCode(400).body("errors.field", hasItem("reason"));
        post(worker, id, "block", Map.of("version", 1, "reason", "No protective suits left")).statusCode(200)
                .body("status", is("BLOCKED")).body("blockedReason", is("No protective suits left"));
        post(worker, id, "acknowledge", Map.of("version", 2)).statusCode(200).body("status", is("ACKNOWLEDGED"));
        post(worker, id, "done", Map.of("version", 3)).statusCode(400).body("errors.field", hasItem("note"));
        post(worker, id, "done", Map.of("version", 3, "note", "x".repeat(2001))).statusCode(400);
        post(worker, id, "done", Map.of("version", 3, "note", "Team assembled at 10:00")).statusCode(200)
                .body("status", is("DONE")).body("doneBy", is("wang")).body("note", is("Team assembled at 10:00"))
                .body("version", is(4));
        post(worker, id, "acknowledge", Map.of("version", 4)).statusCode(409).body("version", is(4));
        post(worker, id, "block", Map.of("version", 4, "reason", "again")).statusCode(409).body("version", is(4));
        post(worker, id, "done", Map.of("version", 4, "note", "again")).statusCode(409).body("version", is(4));
        JsonPath detail = given().auth().oauth2(worker).when().get("/api/v1/tasks/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(detail.getList("log.kind", String.class)).containsExactly("CREATED", "ACKNOWLEDGED", "BLOCKED",
                "ACKNOWLEDGED", "DONE");
        assertThat(detail.getList("log.toStatus", String.class)).containsExactly("OPEN", "ACKNOWLEDGED", "BLOCKED",
                "ACKNOWLEDGED", "DONE");
        assertThat(detail.getString("task.status")).isEqualTo("DONE");
        // one TaskCompleted, by a person, on time (done at once, due in 2 h)
        var completed = TopicReader.awaitExactly("alert.events", event("TaskCompleted", id), 1, WAIT);
        assertThat(completed.get(0).value()).contains("\"system\":false", "\"onTime\":true",
                "\"findingAlertId\":null");
        // filters: status, phase, overdue
        assertThat(tasks(worker, "area=" + c + "&status=DONE").getList("items.id", String.class)).containsExactly(id);
        assertThat(tasks(worker, "area=" + c + "&phase=RESPONSE&overdue=false").getList("items.id")).hasSize(2);
        assertThat(tasks(worker, "area=" + c + "&overdue=true").getList("items.id")).isEmpty();
        given().auth().oauth2(worker).when().get("/api/v1/tasks?status=LATE").then().statusCode(400);
        given().auth().oauth2(worker).when().get("/api/v1/tasks?overdue=maybe").then().statusCode(400);
        given().auth().oauth2(worker).when().get("/api/v1/tasks?activationId=nope").then().statusCode(400);
    }

    @Test
    void tasksAreScopedByAreaAndIntegrationOnlyReads() {
        String c = STREET + "008";
        plan(c, "tasks-scope", ORANGE_PLAN);
        UUID activationId = activate(raise(c, "ORANGE"));
        String id = tasks(OFFICER, "area=" + c).getString("items[0].id");
        String other = worker(STREET + "009");
        given().auth().oauth2(other).when().get("/api/v1/tasks/" + id).then().statusCode(403);
        post(other, id, "acknowledge", Map.of("version", 0)).statusCode(403);
        given().auth().oauth2(other).when().get("/api/v1/tasks?area=" + c).then().statusCode(403);
        assertThat(tasks(other, "").getList("items.areaCode", String.class)).allMatch(a -> a.startsWith(STREET + "009"));
        List<String> district = tasks(OFFICER, "area=" + STREET).getList("items.areaCode", String.class);
        assertThat(district).isNotEmpty().allMatch(a -> a.startsWith(STREET));
        assertThat(tasks(OFFICER, "activationId=" + activationId).getList("items.activationId", String.class))
                .hasSize(2).containsOnly(activationId.toString());
        given().auth().oauth2(INTEGRATION).when().get("/api/v1/tasks/" + id).then().statusCode(200)
                .body("task.status", is("OPEN"));
        post(INTEGRATION, id, "acknowledge", Map.of("version", 0)).statusCode(403);
        given().auth().oauth2(TestTokens.token("v", "volunteer", c)).when().get("/api/v1/tasks/" + id).then()
                .statusCode(403);
        // nothing changed by the refused writes
        given().auth().oauth2(OFFICER).when().get("/api/v1/tasks/" + id).then().statusCode(200)
                .body("task.status", is("OPEN")).body("task.version", is(0));
    }

    @Test
    void aFindingOpensAnAlertInTheTasksAreaButNeverOnADrill() {
        String c = STREET + "010";
        UUID planId = plan(c, "tasks-finding", ORANGE_PLAN);
        String alertId = raise(c, "ORANGE");
        QuarkusTransaction.requiringNew().run(() -> activator.activateDrill(ResponsePlan.findById(planId),
                STREET + "007", Alert.Level.ORANGE, "Drill: exits", "test", OffsetDateTime.now(clock)));
        activate(alertId);
        JsonPath list = tasks(OFFICER, "area=" + c + "&drill=false");
        assertThat(list.getList("items.alertId", String.class)).hasSize(2).containsOnly(alertId);
        String id = list.getString("items[0].id");
        post(OFFICER, id, "done", Map.of("version", 0, "note", "Exit of building 7 blocked by bicycles",
                "finding", Map.of("level", "YELLOW", "title", "Blocked fire exit in building 7"))).statusCode(200)
                .body("status", is("DONE")).body("findingAlertId", notNullValue());
        String finding = given().auth().oauth2(OFFICER).when().get("/api/v1/tasks/" + id).then().extract()
                .path("task.findingAlertId");
        JsonPath opened = alert(finding);
        assertThat(opened.getString("alert.areaCode")).isEqualTo(c);
        assertThat(opened.getString("alert.level")).isEqualTo("YELLOW");
        assertThat(opened.getString("alert.status")).isEqualTo("OPEN");
        assertThat(opened.getString("alert.raisedBy")).isEqualTo("lin");
        var completed = TopicReader.awaitExactly("alert.events", event("TaskCompleted", id), 1, WAIT);
        assertThat(completed.get(0).value()).contains("\"findingAlertId\":\"" + finding + "\"");

        // a drill task: the finding is refused, nothing is written
        String drill = STREET + "007";
        JsonPath drillTasks = tasks(OFFICER, "area=" + drill + "&drill=true");
        assertThat(drillTasks.getList("items.drill", Boolean.class)).isNotEmpty().containsOnly(true);
        String drillTask = drillTasks.getString("items[0].id");
        post(OFFICER, drillTask, "done", Map.of("version", 0, "note", "found",
                "finding", Map.of("level", "RED", "title", "Drill hazard"))).statusCode(422)
                .body("errors.field", hasItem("finding"));
        given().auth().oauth2(OFFICER).when().get("/api/v1/tasks/" + drillTask).then()
                .body("task.status", is("OPEN")).body("task.version", is(0)).body("task.findingAlertId", nullValue());
        assertThat(given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?area=" + drill + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ overdue

    @Test
    void anOverdueTaskGoesToItsDistrictThenAfterEscalateAfterToTheCityAndADoneTaskNever() {
        String c = STREET + "002";
        plan(c, "tasks-overdue", ORANGE_PLAN);
        Instant t0 = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // the database keeps micros
        clock.set(t0);
        activate(raise(c, "ORANGE"));
        String late = task(c, "activate-team").getString("task.id");
        done(c, "door-round");
        String doneId = task(c, "door-round").getString("task.id");
        Instant due = t0.plus(Duration.ofHours(2)); // activate-team: dueWithin PT2H

        clock.set(due.minusSeconds(1));
        overdue.run();
        assertThat(task(c, "activate-team").getString("task.overdueAt")).isNull();
        assertThat(tasks(OFFICER, "area=" + c + "&overdue=true").getList("items")).isEmpty();

        clock.set(due.plusSeconds(1));
        overdue.run();
        JsonPath first = task(c, "activate-team");
        assertThat(first.getString("task.escalationTier")).isEqualTo("DISTRICT");
        assertThat(first.getString("task.escalatedTo")).isEqualTo("310107");
        assertThat(OffsetDateTime.parse(first.getString("task.nextEscalationAt")).toInstant())
                .isEqualTo(due.plusSeconds(1).plus(Duration.ofHours(2))); // escalate-after 2h
        assertThat(first.getList("log.kind", String.class)).containsExactly("CREATED", "OVERDUE");
        assertThat(tasks(OFFICER, "area=" + c + "&overdue=true").getList("items.id", String.class))
                .containsExactly(late);
        var firstEvent = TopicReader.awaitExactly("alert.events", event("TaskOverdue", late), 1, WAIT);
        assertThat(firstEvent.get(0).value()).contains("\"tier\":\"DISTRICT\"", "\"escalatedTo\":\"310107\"");

        clock.set(due.plusSeconds(1).plus(Duration.ofHours(2)).minusSeconds(1));
        overdue.run();
        assertThat(task(c, "activate-team").getString("task.escalationTier")).isEqualTo("DISTRICT");
        clock.set(due.plusSeconds(1).plus(Duration.ofHours(2)));
        overdue.run();
        JsonPath city = task(c, "activate-team");
        assertThat(city.getString("task.escalationTier")).isEqualTo("CITY");
        assertThat(city.getString("task.escalatedTo")).isEqualTo("3101");
        assertThat(city.getString("task.nextEscalationAt")).isNull();
        clock.set(t0.plus(Duration.ofDays(5)));
        overdue.run(); // never further
        var events = TopicReader.awaitExactly("alert.events", event("TaskOverdue", late), 2, WAIT);
        assertThat(events.get(1).value()).contains("\"tier\":\"CITY\"", "\"escalatedTo\":\"3101\"");
        assertThat(task(c, "activate-team").getList("log.kind", String.class)).containsExactly("CREATED", "OVERDUE",
                "ESCALATED");
        // the task done before its deadline: never overdue
        JsonPath done = given().auth().oauth2(OFFICER).when().get("/api/v1/tasks/" + doneId).then().extract()
                .jsonPath();
        assertThat(done.getString("task.overdueAt")).isNull();
        assertThat(done.getBoolean("task.overdue")).isFalse();
        assertThat(TopicReader.readAll("alert.events").stream().filter(event("TaskOverdue", doneId))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ recurring

    @Test
    void periodsStartOnTheirFirstCityDay() {
        LocalDate day = LocalDate.of(2027, 3, 10); // epoch day 20887; 20887 mod 7 = 6 → block from 20881 = 03-04
        assertThat(RecurringTasks.periodStart(Period.ofDays(1), day)).isEqualTo(day);
        assertThat(RecurringTasks.periodStart(Period.ofDays(7), day)).isEqualTo(LocalDate.of(2027, 3, 4));
        assertThat(RecurringTasks.periodStart(Period.ofMonths(1), day)).isEqualTo(LocalDate.of(2027, 3, 1));
        // months since January 1970: 57 × 12 + 2 = 686; 686 mod 4 = 2 → month 684 = January 2027
        assertThat(RecurringTasks.periodStart(Period.ofMonths(4), day)).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void aRecurringActionMakesOneTaskPerPeriodAcrossReruns() {
        String c = STREET + "003";
        plan(c, "tasks-recurring", """
                {"recurring": [
                  {"key": "hazard-check", "title": "Hazard check of every building", "responsible": "role:community-worker",
                   "every": "P1M", "dueWithin": "P14D"},
                  {"key": "stock-check", "title": "Fever post stock check", "responsible": "role:community-worker",
                   "every": "P7D", "dueWithin": "P1D"}]}
                """);
        clock.set(LocalDate.of(2027, 3, 10).atTime(10, 0).atZone(CITY_ZONE).toInstant());
        recurring.run();
        recurring.run();
        JsonPath first = tasks(OFFICER, "area=" + c);
        assertThat(first.getList("items.actionKey", String.class)).containsExactly("stock-check", "hazard-check");
        assertThat(first.getList("items.targetKey", String.class)).containsExactly("2027-03-04", "2027-03-01");
        // due: period start 00:00 city time + dueWithin (03-04 + 1 day; 03-01 + 14 days)
        assertThat(first.getList("items.dueAt", String.class).stream().map(s -> OffsetDateTime.parse(s).toInstant()))
                .containsExactly(LocalDate.of(2027, 3, 5).atStartOfDay(CITY_ZONE).toInstant(),
                        LocalDate.of(2027, 3, 15).atStartOfDay(CITY_ZONE).toInstant());
        assertThat(first.getList("items.activationId")).containsOnly((Object) null);
        assertThat(first.getList("items.alertId")).containsOnly((Object) null);
        assertThat(first.getList("items.phase", String.class)).containsOnly("WARNING");
        // created on 03-10, the stock check was due on 03-05: overdue at once
        assertThat(first.getList("items.overdue", Boolean.class)).containsExactly(true, false);
        String stock = first.getString("items[0].id");
        TopicReader.awaitExactly("alert.events", event("TaskAssigned", stock), 1, WAIT);

        clock.set(LocalDate.of(2027, 3, 11).atTime(0, 5).atZone(CITY_ZONE).toInstant()); // a new 7-day block
        recurring.run();
        recurring.run();
        assertThat(tasks(OFFICER, "area=" + c).getList("items.targetKey", String.class))
                .containsExactlyInAnyOrder("2027-03-04", "2027-03-01", "2027-03-11");
        // a new month, and a new 7-day block too: epoch day 20909 = 7 × 2987
        clock.set(LocalDate.of(2027, 4, 1).atTime(9, 0).atZone(CITY_ZONE).toInstant());
        recurring.run();
        JsonPath april = tasks(OFFICER, "area=" + c + "&status=OPEN");
        assertThat(april.getList("items.findAll { it.actionKey == 'hazard-check' }.targetKey", String.class))
                .containsExactly("2027-03-01", "2027-04-01");
        assertThat(april.getList("items.findAll { it.actionKey == 'stock-check' }.targetKey", String.class))
                .containsExactly("2027-03-04", "2027-03-11", "2027-04-01");
    }

    // ------------------------------------------------------------------------------------------------ phases

    @Test
    void theAlertsPhaseFollowsThePlanToRecoveryAndThePlanCompletesOnce() {
        String c = STREET + "004";
        plan(c, "tasks-phases", ORANGE_PLAN);
        String alertId = raise(c, "ORANGE");
        UUID activationId = activate(alertId);
        progress.run();
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("OPEN"); // nobody acknowledged it
        moveAlert(alertId, "ACKNOWLEDGED", null);
        progress.run();
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("RESPONDING"); // (a)
        done(c, "activate-team");
        assertThat(activation(activationId).status).isEqualTo(PlanActivation.Status.ACTIVE);
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("RESPONDING");
        done(c, "door-round"); // every response task done, a hand-raised alert has no signal: (b) at once
        PlanActivation recovering = activation(activationId);
        assertThat(recovering.status).isEqualTo(PlanActivation.Status.RECOVERY);
        assertThat(recovering.recoveryAt).isNotNull();
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("RECOVERING");
        JsonPath restore = task(c, "restore");
        assertThat(restore.getString("task.phase")).isEqualTo("RECOVERY");
        moveAlert(alertId, "CLOSED", null);
        progress.run();
        assertThat(activation(activationId).status).isEqualTo(PlanActivation.Status.RECOVERY); // restore not done
        done(c, "restore");
        PlanActivation completed = activation(activationId);
        assertThat(completed.status).isEqualTo(PlanActivation.Status.COMPLETED);
        assertThat(completed.completedAt).isNotNull();
        progress.run();
        var events = TopicReader.awaitExactly("alert.events", event("PlanCompleted", activationId.toString()), 1,
                WAIT);
        // 3 tasks (activate-team, door-round, restore), all done on time
        assertThat(events.get(0).value()).contains("\"tasks\":3", "\"doneOnTime\":3");
    }

    @Test
    void aClosedAlertTakesItsActivePlanIntoRecoveryThroughItsEvent() {
        String c = STREET + "005";
        plan(c, "tasks-closed", ORANGE_PLAN);
        String alertId = raise(c, "ORANGE");
        UUID activationId = activate(alertId);
        moveAlert(alertId, "CLOSED", "false alarm: thermometer fault");
        // (c): the consumer of AlertClosed, no job run
        await().atMost(WAIT).until(() -> activation(activationId).status == PlanActivation.Status.RECOVERY);
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("CLOSED");
        assertThat(task(c, "restore").getString("task.status")).isEqualTo("OPEN");
        done(c, "activate-team");
        done(c, "door-round");
        assertThat(activation(activationId).status).isEqualTo(PlanActivation.Status.RECOVERY);
        done(c, "restore");
        assertThat(activation(activationId).status).isEqualTo(PlanActivation.Status.COMPLETED);
    }

    @Test
    void theSignalHasFallenWhenTheAlertDidNotFireYesterdayOrToday() {
        OffsetDateTime now = LocalDate.of(2027, 3, 10).atTime(15, 0).atZone(CITY_ZONE).toOffsetDateTime();
        Alert a = new Alert();
        assertThat(progress.signalFallen(a, now)).isTrue(); // raised by hand: no signal
        a.signal = Signal.FEVER_SCREENINGS;
        OffsetDateTime yesterday = LocalDate.of(2027, 3, 9).atStartOfDay(CITY_ZONE).toOffsetDateTime();
        a.lastSeen = yesterday;
        assertThat(progress.signalFallen(a, now)).isFalse(); // fired yesterday 00:00 (quiet-days 1)
        a.lastSeen = yesterday.minusSeconds(1);
        assertThat(progress.signalFallen(a, now)).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ follow-ups

    void counsellor(UUID id, String community, boolean active) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into roster_person (person_id, community_code, active, duties, changed_at)
                values (?1, ?2, ?3, cast(?4 as jsonb), now())
                """).setParameter(1, id).setParameter(2, community).setParameter(3, active)
                .setParameter(4, "[{\"dutyCode\": \"psychological-counsellor\", \"validUntil\": null}]")
                .executeUpdate());
    }

    static void released(String eventId, UUID quarantineId, UUID residentId, String community, LocalDate endedOn) {
        String data = String.format("{\"quarantineId\":\"%s\",\"residentId\":\"%s\",\"communityCode\":\"%s\","
                + "\"reason\":\"COMPLETED\",\"endedOn\":\"%s\"}", quarantineId, residentId, community, endedOn);
        try (var producer = TestEvents.producer()) {
            producer.send(TestEvents.cloudEvent("screening.events", eventId, "/screening",
                    "frontline.screening.QuarantineEnded.v1", community, OffsetDateTime.now().toString(), data));
        }
    }

    long releasedCount(String community) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from released_resident where community_code = ?1").setParameter(1, community)
                .getSingleResult()).longValue());
    }

    boolean applied(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from inbox where consumer = 'alert-plan-followups' and event_id = ?1")
                .setParameter(1, UUID.fromString(eventId)).getSingleResult()).longValue() == 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recoveryFollowUpsAreCreatedForEveryReleasedResident() {
        String c = STREET + "006";
        UUID anna = UUID.randomUUID();
        UUID bo = UUID.randomUUID();
        counsellor(anna, c, true);
        counsellor(bo, c, true);
        counsellor(UUID.randomUUID(), c, false); // inactive: no owner
        counsellor(UUID.randomUUID(), STREET + "009", true); // another community: no owner
        plan(c, "tasks-followups", ORANGE_PLAN);
        String alertId = raise(c, "ORANGE");
        activate(alertId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), CITY_ZONE);
        UUID r1 = UUID.randomUUID();
        UUID r2 = UUID.randomUUID();
        UUID r3 = UUID.randomUUID();
        // released before the activation's day: not a resident of this episode
        released(UUID.randomUUID().toString(), UUID.randomUUID(), UUID.randomUUID(), c, today.minusDays(1));
        // released before the plan entered recovery: followed up when it does
        released(UUID.randomUUID().toString(), UUID.randomUUID(), r1, c, today);
        await().atMost(WAIT).until(() -> releasedCount(c) == 2);
        moveAlert(alertId, "ACKNOWLEDGED", null);
        progress.run();
        done(c, "activate-team");
        done(c, "door-round");
        assertThat(alert(alertId).getString("alert.status")).isEqualTo("RECOVERING");
        // released during recovery; r2's event delivered twice, r3's re-sent with a new event id
        String twice = UUID.randomUUID().toString();
        UUID q2 = UUID.randomUUID();
        released(twice, q2, r2, c, today);
        released(twice, q2, r2, c, today);
        UUID q3 = UUID.randomUUID();
        released(UUID.randomUUID().toString(), q3, r3, c, today);
        String resent = UUID.randomUUID().toString();
        released(resent, q3, r3, c, today);
        await().atMost(WAIT).until(() -> applied(resent));

        JsonPath calls = tasks(OFFICER, "area=" + c + "&phase=RECOVERY");
        List<Map<String, Object>> followUps = calls.getList("items.findAll { it.actionKey == 'counselling-call' }");
        assertThat(followUps).hasSize(3);
        assertThat(followUps.stream().map(t -> t.get("residentId"))).containsExactlyInAnyOrder(r1.toString(),
                r2.toString(), r3.toString());
        for (Map<String, Object> t : followUps) {
            assertThat(t.get("targetKey")).isEqualTo(t.get("residentId"));
            assertThat((List<Object>) t.get("ownerIds")).containsExactlyInAnyOrder(anna.toString(), bo.toString());
            // due 3 days after the start of the release day
            assertThat(OffsetDateTime.parse((String) t.get("dueAt")).toInstant())
                    .isEqualTo(today.plusDays(3).atStartOfDay(CITY_ZONE).toInstant());
        }
        assertThat(releasedCount(c)).isEqualTo(4); // 4 quarantines (r3's re-send is the same quarantine)
        // a run of the job makes no more
        progress.run();
        assertThat(tasks(OFFICER, "area=" + c + "&phase=RECOVERY").getList(
                "items.findAll { it.actionKey == 'counselling-call' }")).hasSize(3);
    }

    /** YELLOW: one warning action; ORANGE: as {@link #ORANGE_PLAN} (a rise from YELLOW to ORANGE). */
    static final String RISING_PLAN = ORANGE_PLAN.replace("{\"levels\": {", """
            {"levels": {"YELLOW": {"warning": [{"key": "watch", "title": "Watch the numbers",
                         "responsible": "role:community-worker", "dueWithin": "P2D"}]},
            """);

    UUID activate(String alertId, Alert.Level level) {
        return QuarkusTransaction.requiringNew().call(() -> activator
                .activateForAlert(UUID.fromString(alertId), level, OffsetDateTime.now(clock)).orElseThrow().id);
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterARiseRecoveryFollowsUpTheResidentsReleasedSinceTheAlertsFirstActivation() {
        String c = STREET + "011";
        counsellor(UUID.randomUUID(), c, true);
        plan(c, "tasks-rise", RISING_PLAN);
        String alertId = raise(c, "YELLOW");
        UUID yellow = activate(alertId, Alert.Level.YELLOW);
        LocalDate yellowDay = LocalDate.ofInstant(clock.instant(), CITY_ZONE);
        UUID before = UUID.randomUUID();
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        // released the day before the first activation: not of this episode
        released(UUID.randomUUID().toString(), UUID.randomUUID(), before, c, yellowDay.minusDays(1));
        // released on the YELLOW day, before the rise
        released(UUID.randomUUID().toString(), UUID.randomUUID(), early, c, yellowDay);
        await().atMost(WAIT).until(() -> releasedCount(c) == 2);
        // the rise to ORANGE two days later: YELLOW superseded, ORANGE carries on
        clock.advance(Duration.ofDays(2));
        UUID orange = activate(alertId, Alert.Level.ORANGE);
        assertThat(activation(yellow).status).isEqualTo(PlanActivation.Status.SUPERSEDED);
        moveAlert(alertId, "ACKNOWLEDGED", null);
        progress.run();
        done(c, "activate-team");
        done(c, "door-round");
        assertThat(activation(orange).status).isEqualTo(PlanActivation.Status.RECOVERY);
        // reported late (the event arrives in recovery) but released on the YELLOW day too: the consumer path
        String lateEvent = UUID.randomUUID().toString();
        released(lateEvent, UUID.randomUUID(), late, c, yellowDay);
        await().atMost(WAIT).until(() -> applied(lateEvent));

        List<Map<String, Object>> followUps = tasks(OFFICER, "area=" + c + "&phase=RECOVERY")
                .getList("items.findAll { it.actionKey == 'counselling-call' }");
        assertThat(followUps.stream().map(t -> t.get("residentId"))).containsExactlyInAnyOrder(early.toString(),
                late.toString());
        assertThat(followUps).allMatch(t -> orange.toString().equals(t.get("activationId")));
    }

    @Test
    void oneFailingActivationIsSkippedAndTheRoundCarriesOnWithTheOthers() {
        String bad = STREET + "012";
        String good = STREET + "013";
        plan(good, "tasks-progress-good", ORANGE_PLAN);
        UUID badPlan = plan(bad, "tasks-progress-bad", ORANGE_PLAN);
        String badAlert = raise(bad, "ORANGE");
        String goodAlert = raise(good, "ORANGE");
        UUID badActivation = activate(badAlert);
        activate(goodAlert);
        moveAlert(badAlert, "ACKNOWLEDGED", null);
        moveAlert(goodAlert, "ACKNOWLEDGED", null);
        // the bad activation's plan version is made unreadable (no levels): reading its definition fails
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update response_plan_version set definition = cast('{"levels": 7}' as jsonb) where plan_id = ?1
                """).setParameter(1, badPlan).executeUpdate());
        try {
            progress.run();
            // the good one moved on (a); the bad one is left as it was, logged, for the next round
            assertThat(alert(goodAlert).getString("alert.status")).isEqualTo("RESPONDING");
            assertThat(alert(badAlert).getString("alert.status")).isEqualTo("ACKNOWLEDGED");
            assertThat(activation(badActivation).status).isEqualTo(PlanActivation.Status.ACTIVE);
        } finally {
            // never leave a broken activation to the other classes' rounds
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update plan_activation set status = 'CANCELLED' where id = ?1").setParameter(1, badActivation)
                    .executeUpdate());
        }
    }
}
