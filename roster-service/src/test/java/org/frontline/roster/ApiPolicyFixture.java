package org.frontline.roster;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.ConformanceFixture;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Real records of one community (area A), made through the API, for {@link ApiPolicyTests}: the engine's volunteer
 * ("conformance.volunteer") registered there, with availability, an absence and a qualification; a published shift
 * starting within the hour with that volunteer assigned (so that they may check in); a team, a training, a finished
 * planning run; and a surge proposal, which only arrives by an alert event (as in {@link SurgeTests}). And valid
 * bodies naming them.
 */
final class ApiPolicyFixture implements ConformanceFixture {

    static final String AREA = "310104012017";
    static final String OTHER = "310105002017";
    static final String DUTY = "observer";

    final String person;
    final String absence;
    final String qualification;
    final String shift;
    final long shiftVersion;
    final String assignment;
    final String team;
    final String training;
    final String plan;
    final long planVersion;
    final String proposal;
    final long proposalVersion;

    ApiPolicyFixture() {
        String worker = TestTokens.token("policy.owner", "community-worker", AREA);
        String officer = TestTokens.token("policy.officer", "district-officer", AREA.substring(0, 6));
        // the engine's volunteer registers themself in area A: their own record is the one the volunteer* rows name
        String volunteer = TestTokens.token("conformance.volunteer", "volunteer", AREA);
        person = post(volunteer, "/api/v1/volunteers/me", Map.of("communityCode", AREA, "displayName", "Policy Volunteer",
                "phone", "13912345678")).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("id");
        // available all week, all day
        List<Map<String, String>> week = java.util.Arrays.stream(java.time.DayOfWeek.values())
                .map(d -> Map.of("dayOfWeek", d.name(), "start", "00:00", "end", "00:00")).toList();
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(week).when()
                .put("/api/v1/people/" + person + "/availability").then().statusCode(200);
        OffsetDateTime now = OffsetDateTime.now(ShiftFixtures.CITY).truncatedTo(ChronoUnit.MINUTES);
        absence = created(worker, "/api/v1/people/" + person + "/absences", Map.of("from", now.plusDays(20).toString(),
                "to", now.plusDays(21).toString(), "reason", "LEAVE"));
        qualification = created(worker, "/api/v1/people/" + person + "/qualifications", Map.of("code", "first-aid",
                "issuedOn", LocalDate.now(ShiftFixtures.CITY).minusDays(10).toString()));
        // a shift the volunteer may check in to now (from 2 h before its start), within one city day
        OffsetDateTime start = now.plusHours(1);
        if (!start.plusHours(1).toLocalDate().equals(start.toLocalDate())) {
            start = start.plusHours(1).toLocalDate().atStartOfDay(ShiftFixtures.CITY).toOffsetDateTime();
        }
        shift = ShiftFixtures.published(worker, AREA, DUTY, start, start.plusHours(1), 1);
        assignment = created(worker, "/api/v1/shifts/" + shift + "/assignments", Map.of("personId", person));
        shiftVersion = given().auth().oauth2(worker).when().get("/api/v1/shifts/" + shift).then().statusCode(200)
                .extract().jsonPath().getLong("version");
        team = created(worker, "/api/v1/teams", Map.of("communityCode", AREA, "name", "Policy team"));
        training = created(worker, "/api/v1/trainings", Map.of("kind", "TRAINING", "title", "Policy drill",
                "areaCode", AREA, "heldOn", LocalDate.now(ShiftFixtures.CITY).toString()));
        String today = LocalDate.now(ShiftFixtures.CITY).toString();
        plan = post(worker, "/api/v1/plans", Map.of("area", AREA, "from", today, "to", today, "timeLimitSeconds", 1))
                .then().statusCode(202).extract().path("id");
        planVersion = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().auth().oauth2(worker).when().get("/api/v1/plans/" + plan).then().statusCode(200)
                        .extract().jsonPath(), p -> "DONE".equals(p.getString("status"))).getLong("version");
        // a surge proposal arrives only by alert-service's AlertRaised
        UUID alert = UUID.randomUUID();
        String raisedAt = java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String data = "{\"alertId\":\"" + alert + "\",\"communityCode\":\"" + AREA + "\",\"level\":\"ORANGE\","
                + "\"stage\":\"WARNING\",\"title\":\"Policy fevers\",\"raisedAt\":\"" + raisedAt + "\"}";
        try (var producer = TestEvents.producer()) {
            producer.send(TestEvents.cloudEvent("alert.events", UUID.randomUUID().toString(), "/alert-service",
                    SurgeTests.RAISED, AREA, raisedAt, data));
            producer.flush();
        }
        var proposalPage = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().auth().oauth2(officer).queryParam("area", AREA).when().get("/api/v1/surge-proposals")
                        .then().statusCode(200).extract().jsonPath(), p -> !p.getList("items").isEmpty());
        proposal = proposalPage.getString("items[0].id");
        proposalVersion = proposalPage.getLong("items[0].version");
    }

    private static Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path);
    }

    private static String created(String token, String path, Object body) {
        return post(token, path, body).then().statusCode(201).extract().path("id");
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
            case "duties" -> DUTY;
            case "people" -> person;
            case "plans" -> plan;
            case "shifts" -> shift;
            case "surge-proposals" -> proposal;
            case "teams" -> team;
            case "trainings" -> training;
            default -> null;
        };
        if (id == null) {
            return null;
        }
        parts[4] = id;
        if (parts.length > 6 && parts[6].startsWith("{")) {
            String sub = switch (parts[5]) {
                case "absences" -> absence;
                case "qualifications" -> qualification;
                case "assignments" -> assignment;
                default -> null;
            };
            if (sub == null) {
                return null;
            }
            parts[6] = sub;
        }
        return String.join("/", parts);
    }

    @Override
    public Object body(String operation) {
        OffsetDateTime now = OffsetDateTime.now(ShiftFixtures.CITY).truncatedTo(ChronoUnit.MINUTES);
        String today = LocalDate.now(ShiftFixtures.CITY).toString();
        return switch (operation) {
            case "POST /api/v1/duties" -> Map.of("code", "policy-post", "name", "Policy post", "riskLevel", 1);
            case "POST /api/v1/people" -> Map.of("communityCode", AREA, "kind", "VOLUNTEER", "displayName", "Wang Fang",
                    "phone", "13812345678");
            case "PATCH /api/v1/people/{id}" -> Map.of("version", 0, "skills", "first aid");
            case "PUT /api/v1/people/{id}/availability" -> List.of(Map.of("dayOfWeek", "MONDAY", "start", "08:00",
                    "end", "12:00"));
            case "POST /api/v1/people/{id}/absences" -> Map.of("from", now.plusDays(30).toString(),
                    "to", now.plusDays(31).toString(), "reason", "SICK");
            case "POST /api/v1/people/{id}/qualifications" -> Map.of("code", "ppe", "issuedOn", today);
            case "POST /api/v1/plans" -> Map.of("area", AREA, "from", today, "to", today, "timeLimitSeconds", 1);
            case "POST /api/v1/plans/{id}/publish", "POST /api/v1/plans/{id}/discard" -> Map.of("version", planVersion);
            case "POST /api/v1/shifts" -> Map.of("communityCode", AREA, "dutyCode", DUTY,
                    "startAt", now.plusDays(3).toString(), "endAt", now.plusDays(3).plusHours(4).toString(),
                    "requiredHeadcount", 1);
            case "PATCH /api/v1/shifts/{id}" -> Map.of("version", shiftVersion, "requiredHeadcount", 2);
            case "POST /api/v1/shifts/{id}/assignments" -> Map.of("personId", person);
            case "POST /api/v1/shifts/{id}/assignments/{aid}/check-in",
                    "POST /api/v1/shifts/{id}/assignments/{aid}/check-out" -> Map.of();
            case "POST /api/v1/surge-proposals/{id}/accept", "POST /api/v1/surge-proposals/{id}/dismiss" ->
                    Map.of("version", proposalVersion);
            case "POST /api/v1/teams" -> Map.of("communityCode", AREA, "name", "Another team");
            case "PUT /api/v1/teams/{id}/members" -> Map.of("personIds", List.of(person));
            case "POST /api/v1/trainings" -> Map.of("kind", "TRAINING", "title", "Another drill", "areaCode", AREA,
                    "heldOn", today);
            case "POST /api/v1/trainings/{id}/attendance" -> Map.of("personIds", List.of(person));
            case "POST /api/v1/volunteers/me" -> Map.of("communityCode", AREA, "displayName", "Policy Volunteer",
                    "phone", "13912345678");
            default -> null;
        };
    }

    @Override
    public List<String> topics() {
        return List.of("roster.events");
    }
}
