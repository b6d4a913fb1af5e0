package org.frontline.alert;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.frontline.alert.events.AlertEvents;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.ConformanceFixture;

import io.restassured.http.ContentType;

/**
 * Real records of one community (area A), made through the API by its own people, for {@link ApiPolicyTests}: an
 * alert raised by hand, a detector, a webhook subscription, a population, a response plan (and one of its street, to
 * adapt), two drills of the plan (plan activations with their tasks) and a notice; and valid bodies naming them.
 * <p>
 * The alert is YELLOW and the plans have only an ORANGE checklist, so no plan activates from the alert's events; the
 * subscription wants RED only, so no delivery is queued. Both keep the service still while the engine counts rows.
 */
final class ApiPolicyFixture implements ConformanceFixture {

    static final String AREA = "310104012017";
    static final String STREET = "310104012";
    static final String OTHER = "310105002017";

    static final Map<String, Object> PLAN = Map.of("levels", Map.of("ORANGE", Map.of("warning", List.of(),
            "response", List.of(Map.of("key", "activate-team", "title", "Activate the community emergency team",
                    "responsible", "role:community-worker", "dueWithin", "PT2H")),
            "recovery", List.of())), "recurring", List.of());

    final String alert;
    final String detector;
    final String subscription;
    final String plan;
    final String streetPlan;
    final String drill;
    final String task;
    final String notice;

    ApiPolicyFixture(TestDatabase db) {
        String officer = TestTokens.token("policy.officer", "district-officer", AREA);
        String worker = TestTokens.token("policy.worker", "community-worker", AREA);
        alert = created(worker, "/api/v1/alerts", Map.of("areaCode", AREA, "level", "YELLOW",
                "title", "Policy fever cluster"));
        detector = created(officer, "/api/v1/detectors", Map.of("areaCode", AREA, "signal", "fever-screenings",
                "method", "ears-c1", "name", "policy-c1", "level", "YELLOW"));
        subscription = created(officer, "/api/v1/subscriptions", Map.of("url", "https://policy.example/hook",
                "areaPrefix", AREA, "minLevel", "RED"));
        given().auth().oauth2(officer).contentType(ContentType.JSON).body(Map.of("residents", 8200))
                .when().put("/api/v1/populations/" + AREA).then().statusCode(200);
        plan = created(officer, "/api/v1/response-plans", Map.of("areaCode", AREA, "name", "policy-plan",
                "title", "Policy plan", "definition", PLAN));
        streetPlan = created(TestTokens.token("policy.street", "district-officer", STREET), "/api/v1/response-plans",
                Map.of("areaCode", STREET, "name", "policy-street-plan", "title", "Street plan", "definition", PLAN));
        drill = created(worker, "/api/v1/drills", Map.of("planId", plan, "areaCode", AREA, "title", "Policy drill"));
        // the task from a drill of its own: the engine's cancel and complete end the first drill, and a task of an
        // ended drill answers every step 409
        String taskDrill = created(worker, "/api/v1/drills", Map.of("planId", plan, "areaCode", AREA,
                "title", "Policy drill of the tasks"));
        task = given().auth().oauth2(worker).when().get("/api/v1/tasks?activationId=" + taskDrill).then()
                .statusCode(200).extract().path("items[0].id");
        notice = created(worker, "/api/v1/notices", notice(alert));
        settle(db);
    }

    private static Map<String, Object> notice(String alertId) {
        return Map.of("areaCode", AREA, "alertId", alertId, "headline", text("请留在家中", "Please stay at home"),
                "whatHappened", text("发热病例增多", "More fever cases"), "whatToDo", text("请戴口罩", "Wear a mask"),
                "whereToGetHelp", text("社区服务中心", "The community centre"));
    }

    private static Map<String, String> text(String zh, String en) {
        return Map.of("zh", zh, "en", en);
    }

    private static String created(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    /**
     * Waits until the service has finished with the fixture's events (its own consumers read alert.events): every
     * table's row count unchanged for three seconds (a webhook's retries back off up to 2 s), at most a minute.
     */
    private static void settle(TestDatabase db) {
        StringBuilder sql = new StringBuilder("select 0");
        for (Map<String, Object> row : db.query("select table_name from information_schema.tables "
                + "where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
            sql.append(" + (select count(*) from \"").append(row.get("table_name")).append("\")");
        }
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        long last = -1;
        Instant stableSince = Instant.now();
        while (Instant.now().isBefore(until)) {
            long now = db.count(sql.toString());
            if (now != last) {
                last = now;
                stableSince = Instant.now();
            } else if (Duration.between(stableSince, Instant.now()).toMillis() >= 3000) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String area() {
        return AREA;
    }

    @Override
    public String otherArea() {
        return OTHER;
    }

    @Override
    public String path(String template) {
        String[] parts = template.split("/");
        for (int i = 4; i < parts.length; i++) {
            if (!parts[i].startsWith("{")) {
                continue;
            }
            String collection = parts[i - 1];
            String value = switch (collection) {
                case "alerts" -> alert;
                case "detectors" -> parts[i].equals("{method}") ? "ears-c1" : detector;
                case "drills" -> drill;
                case "notices" -> notice;
                case "plan-activations" -> drill;
                case "populations" -> AREA;
                case "response-plans" -> template.endsWith("/adaptations") ? streetPlan : plan;
                case "versions" -> "1";
                case "signals" -> "fever-screenings";
                case "subscriptions" -> subscription;
                case "tasks" -> task;
                default -> null;
            };
            if (value == null) {
                return null;
            }
            parts[i] = parts[i].replaceFirst("\\{[^}]+}", value);
        }
        return String.join("/", parts);
    }

    @Override
    public Object body(String operation) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        return switch (operation) {
            case "POST /api/v1/alerts" -> Map.of("areaCode", AREA, "level", "YELLOW", "title", "Another cluster");
            case "POST /api/v1/alerts/{id}/transitions" -> Map.of("to", "ACKNOWLEDGED", "expectedVersion", 0);
            case "POST /api/v1/alerts/{id}/log" -> Map.of("text", "Called the building manager");
            case "POST /api/v1/detectors" -> Map.of("areaCode", AREA, "signal", "positive-tests", "method", "ears-c2",
                    "name", "policy-c2", "level", "YELLOW");
            case "PUT /api/v1/detectors/{id}" -> Map.of("expectedVersion", 1, "enabled", true);
            case "POST /api/v1/detectors/{method}/evaluate" -> Map.of("observed",
                    List.of(1, 2, 1, 3, 2, 1, 2, 1, 9, 2));
            case "POST /api/v1/detectors/{method}/backtest" -> Map.of("area", AREA, "signal", "fever-screenings",
                    "from", today.minusDays(27).toString(), "to", today.toString());
            case "POST /api/v1/drills" -> Map.of("planId", plan, "areaCode", AREA, "title", "Another drill");
            case "POST /api/v1/drills/{id}/cancel" -> Map.of("version", 0);
            case "POST /api/v1/drills/{id}/complete" -> Map.of("version", 0, "attendeeIds", List.of());
            case "POST /api/v1/notices" -> notice(alert);
            case "PUT /api/v1/populations/{communityCode}" -> Map.of("residents", 8300);
            case "POST /api/v1/response-plans" -> Map.of("areaCode", AREA, "name", "policy-plan-2",
                    "title", "Another plan", "definition", PLAN);
            case "PUT /api/v1/response-plans/{id}" -> Map.of("version", 0, "title", "Policy plan", "definition", PLAN);
            case "POST /api/v1/response-plans/{id}/adaptations" -> Map.of("areaCode", AREA);
            case "POST /api/v1/subscriptions" -> Map.of("url", "https://policy.example/hook2", "areaPrefix", AREA,
                    "minLevel", "RED");
            case "PUT /api/v1/subscriptions/{id}" -> Map.of("url", "https://policy.example/hook", "areaPrefix", AREA,
                    "minLevel", "RED", "expectedVersion", 0);
            case "POST /api/v1/subscriptions/{id}/rotate-secret" -> Map.of("secret", "a-new-secret-of-20-chars");
            case "POST /api/v1/tasks/{id}/acknowledge" -> Map.of("version", 0);
            case "POST /api/v1/tasks/{id}/block" -> Map.of("version", 0, "reason", "No protective suits left");
            case "POST /api/v1/tasks/{id}/done" -> Map.of("version", 0, "note", "Team assembled");
            default -> null;
        };
    }

    @Override
    public Map<String, Object> query(String operation) {
        Map<String, Object> q = new LinkedHashMap<>();
        switch (operation) {
            case "GET /api/v1/response-plans/match" -> {
                q.put("area", AREA);
                q.put("level", "ORANGE");
            }
            case "GET /api/v1/signals/{signal}" -> q.put("area", AREA);
            default -> {
            }
        }
        return q;
    }

    @Override
    public boolean listsWiderAreas(String operation) {
        // a city's or district's detectors and plans apply to every community inside it (their lists say so)
        return operation.equals("GET /api/v1/detectors") || operation.equals("GET /api/v1/response-plans");
    }

    @Override
    public List<String> topics() {
        return List.of(AlertEvents.TOPIC);
    }
}
