package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.alert.Alert;
import org.frontline.alert.TestClock;
import org.frontline.alert.events.AlertEvents;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Drills (timed, scored, never touching a real figure), notices to residents and the CAP instruction, through HTTP
 * with the real broker and database. Communities 310107003001 (drills), 310107003002 (notices), street 310107003 are
 * this class's own; plans are inserted as rows (response_plan + response_plan_version).
 */
@QuarkusTest
@FrontlineTest
class DrillAndNoticeTests {

    static final String STREET = "310107003";
    static final String DRILLS = STREET + "001";
    static final String NOTICES = STREET + "002";
    static final String OFFICER = TestTokens.token("zhao", "district-officer", STREET);
    static final String WORKER = TestTokens.token("li", "community-worker", DRILLS);
    static final String WORKER2 = TestTokens.token("wu", "community-worker", NOTICES);
    static final String MACHINE = TestTokens.token("eoc", "integration", STREET);
    static final String VOLUNTEER = TestTokens.token("vol", "volunteer", DRILLS);
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * ORANGE: warning check-post (1 h); response activate-team (2 h), report-back (3 h) and the three system actions
     * (1 h, 1 h, 4 h); recovery a per-resident follow-up (not a task on activation). YELLOW: one warning action.
     */
    static final String DEFINITION = """
            {"levels": {
              "ORANGE": {
                "warning": [{"key": "check-post", "title": "Check the fever post", "responsible": "role:community-worker",
                             "dueWithin": "PT1H"}],
                "response": [
                  {"key": "activate-team", "title": "Activate the emergency team", "responsible": "team:emergency",
                   "dueWithin": "PT2H"},
                  {"key": "report-back", "title": "Report to the street", "responsible": "role:community-worker",
                   "dueWithin": "PT3H"},
                  {"key": "surge", "title": "Ask for surge shifts", "responsible": "role:district-officer",
                   "dueWithin": "PT1H", "system": "SURGE_SHIFTS"},
                  {"key": "min-stock", "title": "Raise minimum stock", "responsible": "role:district-officer",
                   "dueWithin": "PT1H", "system": "RAISE_MIN_STOCK", "minDays": 14},
                  {"key": "campaign", "title": "Door-to-door round", "responsible": "role:community-worker",
                   "dueWithin": "PT4H", "system": "OPEN_CAMPAIGN", "grid": "G1"}],
                "recovery": [{"key": "counselling", "title": "Counselling call", "responsible": "duty:psychological-counsellor",
                              "dueWithin": "P3D", "perReleasedResident": true}]},
              "YELLOW": {"warning": [{"key": "watch", "title": "Watch the numbers", "responsible": "role:community-worker",
                                      "dueWithin": "PT4H"}]}
            }}
            """;

    @Inject
    TestClock clock;
    @Inject
    PlanJournal journal;
    @Inject
    EntityManager em;
    @Inject
    OverdueTasks overdue;

    Instant started;

    @BeforeEach
    void remember() {
        started = clock.instant();
        // whole seconds, so times read back from the database (microseconds) compare exactly
        clock.set(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1));
    }

    @AfterEach
    void resetClock() {
        clock.set(started);
    }

    // -------------------------------------------------------------------------------------------- helpers

    UUID plan(String area) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            em.createNativeQuery("""
                    insert into response_plan (id, area_code, name, title, plan_version, definition, active, created_by,
                        created_at, updated_by, updated_at)
                    values (?1, ?2, ?3, ?4, 1, cast(?5 as jsonb), true, 'test', ?6, 'test', ?6)
                    """).setParameter(1, id).setParameter(2, area).setParameter(3, "drill-" + id)
                    .setParameter(4, "Fever response").setParameter(5, DEFINITION).setParameter(6, now).executeUpdate();
            em.createNativeQuery("""
                    insert into response_plan_version (plan_id, plan_version, title, definition, active, changed_by,
                        changed_at)
                    values (?1, 1, ?2, cast(?3 as jsonb), true, 'test', ?4)
                    """).setParameter(1, id).setParameter(2, "Fever response").setParameter(3, DEFINITION)
                    .setParameter(4, now).executeUpdate();
        });
        return id;
    }

    UUID person(String community) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into roster_person (person_id, community_code, active, duties, changed_at)
                values (?1, ?2, true, cast('[]' as jsonb), ?3)
                """).setParameter(1, id).setParameter(2, community).setParameter(3, OffsetDateTime.now(clock))
                .executeUpdate());
        return id;
    }

    /** A task done by a person at the clock's now: the way the tasks API will do it (PlanJournal.done). */
    void done(UUID drill, String actionKey) {
        QuarkusTransaction.requiringNew().run(() -> {
            PlanTask t = PlanTask.find("activationId = ?1 and actionKey = ?2", drill, actionKey).firstResult();
            PlanActivation a = PlanActivation.findById(drill);
            journal.done(t, a.level, "li", "done in the drill", false, OffsetDateTime.now(clock));
        });
    }

    static Map<String, Object> drillBody(UUID planId, String area, String level, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("planId", planId.toString());
        body.put("areaCode", area);
        if (level != null) {
            body.put("level", level);
        }
        body.put("title", "Spring drill");
        body.put("grantsQualification", "first-aid");
        if (key != null) {
            body.put("idempotencyKey", key);
        }
        return body;
    }

    static io.restassured.response.ValidatableResponse post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().jsonPath();
    }

    static JsonNode data(ConsumerRecord<String, String> r) {
        try {
            return JSON.readTree(r.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String type(String name) {
        return "frontline.alert." + name + ".v1";
    }

    /** A real alert at BLUE: no level the test plans have a checklist for, so no plan is activated for it. */
    static String raise(String token, String area) {
        return post(token, "/api/v1/alerts", Map.of("areaCode", area, "level", "BLUE", "title", "Fever cluster"))
                .statusCode(201).extract().path("id");
    }

    /**
     * Waits until the plans consumer has taken the real alert's AlertRaised (its inbox row), so a plan activation it
     * may make is in place before a snapshot.
     */
    void awaitPlansSettled(String alertId) {
        ConsumerRecord<String, String> raised = TopicReader.await(AlertEvents.TOPIC,
                r -> type("AlertRaised").equals(TopicReader.header(r, "ce_type")) && r.value().contains(alertId), 1,
                WAIT).get(0);
        UUID eventId = UUID.fromString(TopicReader.header(raised, "ce_id"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from inbox where consumer = 'alert-plans' and event_id = ?1")
                        .setParameter(1, eventId).getSingleResult()).longValue() == 1));
    }

    /**
     * The alerts, signal days and real (non-drill) plan activations with their tasks of the street, as text: what a
     * drill must leave exactly as it was.
     */
    List<String> realFigures() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> out = new ArrayList<>();
            for (Object row : em.createNativeQuery("""
                    select concat_ws('|', id, level, status, version, recovery_at, completed_at) from plan_activation
                    where area_code like ?1 and not drill order by id
                    """).setParameter(1, STREET + "%").getResultList()) {
                out.add("activation " + row);
            }
            for (Object row : em.createNativeQuery("""
                    select concat_ws('|', t.id, t.status, t.version, t.overdue_at, t.escalation_tier, t.done_at)
                    from plan_task t join plan_activation a on a.id = t.activation_id
                    where a.area_code like ?1 and not a.drill order by t.id
                    """).setParameter(1, STREET + "%").getResultList()) {
                out.add("task " + row);
            }
            for (Object row : em.createNativeQuery("""
                    select concat_ws('|', id, level, status, stage, version, updated_at) from alert
                    where area_code like ?1 order by id
                    """).setParameter(1, STREET + "%").getResultList()) {
                out.add("alert " + row);
            }
            for (Object row : em.createNativeQuery("""
                    select concat_ws('|', signal, area_code, day, value, updated_at) from signal_day
                    where area_code like ?1 order by signal, area_code, day
                    """).setParameter(1, STREET + "%").getResultList()) {
                out.add("signal " + row);
            }
            return out;
        });
    }

    // -------------------------------------------------------------------------------------------- drills

    @Test
    void aDrillIsTimedScoredCompletedWithItsAttendanceAndNeverChangesARealFigure() {
        UUID planId = plan(STREET);
        String realAlert = raise(OFFICER, DRILLS);
        // acknowledged, so the escalation round leaves it alone while the clock moves
        post(OFFICER, "/api/v1/alerts/" + realAlert + "/transitions", Map.of("to", "ACKNOWLEDGED", "expectedVersion", 0))
                .statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into signal_day (signal, area_code, day, value) values ('FEVER_SCREENINGS', ?1, ?2, 7)
                on conflict do nothing
                """).setParameter(1, DRILLS).setParameter(2, LocalDate.now(clock)).executeUpdate());
        awaitPlansSettled(realAlert);
        List<String> before = realFigures();
        assertThat(before).anyMatch(s -> s.startsWith("alert " + realAlert)).anyMatch(s -> s.startsWith("signal "));
        OffsetDateTime t0 = OffsetDateTime.now(clock);

        // no level: the highest the plan has a checklist for (ORANGE); a retry with the same key is the same drill
        JsonPath drill = post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, null, "drill-k1")).statusCode(201)
                .body("level", is("ORANGE")).body("status", is("ACTIVE")).body("areaCode", is(DRILLS))
                .body("grantsQualification", is("first-aid")).body("startedBy", is("li"))
                .extract().jsonPath();
        String id = drill.getString("id");
        UUID drillId = UUID.fromString(id);
        post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, null, "drill-k1")).statusCode(200)
                .body("id", is(id));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PlanActivation.count("drill = true and planId = ?1",
                planId))).isEqualTo(1);

        // every event of the drill is marked drill: PlanActivated, 6 TaskAssigned, 3 TaskCompleted (the system actions)
        List<ConsumerRecord<String, String>> events = TopicReader.await(AlertEvents.TOPIC,
                r -> id.equals(data(r).path("activationId").asText()), 10, WAIT);
        assertThat(events).hasSize(10).allMatch(r -> data(r).path("drill").asBoolean());
        Map<String, Long> byType = events.stream()
                .collect(Collectors.groupingBy(r -> TopicReader.header(r, "ce_type"), Collectors.counting()));
        assertThat(byType).containsEntry(type("PlanActivated"), 1L).containsEntry(type("TaskAssigned"), 6L)
                .containsEntry(type("TaskCompleted"), 3L);
        // the system actions were only noted: no request reached the topic, and no real figure moved
        assertThat(TopicReader.readAll(AlertEvents.TOPIC)).noneMatch(r -> Set.of(type("SurgeShiftsRequested"),
                type("MinimumStockRequested"), type("CampaignRequested")).contains(TopicReader.header(r, "ce_type"))
                && (DRILLS.equals(TopicReader.header(r, "ce_subject"))
                        || id.equals(data(r).path("activationId").asText())));
        assertThat(realFigures()).isEqualTo(before);
        assertThat(QuarkusTransaction.requiringNew().call(() -> PlanTask.<PlanTask>list(
                "activationId = ?1 and systemAction is not null", drillId)))
                .hasSize(3).allMatch(t -> t.drill && t.status == PlanTask.Status.DONE
                        && PlanActivator.DRILL_NOTE.equals(t.note));

        // right after the start: the three system actions done on time, 3 of 6 → score 50.0
        JsonPath report = get(WORKER, "/api/v1/drills/" + id + "/report");
        assertThat(report.getInt("totals.tasks")).isEqualTo(6);
        assertThat(report.getInt("totals.doneOnTime")).isEqualTo(3);
        assertThat(report.getDouble("score")).isEqualTo(50.0);
        assertThat(report.getBoolean("running")).isTrue();
        assertThat(report.getString("elapsed")).isEqualTo("PT0S");
        Map<String, Object> checkPost = line(report, "check-post");
        assertThat(checkPost).containsEntry("dueWithin", "PT1H").containsEntry("phase", "WARNING")
                .containsEntry("onTime", null).containsEntry("minutesLate", null).containsEntry("status", "OPEN");
        // done by the system at the start, due 1 h later: 60 minutes early
        assertThat(line(report, "surge")).containsEntry("onTime", true).containsEntry("minutesLate", -60)
                .containsEntry("systemAction", "SURGE_SHIFTS");

        // check-post done 30 min in (30 min early), activate-team 2 h 30 min in (30 min late)
        clock.advance(Duration.ofMinutes(30));
        done(drillId, "check-post");
        clock.advance(Duration.ofHours(2));
        done(drillId, "activate-team");
        // report-back (due 3 h) not done at 3 h 10 min: overdue
        clock.advance(Duration.ofMinutes(40));
        report = get(OFFICER, "/api/v1/drills/" + id + "/report");
        assertThat(line(report, "check-post")).containsEntry("onTime", true).containsEntry("minutesLate", -30)
                .containsEntry("status", "DONE");
        assertThat(line(report, "activate-team")).containsEntry("onTime", false).containsEntry("minutesLate", 30)
                .containsEntry("dueWithin", "PT2H");
        assertThat(line(report, "report-back")).containsEntry("onTime", false).containsEntry("minutesLate", null);
        assertThat(report.getInt("totals.done")).isEqualTo(5);
        assertThat(report.getInt("totals.doneLate")).isEqualTo(1);
        assertThat(report.getInt("totals.overdue")).isEqualTo(1);
        // 4 on time (3 system + check-post) of 6: 100 × 4 / 6 = 66.666… → 66.7
        assertThat(report.getDouble("score")).isEqualTo(66.7);
        assertThat(report.getString("elapsed")).isEqualTo("PT3H10M");
        assertThat(report.getString("lastDoneAt")).isNotNull();
        assertThat(OffsetDateTime.parse(report.getString("lastDoneAt")).toInstant())
                .isEqualTo(t0.plusMinutes(150).toInstant());

        // completion: version, attendees (roster people of the drill's area, no duplicates)
        UUID ann = person(DRILLS);
        UUID bo = person(DRILLS);
        UUID elsewhere = person(NOTICES);
        long version = get(WORKER, "/api/v1/drills/" + id).getLong("version");
        post(WORKER, "/api/v1/drills/" + id + "/complete", Map.of("version", version + 1, "attendeeIds", List.of(ann)))
                .statusCode(409).body("version", is((int) version));
        post(WORKER, "/api/v1/drills/" + id + "/complete",
                Map.of("version", version, "attendeeIds", List.of(ann, ann))).statusCode(400)
                .body("errors.field", hasItem("attendeeIds"));
        post(WORKER, "/api/v1/drills/" + id + "/complete",
                Map.of("version", version, "attendeeIds", List.of(ann, elsewhere))).statusCode(422)
                .body("errors.field", hasItem("attendeeIds"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        post(WORKER, "/api/v1/drills/" + id + "/complete", Map.of("version", version, "attendeeIds", tooMany))
                .statusCode(400);
        post(WORKER2, "/api/v1/drills/" + id + "/complete", Map.of("version", version, "attendeeIds", List.of()))
                .statusCode(403);
        post(WORKER, "/api/v1/drills/" + id + "/complete",
                Map.of("version", version, "attendeeIds", List.of(ann, bo))).statusCode(200)
                .body("status", is("COMPLETED")).body("score", is(66.7f))
                .body("attendeeIds", org.hamcrest.Matchers.containsInAnyOrder(ann.toString(), bo.toString()));
        long after = get(WORKER, "/api/v1/drills/" + id).getLong("version");
        post(WORKER, "/api/v1/drills/" + id + "/complete", Map.of("version", after, "attendeeIds", List.of()))
                .statusCode(409);
        post(WORKER, "/api/v1/drills/" + id + "/cancel", Map.of("version", after)).statusCode(409);

        ConsumerRecord<String, String> completed = TopicReader.await(AlertEvents.TOPIC,
                r -> type("DrillCompleted").equals(TopicReader.header(r, "ce_type"))
                        && id.equals(data(r).path("drillId").asText()), 1, WAIT).get(0);
        JsonNode c = data(completed);
        assertThat(c.path("grantsQualification").asText()).isEqualTo("first-aid");
        assertThat(c.path("score").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(c.path("tasks").asInt()).isEqualTo(6);
        assertThat(c.path("doneOnTime").asInt()).isEqualTo(4);
        List<String> attendees = new ArrayList<>();
        c.path("attendeeIds").forEach(n -> attendees.add(n.asText()));
        assertThat(attendees).containsExactlyInAnyOrder(ann.toString(), bo.toString());
        assertThat(TopicReader.header(completed, "ce_subject")).isEqualTo(DRILLS);
        JsonNode planCompleted = data(TopicReader.await(AlertEvents.TOPIC,
                r -> type("PlanCompleted").equals(TopicReader.header(r, "ce_type"))
                        && id.equals(data(r).path("activationId").asText()), 1, WAIT).get(0));
        assertThat(planCompleted.path("drill").asBoolean()).isTrue();
        assertThat(planCompleted.path("doneOnTime").asInt()).isEqualTo(4);

        // after completion the report stands as it ended; the database holds score, attendance and qualification
        clock.advance(Duration.ofHours(5));
        report = get(MACHINE, "/api/v1/drills/" + id + "/report");
        assertThat(report.getDouble("score")).isEqualTo(66.7);
        assertThat(report.getBoolean("running")).isFalse();
        assertThat(report.getString("elapsed")).isEqualTo("PT3H10M");
        PlanActivation stored = QuarkusTransaction.requiringNew().call(() -> PlanActivation.findById(drillId));
        assertThat(stored.score).isEqualByComparingTo("66.7");
        assertThat(stored.grantsQualification).isEqualTo("first-aid");
        assertThat(stored.attendeeIds).containsExactlyInAnyOrder(ann, bo);
        assertThat(realFigures()).isEqualTo(before);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> line(JsonPath report, String actionKey) {
        List<Map<String, Object>> tasks = report.getList("tasks");
        return tasks.stream().filter(t -> actionKey.equals(t.get("actionKey"))).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + actionKey + " in " + tasks));
    }

    /** A task of a drill by its action key, read in a transaction of its own. */
    PlanTask drillTask(UUID drill, String actionKey) {
        return QuarkusTransaction.requiringNew().call(() -> PlanTask.<PlanTask>find(
                "activationId = ?1 and actionKey = ?2", drill, actionKey).firstResult());
    }

    long overdueLogs(UUID drill) {
        return QuarkusTransaction.requiringNew().call(() -> TaskLogEntry.count(
                "kind in ?1 and taskId in (select id from PlanTask where activationId = ?2)",
                List.of(TaskLogEntry.Kind.OVERDUE, TaskLogEntry.Kind.ESCALATED), drill));
    }

    @Test
    void anEndedDrillsTasksNeitherMoveNorEscalateAndItsReportStandsAsItEnded() {
        UUID planId = plan(STREET);
        OffsetDateTime t0 = OffsetDateTime.now(clock);
        String id = post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, "ORANGE", null)).statusCode(201)
                .extract().path("id");
        UUID drillId = UUID.fromString(id);
        // completed at once: the 3 system actions done on time, 3 of 6 → score 100 × 3 / 6 = 50.0; check-post (1 h),
        // activate-team (2 h) and report-back (3 h) open and not yet due
        long version = get(WORKER, "/api/v1/drills/" + id).getLong("version");
        post(WORKER, "/api/v1/drills/" + id + "/complete", Map.of("version", version, "attendeeIds", List.of()))
                .statusCode(200).body("status", is("COMPLETED")).body("score", is(50.0f));
        PlanTask checkPost = drillTask(drillId, "check-post");

        // task moves on the ended drill: 409, nothing changes
        for (Map.Entry<String, Map<String, Object>> move : Map.<String, Map<String, Object>>of(
                "acknowledge", Map.of("version", checkPost.version),
                "done", Map.of("version", checkPost.version, "note", "late"),
                "block", Map.of("version", checkPost.version, "reason", "no suits")).entrySet()) {
            given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(move.getValue())
                    .when().post("/api/v1/tasks/" + checkPost.id + "/" + move.getKey()).then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("the drill has ended"));
        }
        PlanTask unchanged = drillTask(drillId, "check-post");
        assertThat(unchanged.status).isEqualTo(PlanTask.Status.OPEN);
        assertThat(unchanged.version).isEqualTo(checkPost.version);

        // 5 h later, past every deadline: the overdue round leaves the ended drill's tasks alone
        clock.advance(Duration.ofHours(5));
        overdue.run();
        assertThat(overdueLogs(drillId)).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> PlanTask.<PlanTask>list("activationId = ?1", drillId)))
                .hasSize(6).allMatch(t -> t.overdueAt == null && t.escalationTier == null);

        // the report as it ended (completedAt = t0): nothing was overdue then, elapsed 0, the stored score — even
        // after a task changed behind the tasks API's back (done by the journal, on time at t0 + 30 min)
        clock.set(t0.plusMinutes(30).toInstant());
        done(drillId, "check-post");
        clock.set(t0.plusHours(5).toInstant());
        JsonPath report = get(OFFICER, "/api/v1/drills/" + id + "/report");
        assertThat(report.getBoolean("running")).isFalse();
        assertThat(report.getInt("totals.overdue")).isZero();
        assertThat(line(report, "report-back")).containsEntry("onTime", null);
        assertThat(report.getString("elapsed")).isEqualTo("PT0S");
        assertThat(report.getDouble("score")).isEqualTo(50.0); // not 4 of 6 = 66.7

        // a cancelled drill ends at its cancellation (the note in its tasks' logs): 10 min, nothing overdue, no score
        clock.set(t0.toInstant());
        String yellow = post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, "YELLOW", null)).statusCode(201)
                .extract().path("id");
        clock.advance(Duration.ofMinutes(10));
        long v = get(WORKER, "/api/v1/drills/" + yellow).getLong("version");
        post(WORKER, "/api/v1/drills/" + yellow + "/cancel", Map.of("version", v)).statusCode(200);
        clock.advance(Duration.ofHours(6)); // watch (4 h) would be overdue by now
        overdue.run();
        assertThat(overdueLogs(UUID.fromString(yellow))).isZero();
        JsonPath cancelled = get(WORKER, "/api/v1/drills/" + yellow + "/report");
        assertThat(cancelled.getBoolean("running")).isFalse();
        assertThat(cancelled.getString("elapsed")).isEqualTo("PT10M");
        assertThat(cancelled.getInt("totals.overdue")).isZero();
        assertThat(cancelled.getString("score")).isNull(); // not 0 of 1 = 0.0
        PlanTask watch = drillTask(UUID.fromString(yellow), "watch");
        post(WORKER, "/api/v1/tasks/" + watch.id + "/acknowledge", Map.of("version", watch.version)).statusCode(409)
                .body("detail", containsString("the drill has ended"));
    }

    @Test
    void drillInputIsCheckedAndEveryReadAndWriteIsScoped() {
        UUID planId = plan(STREET);
        UUID foreignPlan = plan("310108");
        // a level the plan lacks, a plan elsewhere, no plan, an area outside the caller's, a role that may not
        post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, "RED", null)).statusCode(422)
                .body("errors.field", hasItem("level"));
        post(WORKER, "/api/v1/drills", drillBody(foreignPlan, DRILLS, null, null)).statusCode(422)
                .body("errors.field", hasItem("planId"));
        post(WORKER, "/api/v1/drills", drillBody(UUID.randomUUID(), DRILLS, null, null)).statusCode(422)
                .body("errors.field", hasItem("planId"));
        post(WORKER, "/api/v1/drills", drillBody(planId, NOTICES, null, null)).statusCode(403);
        post(VOLUNTEER, "/api/v1/drills", drillBody(planId, DRILLS, null, null)).statusCode(403);
        post(MACHINE, "/api/v1/drills", drillBody(planId, DRILLS, null, null)).statusCode(403);
        Map<String, Object> badQualification = drillBody(planId, DRILLS, null, null);
        badQualification.put("grantsQualification", "First Aid");
        post(WORKER, "/api/v1/drills", badQualification).statusCode(400)
                .body("errors.field", hasItem("grantsQualification"));
        Map<String, Object> badTitle = drillBody(planId, DRILLS, null, null);
        badTitle.put("title", "Drill\u0001");
        post(WORKER, "/api/v1/drills", badTitle).statusCode(400).body("errors.field", hasItem("title"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PlanActivation.count("planId in ?1",
                List.of(planId, foreignPlan)))).isZero();

        // an explicit level; the other community's worker starts one in theirs
        String yellow = post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, "YELLOW", null)).statusCode(201)
                .body("level", is("YELLOW")).extract().path("id");
        String theirs = post(WORKER2, "/api/v1/drills", drillBody(planId, NOTICES, null, null)).statusCode(201)
                .extract().path("id");

        // named: 403 outside, 404 for none (and for an activation that is no drill)
        given().auth().oauth2(WORKER2).when().get("/api/v1/drills/" + yellow).then().statusCode(403);
        given().auth().oauth2(WORKER2).when().get("/api/v1/drills/" + yellow + "/report").then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/drills/" + UUID.randomUUID()).then().statusCode(404);
        get(OFFICER, "/api/v1/drills/" + yellow);
        get(MACHINE, "/api/v1/drills/" + theirs);

        // lists: every row in scope, every row a drill of the status asked for
        for (String token : List.of(WORKER, WORKER2, OFFICER)) {
            List<Map<String, Object>> items = get(token, "/api/v1/drills?size=500").getList("items");
            assertThat(items).isNotEmpty();
            String own = token == WORKER ? DRILLS : token == WORKER2 ? NOTICES : STREET;
            assertThat(items).allMatch(i -> ((String) i.get("areaCode")).startsWith(own));
        }
        assertThat(get(OFFICER, "/api/v1/drills?size=500").getList("items.id", String.class)).contains(yellow, theirs);
        given().auth().oauth2(WORKER).when().get("/api/v1/drills?area=" + NOTICES).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get("/api/v1/drills?status=NOPE").then().statusCode(400);

        // cancel: stale 409, then CANCELLED with a note in the task log, then 409; nothing published
        post(WORKER, "/api/v1/drills/" + yellow + "/cancel", Map.of("version", 7)).statusCode(409);
        post(WORKER2, "/api/v1/drills/" + yellow + "/cancel", Map.of("version", 0)).statusCode(403);
        long v = get(WORKER, "/api/v1/drills/" + yellow).getLong("version");
        post(WORKER, "/api/v1/drills/" + yellow + "/cancel", Map.of("version", v)).statusCode(200)
                .body("status", is("CANCELLED")).body("score", nullValue());
        post(WORKER, "/api/v1/drills/" + yellow + "/cancel", Map.of("version", v + 1)).statusCode(409);
        List<Map<String, Object>> cancelled = get(WORKER, "/api/v1/drills?status=CANCELLED&size=500").getList("items");
        assertThat(cancelled).extracting(i -> i.get("id")).contains(yellow);
        assertThat(cancelled).allMatch(i -> "CANCELLED".equals(i.get("status")) && DRILLS.equals(i.get("areaCode")));
        assertThat(QuarkusTransaction.requiringNew().call(() -> TaskLogEntry.count(
                "kind = ?1 and text = 'Drill cancelled' and taskId in (select id from PlanTask where activationId = ?2)",
                TaskLogEntry.Kind.NOTE, UUID.fromString(yellow)))).isEqualTo(1);
        // a later drill's start on the same key (the community) comes after anything the cancel could have published
        String later = post(WORKER, "/api/v1/drills", drillBody(planId, DRILLS, "YELLOW", null)).statusCode(201)
                .extract().path("id");
        TopicReader.await(AlertEvents.TOPIC, r -> type("PlanActivated").equals(TopicReader.header(r, "ce_type"))
                && later.equals(data(r).path("activationId").asText()), 1, WAIT);
        assertThat(TopicReader.readAll(AlertEvents.TOPIC)).noneMatch(r -> (yellow.equals(data(r).path("drillId")
                .asText()) || yellow.equals(data(r).path("activationId").asText()))
                && Set.of(type("PlanCompleted"), type("DrillCompleted")).contains(TopicReader.header(r, "ce_type")));
    }

    // -------------------------------------------------------------------------------------------- notices

    static Map<String, Object> text(String zh, String en) {
        Map<String, Object> m = new HashMap<>();
        m.put("zh", zh);
        m.put("en", en);
        return m;
    }

    static Map<String, Object> noticeBody(String area, String alertId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("areaCode", area);
        if (alertId != null) {
            body.put("alertId", alertId);
        }
        body.put("headline", text("发热病例增加", "  More fever cases  "));
        body.put("whatHappened", text("本社区发现多例发热。", "Several fevers were found in the community."));
        body.put("whatToDo", text("请戴口罩 & 保持<2米>距离。", "Wear a mask & keep <2 m> apart."));
        body.put("whereToGetHelp", text("社区卫生服务中心，电话 12320。", "Community health centre, call 12320."));
        return body;
    }

    @Test
    void aNoticeIsCheckedPublishedScopedAndBecomesTheAlertsCapInstructionInBothLanguages() throws Exception {
        String alert = raise(OFFICER, NOTICES);
        String foreignAlert = raise(OFFICER, DRILLS);
        // another test of this class may have published notices in the street before
        long noticesBefore = QuarkusTransaction.requiringNew().call(() -> Notice.count("areaCode like ?1", STREET + "%"));

        // bad texts: each field named; nothing written
        Map<String, Object> blank = noticeBody(NOTICES, alert);
        blank.put("whatToDo", text("  ", "Stay in"));
        post(WORKER2, "/api/v1/notices", blank).statusCode(400).body("errors.field", hasItem("whatToDo.zh"));
        Map<String, Object> control = noticeBody(NOTICES, alert);
        control.put("headline", text("标题", "Fever\u0007 alert"));
        post(WORKER2, "/api/v1/notices", control).statusCode(400).body("errors.field", hasItem("headline.en"));
        Map<String, Object> tooLong = noticeBody(NOTICES, alert);
        tooLong.put("headline", text("长".repeat(201), "ok"));
        post(WORKER2, "/api/v1/notices", tooLong).statusCode(400).body("errors.field", hasItem("headline.zh"));
        Map<String, Object> missing = noticeBody(NOTICES, alert);
        missing.remove("whereToGetHelp");
        post(WORKER2, "/api/v1/notices", missing).statusCode(400);
        Map<String, Object> past = noticeBody(NOTICES, alert);
        past.put("expiresAt", OffsetDateTime.now(clock).minusMinutes(1).toString());
        post(WORKER2, "/api/v1/notices", past).statusCode(400).body("errors.field", hasItem("expiresAt"));
        Map<String, Object> far = noticeBody(NOTICES, alert);
        far.put("expiresAt", OffsetDateTime.now(clock).plusDays(91).toString());
        post(WORKER2, "/api/v1/notices", far).statusCode(400).body("errors.field", hasItem("expiresAt"));
        // an alert the caller cannot see, none at all, or one whose area is disjoint: the same 422
        post(WORKER2, "/api/v1/notices", noticeBody(NOTICES, foreignAlert)).statusCode(422)
                .body("errors.field", hasItem("alertId")).body("detail", org.hamcrest.Matchers.not(
                        containsString(DRILLS)));
        post(WORKER2, "/api/v1/notices", noticeBody(NOTICES, UUID.randomUUID().toString())).statusCode(422);
        post(OFFICER, "/api/v1/notices", noticeBody(NOTICES, foreignAlert)).statusCode(422);
        // outside the caller's area, a role that may not
        post(WORKER2, "/api/v1/notices", noticeBody(DRILLS, null)).statusCode(403);
        post(MACHINE, "/api/v1/notices", noticeBody(NOTICES, null)).statusCode(403);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Notice.count("areaCode like ?1", STREET + "%")))
                .isEqualTo(noticesBefore);

        // published (texts trimmed); a retry with the same key is the same notice
        Map<String, Object> body = noticeBody(NOTICES, alert);
        body.put("idempotencyKey", "notice-k1");
        String id = post(WORKER2, "/api/v1/notices", body).statusCode(201)
                .body("headline.en", is("More fever cases")).body("alertId", is(alert)).body("publishedBy", is("wu"))
                .extract().path("id");
        post(WORKER2, "/api/v1/notices", body).statusCode(200).body("id", is(id));
        JsonNode published = data(TopicReader.await(AlertEvents.TOPIC,
                r -> type("NoticePublished").equals(TopicReader.header(r, "ce_type"))
                        && id.equals(data(r).path("noticeId").asText()), 1, WAIT).get(0));
        assertThat(published.path("communityCode").asText()).isEqualTo(NOTICES);
        assertThat(published.path("alertId").asText()).isEqualTo(alert);
        assertThat(published.path("whatToDoEn").asText()).isEqualTo("Wear a mask & keep <2 m> apart.");
        assertThat(published.path("headlineZh").asText()).isEqualTo("发热病例增加");

        // a street-wide notice by the officer, one that expires tomorrow
        String street = post(OFFICER, "/api/v1/notices", noticeBody(STREET, null)).statusCode(201).extract().path("id");
        Map<String, Object> expiring = noticeBody(NOTICES, null);
        expiring.put("expiresAt", OffsetDateTime.now(clock).plusDays(1).toString());
        clock.advance(Duration.ofMinutes(1));
        String soon = post(WORKER2, "/api/v1/notices", expiring).statusCode(201).extract().path("id");

        // named: 403 outside
        get(WORKER2, "/api/v1/notices/" + id);
        get(MACHINE, "/api/v1/notices/" + id);
        given().auth().oauth2(WORKER).when().get("/api/v1/notices/" + id).then().statusCode(403);
        given().auth().oauth2(WORKER2).when().get("/api/v1/notices/" + street).then().statusCode(403);
        given().auth().oauth2(WORKER2).when().get("/api/v1/notices/" + UUID.randomUUID()).then().statusCode(404);

        // lists: every row in scope, newest first
        List<Map<String, Object>> mine = get(WORKER2, "/api/v1/notices?size=500").getList("items");
        assertThat(mine).allMatch(n -> ((String) n.get("areaCode")).startsWith(NOTICES));
        assertThat(mine).extracting(n -> n.get("id")).containsSubsequence(soon, id).doesNotContain(street);
        List<Map<String, Object>> officer = get(OFFICER, "/api/v1/notices?area=" + STREET + "&size=500").getList("items");
        assertThat(officer).allMatch(n -> ((String) n.get("areaCode")).startsWith(STREET));
        assertThat(officer).extracting(n -> n.get("id")).contains(id, street, soon);
        List<Map<String, Object>> ofAlert = get(MACHINE, "/api/v1/notices?alertId=" + alert).getList("items");
        assertThat(ofAlert).extracting(n -> n.get("id")).containsExactly(id);
        given().auth().oauth2(WORKER2).when().get("/api/v1/notices?area=" + DRILLS).then().statusCode(403);
        given().auth().oauth2(WORKER2).when().get("/api/v1/notices?alertId=x").then().statusCode(400);
        given().auth().oauth2(WORKER2).when().get("/api/v1/notices?active=maybe").then().statusCode(400);
        clock.advance(Duration.ofDays(2));
        assertThat(get(WORKER2, "/api/v1/notices?active=true&size=500").getList("items.id", String.class))
                .contains(id).doesNotContain(soon);
        assertThat(get(WORKER2, "/api/v1/notices?active=false&size=500").getList("items.id", String.class))
                .contains(soon).doesNotContain(id);

        // CAP: the alert's latest message carries the notice as its instruction, in English and in Chinese, valid
        String xml = given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts/" + alert + ".xml").then()
                .statusCode(200).extract().asString();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/cap/CAP-v1.2.xsd"))).newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        String cap = "urn:oasis:names:tc:emergency:cap:1.2";
        assertThat(doc.getElementsByTagNameNS(cap, "msgType").item(0).getTextContent()).isEqualTo("Update");
        NodeList infos = doc.getElementsByTagNameNS(cap, "info");
        assertThat(infos.getLength()).isEqualTo(2);
        Map<String, Element> byLanguage = new HashMap<>();
        for (int i = 0; i < infos.getLength(); i++) {
            Element info = (Element) infos.item(i);
            byLanguage.put(info.getElementsByTagNameNS(cap, "language").item(0).getTextContent(), info);
        }
        Element en = byLanguage.get("en-US");
        Element zh = byLanguage.get("zh-CN");
        assertThat(en.getElementsByTagNameNS(cap, "instruction").item(0).getTextContent())
                .contains("Wear a mask & keep <2 m> apart.").contains("Community health centre, call 12320.");
        assertThat(zh.getElementsByTagNameNS(cap, "instruction").item(0).getTextContent())
                .contains("请戴口罩 & 保持<2米>距离。").contains("社区卫生服务中心，电话 12320。");
        assertThat(zh.getElementsByTagNameNS(cap, "headline").item(0).getTextContent()).isEqualTo("发热病例增加");
        assertThat(zh.getElementsByTagNameNS(cap, "description").item(0).getTextContent())
                .startsWith("本社区发现多例发热。");
        // an alert without a notice has no instruction
        String plain = given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts/" + foreignAlert + ".xml").then()
                .statusCode(200).extract().asString();
        assertThat(plain).doesNotContain("instruction");
    }

    @Test
    void theCapInstructionIsTheLatestUnexpiredNoticeCoveringTheAlertsWholeArea() throws Exception {
        String streetAlert = raise(OFFICER, STREET);
        // the street's notice, without expiry
        Map<String, Object> first = noticeBody(STREET, streetAlert);
        first.put("whatToDo", text("全街道：居家。", "Whole street: stay at home."));
        String streetNotice = post(OFFICER, "/api/v1/notices", first).statusCode(201).extract().path("id");
        // later, a community's notice linked to the street's alert (by the officer: the community's worker cannot see
        // the street's alert): listed with it, but no instruction for the whole street
        clock.advance(Duration.ofMinutes(1));
        Map<String, Object> community = noticeBody(NOTICES, streetAlert);
        community.put("whatToDo", text("只限本社区。", "This community only."));
        String communityNotice = post(OFFICER, "/api/v1/notices", community).statusCode(201).extract().path("id");
        assertThat(capInstruction(streetAlert)).contains("Whole street: stay at home.")
                .doesNotContain("This community only.");
        // later still, a street notice that expires in a day: the instruction while it lasts, then the first again
        clock.advance(Duration.ofMinutes(1));
        Map<String, Object> brief = noticeBody(STREET, streetAlert);
        brief.put("whatToDo", text("今天戴口罩。", "Masks today."));
        brief.put("expiresAt", OffsetDateTime.now(clock).plusDays(1).toString());
        String briefNotice = post(OFFICER, "/api/v1/notices", brief).statusCode(201).extract().path("id");
        assertThat(capInstruction(streetAlert)).contains("Masks today.");
        clock.advance(Duration.ofDays(2));
        assertThat(capInstruction(streetAlert)).contains("Whole street: stay at home.").doesNotContain("Masks today.")
                .doesNotContain("This community only.");
        assertThat(get(MACHINE, "/api/v1/notices?alertId=" + streetAlert).getList("items.id", String.class))
                .containsExactlyInAnyOrder(streetNotice, communityNotice, briefNotice);
    }

    /** The en-US instruction of the alert's CAP message ("" without one). */
    static String capInstruction(String alertId) throws Exception {
        String xml = given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts/" + alertId + ".xml").then()
                .statusCode(200).extract().asString();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        String cap = "urn:oasis:names:tc:emergency:cap:1.2";
        NodeList infos = doc.getElementsByTagNameNS(cap, "info");
        for (int i = 0; i < infos.getLength(); i++) {
            Element info = (Element) infos.item(i);
            if ("en-US".equals(info.getElementsByTagNameNS(cap, "language").item(0).getTextContent())) {
                NodeList instruction = info.getElementsByTagNameNS(cap, "instruction");
                return instruction.getLength() == 0 ? "" : instruction.item(0).getTextContent();
            }
        }
        return "";
    }
}
