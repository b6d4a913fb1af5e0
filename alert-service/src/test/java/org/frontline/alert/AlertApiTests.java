package org.frontline.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The alert lifecycle API, detectors and populations through HTTP: legal and illegal transitions, stale versions,
 * roles, and area scope on every list and named resource. Street 310105098 is this class's own.
 */
@QuarkusTest
@FrontlineTest
class AlertApiTests {

    static final String STREET = "310105098";
    static final String CITY = TestTokens.token("sun", "coordinator", "3101");
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310105");
    static final String OTHER_OFFICER = TestTokens.token("qian", "district-officer", "310104");
    static final String INTEGRATION = TestTokens.token("cmd", "integration", "310105");
    static final Duration WAIT = Duration.ofSeconds(60);

    static String raise(String token, String community, String level) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "level", level, "title", "Fever cluster"))
                .when().post("/api/v1/alerts").then().statusCode(201).extract().path("id");
    }

    static io.restassured.response.ValidatableResponse move(String token, String id, String to, long version,
            String note) {
        Map<String, Object> body = note == null ? Map.of("to", to, "expectedVersion", version)
                : Map.of("to", to, "expectedVersion", version, "note", note);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/alerts/" + id + "/transitions").then();
    }

    @Test
    void theLifecycleGoesWarningResponseRecoveryWithWhoAndWhenAndRefusesEverythingElse() {
        String id = raise(OFFICER, STREET + "001", "ORANGE");
        // illegal from OPEN: straight to responding or recovering
        move(OFFICER, id, "RESPONDING", 0, null).statusCode(409)
                .body("detail", containsString("OPEN")).body("detail", containsString("RESPONDING"));
        move(OFFICER, id, "RECOVERING", 0, null).statusCode(409);
        move(OFFICER, id, "ACKNOWLEDGED", 0, null).statusCode(200).body("status", is("ACKNOWLEDGED"))
                .body("stage", is("WARNING")).body("acknowledgedBy", is("zhou")).body("version", is(1));
        // the same step again with the version read before: stale
        move(OFFICER, id, "RESPONDING", 0, null).statusCode(409).body("detail", containsString("version"));
        move(OFFICER, id, "ACKNOWLEDGED", 1, null).statusCode(409);
        move(OFFICER, id, "RESPONDING", 1, null).statusCode(200).body("stage", is("RESPONSE"));
        move(OFFICER, id, "CLOSED", 2, "over").statusCode(409);
        move(OFFICER, id, "RECOVERING", 2, null).statusCode(200).body("stage", is("RECOVERY"));
        move(OFFICER, id, "RESPONDING", 3, "relapse in building 4").statusCode(200).body("stage", is("RESPONSE"));
        move(OFFICER, id, "RECOVERING", 4, null).statusCode(200);
        move(OFFICER, id, "CLOSED", 5, null).statusCode(200).body("status", is("CLOSED")).body("stage", is("CLOSED"))
                .body("closedBy", is("zhou"));
        for (String to : List.of("OPEN", "ACKNOWLEDGED", "RESPONDING", "RECOVERING", "CLOSED")) {
            move(OFFICER, id, to, 6, "again").statusCode(409);
        }
        JsonPath log = given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + id + "/log").then()
                .statusCode(200).extract().jsonPath();
        assertThat(log.getList("kind", String.class)).containsExactly("RAISED", "TRANSITION", "TRANSITION",
                "TRANSITION", "TRANSITION", "TRANSITION", "TRANSITION");
        assertThat(log.getList("toStatus", String.class)).containsExactly("OPEN", "ACKNOWLEDGED", "RESPONDING",
                "RECOVERING", "RESPONDING", "RECOVERING", "CLOSED");
        assertThat(log.getList("actor", String.class)).containsOnly("zhou");
        // one event per step: acknowledged, four phase changes, closed
        TopicReader.awaitExactly("alert.events", about(id, "AlertAcknowledged"), 1, WAIT);
        var phases = TopicReader.awaitExactly("alert.events", about(id, "AlertPhaseChanged"), 4, WAIT);
        assertThat(phases.get(2).value()).contains("\"previousStatus\":\"RECOVERING\"", "\"status\":\"RESPONDING\"");
        var closed = TopicReader.awaitExactly("alert.events", about(id, "AlertClosed"), 1, WAIT);
        assertThat(closed.get(0).value()).contains("\"previousStatus\":\"RECOVERING\"");
    }

    @Test
    void aFalseAlarmClosesFromOpenOnlyWithANote() {
        String id = raise(OFFICER, STREET + "002", "YELLOW");
        move(OFFICER, id, "CLOSED", 0, null).statusCode(400).body("errors.field", hasItem("note"));
        move(OFFICER, id, "CLOSED", 0, "thermometer fault").statusCode(200).body("status", is("CLOSED"));
        String acknowledged = raise(OFFICER, STREET + "002", "YELLOW");
        move(OFFICER, acknowledged, "ACKNOWLEDGED", 0, null).statusCode(200);
        move(OFFICER, acknowledged, "CLOSED", 1, " ").statusCode(400);
        move(OFFICER, acknowledged, "CLOSED", 1, "duplicate report").statusCode(200);
        move(OFFICER, id, "NOPE", 1, null).statusCode(400);
    }

    @Test
    void aCommunityWorkerAcknowledgesAndNotesInTheirCommunityOnly() {
        String own = STREET + "003";
        String worker = TestTokens.token("wu", "community-worker", own);
        String id = raise(OFFICER, own, "RED");
        String elsewhere = raise(OFFICER, STREET + "004", "RED");
        move(worker, elsewhere, "ACKNOWLEDGED", 0, null).statusCode(403);
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("text", "x"))
                .when().post("/api/v1/alerts/" + elsewhere + "/log").then().statusCode(403);
        given().auth().oauth2(worker).when().get("/api/v1/alerts/" + elsewhere).then().statusCode(403);
        move(worker, id, "ACKNOWLEDGED", 0, null).statusCode(200).body("acknowledgedBy", is("wu"));
        move(worker, id, "RESPONDING", 1, null).statusCode(403);
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("text", "Door-to-door check started"))
                .when().post("/api/v1/alerts/" + id + "/log").then().statusCode(201).body("kind", is("NOTE"))
                .body("actor", is("wu"));
        given().auth().oauth2(worker).contentType(ContentType.JSON).body(Map.of("text", ""))
                .when().post("/api/v1/alerts/" + id + "/log").then().statusCode(400);
        JsonPath detail = given().auth().oauth2(worker).when().get("/api/v1/alerts/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(detail.getList("log.kind", String.class)).containsExactly("RAISED", "TRANSITION", "NOTE");
        assertThat(detail.getString("alert.status")).isEqualTo("ACKNOWLEDGED");
        // integration reads, never writes
        given().auth().oauth2(INTEGRATION).when().get("/api/v1/alerts/" + id).then().statusCode(200);
        move(INTEGRATION, id, "RESPONDING", 1, null).statusCode(403);
        // nothing changed by the refused writes
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts/" + elsewhere).then().statusCode(200)
                .body("alert.status", is("OPEN")).body("alert.version", is(0));
    }

    @Test
    void alertListsAreFilteredByScopeAndQuery() {
        raise(OFFICER, STREET + "005", "RED");
        raise(CITY, "310104098005", "RED");
        raise(OFFICER, "310105", "ORANGE"); // a district-wide alert
        List<String> areas = given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.areaCode", String.class);
        assertThat(areas).isNotEmpty().allMatch(a -> a.startsWith("310105")).contains("310105");
        JsonPath red = given().auth().oauth2(OFFICER).when()
                .get("/api/v1/alerts?area=" + STREET + "&level=red&status=OPEN&tier=COMMUNITY&size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(red.getList("items.areaCode", String.class)).isNotEmpty().allMatch(a -> a.startsWith(STREET));
        assertThat(red.getList("items.level", String.class)).containsOnly("RED");
        assertThat(red.getList("items.status", String.class)).containsOnly("OPEN");
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?area=310104").then().statusCode(403);
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?status=LATE").then().statusCode(400);
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?signal=rumours").then().statusCode(400);
        given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?signal=fever-screenings&size=500").then()
                .statusCode(200);
        // the legacy body still works; a write outside the area is refused
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("communityCode", STREET + "006", "level", "BLUE", "title", "legacy"))
                .when().post("/api/v1/alerts").then().statusCode(201).body("areaCode", is(STREET + "006"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", "3101", "level", "BLUE", "title", "citywide"))
                .when().post("/api/v1/alerts").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("level", "BLUE", "title", "nowhere"))
                .when().post("/api/v1/alerts").then().statusCode(400);
    }

    @Test
    void textsTheCapFeedWritesRefuseXmlIllegalCharactersNothingWritten() {
        String community = STREET + "007";
        // as JSON escapes (a lone surrogate would not survive the client's own UTF-8 encoding): U+0007 (bell) in a
        // title, U+FFFF in a description, a lone high surrogate in a detector's name
        String[][] alerts = {
            {"title", "{\"areaCode\":\"" + community + "\",\"level\":\"BLUE\",\"title\":\"ring \\u0007 the bell\"}"},
            {"description", "{\"areaCode\":\"" + community + "\",\"level\":\"BLUE\",\"title\":\"ok\","
                    + "\"description\":\"end \\uFFFF\"}"},
        };
        for (String[] c : alerts) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(c[1]).when().post("/api/v1/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.contains(c[0]));
        }
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body("{\"areaCode\":\"" + community + "\",\"signal\":\"positive-tests\",\"method\":\"rule\","
                        + "\"name\":\"half \\uD800 pair\",\"level\":\"RED\",\"params\":{\"windowDays\":1,\"threshold\":1}}")
                .when().post("/api/v1/detectors").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("name"));
        assertThat(given().auth().oauth2(OFFICER).when().get("/api/v1/alerts?area=" + community + "&size=500")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        // tab, line feed, carriage return and a proper surrogate pair (an emoji) are fine
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "level", "BLUE", "title", "two\tlines\r\n\uD83D\uDE37"))
                .when().post("/api/v1/alerts").then().statusCode(201);
    }

    @Test
    void storedDetectorsHaveTheEvaluateApisBounds() {
        record Case(String method, Map<String, Object> params, String field) {
        }
        for (Case c : List.of(
                new Case("cusum", Map.of("m", 0), "params.m"),
                new Case("cusum", Map.of("referenceDays", 366), "params.referenceDays"),
                new Case("ears-c1", Map.of("baseline", 366), "params.baseline"),
                new Case("ears-c1", Map.of("z", 101), "params.z"),
                new Case("ears-c3", Map.of("threshold", 0), "params.threshold"),
                // "at least 0" would fire on every series
                new Case("rule", Map.of("windowDays", 1, "threshold", 0), "params.threshold"))) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                    .body(Map.of("areaCode", STREET, "signal", "positive-tests", "method", c.method(), "name",
                            "bounds-" + c.method(), "level", "RED", "params", c.params()))
                    .when().post("/api/v1/detectors").then().statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.contains(c.field()));
        }
        // "below 0" is a rule that never fires, not one that always does: accepted; the upper bounds are accepted
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("windowDays", 1, "threshold", 0, "comparison", "below"))) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                    .body(Map.of("areaCode", STREET + "009", "signal", "items-below-minimum", "method", "rule", "name",
                            "bounds-below", "level", "BLUE", "params", params))
                    .when().post("/api/v1/detectors").then().statusCode(201);
        }
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET + "009", "signal", "positive-tests", "method", "cusum", "name",
                        "bounds-cusum", "level", "BLUE", "params", Map.of("referenceDays", 365, "m", 0.5),
                        "enabled", false))
                .when().post("/api/v1/detectors").then().statusCode(201);
    }

    @Test
    void detectorsAreVersionedValidatedAndScoped() {
        Map<String, Object> rule = Map.of("areaCode", STREET, "signal", "positive-tests", "method", "rule",
                "name", "positives-3-in-7", "level", "ORANGE",
                "params", Map.of("windowDays", 7, "threshold", 3, "enabled", true));
        // unknown params key (enabled belongs to the detector, not its params)
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(rule).when().post("/api/v1/detectors")
                .then().statusCode(400).body("errors.field", hasItem("params.enabled"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET, "signal", "rumours", "method", "rule", "name", "x", "level", "RED"))
                .when().post("/api/v1/detectors").then().statusCode(400).body("errors.field", hasItem("signal"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET, "signal", "positive-tests", "method", "ears-c9", "name", "x",
                        "level", "RED"))
                .when().post("/api/v1/detectors").then().statusCode(400).body("errors.field", hasItem("method"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET, "signal", "positive-tests", "method", "rule", "name", "x",
                        "level", "RED", "params", Map.of("threshold", 1)))
                .when().post("/api/v1/detectors").then().statusCode(400)
                .body("errors.field", hasItem("params.windowDays"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", STREET, "signal", "positive-tests", "method", "ears-c1", "name", "x",
                        "level", "RED", "params", Map.of("baseline", 2, "alpha", 1.5)))
                .when().post("/api/v1/detectors").then().statusCode(400)
                .body("errors.field", hasItem("params.baseline")).body("errors.field", hasItem("params.alpha"));
        // outside the caller's area: refused, nothing written
        Map<String, Object> good = Map.of("areaCode", STREET, "signal", "positive-tests", "method", "rule",
                "name", "positives-3-in-7", "level", "ORANGE", "params", Map.of("windowDays", 7, "threshold", 3));
        given().auth().oauth2(OTHER_OFFICER).contentType(ContentType.JSON).body(good).when()
                .post("/api/v1/detectors").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("wu", "community-worker", STREET + "001")).contentType(ContentType.JSON)
                .body(good).when().post("/api/v1/detectors").then().statusCode(403);
        assertThat(given().auth().oauth2(OFFICER).when().get("/api/v1/detectors?area=" + STREET + "&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.name", String.class))
                .doesNotContain("positives-3-in-7");

        String id = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(good).when()
                .post("/api/v1/detectors").then().statusCode(201).body("version", is(1))
                .body("params.comparison", is("atLeast")).body("params.consecutiveDays", is(1))
                .extract().path("id");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(good).when()
                .post("/api/v1/detectors").then().statusCode(409);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("expectedVersion", 1, "level", "RED", "params", Map.of("windowDays", 7, "threshold", 4)))
                .when().put("/api/v1/detectors/" + id).then().statusCode(200).body("version", is(2))
                .body("level", is("RED"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("expectedVersion", 1, "enabled", false))
                .when().put("/api/v1/detectors/" + id).then().statusCode(409);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("expectedVersion", 2, "params", Map.of("windowDays", 0, "threshold", 4)))
                .when().put("/api/v1/detectors/" + id).then().statusCode(400);
        given().auth().oauth2(OTHER_OFFICER).contentType(ContentType.JSON).body(Map.of("expectedVersion", 2, "enabled", false))
                .when().put("/api/v1/detectors/" + id).then().statusCode(403);
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/detectors/" + id).then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("expectedVersion", 2, "enabled", false))
                .when().put("/api/v1/detectors/" + id).then().statusCode(200).body("version", is(3))
                .body("enabled", is(false));
        JsonPath detector = given().auth().oauth2(INTEGRATION).when().get("/api/v1/detectors/" + id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(detector.getList("versions.version", Integer.class)).containsExactly(1, 2, 3);
        assertThat(detector.getList("versions.level", String.class)).containsExactly("ORANGE", "RED", "RED");
        assertThat(detector.getList("versions.enabled", Boolean.class)).containsExactly(true, true, false);
        assertThat(detector.getDouble("versions[0].params.threshold")).isEqualTo(3.0);
        assertThat(detector.getDouble("versions[1].params.threshold")).isEqualTo(4.0);

        // a city detector is read by its districts; every listed detector is in the area or applies to it
        given().auth().oauth2(CITY).contentType(ContentType.JSON)
                .body(Map.of("areaCode", "3101", "signal", "items-stock-out", "method", "rule", "name", "stock-out",
                        "level", "ORANGE", "params", Map.of("windowDays", 1, "threshold", 1), "enabled", false))
                .when().post("/api/v1/detectors").then().statusCode(201);
        JsonPath list = given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/detectors?size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.areaCode", String.class)).isNotEmpty().contains("3101")
                .allMatch(a -> a.startsWith("310104") || "310104".startsWith(a));
        assertThat(list.getList("items.id", String.class)).doesNotContain(id);
        JsonPath bySignal = given().auth().oauth2(OFFICER).when().get("/api/v1/detectors?signal=positive-tests&size=500")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bySignal.getList("items.signal", String.class)).isNotEmpty().containsOnly("positive-tests");
        assertThat(bySignal.getList("items.areaCode", String.class))
                .allMatch(a -> a.startsWith("310105") || "310105".startsWith(a));
    }

    @Test
    void populationsAreScoped() {
        String community = STREET + "007";
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("residents", 8200))
                .when().put("/api/v1/populations/" + community).then().statusCode(200).body("residents", is(8200));
        given().auth().oauth2(OTHER_OFFICER).contentType(ContentType.JSON).body(Map.of("residents", 1))
                .when().put("/api/v1/populations/" + community).then().statusCode(403);
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/populations/" + community).then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("residents", 0))
                .when().put("/api/v1/populations/" + community).then().statusCode(400);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of())
                .when().put("/api/v1/populations/" + community).then().statusCode(400);
        given().auth().oauth2(CITY).contentType(ContentType.JSON).body(Map.of("residents", 5000))
                .when().put("/api/v1/populations/310104098001").then().statusCode(200);
        given().auth().oauth2(TestTokens.token("wu", "community-worker", community)).when()
                .get("/api/v1/populations/" + community).then().statusCode(200).body("residents", is(8200));
        List<String> rows = given().auth().oauth2(OFFICER).when().get("/api/v1/populations?size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.communityCode", String.class);
        assertThat(rows).isNotEmpty().allMatch(c -> c.startsWith("310105"));
    }

    static java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> about(
            String alertId, String type) {
        return TopicReader.type("frontline.alert." + type + ".v1").and(r -> r.value().contains(alertId));
    }
}
