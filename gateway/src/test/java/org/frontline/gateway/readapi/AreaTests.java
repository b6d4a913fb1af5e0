package org.frontline.gateway.readapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** GET /api/v1/areas (the tree, scoped) and PUT /api/v1/areas/{code} (names, shown wherever the area is). */
@QuarkusTest
@FrontlineTest
class AreaTests {

    static final String COORDINATOR = TestTokens.token("sun", "coordinator", "3101");
    static final String OFFICER_31 = TestTokens.token("ma", "district-officer", "310131");

    @Inject
    AgroalDataSource dataSource;

    TestDatabase db;

    @BeforeEach
    void picture() {
        db = new TestDatabase(dataSource);
        new PictureRows(db).districts();
    }

    @Test
    void aCoordinatorNamesAnAreaAndTheOverviewAndTheTreeShowTheName() {
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("name", "西山区", "nameEn", "Xishan District"))
                .when().put("/api/v1/areas/310132").then().statusCode(200)
                .body("area.code", is("310132")).body("area.level", is("district"))
                .body("area.name", is("西山区")).body("area.nameEn", is("Xishan District"));
        given().auth().oauth2(COORDINATOR).queryParam("area", "3101").queryParam("date", "2026-11-20")
                .when().get("/api/v1/overview").then().statusCode(200)
                .body("children.find { it.code == '310132' }.name", is("西山区"));
        given().auth().oauth2(COORDINATOR).queryParam("area", "310132").when().get("/api/v1/overview").then()
                .statusCode(200).body("area.nameEn", is("Xishan District"));
        List<Map<String, Object>> tree = given().auth().oauth2(COORDINATOR).queryParam("parent", "3101")
                .when().get("/api/v1/areas").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(tree).anySatisfy(a -> assertThat(a).containsEntry("code", "310132").containsEntry("name", "西山区"));
        assertThat(tree).allSatisfy(a -> assertThat((String) a.get("code")).startsWith("3101").hasSize(6));
    }

    @Test
    void namingAnAreaThePictureHasNotSeenCreatesItWithItsWiderAreas() {
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("name", "新村"))
                .when().put("/api/v1/areas/310132009009").then().statusCode(200)
                .body("area.name", is("新村")).body("area.level", is("community"));
        assertThat(db.query("select code, parent, level from area where code in ('310132009', '310132009009') order by code"))
                .containsExactly(Map.of("code", "310132009", "parent", "310132", "level", "street"),
                        Map.of("code", "310132009009", "parent", "310132009", "level", "community"));
        given().auth().oauth2(COORDINATOR).queryParam("parent", "310132009").when().get("/api/v1/areas").then()
                .statusCode(200).body("items.code", is(List.of("310132009009"))).body("items[0].name", is("新村"));
    }

    @Test
    void aDistrictOfficerNamesInsideTheDistrictOnly() {
        given().auth().oauth2(OFFICER_31).contentType(ContentType.JSON).body(Map.of("name", "二街道", "nameEn", "Second"))
                .when().put("/api/v1/areas/310131002").then().statusCode(200).body("area.name", is("二街道"));
        String body = given().auth().oauth2(OFFICER_31).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().put("/api/v1/areas/310132001").then().statusCode(403).extract().asString();
        assertThat(body).doesNotContain("street").doesNotContain("\"name\"").doesNotContain("freshness");
        given().auth().oauth2(OFFICER_31).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().put("/api/v1/areas/3101").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("he", "community-worker", "310131001001")).contentType(ContentType.JSON)
                .body(Map.of("name", "x")).when().put("/api/v1/areas/310131001001").then().statusCode(403);
        assertThat(db.query("select name from area where code = '310132001'").get(0).get("name")).isNotEqualTo("x");
    }

    @Test
    void namesAreAtMost120CharactersAndTheCodeMustBeAnArea() {
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("name", "区".repeat(121)))
                .when().put("/api/v1/areas/310131").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("nameEn", "a".repeat(121)))
                .when().put("/api/v1/areas/310131").then().statusCode(400);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("name", "ok"))
                .when().put("/api/v1/areas/31013").then().statusCode(400).body("errors[0].field", is("code"));
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("name", "区".repeat(120)))
                .when().put("/api/v1/areas/310131009").then().statusCode(200);
    }

    @Test
    void theDocumentDeclaresEveryReadApi() {
        var doc = org.frontline.platform.testing.openapi.OpenApiDocument.underTest();
        for (String path : List.of("/api/v1/overview", "/api/v1/series", "/api/v1/open-alerts", "/api/v1/areas",
                "/api/v1/stream")) {
            assertThat(doc.statuses("GET", path)).as(path).contains("200", "400", "401", "403");
        }
        assertThat(doc.statuses("PUT", "/api/v1/areas/{code}")).contains("200", "400", "401", "403");
        assertThat(doc.documentProblems()).isEmpty();
    }

    @Test
    void theTreeShowsOnlyAreasInsideTheScopeOrOnTheWayToIt() {
        List<String> own = given().auth().oauth2(OFFICER_31).when().get("/api/v1/areas").then().statusCode(200)
                .extract().jsonPath().getList("items.code");
        assertThat(own).containsExactly("310131");
        List<String> city = given().auth().oauth2(OFFICER_31).queryParam("parent", "3101").when().get("/api/v1/areas")
                .then().statusCode(200).extract().jsonPath().getList("items.code");
        assertThat(city).containsExactly("310131");
        List<String> streets = given().auth().oauth2(OFFICER_31).queryParam("parent", "310131").when()
                .get("/api/v1/areas").then().statusCode(200).extract().jsonPath().getList("items.code");
        assertThat(streets).contains("310131001", "310131002").allMatch(c -> c.startsWith("310131"));
        given().auth().oauth2(OFFICER_31).queryParam("parent", "310132").when().get("/api/v1/areas").then()
                .statusCode(403);
        given().auth().oauth2(OFFICER_31).queryParam("parent", "3x").when().get("/api/v1/areas").then()
                .statusCode(400).body("errors[0].field", is("parent"));
    }
}
