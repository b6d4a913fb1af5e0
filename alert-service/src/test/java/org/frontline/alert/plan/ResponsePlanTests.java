package org.frontline.alert.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Plans as data: create, change, history, adaptation, match; validation (each bad field named, nothing written) and
 * area scope on every read and write. Own codes: district 310107, communities 310107001xxx (this class: 0010xx).
 */
@QuarkusTest
@FrontlineTest
class ResponsePlanTests {

    static final String DISTRICT = "310107";
    static final String COMMUNITY = "310107001011";
    static final String NEIGHBOUR = "310107001012";
    static final String COORDINATOR = TestTokens.token("plans-coord", "coordinator", "3101");
    static final String OFFICER = TestTokens.token("plans-officer", "district-officer", DISTRICT);
    static final String FOREIGN_OFFICER = TestTokens.token("plans-foreign", "district-officer", "310108");
    static final String WORKER = TestTokens.token("plans-worker", "community-worker", COMMUNITY);
    static final String INTEGRATION = TestTokens.token("plans-machine", "integration", DISTRICT);
    static final String VOLUNTEER = TestTokens.token("plans-volunteer", "volunteer", COMMUNITY);
    static final String PATH = "/api/v1/response-plans";

    @Inject
    EntityManager em;

    /** The city plans of this class must not run for other classes' alerts. */
    @AfterAll
    static void deactivateCityPlans() {
        QuarkusTransaction.requiringNew().run(() -> ResponsePlan.update("active = false where name like ?1", "plans-api-%"));
    }

    static Map<String, Object> action(String key, String responsible, String due) {
        return Map.of("key", key, "title", "Do " + key, "responsible", responsible, "dueWithin", due);
    }

    static Map<String, Object> definition(String... responseKeys) {
        List<Object> response = new java.util.ArrayList<>();
        for (String k : responseKeys) {
            response.add(action(k, "role:community-worker", "PT2H"));
        }
        return Map.of("levels", Map.of("ORANGE", Map.of("response", response)));
    }

    static ValidatableResponse create(String token, String area, String name, Object definition) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("areaCode", area, "name", name, "title", "Plan " + name, "definition", definition))
                .when().post(PATH).then();
    }

    long plans(String area, String name) {
        return QuarkusTransaction.requiringNew().call(() -> ResponsePlan.count("areaCode = ?1 and name = ?2", area,
                name));
    }

    long versionRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from response_plan_version").getSingleResult()).longValue());
    }

    @Test
    void aPlanIsCreatedChangedAndItsVersionsKept() {
        JsonPath created = create(COORDINATOR, "3101", "plans-api-city", definition("activate-team")).statusCode(201)
                .extract().jsonPath();
        String id = created.getString("id");
        assertThat(created.getString("areaCode")).isEqualTo("3101");
        assertThat(created.getInt("planVersion")).isEqualTo(1);
        assertThat(created.getString("basedOn")).isNull();
        assertThat(created.getBoolean("active")).isTrue();
        assertThat(created.getString("updatedBy")).isEqualTo("plans-coord");
        // the canonical form: every phase listed, recurring present
        assertThat(created.getList("definition.levels.ORANGE.warning")).isEmpty();
        assertThat(created.getString("definition.levels.ORANGE.response[0].dueWithin")).isEqualTo("PT2H");
        assertThat(created.getList("definition.recurring")).isEmpty();
        long version = created.getLong("version");

        // a district officer reads the city template that applies to them but cannot change it
        given().auth().oauth2(OFFICER).when().get(PATH + "/" + id).then().statusCode(200);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "Mine now", "definition", definition("x")))
                .when().put(PATH + "/" + id).then().statusCode(403);
        // a community worker cannot write at all
        given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "Mine now", "definition", definition("x")))
                .when().put(PATH + "/" + id).then().statusCode(403);

        JsonPath changed = given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "City plan v2", "definition",
                        definition("activate-team", "door-to-door")))
                .when().put(PATH + "/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getInt("planVersion")).isEqualTo(2);
        assertThat(changed.getLong("version")).isGreaterThan(version);
        assertThat(changed.getList("definition.levels.ORANGE.response.key")).containsExactly("activate-team",
                "door-to-door");

        // stale: the version read before the change
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "Lost update", "definition", definition("y")))
                .when().put(PATH + "/" + id).then().statusCode(409)
                .body("version", org.hamcrest.Matchers.equalTo((int) changed.getLong("version")));

        JsonPath versions = given().auth().oauth2(WORKER).when().get(PATH + "/" + id + "/versions").then()
                .statusCode(200).extract().jsonPath();
        assertThat(versions.getList("planVersion", Integer.class)).containsExactly(1, 2);
        assertThat(versions.getList("title")).containsExactly("Plan plans-api-city", "City plan v2");
        assertThat(versions.getList("changedBy")).containsExactly("plans-coord", "plans-coord");
        given().auth().oauth2(INTEGRATION).when().get(PATH + "/" + id + "/versions/1").then().statusCode(200)
                .body("definition.levels.ORANGE.response.key", org.hamcrest.Matchers.contains("activate-team"));
        given().auth().oauth2(INTEGRATION).when().get(PATH + "/" + id + "/versions/3").then().statusCode(404);
        given().auth().oauth2(VOLUNTEER).when().get(PATH + "/" + id).then().statusCode(403);
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() {
        long before = versionRows();
        Map<String, Object> bad = Map.of("levels", Map.of(
                "ORANGE", Map.of("response", List.of(Map.of("key", "Bad Key", "title", "x",
                        "responsible", "boss:me", "dueWithin", "2 hours"))),
                "PURPLE", Map.of("response", List.of())));
        JsonPath problem = create(OFFICER, DISTRICT, "plans-api-bad", bad).statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).contains(
                "definition.levels.ORANGE.response[0].key", "definition.levels.ORANGE.response[0].responsible",
                "definition.levels.ORANGE.response[0].dueWithin", "definition.levels.PURPLE");
        create(OFFICER, DISTRICT, "Not Kebab", definition("a")).statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("name"));
        create(OFFICER, "31010", "plans-api-bad", definition("a")).statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("areaCode"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", DISTRICT, "name", "plans-api-bad", "title", "x")).when().post(PATH)
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("definition"));
        // outside the caller's area, or a role that does not write plans
        create(OFFICER, "310108", "plans-api-bad", definition("a")).statusCode(403);
        create(WORKER, COMMUNITY, "plans-api-bad", definition("a")).statusCode(403);
        create(INTEGRATION, DISTRICT, "plans-api-bad", definition("a")).statusCode(403);
        assertThat(plans(DISTRICT, "plans-api-bad") + plans("310108", "plans-api-bad")
                + plans(COMMUNITY, "plans-api-bad")).isZero();

        // the same area and name twice: 409, the first one stays
        String first = create(OFFICER, DISTRICT, "plans-api-twice", definition("a")).statusCode(201).extract()
                .path("id");
        create(OFFICER, DISTRICT, "plans-api-twice", definition("b")).statusCode(409);
        assertThat(plans(DISTRICT, "plans-api-twice")).isOne();
        given().auth().oauth2(OFFICER).when().get(PATH + "/" + first).then()
                .body("definition.levels.ORANGE.response[0].key", org.hamcrest.Matchers.equalTo("a"));

        // a bad change writes nothing either
        String version = String.valueOf(given().auth().oauth2(OFFICER).when().get(PATH + "/" + first).then()
                .extract().path("version").toString());
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "t", "definition", Map.of("levels", Map.of())))
                .when().put(PATH + "/" + first).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("definition"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("title", "t", "definition", definition("a")))
                .when().put(PATH + "/" + first).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("version"));
        // 1 (twice) + nothing else
        assertThat(versionRows()).isEqualTo(before + 1);
        given().auth().oauth2(OFFICER).when().get(PATH + "/" + first + "/versions").then()
                .body("planVersion", org.hamcrest.Matchers.contains(1));
    }

    @Test
    void aRetriedCreateWithTheSameKeyAnswersTheFirstPlan() {
        Map<String, Object> body = Map.of("areaCode", DISTRICT, "name", "plans-api-retry", "title", "Retry",
                "definition", definition("a"), "idempotencyKey", "plans-retry-1");
        String id = given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body).when().post(PATH).then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body).when().post(PATH).then()
                .statusCode(200).body("id", org.hamcrest.Matchers.equalTo(id));
        assertThat(plans(DISTRICT, "plans-api-retry")).isOne();
    }

    @Test
    void adaptationsReadsAndMatchStayInScope() {
        String city = create(COORDINATOR, "3101", "plans-api-adapt", definition("city-step")).statusCode(201)
                .extract().path("id");
        // the officer adapts the city template for a community of their district
        JsonPath copy = given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("areaCode", COMMUNITY)).when().post(PATH + "/" + city + "/adaptations").then()
                .statusCode(201).extract().jsonPath();
        assertThat(copy.getString("name")).isEqualTo("plans-api-adapt");
        assertThat(copy.getString("basedOn")).isEqualTo(city);
        assertThat(copy.getInt("planVersion")).isEqualTo(1);
        assertThat(copy.getString("title")).isEqualTo("Plan plans-api-adapt");
        assertThat(copy.getList("definition.levels.ORANGE.response.key")).containsExactly("city-step");
        String adapted = copy.getString("id");
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("areaCode", COMMUNITY))
                .when().post(PATH + "/" + city + "/adaptations").then().statusCode(409);
        // outside the officer's area; not more specific than the plan; not inside the plan's area; a worker
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("areaCode", "310108001001"))
                .when().post(PATH + "/" + city + "/adaptations").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("areaCode", COMMUNITY))
                .when().post(PATH + "/" + adapted + "/adaptations").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("areaCode"));
        given().auth().oauth2(TestTokens.token("plans-province", "coordinator", "31")).contentType(ContentType.JSON)
                .body(Map.of("areaCode", "310201001001")).when().post(PATH + "/" + city + "/adaptations").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("areaCode"));
        given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(Map.of("areaCode", COMMUNITY))
                .when().post(PATH + "/" + city + "/adaptations").then().statusCode(403);
        assertThat(plans("310108001001", "plans-api-adapt") + plans("310201001001", "plans-api-adapt")).isZero();

        // the neighbour community's own plan: the worker of COMMUNITY may not see it
        String neighbours = create(OFFICER, NEIGHBOUR, "plans-api-neighbour", definition("n")).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(WORKER).when().get(PATH + "/" + neighbours).then().statusCode(403)
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(NEIGHBOUR)));
        given().auth().oauth2(WORKER).when().get(PATH + "/" + neighbours + "/versions").then().statusCode(403);
        given().auth().oauth2(FOREIGN_OFFICER).when().get(PATH + "/" + adapted).then().statusCode(403);
        given().auth().oauth2(WORKER).when().get(PATH + "/" + adapted).then().statusCode(200);

        // the worker's list: every row is in their community or a wider area's plan that applies to it
        JsonPath list = given().auth().oauth2(WORKER).when().get(PATH + "?size=500").then().statusCode(200)
                .extract().jsonPath();
        List<String> areas = list.getList("items.areaCode", String.class);
        assertThat(areas).isNotEmpty().allMatch(a -> a.startsWith(COMMUNITY) || COMMUNITY.startsWith(a));
        assertThat(list.getList("items.id", String.class)).contains(city, adapted).doesNotContain(neighbours);
        // ordered by area code, name
        assertThat(areas).isSorted();
        // the officer's list narrowed to the neighbour: that community's plans and the ones applying to it
        List<String> narrowed = given().auth().oauth2(OFFICER).when().get(PATH + "?area=" + NEIGHBOUR + "&size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.areaCode", String.class);
        assertThat(narrowed).isNotEmpty().allMatch(a -> a.startsWith(NEIGHBOUR) || NEIGHBOUR.startsWith(a));
        given().auth().oauth2(WORKER).when().get(PATH + "?area=" + NEIGHBOUR).then().statusCode(403);

        // match: the community's adaptation is more specific than the city template
        given().auth().oauth2(WORKER).when().get(PATH + "/match?area=" + COMMUNITY + "&level=ORANGE").then()
                .statusCode(200).body("id", org.hamcrest.Matchers.equalTo(adapted));
        given().auth().oauth2(WORKER).when().get(PATH + "/match?area=" + NEIGHBOUR + "&level=ORANGE").then()
                .statusCode(403);
        given().auth().oauth2(WORKER).when().get(PATH + "/match?area=" + COMMUNITY + "&level=PURPLE").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.contains("level"));
        given().auth().oauth2(WORKER).when().get(PATH + "/match?level=ORANGE").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("area"));
        // an area no plan covers (a city nobody writes plans for)
        given().auth().oauth2(TestTokens.token("plans-far", "coordinator", "3299")).when()
                .get(PATH + "/match?area=329901001001&level=RED").then().statusCode(404)
                .contentType("application/problem+json").body("title", org.hamcrest.Matchers.equalTo("No plan"));
        // an inactive plan is not matched: switching the adaptation off leaves a wider area's plan
        String version = given().auth().oauth2(OFFICER).when().get(PATH + "/" + adapted).then().extract()
                .path("version").toString();
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("version", version, "title", "Off", "definition", definition("city-step"), "active", false))
                .when().put(PATH + "/" + adapted).then().statusCode(200).body("active", org.hamcrest.Matchers.is(false));
        String matched = given().auth().oauth2(WORKER).when().get(PATH + "/match?area=" + COMMUNITY + "&level=ORANGE")
                .then().statusCode(200).extract().path("id");
        assertThat(matched).isNotEqualTo(adapted);
    }
}
