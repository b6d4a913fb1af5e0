package org.frontline.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.frontline.platform.testing.catalogue.ParcelLost;
import org.frontline.platform.testing.catalogue.ParcelSent;
import org.frontline.platform.testing.catalogue.ParcelView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The catalogue check fails in both directions: an event in the code that the catalogue does not document
 * (even if the test does not list it), and a documented event that is not in the code (even if the test lists
 * a record of that name). Fixture "module": class files copied into a temporary classes directory, a fixture
 * catalogue next to it.
 */
class EventCatalogueTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String SENT = """
                ParcelSent:
                  name: frontline.fixture.ParcelSent.v1
                  payload:
                    type: object
                    properties:
                      parcelId: {type: string, format: uuid}
                      communityCode: {type: string}
                      items: {type: integer}
                  examples:
                    - name: sent
                      payload: {parcelId: 7d0b6a43-63a4-4c52-9d0c-3a9b8e1e2a11, communityCode: "310104012003", items: 3}
            """;
    static final String LOST = """
                ParcelLost:
                  name: frontline.fixture.ParcelLost.v2
                  payload:
                    type: object
                    properties:
                      parcelId: {type: string, format: uuid}
                      communityCode: {type: string}
                  examples:
                    - name: lost
                      payload: {parcelId: 7d0b6a43-63a4-4c52-9d0c-3a9b8e1e2a11, communityCode: "310104012003"}
            """;
    /** Another service's message: none of this module's business. */
    static final String OTHER = """
                Elsewhere:
                  name: frontline.other.Elsewhere.v1
                  payload: {type: object, properties: {x: {type: string}}}
            """;

    @TempDir
    Path dir;

    @Test
    void codeAndCatalogueThatAgreePass() throws Exception {
        Path classes = classes(ParcelSent.class, ParcelLost.class, ParcelView.class);
        Path catalogue = catalogue(SENT, LOST, OTHER);
        assertThatCode(() -> EventCatalogue.check(MAPPER, "fixture", catalogue, classes)).doesNotThrowAnyException();
        assertThatCode(() -> EventCatalogue.check(MAPPER, "fixture", catalogue, classes, ParcelSent.class))
                .as("listing is optional").doesNotThrowAnyException();
        assertThat(EventCatalogue.discover(classes)).as("only the annotated records")
                .containsExactlyInAnyOrder(ParcelSent.class, ParcelLost.class);
    }

    @Test
    void anEventInTheCodeThatTheCatalogueLacksFailsEvenIfTheTestDoesNotListIt() throws Exception {
        Path classes = classes(ParcelSent.class, ParcelLost.class);
        Path catalogue = catalogue(SENT, OTHER);
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue, classes, ParcelSent.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("frontline.fixture.ParcelLost.v2 (" + ParcelLost.class.getName()
                        + ") is in the code but docs/asyncapi.yaml has no message");
    }

    @Test
    void aDocumentedEventThatIsNotInTheCodeFails() throws Exception {
        Path classes = classes(ParcelSent.class);
        Path catalogue = catalogue(SENT, LOST);
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue, classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("documents frontline.fixture.ParcelLost.v2, but no @EventType record of fixture");
    }

    @Test
    void listingARecordThatIsNotInTheModulesCodeDoesNotMakeItsDocumentationPass() throws Exception {
        // the old check passed here: it compared only the listed records with the catalogue
        Path classes = classes(ParcelSent.class);
        Path catalogue = catalogue(SENT, LOST);
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue, classes, ParcelSent.class,
                ParcelLost.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ParcelLost.class.getName() + " is listed by the test but is not an @EventType record")
                .hasMessageContaining("documents frontline.fixture.ParcelLost.v2, but no @EventType record");
    }

    @Test
    void aListedRecordWithoutEventTypeFails() throws Exception {
        Path classes = classes(ParcelSent.class, ParcelView.class);
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue(SENT), classes, ParcelView.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ParcelView.class.getName() + " has no @EventType");
    }

    @Test
    void fieldsThatDifferFromTheRecordFail() throws Exception {
        Path classes = classes(ParcelSent.class);
        String drifted = SENT.replace("items: {type: integer}", "count: {type: integer}");
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue(drifted), classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("frontline.fixture.ParcelSent.v1: catalogue fields [communityCode, count, parcelId] "
                        + "differ from the record's [communityCode, items, parcelId]");
    }

    @Test
    void allDifferencesAreReportedTogether() throws Exception {
        Path classes = classes(ParcelLost.class);
        assertThatThrownBy(() -> EventCatalogue.check(MAPPER, "fixture", catalogue(SENT), classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ParcelLost.v2 (")
                .hasMessageContaining("documents frontline.fixture.ParcelSent.v1");
    }

    /** A classes directory holding just these classes' files, copied from the test classes. */
    Path classes(Class<?>... types) throws IOException, URISyntaxException {
        Path root = Path.of(EventCatalogueTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path target = Files.createDirectories(dir.resolve("classes"));
        for (Class<?> type : types) {
            Path relative = Path.of(type.getName().replace('.', '/') + ".class");
            Path copy = target.resolve(relative);
            Files.createDirectories(copy.getParent());
            Files.copy(root.resolve(relative), copy);
        }
        return target;
    }

    Path catalogue(String... messages) throws IOException {
        Path file = dir.resolve("asyncapi.yaml");
        Files.writeString(file, "asyncapi: 3.0.0\ncomponents:\n  messages:\n" + String.join("", List.of(messages)));
        return file;
    }
}
