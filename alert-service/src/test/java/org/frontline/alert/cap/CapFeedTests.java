package org.frontline.alert.cap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import jakarta.inject.Inject;

import org.frontline.alert.Alert;
import org.frontline.alert.TestClock;
import org.frontline.alert.service.AlertJournal;
import org.frontline.alert.service.AlertService;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The CAP feed: every message it emits validated against the CAP 1.2 schema (test resources, written from the
 * specification), the Atom index's required elements, the message chain (Alert, Update with references, the
 * all-clear), scope. Areas: street 310105965 (district 310105) and 310106965.
 */
@QuarkusTest
@FrontlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapFeedTests {

    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310105");
    static final String MACHINE = TestTokens.token("eoc-bot", "integration", "310105");
    static final String CAP = "urn:oasis:names:tc:emergency:cap:1.2";
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String CAP_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d";

    @Inject
    AlertService alerts;
    @Inject
    AlertJournal journal;
    @Inject
    TestClock clock;

    Schema schema;
    UUID handRed;
    UUID detectorUpdated;
    UUID closedRecently;
    UUID closedLongAgo;
    UUID otherDistrict;
    UUID illegalCharacters;

    @BeforeAll
    void alertsInSeveralStates() throws Exception {
        schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResourceAsStream("/cap/CAP-v1.2.xsd")));
        handRed = alerts.raise("310105965001", Alert.Level.RED, "Outbreak in building 3", "Seven fevers in a day",
                "zhou").id;
        detectorUpdated = QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            Alert a = new Alert();
            a.id = UUID.randomUUID();
            a.areaCode = "310105965002";
            a.level = Alert.Level.YELLOW;
            a.status = Alert.Status.OPEN;
            a.stage = a.status.stage;
            a.title = "Fever screenings above the EARS C2 bound";
            a.signal = Signal.FEVER_SCREENINGS;
            a.method = "ears-c2";
            a.detectorVersion = 3;
            a.observed = new BigDecimal("9");
            a.threshold = new BigDecimal("4.2");
            a.observedDay = LocalDate.now(clock);
            a.firings = 1;
            a.firstSeen = now;
            a.lastSeen = now;
            a.raisedBy = AlertJournal.SYSTEM;
            a.raisedAt = now;
            a.updatedAt = now;
            a.persist();
            journal.publish(a, AlertJournal.raised(a), now);
            return a.id;
        });
        clock.advance(Duration.ofMinutes(5));
        QuarkusTransaction.requiringNew().run(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            Alert a = Alert.findById(detectorUpdated);
            a.level = Alert.Level.ORANGE;
            a.firings = 2;
            a.observed = new BigDecimal("12");
            a.lastSeen = now;
            a.updatedAt = now;
            journal.publish(a, AlertJournal.updated(a, Alert.Level.YELLOW, now), now);
        });
        closedRecently = alerts.raise("310105965003", Alert.Level.BLUE, "One missed check-in", null, "zhou").id;
        close(closedRecently, Duration.ofMinutes(10));
        closedLongAgo = alerts.raise("310105965004", Alert.Level.ORANGE, "Old stock-out", null, "zhou").id;
        close(closedLongAgo, Duration.ofDays(8));
        otherDistrict = alerts.raise("310106965001", Alert.Level.RED, "Elsewhere", null, "sun").id;
        // characters XML 1.0 forbids, stored directly (the API refuses them; an older row or another writer may not):
        // U+0001, U+0008, U+001F, U+FFFE, U+FFFF (PostgreSQL itself refuses U+0000 and lone surrogates: CapDocumentsTest)
        illegalCharacters = QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            Alert a = new Alert();
            a.id = UUID.randomUUID();
            a.areaCode = "310105975001";
            a.level = Alert.Level.ORANGE;
            a.status = Alert.Status.OPEN;
            a.stage = a.status.stage;
            a.title = "Fevers\u0001 in\u0008 block\u001F 9\uFFFE\uFFFF";
            a.description = "Seen by\u0001 the clinic\u001F";
            a.firings = 1;
            a.firstSeen = now;
            a.lastSeen = now;
            a.raisedBy = "zhou";
            a.raisedAt = now;
            a.updatedAt = now;
            a.persist();
            journal.publish(a, AlertJournal.raised(a), now);
            return a.id;
        });
    }

    private void close(UUID id, Duration ago) {
        clock.advance(Duration.ofMinutes(1));
        QuarkusTransaction.requiringNew().run(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock).minus(ago);
            Alert a = Alert.findById(id);
            Alert.Status previous = a.status;
            a.status = Alert.Status.CLOSED;
            a.stage = a.status.stage;
            a.closedAt = now;
            a.closedBy = "zhou";
            a.updatedAt = now;
            journal.publish(a, AlertJournal.closed(a, previous), now);
        });
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static String text(Element parent, String ns, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(ns, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    static List<Element> children(Element parent, String ns, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    void validate(String xml) throws Exception {
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    String feed(String token, String area) {
        return given().auth().oauth2(token).when().get("/api/v1/cap/alerts.atom" + (area == null ? "" : "?area=" + area))
                .then().statusCode(200).contentType("application/atom+xml").extract().asString();
    }

    String capOf(String token, String path) {
        return given().auth().oauth2(token).when().get(path)
                .then().statusCode(200).contentType("application/cap+xml").extract().asString();
    }

    @Test
    void everyMessageOfTheFeedIsValidCap12AndTheIndexIsAtom() throws Exception {
        Document feed = parse(feed(MACHINE, "310105965"));
        Element root = feed.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(root.getLocalName()).isEqualTo("feed");
        assertThat(children(root, ATOM, "id")).hasSize(1);
        assertThat(children(root, ATOM, "title")).hasSize(1);
        assertThat(text(root, ATOM, "updated")).matches(CAP_TIME);
        List<Element> entries = children(root, ATOM, "entry");
        Map<String, Document> messages = new HashMap<>();
        for (Element entry : entries) {
            assertThat(children(entry, ATOM, "id")).hasSize(1);
            assertThat(children(entry, ATOM, "title")).hasSize(1);
            assertThat(text(entry, ATOM, "updated")).matches(CAP_TIME);
            Element link = children(entry, ATOM, "link").get(0);
            assertThat(link.getAttribute("type")).isEqualTo("application/cap+xml");
            String href = link.getAttribute("href");
            String path = href.substring(href.indexOf("/api/v1/"));
            String xml = capOf(MACHINE, path);
            validate(xml); // throws if the message breaks the CAP 1.2 schema
            Document cap = parse(xml);
            proseRules(cap.getDocumentElement());
            assertThat(text(cap.getDocumentElement(), CAP, "identifier")).isEqualTo(text(entry, ATOM, "id"));
            messages.put(path.substring(path.lastIndexOf('/') + 1, path.length() - 4), cap);
        }
        // open ones and the one closed 10 minutes ago; not the one closed 8 days ago (alert.cap.recent 7 days), and
        // nothing of the other district
        assertThat(messages.keySet()).containsExactlyInAnyOrder(handRed.toString(), detectorUpdated.toString(),
                closedRecently.toString());

        Element red = messages.get(handRed.toString()).getDocumentElement();
        assertThat(text(red, CAP, "identifier")).isEqualTo("urn:frontline:alert:" + handRed + ":1");
        assertThat(text(red, CAP, "msgType")).isEqualTo("Alert");
        assertThat(text(red, CAP, "references")).isNull();
        assertThat(text(red, CAP, "status")).isEqualTo("Actual");
        assertThat(text(red, CAP, "scope")).isEqualTo("Restricted");
        assertThat(text(red, CAP, "restriction")).isNotBlank();
        assertThat(text(red, CAP, "sent")).matches(CAP_TIME).endsWith("+08:00");
        assertThat(text(red, CAP, "severity")).isEqualTo("Extreme");
        assertThat(text(red, CAP, "urgency")).isEqualTo("Immediate");
        assertThat(text(red, CAP, "certainty")).isEqualTo("Observed"); // raised by hand
        assertThat(text(red, CAP, "responseType")).isEqualTo("Prepare");
        assertThat(children(red, CAP, "info")).hasSize(2);
        assertThat(children(red, CAP, "info").stream().map(i -> text(i, CAP, "language")))
                .containsExactly("en-US", "zh-CN");
        Element area = (Element) red.getElementsByTagNameNS(CAP, "area").item(0);
        List<Element> geocodes = children(area, CAP, "geocode");
        assertThat(text(geocodes.get(0), CAP, "valueName")).isEqualTo("GB/T 2260");
        assertThat(text(geocodes.get(0), CAP, "value")).isEqualTo("310105");
        assertThat(text(geocodes.get(1), CAP, "value")).isEqualTo("310105965001");
        assertThat(text(red, CAP, "web")).endsWith("/api/v1/alerts/" + handRed);
        // no person in the message
        StringWriter all = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(red), new StreamResult(all));
        assertThat(all.toString()).doesNotContain("zhou");

        Element updated = messages.get(detectorUpdated.toString()).getDocumentElement();
        String first = text(updated, CAP, "identifier").replaceAll(":2$", ":1");
        assertThat(text(updated, CAP, "identifier")).isEqualTo("urn:frontline:alert:" + detectorUpdated + ":2");
        assertThat(text(updated, CAP, "msgType")).isEqualTo("Update");
        // references: sender,identifier,sent of the first message
        assertThat(text(updated, CAP, "references"))
                .matches("frontline\\.alert-service," + first.replace(".", "\\.") + "," + CAP_TIME);
        assertThat(text(updated, CAP, "severity")).isEqualTo("Severe"); // now ORANGE
        assertThat(text(updated, CAP, "certainty")).isEqualTo("Likely"); // a detector fired
        assertThat(text(updated, CAP, "description")).contains("Observed 12 against a threshold of 4.2");
        Map<String, String> parameters = new HashMap<>();
        Element info = children(updated, CAP, "info").get(0);
        for (Element p : children(info, CAP, "parameter")) {
            parameters.put(text(p, CAP, "valueName"), text(p, CAP, "value"));
        }
        assertThat(parameters).containsEntry("signal", "fever-screenings").containsEntry("detector", "ears-c2")
                .containsEntry("detectorVersion", "3").containsEntry("level", "ORANGE")
                .containsEntry("status", "OPEN");

        Element closed = messages.get(closedRecently.toString()).getDocumentElement();
        assertThat(text(closed, CAP, "msgType")).isEqualTo("Update");
        assertThat(text(closed, CAP, "responseType")).isEqualTo("AllClear");
        assertThat(text(closed, CAP, "urgency")).isEqualTo("Past");
        assertThat(text(closed, CAP, "severity")).isEqualTo("Minor");
    }

    /**
     * The rules of the CAP 1.2 specification the schema cannot check: identifier and sender contain no space, comma,
     * "<" or "&"; references is present exactly when msgType is Update or Cancel, as space-separated
     * "sender,identifier,sent" entries; sent has whole seconds and an offset (no "Z", no fraction).
     */
    static void proseRules(Element alert) {
        String identifier = text(alert, CAP, "identifier");
        String sender = text(alert, CAP, "sender");
        assertThat(identifier).isNotBlank().doesNotContain(" ", ",", "<", "&");
        assertThat(sender).isNotBlank().doesNotContain(" ", ",", "<", "&");
        assertThat(text(alert, CAP, "sent")).matches(CAP_TIME);
        String msgType = text(alert, CAP, "msgType");
        List<Element> references = children(alert, CAP, "references");
        if (msgType.equals("Update") || msgType.equals("Cancel")) {
            assertThat(references).as("references of an " + msgType).hasSize(1);
            for (String entry : references.get(0).getTextContent().split(" ")) {
                String[] parts = entry.split(",");
                assertThat(parts).as(entry).hasSize(3);
                assertThat(parts[0]).isEqualTo(sender);
                assertThat(parts[1]).isNotBlank().doesNotContain("<", "&").isNotEqualTo(identifier);
                assertThat(parts[2]).matches(CAP_TIME);
            }
        } else {
            assertThat(references).as("references of an " + msgType).isEmpty();
        }
    }

    @Test
    void textsWithCharactersXmlForbidsStayWellFormedAndValid() throws Exception {
        String atom = feed(MACHINE, "310105975");
        Document feed = parse(atom); // throws if not well-formed
        List<Element> entries = children(feed.getDocumentElement(), ATOM, "entry");
        assertThat(entries).hasSize(1);
        assertThat(text(entries.get(0), ATOM, "title")).isEqualTo("ORANGE Fevers\uFFFD in\uFFFD block\uFFFD 9\uFFFD\uFFFD");
        String xml = capOf(MACHINE, "/api/v1/cap/alerts/" + illegalCharacters + ".xml");
        validate(xml);
        Element alert = parse(xml).getDocumentElement();
        proseRules(alert);
        assertThat(text(alert, CAP, "headline")).isEqualTo("Fevers\uFFFD in\uFFFD block\uFFFD 9\uFFFD\uFFFD");
        // (the description is stripped first, and U+001F counts as whitespace, so the trailing one is gone)
        assertThat(text(alert, CAP, "description")).startsWith("Seen by\uFFFD the clinic Level ORANGE");
        assertThat(xml).doesNotContain("&#1;", "&#x1;", "\u0001", "\uFFFE");
    }

    @Test
    void theFeedAndMessagesAreScoped() throws Exception {
        // a community worker sees only their community's alerts
        String worker = TestTokens.token("wang", "community-worker", "310105965001");
        Document feed = parse(feed(worker, null));
        List<Element> entries = children(feed.getDocumentElement(), ATOM, "entry");
        assertThat(entries).isNotEmpty();
        for (Element e : entries) {
            assertThat(text(e, ATOM, "summary")).startsWith("310105965001:");
        }
        // the officer's whole feed: every entry in the district
        for (Element e : children(parse(feed(OFFICER, null)).getDocumentElement(), ATOM, "entry")) {
            assertThat(text(e, ATOM, "summary")).startsWith("310105");
        }
        given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts/" + otherDistrict + ".xml")
                .then().statusCode(403);
        given().auth().oauth2(worker).when().get("/api/v1/cap/alerts/" + detectorUpdated + ".xml")
                .then().statusCode(403);
        given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts.atom?area=310106").then().statusCode(403);
        given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts.atom?area=31x").then().statusCode(400);
        given().auth().oauth2(OFFICER).when().get("/api/v1/cap/alerts/" + UUID.randomUUID() + ".xml")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.token("li", "volunteer", "310105")).when().get("/api/v1/cap/alerts.atom")
                .then().statusCode(403);
    }

    @Test
    void theSchemaRejectsAMessageWithoutARequiredElement() throws Exception {
        String xml = capOf(MACHINE, "/api/v1/cap/alerts/" + handRed + ".xml");
        validate(xml); // as emitted: valid

        Document noIdentifier = parse(xml);
        Node identifier = noIdentifier.getElementsByTagNameNS(CAP, "identifier").item(0);
        identifier.getParentNode().removeChild(identifier);
        assertThatThrownBy(() -> schema.newValidator().validate(new DOMSource(noIdentifier)))
                .isInstanceOf(SAXException.class).hasMessageContaining("identifier");

        Document noUrgency = parse(xml);
        Node urgency = noUrgency.getElementsByTagNameNS(CAP, "urgency").item(0);
        urgency.getParentNode().removeChild(urgency);
        assertThatThrownBy(() -> schema.newValidator().validate(new DOMSource(noUrgency)))
                .isInstanceOf(SAXException.class).hasMessageContaining("urgency");

        // and a time with fractional seconds, which CAP forbids
        String fractional = xml.replaceFirst("(<sent>[^<]*?)(\\+08:00</sent>)", "$1.5$2");
        assertThat(fractional).isNotEqualTo(xml);
        assertThatThrownBy(() -> validate(fractional)).isInstanceOf(SAXException.class);
    }
}
