package org.frontline.screening;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.ConformanceFixture;

import io.restassured.http.ContentType;

/**
 * Real records of one community (area A), made through the API, for {@link ApiPolicyTests}: a household, a resident,
 * a screening, a campaign, a quarantine and a test result; and valid bodies naming them.
 */
final class ApiPolicyFixture implements ConformanceFixture {

    static final String AREA = "310104012017";
    static final String OTHER = "310105002017";

    final String household;
    final String resident;
    final String screening;
    final String campaign;
    final String quarantine;
    final String testResult;

    ApiPolicyFixture() {
        String worker = TestTokens.token("policy.owner", "community-worker", AREA);
        household = Fixtures.household(worker, AREA);
        resident = created(worker, "/api/v1/residents", Map.of("householdId", household, "name", "Zhao Min",
                "phone", "13812345678", "idNumber", Fixtures.idNumber(), "birthYear", 1960, "sex", "MALE"));
        screening = created(worker, "/api/v1/screenings", Fixtures.screening(resident, "36.6"));
        campaign = created(worker, "/api/v1/campaigns", Map.of("communityCode", AREA, "title", "Policy sweep"));
        quarantine = created(worker, "/api/v1/quarantines", Map.of("residentId", resident, "kind", "HOME"));
        testResult = created(worker, "/api/v1/test-results", Map.of("residentId", resident, "kind", "ANTIGEN",
                "result", "NEGATIVE"));
        // the engine's resident ("conformance.resident") is a registered resident of area A, so self-reports reach them
        Fixtures.residentWithAccount(worker, AREA, "conformance.resident");
    }

    private static String created(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
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
        if (parts.length < 5 || !parts[4].startsWith("{")) {
            return template.contains("{") ? null : template;
        }
        String id = switch (parts[3]) {
            case "campaigns" -> campaign;
            case "households" -> household;
            case "quarantines" -> quarantine;
            case "residents" -> resident;
            case "screenings" -> screening;
            case "test-results" -> testResult;
            default -> null;
        };
        if (id == null) {
            return null;
        }
        parts[4] = id;
        return String.join("/", parts);
    }

    @Override
    public Object body(String operation) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(2).toString();
        return switch (operation) {
            case "POST /api/v1/campaigns" -> Map.of("communityCode", AREA, "title", "Another sweep");
            case "POST /api/v1/campaigns/{id}/visits" -> Map.of("householdId", household, "result", "NOBODY_HOME");
            case "POST /api/v1/households" -> Map.of("communityCode", AREA, "grid", "Grid 2", "building", "3");
            case "POST /api/v1/quarantines" -> Map.of("residentId", resident, "kind", "HEALTH_MONITORING");
            case "POST /api/v1/quarantines/{id}/check-ins" -> Map.of("temperatureCelsius", 36.8, "checkedInAt", now);
            case "POST /api/v1/quarantines/{id}/extension" -> Map.of("plannedEndDate",
                    LocalDate.now(ZoneOffset.ofHours(8)).plusDays(20).toString(), "reason", "still coughing");
            case "POST /api/v1/quarantines/{id}/release" -> Map.of("reason", "negative twice");
            case "POST /api/v1/residents" -> Map.of("householdId", household, "name", "Li Na", "birthYear", 1988);
            case "PUT /api/v1/residents/{id}" -> Map.of("name", "Zhao Min", "version", 0);
            case "POST /api/v1/screenings" -> screeningBody(now);
            case "POST /api/v1/screenings/bulk" -> Map.of("records", List.of(screeningBody(now)));
            case "POST /api/v1/screenings/{id}/correction" -> Map.of("temperatureCelsius", 36.9, "reason", "misread");
            case "POST /api/v1/screenings/{id}/retraction" -> Map.of("reason", "wrong resident");
            case "POST /api/v1/self-reports" -> Map.of("temperatureCelsius", 36.7, "reportedAt", now);
            case "POST /api/v1/test-results" -> Map.of("residentId", resident, "kind", "PCR", "result", "NEGATIVE");
            case "POST /api/v1/test-results/{id}/correction" -> Map.of("kind", "PCR", "result", "NEGATIVE",
                    "reason", "typed antigen for PCR");
            case "POST /api/v1/test-results/{id}/retraction" -> Map.of("reason", "sample mixed up");
            default -> null;
        };
    }

    private Map<String, Object> screeningBody(String now) {
        Map<String, Object> body = new HashMap<>(Fixtures.screening(resident, "36.5"));
        body.put("screenedAt", now);
        return body;
    }

    @Override
    public Map<String, Object> query(String operation) {
        return operation.equals("GET /api/v1/worklist") ? Map.of("community", AREA) : Map.of();
    }

    @Override
    public List<String> topics() {
        return List.of(org.frontline.screening.events.ScreeningTopics.EVENTS);
    }
}
