package org.frontline.platform.testing.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The validator itself, on a small hand-written document: it must catch each kind of lie. */
class OpenApiDocumentTest {

    static final String DOCUMENT = """
            {
              "openapi": "3.1.0",
              "servers": [{"url": "/"}],
              "paths": {
                "/things": {
                  "post": {
                    "operationId": "create",
                    "responses": {
                      "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                      "400": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  }
                },
                "/things/{id}": {
                  "get": {
                    "operationId": "get",
                    "responses": {
                      "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                    }
                  },
                  "delete": {
                    "responses": {"204": {"description": "gone"}}
                  }
                },
                "/things/bulk": {
                  "get": {
                    "operationId": "bulk",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}
                  }
                }
              },
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                      "id": {"type": "string", "format": "uuid"},
                      "note": {"type": ["string", "null"]},
                      "endedOn": {"type": "string", "format": "date"},
                      "kind": {"anyOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "null"}]}
                    }
                  },
                  "Kind": {"type": "string", "enum": ["HOME", "CENTRALISED"]},
                  "Problem": {"type": "object", "required": ["title", "status"],
                              "properties": {"title": {"type": "string"}, "status": {"type": "integer"}}}
                }
              }
            }
            """;

    final OpenApiDocument document = OpenApiDocument.parse(DOCUMENT);

    static final String THING = """
            {"id": "9f1c1f4e-8a52-4d47-9d4e-2f0b8c1d3e11", "note": null, "endedOn": "2026-11-29", "kind": null}""";

    @Test
    void aResponseTrueToTheDocumentPasses() {
        assertThat(document.check("POST", "/things", 201, "application/json", THING)).isEmpty();
        assertThat(document.check("GET", "/things/9f1c1f4e-8a52-4d47-9d4e-2f0b8c1d3e11", 200,
                "application/json;charset=UTF-8", THING.replace("\"kind\": null", "\"kind\": \"HOME\""))).isEmpty();
        assertThat(document.check("POST", "/things", 400, "application/problem+json",
                "{\"title\": \"Invalid\", \"status\": 400, \"existingId\": \"x\"}")).isEmpty();
        assertThat(document.check("DELETE", "/things/1", 204, null, "")).isEmpty();
    }

    @Test
    void anUndeclaredStatusIsReported() {
        assertThat(document.check("POST", "/things", 409, "application/problem+json", "{\"title\":\"x\",\"status\":409}"))
                .singleElement().asString()
                .contains("POST /things answered 409").contains("declared: 201, 400");
        assertThat(document.check("POST", "/things", 200, "application/json", THING))
                .singleElement().asString().contains("answered 200");
    }

    @Test
    void aNullInAFieldDeclaredAsAPlainStringIsReported() {
        assertThat(document.check("POST", "/things", 201, "application/json", THING.replace("\"2026-11-29\"", "null")))
                .singleElement().asString().contains("endedOn").contains("null");
    }

    @Test
    void wrongTypesFormatsAndEnumValuesAreReported() {
        assertThat(document.check("POST", "/things", 201, "application/json", THING.replace("\"2026-11-29\"", "\"29.11.2026\"")))
                .singleElement().asString().contains("endedOn");
        assertThat(document.check("POST", "/things", 201, "application/json", THING.replace("\"kind\": null", "\"kind\": \"HOTEL\"")))
                .isNotEmpty().allSatisfy(v -> assertThat(v).contains("kind"));
        assertThat(document.check("POST", "/things", 201, "application/json", "{\"note\": \"no id\"}"))
                .singleElement().asString().contains("id");
    }

    @Test
    void aBodyInAnUndeclaredMediaTypeOrWithoutDeclaredContentIsReported() {
        assertThat(document.check("POST", "/things", 400, "application/json", "{\"title\":\"x\",\"status\":400}"))
                .singleElement().asString().contains("as application/json").contains("application/problem+json");
        assertThat(document.check("DELETE", "/things/1", 204, "application/json", "{}"))
                .singleElement().asString().contains("declares no content");
        assertThat(document.check("GET", "/things/1", 200, "application/json", "not json"))
                .singleElement().asString().contains("not JSON");
    }

    @Test
    void aLiteralPathWinsOverATemplateAndUndocumentedPathsAreNotChecked() {
        assertThat(document.operation("GET", "/things/bulk").path()).isEqualTo("/things/bulk");
        assertThat(document.operation("GET", "/things/42").path()).isEqualTo("/things/{id}");
        assertThat(document.operation("GET", "/things/42/more")).isNull();
        assertThat(document.check("GET", "/q/health", 503, "application/json", "{}")).isEmpty();
        assertThat(document.check("PUT", "/things/42", 405, null, "")).isEmpty();
    }

    @Test
    void theHelpersReadNullabilityAndStatuses() {
        assertThat(document.nullable("Thing", "note")).isTrue();
        assertThat(document.nullable("Thing", "kind")).isTrue();
        assertThat(document.nullable("Thing", "endedOn")).isFalse();
        assertThat(document.statuses("POST", "/things")).containsExactly("201", "400");
    }

    @Test
    void theDocumentsOwnGapsAreReported() {
        assertThat(document.documentProblems()).containsExactly("DELETE /things/{id} has no operationId");
        assertThat(OpenApiDocument.parse("{\"openapi\": \"3.1.0\", \"paths\": {}}").documentProblems())
                .containsExactly("the document names no server");
    }
}
