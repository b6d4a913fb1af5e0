package org.frontline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.openapi.ResponseValidation;
import org.frontline.platform.testing.openapi.SkipResponseValidation;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The document a service serves tells the truth (ApiDocumentFilter), and every test's responses are checked
 * against it (platform-testing's ResponseValidation).
 */
@QuarkusTest
class OpenApiDocumentTests {

    static final String WORKER = TestTokens.token("wang", "community-worker", "310104");

    JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
    }

    @Test
    void theDocumentNamesItsServerAndEveryOperationHasAnOperationId() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo("/");
        List<String> ids = new ArrayList<>();
        doc.path("paths").forEach(path -> path.forEach(op -> ids.add(op.path("operationId").asText(""))));
        assertThat(ids).isNotEmpty().doesNotContain("").doesNotHaveDuplicates().contains("NoteResource_create");
    }

    @Test
    void optionalFieldsAreNullableAndRequiredOnesAreNot() throws Exception {
        JsonNode shape = document().path("components").path("schemas").path("ShapeView").path("properties");
        assertThat(shape.path("note").path("type").toString()).isEqualTo("[\"string\",\"null\"]");
        // a $ref (a date, an enum) cannot carry "null" in its type: it is offered beside null
        assertThat(shape.path("endedOn").path("anyOf").toString()).contains("LocalDate").contains("{\"type\":\"null\"}");
        assertThat(shape.path("kind").path("anyOf").toString()).contains("Kind").contains("{\"type\":\"null\"}");
        assertThat(shape.path("id").toString()).doesNotContain("null");
    }

    @Test
    void everyOperationDeclaresTheProblemsThePlatformCanAnswer() throws Exception {
        JsonNode paths = document().path("paths");
        JsonNode create = paths.path("/api/v1/notes").path("post").path("responses");
        assertThat(fieldNames(create)).containsExactly("201", "400", "401", "403", "409", "413", "415", "422", "500", "503");
        assertThat(create.path("503").path("content").path("application/problem+json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(fieldNames(paths.path("/api/v1/notes/{id}").path("get").path("responses")))
                .containsExactly("200", "400", "401", "403", "404", "500", "503");
        assertThat(fieldNames(paths.path("/api/v1/notes").path("get").path("responses")))
                .containsExactly("200", "400", "401", "403", "500", "503");
        JsonNode problem = document().path("components").path("schemas").path("Problem");
        assertThat(problem.path("required").toString()).isEqualTo("[\"type\",\"title\",\"status\"]");
    }

    @Test
    void aCreatedAnswerAReplayAndNullFieldsAreTrueToTheDocument() {
        // each of these is checked against the document as it arrives; a lie would fail here
        String id = given().auth().oauth2(WORKER).post("/api/v1/shapes").then().statusCode(201)
                .body("note", nullValue()).body("endedOn", nullValue()).body("kind", nullValue()).extract().path("id");
        given().auth().oauth2(WORKER).queryParam("replay", true).post("/api/v1/shapes").then().statusCode(200);
        given().auth().oauth2(WORKER).get("/api/v1/shapes/" + id).then().statusCode(200).body("note", nullValue());
        given().auth().oauth2(WORKER).get("/api/v1/shapes/not-a-uuid").then().statusCode(404);
        given().get("/api/v1/shapes/" + id).then().statusCode(401);
        given().auth().oauth2(TestTokens.token("li", "resident", "310104")).get("/api/v1/shapes/" + id).then().statusCode(403);
    }

    @Test
    void anAnswerTheDocumentDoesNotDeclareFailsTheTest() {
        List<String> found = ResponseValidation.caught(() -> given().auth().oauth2(WORKER)
                .get("/api/v1/shapes/" + UUID.randomUUID() + "/undeclared").then().statusCode(202));
        assertThat(found).singleElement().asString()
                .contains("GET /api/v1/shapes/{id}/undeclared answered 202")
                .contains("declared: 200, 400, 401, 403, 404, 500, 503");
    }

    @Test
    @SkipResponseValidation("shows the opt-out: this answer is undeclared on purpose")
    void aTestCanOptOut() {
        given().auth().oauth2(WORKER).get("/api/v1/shapes/" + UUID.randomUUID() + "/undeclared").then().statusCode(202);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
