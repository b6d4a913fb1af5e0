package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.ConformanceFixture;

import io.restassured.http.ContentType;

/**
 * Area A's picture for {@link ApiPolicyTests}, made the way the picture is made: a screening (with fever) and an
 * alert of community A put on the services' topics, as ProjectionTests does, and awaited in the projection; A named
 * through the API by its district officer; a report template of our own added by a coordinator. And valid bodies.
 */
final class ApiPolicyFixture implements ConformanceFixture {

    static final String AREA = "310104012017";
    static final String OTHER = "310105002017";
    /** A template of this test's own, so the PUTs of the run add versions to it and not to a shipped one. */
    static final String TEMPLATE = "policy-check";

    private final TestDatabase db;

    ApiPolicyFixture(TestDatabase db) {
        this.db = db;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(5);
        String screeningId = UUID.randomUUID().toString();
        String alertId = UUID.randomUUID().toString();
        try (var producer = TestEvents.producer()) {
            producer.send(TestEvents.cloudEvent("screening.events", UUID.randomUUID().toString(), "/screening",
                    "frontline.screening.ResidentScreened.v1", AREA, now.toString(), """
                    {"screeningId":"%s","communityCode":"%s","outcome":"SUSPECTED","screenedAt":"%s"}
                    """.formatted(screeningId, AREA, now)));
            producer.send(TestEvents.cloudEvent("screening.events", UUID.randomUUID().toString(), "/screening",
                    "frontline.screening.FeverDetected.v1", AREA, now.toString(), """
                    {"screeningId":"%s","communityCode":"%s","temperatureCelsius":38.4,"screenedAt":"%s"}
                    """.formatted(screeningId, AREA, now)));
            producer.send(TestEvents.cloudEvent("alert.events", UUID.randomUUID().toString(), "/alert",
                    "frontline.alert.AlertRaised.v1", AREA, now.toString(), """
                    {"alertId":"%s","communityCode":"%s","level":"ORANGE","stage":"WARNING","title":"Fever cluster",\
                    "raisedAt":"%s"}
                    """.formatted(alertId, AREA, now)));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                db.count("select count(*) from kpi_day where area_code = ? and metric in ('screened', 'fever')", AREA) == 2
                        && db.count("select count(*) from fact_state where kind = 'ALERT' and fact_id = ?", alertId) == 1);
        String officer = TestTokens.token("policy.owner", "district-officer", AREA.substring(0, 6));
        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body(Map.of("name", "政策社区", "nameEn", "Policy Community")).when().put("/api/v1/areas/" + AREA)
                .then().statusCode(200);
        String coordinator = TestTokens.token("policy.coordinator", "coordinator", "3101");
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(definition()).when()
                .post("/api/v1/reports").then().statusCode(201);
    }

    private static Map<String, Object> definition() {
        return Map.of("name", TEMPLATE, "title", "Policy check", "titleZh", "策略检查", "department", "Security",
                "rows", Map.of("level", "community"),
                "columns", List.of(Map.of("metric", "screened"), Map.of("metric", "fever")),
                "date", Map.of("rule", "day"));
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
        return switch (template) {
            case "/api/v1/areas/{code}" -> "/api/v1/areas/" + AREA;
            case "/api/v1/reports/{name}" -> "/api/v1/reports/" + TEMPLATE;
            case "/api/v1/reports/{name}/versions" -> "/api/v1/reports/" + TEMPLATE + "/versions";
            default -> template.contains("{") ? null : template;
        };
    }

    @Override
    public Object body(String operation) {
        return switch (operation) {
            case "PUT /api/v1/areas/{code}" -> Map.of("name", "政策社区", "nameEn", "Policy Community");
            case "POST /api/v1/reports" -> {
                Map<String, Object> d = new java.util.HashMap<>(definition());
                d.put("name", "policy-check-added");
                yield d;
            }
            case "PUT /api/v1/reports/{name}" -> {
                Map<String, Object> d = new java.util.HashMap<>(definition());
                d.put("version", db.count("select max(version) from report_template where name = ?", TEMPLATE));
                yield d;
            }
            default -> null;
        };
    }

    @Override
    public Map<String, Object> query(String operation) {
        return switch (operation) {
            case "GET /api/v1/series" -> Map.of("metric", "screened");
            case "GET /api/v1/reports/{name}" -> Map.of("format", "csv");
            default -> Map.of();
        };
    }

    /** The gateway publishes nothing (its only writes to a topic are dead letters of the events it reads). */
    @Override
    public List<String> topics() {
        return List.of();
    }
}
