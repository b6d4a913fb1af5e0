package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.frontline.gateway.picture.Metric;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.openapi.OpenApiDocument;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A coordinator adds and versions templates through the API; a bad definition is refused as a whole. */
@QuarkusTest
@FrontlineTest
class ReportTemplateTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    static final String A = "310142003001";
    static final String B = "310142003002";
    static final String QUIET = "310142003003";

    @Inject
    DataSource dataSource;

    String coordinator = TestTokens.token("sun", "coordinator", "3101");
    String officer = TestTokens.token("qin", "district-officer", "310142");

    @Test
    void aCoordinatorAddsATemplateAndVersionsIt() {
        ReportData data = new ReportData(new TestDatabase(dataSource));
        data.area(A, "东风社区", "Dongfeng");
        data.area(B, "红旗社区", "Hongqi");
        data.area(QUIET, "安静社区", "Quiet");
        data.put(A, Metric.SCREENED, DAY, 12);
        data.put(A, Metric.FEVER, DAY, 3);
        data.put(A, Metric.POSITIVES, DAY, 1);
        data.put(B, Metric.SCREENED, DAY, 30);
        data.put(B, Metric.SCREENED, DAY.minusDays(1), 100); // outside the day rule
        data.put(B, Metric.FEVER, DAY, 5);
        data.put(B, Metric.POSITIVES, DAY, 2);
        data.put(QUIET, Metric.FEVER, DAY, 7); // no screenings: filtered out
        data.write();

        String name = "fever-watch-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = """
                {"name": "%s", "title": "Fever watch", "titleZh": "发热监测", "department": "District CDC",
                 "departmentZh": "区疾控", "rows": {"level": "community"},
                 "columns": [{"metric": "screened", "label": "Screened", "labelZh": "筛查"}, {"metric": "fever"}],
                 "filters": [{"metric": "screened", "op": ">", "value": 0}],
                 "date": {"rule": "day"}}
                """.formatted(name);
        given().auth().oauth2(officer).contentType(ContentType.JSON).body(v1).when().post("/api/v1/reports")
                .then().statusCode(403);
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v1).when().post("/api/v1/reports")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/reports/" + name))
                .body("version", is(1)).body("createdBy", org.hamcrest.Matchers.notNullValue())
                .body("definition.columns[1].labelZh", is("发热人次")); // the metric's own label when left out
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v1).when().post("/api/v1/reports")
                .then().statusCode(409);
        given().auth().oauth2(officer).when().get("/api/v1/reports").then().statusCode(200)
                .body("items.find { it.name == '" + name + "' }.version", is(1))
                .body("items.find { it.name == '" + name + "' }.titleZh", is("发热监测"));

        JsonPath first = render(name, null);
        assertThat(first.getList("columns.metric")).containsExactly("screened", "fever");
        assertThat(first.getList("rows.code")).containsExactly(A, B);
        assertThat(first.getInt("totals.screened")).isEqualTo(42);
        assertThat(first.getInt("totals.fever")).isEqualTo(8);

        String v2 = """
                {"version": 1, "title": "Fever watch", "titleZh": "发热监测", "department": "District CDC",
                 "rows": {"level": "community"},
                 "columns": [{"metric": "screened"}, {"metric": "positives", "label": "Positive", "labelZh": "阳性数"}],
                 "filters": [], "date": {"rule": "last-days", "days": 2}}
                """;
        given().auth().oauth2(officer).contentType(ContentType.JSON).body(v2).when().put("/api/v1/reports/" + name)
                .then().statusCode(403);
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v2).when().put("/api/v1/reports/" + name)
                .then().statusCode(200).body("version", is(2));
        // stale: version 1 is no longer the latest (If-Match or the body's version)
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v2).when().put("/api/v1/reports/" + name)
                .then().statusCode(409);
        given().auth().oauth2(coordinator).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(v2.replace("\"version\": 1,", "")).when().put("/api/v1/reports/" + name).then().statusCode(409);
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v2.replace("\"version\": 1,", ""))
                .when().put("/api/v1/reports/" + name).then().statusCode(400).body("errors[0].field", is("version"));
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(v2)
                .when().put("/api/v1/reports/no-such-template").then().statusCode(404);

        JsonPath second = render(name, null);
        assertThat(second.getInt("template.version")).isEqualTo(2);
        assertThat(second.getList("columns.metric")).containsExactly("screened", "positives");
        assertThat(second.getList("columns.labelZh")).containsExactly("筛查人次", "阳性数");
        assertThat(second.getList("rows.code")).containsExactly(A, B, QUIET); // no filter any more
        assertThat(second.getInt("totals.screened")).isEqualTo(142); // two days now
        assertThat(second.getInt("totals.positives")).isEqualTo(3);
        JsonPath old = render(name, 1);
        assertThat(old.getInt("template.version")).isEqualTo(1);
        assertThat(old.getList("columns.metric")).containsExactly("screened", "fever");
        assertThat(old.getInt("totals.screened")).isEqualTo(42);
        given().auth().oauth2(officer).when().get("/api/v1/reports/" + name + "/versions").then().statusCode(200)
                .body("items.version", is(List.of(1, 2)));
        given().auth().oauth2(officer).when().get("/api/v1/reports").then().statusCode(200)
                .body("items.findAll { it.name == '" + name + "' }.version", is(List.of(2)));
        // and it is a CSV and an XLSX like any other
        given().auth().oauth2(officer).queryParam("area", "310142").queryParam("date", DAY.toString())
                .queryParam("format", "xlsx").when().get("/api/v1/reports/" + name).then().statusCode(200)
                .header("Content-Disposition", is("attachment; filename=\"" + name + "-310142-" + DAY + ".xlsx\""));
    }

    @Test
    void anInvalidDefinitionIsRefusedNamingEveryBadFieldAndNothingIsStored() {
        String name = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"name": "%s", "titleZh": "坏", "department": "x", "rows": {"level": "planet"},
                 "columns": [{"metric": "nope"}, {"metric": "screened"}, {"metric": "screened"}],
                 "filters": [{"metric": "fever", "op": "~", "value": 1}, {"metric": "screened", "op": ">"}],
                 "date": {"rule": "week"}, "colour": "red"}
                """.formatted(name);
        List<String> fields = given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/reports").then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field");
        assertThat(fields).containsExactlyInAnyOrder("colour", "title", "rows.level", "columns[0].metric",
                "columns[2].metric", "filters[0].op", "filters[1].value", "date.rule");
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"Not Kebab\", \"title\": \"t\", \"titleZh\": \"t\", \"department\": \"d\","
                        + " \"rows\": {\"level\": \"street\"}, \"columns\": [],"
                        + " \"date\": {\"rule\": \"last-days\", \"days\": 0}}")
                .when().post("/api/v1/reports").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("name", "columns", "date.days"));
        TestDatabase db = new TestDatabase(dataSource);
        assertThat(db.count("select count(*) from report_template where name = ? or name = 'Not Kebab'", name))
                .isZero();
        // a bad new version stores nothing either
        String version = """
                {"version": 1, "title": "", "titleZh": "t", "department": "d", "rows": {"level": "community"},
                 "columns": [{"metric": "screened"}], "date": {"rule": "day", "days": 3}}
                """;
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(version)
                .when().put("/api/v1/reports/supplies").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("title", "date.days"));
        assertThat(db.count("select count(*) from report_template where name = 'supplies' and version > 1"))
                .isZero();
        // a filter value with a huge exponent (or too many decimals) is a 400 naming it, not a 500
        for (String value : List.of("1e999999999", "-1e999999999", "1e13", "0.0000001")) {
            String huge = """
                    {"name": "huge-%s", "title": "t", "titleZh": "t", "department": "d", "rows": {"level": "community"},
                     "columns": [{"metric": "screened"}], "filters": [{"metric": "screened", "op": ">", "value": %s}],
                     "date": {"rule": "day"}}
                    """.formatted(UUID.randomUUID().toString().substring(0, 8), value);
            given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(huge)
                    .when().post("/api/v1/reports").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.contains("filters[0].value"));
        }
    }

    @Test
    void theDocumentDeclaresTheReportOperations() {
        OpenApiDocument doc = OpenApiDocument.underTest();
        assertThat(doc.statuses("GET", "/api/v1/reports")).contains("200", "401", "403", "500", "503");
        assertThat(doc.statuses("GET", "/api/v1/reports/{name}")).contains("200", "400", "401", "403", "404");
        assertThat(doc.statuses("GET", "/api/v1/reports/{name}/versions")).contains("200", "401", "403", "404");
        assertThat(doc.statuses("POST", "/api/v1/reports")).contains("201", "400", "403", "409");
        assertThat(doc.statuses("PUT", "/api/v1/reports/{name}")).contains("200", "400", "403", "404", "409");
        var content = doc.json().path("paths").path("/api/v1/reports/{name}").path("get").path("responses")
                .path("200").path("content");
        assertThat(content.has("application/json") && content.has("text/csv")
                && content.has("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).isTrue();
        for (String method : List.of("get")) {
            assertThat(doc.json().path("paths").path("/api/v1/reports/{name}").path(method).path("summary").asText())
                    .isNotBlank();
        }
        assertThat(doc.documentProblems()).isEmpty();
    }

    private JsonPath render(String name, Integer version) {
        var request = given().auth().oauth2(officer).queryParam("area", "310142").queryParam("date", DAY.toString());
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.when().get("/api/v1/reports/" + name).then().statusCode(200).extract().jsonPath();
    }
}
