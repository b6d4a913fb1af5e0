package org.frontline.platform.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.conformance.ApiConformance;
import org.frontline.platform.testing.conformance.ConformanceFixture;
import org.frontline.platform.testing.conformance.PolicyTable;
import org.frontline.platform.testing.openapi.ResponseValidation;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The policy tests' engine finds what it is there to find: run on the module's test app (notes, shapes) against
 * tables that are wrong on purpose, it fails, naming each mistake — a missing row, a row for an operation that does
 * not exist, a role the code refuses, a role the code admits, a named record another area's caller can read.
 */
@QuarkusTest
class ConformanceEngineTests {

    @Inject
    AgroalDataSource dataSource;

    /** Records of area A the test app has none of; the shapes are made up on every read, whoever asks. */
    static final class Fixture implements ConformanceFixture {
        @Override
        public String area() {
            return "310104099001"; // a community no other test of the module uses
        }

        @Override
        public String otherArea() {
            return "310105099001";
        }

        @Override
        public String path(String template) {
            return template.equals("/api/v1/shapes/{id}") ? "/api/v1/shapes/3b241101-e2bb-4255-8caf-4136c566a962"
                    : template.contains("{") ? null : template;
        }

        @Override
        public List<String> topics() {
            return List.of();
        }
    }

    private static PolicyTable table(String rows) throws Exception {
        Path file = Files.createTempFile("policy-", ".md");
        Files.writeString(file, "| operation | roles | scope |\n|---|---|---|\n" + rows);
        file.toFile().deleteOnExit();
        return PolicyTable.read(file);
    }

    @Test
    void aMissingRowAndARowForNoOperationFailTheBuild() throws Exception {
        PolicyTable wrong = table("""
                | GET /api/v1/notes | community-worker | list |
                | POST /api/v1/notes | community-worker | write |
                | POST /api/v1/shapes | community-worker | none |
                | GET /api/v1/shapes/{id} | community-worker | none |
                | GET /api/v1/shapes/{id}/undeclared | community-worker | none |
                | DELETE /api/v1/gone | coordinator | none |
                """);
        assertThatThrownBy(() -> ApiConformance.verify("platform", wrong, new Fixture(), new TestDatabase(dataSource)))
                .hasMessageContaining("GET /api/v1/notes/{id} is in the OpenAPI document but has no row")
                .hasMessageContaining("declares DELETE /api/v1/gone, which the OpenAPI document does not have");
    }

    @Test
    void wrongRolesAndANamedRecordReadFromAnotherAreaAreFindings() throws Exception {
        PolicyTable wrong = table("""
                | GET /api/v1/notes | community-worker | list |
                | POST /api/v1/notes | community-worker | none |
                | GET /api/v1/notes/{id} | community-worker | none |
                | POST /api/v1/shapes | coordinator | none |
                | GET /api/v1/shapes/{id} | community-worker | named |
                | GET /api/v1/shapes/{id}/undeclared | community-worker | none |
                """);
        // the test app's undeclared 202 is answered too: the document check reports it to the engine (a finding) and
        // to the test's end, where caught() takes it
        java.util.concurrent.atomic.AtomicReference<AssertionError> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        ResponseValidation.caught(() -> {
            try {
                ApiConformance.verify("platform", wrong, new Fixture(), new TestDatabase(dataSource));
            } catch (AssertionError e) {
                thrown.set(e);
            }
        });
        assertThatThrownBy(() -> {
            if (thrown.get() != null) {
                throw thrown.get();
            }
        })
                .hasMessageContaining("GET /api/v1/shapes/{id}/undeclared")
                // the code admits community workers only: the table's coordinator is refused, the worker is not
                .hasMessageContaining("POST /api/v1/shapes as community-worker (not in its row) answered 201, not 403")
                .hasMessageContaining("POST /api/v1/shapes as coordinator (in its row) answered 403")
                // a shape is answered to anyone: declared named, another area's worker reading it is a leak
                .hasMessageContaining("GET /api/v1/shapes/{id} as community-worker of another area on "
                        + "/api/v1/shapes/3b241101-e2bb-4255-8caf-4136c566a962 answered 200, not 403 or 404");
    }
}
