package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Requisitions and transfers end to end: the state machine (every legal path, every illegal transition a 409 that
 * changes nothing), decisions and their events, the depot's availability, dispatch → receipt moving stock FEFO with
 * the shortage kept, races with one winner, and area scope on every read and write. District 320583 is this
 * class's own; 320589 is "another district".
 */
@QuarkusTest
@FrontlineTest
class RequisitionFlowTests {

    static final String DISTRICT = "320583";
    static final String OTHER_DISTRICT = "320589";
    static final String OFFICER = TestTokens.token("wang", "district-officer", DISTRICT);
    static final String OTHER_OFFICER = TestTokens.token("li", "district-officer", OTHER_DISTRICT);
    static final String CITY = "3205";
    static final String CITY_COORDINATOR = TestTokens.token("zhao", "coordinator", CITY);
    static final String N95 = "n95-respirator";
    static final String GOWN = "isolation-gown";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SupplyFixture fixture;

    record Store(String community, UUID id, String worker) {
    }

    Store store(String district) {
        String community = SupplyFixture.community(district);
        return new Store(community, fixture.site(community, StockSite.Kind.COMMUNITY_STORE),
                TestTokens.token("worker-" + community, "community-worker", community));
    }

    UUID depot() {
        return fixture.site(DISTRICT, StockSite.Kind.DISTRICT_DEPOT);
    }

    static Map<String, Object> line(String item, long requested) {
        return Map.of("itemCode", item, "requested", requested);
    }

    static Map<String, Object> approve(String item, long approved) {
        return Map.of("itemCode", item, "approved", approved);
    }

    static String submit(Store s, UUID depot, List<Map<String, Object>> lines) {
        return given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", depot, "lines", lines, "note", "for the screeners"))
                .when().post("/api/v1/requisitions").then().statusCode(201)
                .body("status", org.hamcrest.Matchers.equalTo("SUBMITTED")).extract().path("id");
    }

    static io.restassured.response.ValidatableResponse decide(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/requisitions/" + id + "/decision").then();
    }

    static io.restassured.response.ValidatableResponse act(String token, String id, String action) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/requisitions/" + id + "/" + action).then();
    }

    static io.restassured.response.ValidatableResponse receipt(String token, String transferId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/transfers/" + transferId + "/receipt").then();
    }

    static JsonPath get(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/requisitions/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    static JsonNode data(ConsumerRecord<String, String> r) {
        try {
            JsonNode node = JSON.readTree(r.value());
            return node.has("data") ? node.get("data") : node;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<ConsumerRecord<String, String>> events(String type, String id, int count) {
        return TopicReader.awaitExactly("supplies.events",
                TopicReader.type("frontline.supplies." + type + ".v1").and(r -> r.value().contains(id)), count,
                Duration.ofSeconds(60));
    }

    @Test
    void wholePartialAndRefusedDecisionsAreAnnouncedWithTheirLines() {
        UUID depot = depot();
        fixture.receive(depot, N95, "N-" + depot, LocalDate.now().plusDays(300), 500);
        fixture.receive(depot, GOWN, "G-" + depot, null, 500);
        Store s = store(DISTRICT);

        String whole = submit(s, depot, List.of(line(N95, 40), line(GOWN, 10)));
        var submitted = events("RequisitionSubmitted", whole, 1);
        assertThat(submitted.get(0).key()).isEqualTo(s.community());
        assertThat(data(submitted.get(0)).get("lines")).hasSize(2);
        JsonPath view = get(s.worker(), whole);
        assertThat(view.getList("history.status", String.class)).containsExactly("SUBMITTED");
        assertThat(view.getString("communityCode")).isEqualTo(s.community());

        decide(OFFICER, whole, Map.of("lines", List.of(approve(N95, 40), approve(GOWN, 10)))).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("APPROVED"));
        String partial = submit(s, depot, List.of(line(N95, 30), line(GOWN, 10)));
        decide(OFFICER, partial, Map.of("lines", List.of(approve(N95, 20), approve(GOWN, 0)), "note", "gowns short"))
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("PARTIALLY_APPROVED"));
        String refused = submit(s, depot, List.of(line(N95, 5)));
        decide(OFFICER, refused, Map.of("refuse", true, "note", "ask the city")).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REFUSED"));
        String zero = submit(s, depot, List.of(line(N95, 5), line(GOWN, 5)));
        decide(OFFICER, zero, Map.of("lines", List.of(approve(N95, 0), approve(GOWN, 0)))).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REFUSED"));

        assertThat(data(events("RequisitionDecided", whole, 1).get(0)).get("decision").asText()).isEqualTo("APPROVED");
        JsonNode p = data(events("RequisitionDecided", partial, 1).get(0));
        assertThat(p.get("decision").asText()).isEqualTo("PARTIALLY_APPROVED");
        assertThat(p.get("lines").toString()).contains("\"approved\":20").contains("\"approved\":0");
        assertThat(data(events("RequisitionDecided", refused, 1).get(0)).get("decision").asText()).isEqualTo("REFUSED");
        assertThat(data(events("RequisitionDecided", zero, 1).get(0)).get("decision").asText()).isEqualTo("REFUSED");
        JsonPath pv = get(OFFICER, partial);
        assertThat(pv.getList("lines.approved", Long.class)).containsExactly(0L, 20L); // gown, n95 by item code
        assertThat(pv.getString("decisionNote")).isEqualTo("gowns short");
        assertThat(pv.getList("history.status", String.class)).containsExactly("SUBMITTED", "PARTIALLY_APPROVED");

        // bad decisions: 400, nothing written
        String open = submit(s, depot, List.of(line(N95, 10)));
        decide(OFFICER, open, Map.of("lines", List.of(approve(N95, 11)))).statusCode(400)
                .contentType("application/problem+json");
        decide(OFFICER, open, Map.of("lines", List.of(approve(GOWN, 1)))).statusCode(400);
        decide(OFFICER, open, Map.of("lines", List.of(approve(N95, 1), approve(N95, 1)))).statusCode(400);
        assertThat(get(OFFICER, open).getString("status")).isEqualTo("SUBMITTED");
        assertThat(fixture.history(UUID.fromString(open))).isEqualTo(1);
    }

    @Test
    void bad_submissions_are_refused_and_write_nothing() {
        UUID depot = depot();
        Store s = store(DISTRICT);
        UUID foreignDepot = fixture.site(OTHER_DISTRICT, StockSite.Kind.DISTRICT_DEPOT);
        // a depot of another district and an id that is no site at all: the same 409, nothing about the site
        JsonPath foreign = given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", foreignDepot, "lines", List.of(line(N95, 1))))
                .when().post("/api/v1/requisitions").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("is not one of them")).extract().jsonPath();
        UUID nowhere = UUID.randomUUID();
        JsonPath unknown = given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", nowhere, "lines", List.of(line(N95, 1))))
                .when().post("/api/v1/requisitions").then().statusCode(409).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(unknown.getString("type")).isEqualTo(foreign.getString("type"));
        assertThat(unknown.getString("title")).isEqualTo(foreign.getString("title"));
        assertThat(unknown.getString("detail").replace(nowhere.toString(), "ID"))
                .isEqualTo(foreign.getString("detail").replace(foreignDepot.toString(), "ID"));
        assertThat(foreign.getString("detail")).doesNotContain(OTHER_DISTRICT).doesNotContain("DEPOT");
        // a store as the "depot"
        Store neighbour = store(DISTRICT);
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", neighbour.id(), "lines", List.of(line(N95, 1))))
                .when().post("/api/v1/requisitions").then().statusCode(409);
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", depot, "lines", List.of(line(N95, 1), line(N95, 2))))
                .when().post("/api/v1/requisitions").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("appears twice"));
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", depot, "lines", List.of(line("no-such-item", 1))))
                .when().post("/api/v1/requisitions").then().statusCode(400);
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", s.id(), "depotId", depot, "lines", List.of(line(N95, 0))))
                .when().post("/api/v1/requisitions").then().statusCode(400);
        // the neighbour's store is outside this worker's area: answered like a missing one
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                .body(Map.of("siteId", neighbour.id(), "depotId", depot, "lines", List.of(line(N95, 1))))
                .when().post("/api/v1/requisitions").then().statusCode(404);
        assertThat(fixture.writes(s.id())[0]).isZero();
        assertThat(fixture.writes(neighbour.id())[0]).isZero();
        assertThat(fixture.writes(depot)[0]).isZero();
    }

    @Test
    void approvingMoreThanTheDepotCanShipIs409NamingTheItem() {
        UUID depot = depot();
        fixture.receive(depot, N95, "A-" + depot, LocalDate.now().plusDays(300), 100);
        Store a = store(DISTRICT);
        Store b = store(DISTRICT);
        String first = submit(a, depot, List.of(line(N95, 80)));
        String second = submit(b, depot, List.of(line(N95, 50)));
        decide(OFFICER, first, Map.of("lines", List.of(approve(N95, 80)))).statusCode(200);
        // 100 on hand − 80 approved, not dispatched = 20 available
        decide(OFFICER, second, Map.of("lines", List.of(approve(N95, 30)))).statusCode(409)
                .contentType("application/problem+json")
                .body("itemCode", org.hamcrest.Matchers.equalTo(N95))
                .body("available", org.hamcrest.Matchers.equalTo(20))
                .body("detail", org.hamcrest.Matchers.containsString("Only 20 of n95-respirator"));
        JsonPath unchanged = get(OFFICER, second);
        assertThat(unchanged.getString("status")).isEqualTo("SUBMITTED");
        assertThat(unchanged.getList("lines.approved")).containsExactly((Object) null);
        assertThat(unchanged.getList("history")).hasSize(1);
        decide(OFFICER, second, Map.of("lines", List.of(approve(N95, 20)))).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PARTIALLY_APPROVED"));
        // once the first is dispatched its 80 have left the depot: still 0 more available
        act(OFFICER, first, "dispatch").statusCode(200);
        String third = submit(a, depot, List.of(line(N95, 1)));
        decide(OFFICER, third, Map.of("lines", List.of(approve(N95, 1)))).statusCode(409)
                .body("available", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void everyIllegalTransitionIs409AndChangesNothing() {
        UUID depot = depot();
        fixture.receive(depot, N95, "I-" + depot, LocalDate.now().plusDays(300), 1000);
        Store s = store(DISTRICT);

        String submitted = submit(s, depot, List.of(line(N95, 10)));
        refused(submitted, "SUBMITTED", List.of("dispatch"));

        String approved = submit(s, depot, List.of(line(N95, 10)));
        decide(OFFICER, approved, Map.of("lines", List.of(approve(N95, 10)))).statusCode(200);
        refused(approved, "APPROVED", List.of("decision", "cancel"));

        String refusedOne = submit(s, depot, List.of(line(N95, 10)));
        decide(OFFICER, refusedOne, Map.of("refuse", true)).statusCode(200);
        refused(refusedOne, "REFUSED", List.of("decision", "cancel", "dispatch"));

        String cancelled = submit(s, depot, List.of(line(N95, 10)));
        act(s.worker(), cancelled, "cancel").statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CANCELLED"));
        refused(cancelled, "CANCELLED", List.of("decision", "cancel", "dispatch"));

        String dispatched = submit(s, depot, List.of(line(N95, 10)));
        decide(OFFICER, dispatched, Map.of("lines", List.of(approve(N95, 10)))).statusCode(200);
        String transfer = act(OFFICER, dispatched, "dispatch").statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DISPATCHED")).extract().path("transferId");
        refused(dispatched, "DISPATCHED", List.of("decision", "cancel", "dispatch"));

        receipt(s.worker(), transfer, Map.of()).statusCode(200).body("status", org.hamcrest.Matchers.equalTo("RECEIVED"));
        refused(dispatched, "RECEIVED", List.of("decision", "cancel", "dispatch"));
        long[] store = fixture.stock(s.id(), N95);
        receipt(s.worker(), transfer, Map.of()).statusCode(409).contentType("application/problem+json");
        assertThat(fixture.stock(s.id(), N95)).containsExactly(store);
        assertThat(get(s.worker(), dispatched).getList("history.status", String.class))
                .containsExactly("SUBMITTED", "APPROVED", "DISPATCHED", "RECEIVED");
    }

    /** Each action on a requisition in {@code status} is a 409 problem, and the requisition is as it was. */
    void refused(String id, String status, List<String> actions) {
        JsonPath before = get(OFFICER, id);
        for (String action : actions) {
            var body = action.equals("decision") ? Map.of("lines", List.of(approve(N95, 1))) : Map.of();
            String token = action.equals("cancel") ? TestTokens.token("wang", "district-officer", DISTRICT) : OFFICER;
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/requisitions/" + id + "/" + action).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("it is " + status));
        }
        JsonPath after = get(OFFICER, id);
        assertThat(after.getString("status")).isEqualTo(status);
        assertThat(after.getList("history")).isEqualTo(before.getList("history"));
        assertThat(after.getList("lines")).isEqualTo(before.getList("lines"));
    }

    @Test
    void dispatchAndReceiptMoveStockFirstExpiryFirstOutAndKeepTheShortage() {
        UUID depot = depot();
        LocalDate today = LocalDate.now();
        String early = "EARLY-" + depot;
        String late = "LATE-" + depot;
        String undated = "UNDATED-" + depot;
        fixture.receive(depot, N95, late, today.plusDays(200), 50);
        fixture.receive(depot, N95, early, today.plusDays(100), 30);
        fixture.receive(depot, N95, undated, null, 40);
        Store s = store(DISTRICT);
        String id = submit(s, depot, List.of(line(N95, 60)));
        decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 60)))).statusCode(200);
        String transferId = act(OFFICER, id, "dispatch").statusCode(200).extract().path("transferId");

        // FEFO: all 30 of the earliest lot, then 30 of the later one; the undated lot untouched
        assertThat(fixture.lots(depot, N95)).containsExactlyInAnyOrderEntriesOf(Map.of(early, 0L, late, 20L, undated, 40L));
        assertThat(fixture.stock(depot, N95)).containsExactly(120 - 60, 0);
        assertThat(fixture.stock(s.id(), N95)).containsExactly(0, 60); // on hand 0, in transit 60
        JsonPath t = given().auth().oauth2(s.worker()).when().get("/api/v1/transfers/" + transferId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(t.getString("status")).isEqualTo("DISPATCHED");
        assertThat(t.getString("requisitionId")).isEqualTo(id);
        assertThat(t.getList("lines.lotCode", String.class)).containsExactly(early, late);
        assertThat(t.getList("lines.dispatched", Long.class)).containsExactly(30L, 30L);
        assertThat(t.getList("lines.expiresOn", String.class))
                .containsExactly(today.plusDays(100).toString(), today.plusDays(200).toString());
        // the store's in transit rose without a posting there: one StockChanged, cause IN_TRANSIT
        JsonNode inTransit = data(inTransitEvents(s.id(), 1).get(0));
        assertThat(inTransit.get("inTransit").asLong()).isEqualTo(60);
        assertThat(inTransit.get("onHand").asLong()).isZero();
        JsonNode dispatched = data(events("TransferDispatched", transferId, 1).get(0));
        assertThat(dispatched.get("lines")).hasSize(2);
        assertThat(dispatched.get("requisitionId").asText()).isEqualTo(id);

        // more than dispatched: 400, nothing moves
        receipt(s.worker(), transferId, Map.of("lines", List.of(Map.of("itemCode", N95, "lotCode", late, "received", 31))))
                .statusCode(400).contentType("application/problem+json");
        assertThat(fixture.stock(s.id(), N95)).containsExactly(0, 60);

        // 2 of the later lot went missing; the early lot is left out = arrived as dispatched
        JsonPath received = receipt(s.worker(), transferId,
                Map.of("lines", List.of(Map.of("itemCode", N95, "lotCode", late, "received", 28))))
                .statusCode(200).extract().jsonPath();
        assertThat(received.getString("status")).isEqualTo("RECEIVED");
        assertThat(received.getList("lines.received", Long.class)).containsExactly(30L, 28L);
        assertThat(received.getList("lines.shortage", Long.class)).containsExactly(0L, 2L);
        assertThat(fixture.stock(s.id(), N95)).containsExactly(58, 0); // 30 + 28 on hand, nothing in transit
        assertThat(fixture.lots(s.id(), N95)).containsExactlyInAnyOrderEntriesOf(Map.of(early, 30L, late, 28L));
        assertThat(fixture.postingsOf(UUID.fromString(transferId))).containsExactly(4, -60 + 58); // 2 out, 2 in
        JsonNode r = data(events("TransferReceived", transferId, 1).get(0));
        assertThat(r.get("lines").toString()).contains("\"dispatched\":30,\"received\":28");
        assertThat(get(s.worker(), id).getString("status")).isEqualTo("RECEIVED");
        // the receipt posted at the store: its StockChanged (in transit 0) is the posting's, no IN_TRANSIT one more
        inTransitEvents(s.id(), 1);

        // a direct transfer beyond the depot's stock: 409 naming the shortfall, nothing written
        long[] writes = fixture.writes(depot);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("fromSiteId", depot, "toSiteId", s.id(), "lines", List.of(Map.of("itemCode", N95, "quantity", 61))))
                .when().post("/api/v1/transfers").then().statusCode(409).body("shortfall", org.hamcrest.Matchers.equalTo(1));
        assertThat(fixture.writes(depot)).containsExactly(writes);
        // and a direct transfer store → depot, by the store's worker, with a retry
        Map<String, Object> back = Map.of("fromSiteId", s.id(), "toSiteId", depot,
                "lines", List.of(Map.of("itemCode", N95, "quantity", 8)), "idempotencyKey", "back-" + transferId);
        String backId = given().auth().oauth2(s.worker()).contentType(ContentType.JSON).body(back)
                .when().post("/api/v1/transfers").then().statusCode(201).extract().path("id");
        given().auth().oauth2(s.worker()).contentType(ContentType.JSON).body(back)
                .when().post("/api/v1/transfers").then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(backId));
        assertThat(fixture.stock(s.id(), N95)).containsExactly(50, 0);
        assertThat(fixture.stock(depot, N95)).containsExactly(60, 8);
    }

    static List<ConsumerRecord<String, String>> inTransitEvents(UUID siteId, int count) {
        return TopicReader.awaitExactly("supplies.events", TopicReader.type("frontline.supplies.StockChanged.v1")
                .and(r -> r.value().contains(siteId.toString()) && r.value().contains("\"IN_TRANSIT\"")), count,
                Duration.ofSeconds(60));
    }

    static io.restassured.response.ValidatableResponse transfer(String token, UUID from, UUID to, Object lines) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("fromSiteId", from, "toSiteId", to, "lines", lines))
                .when().post("/api/v1/transfers").then();
    }

    static Map<String, Object> send(String item, long quantity) {
        return Map.of("itemCode", item, "quantity", quantity);
    }

    @Test
    void aMissingQuantityIsA400NeverAZeroAndALossIsAnnounced() {
        UUID depot = depot();
        fixture.receive(depot, N95, "Q-" + depot, LocalDate.now().plusDays(300), 500);
        Store s = store(DISTRICT);
        // requested missing or beyond the bound: 400, nothing written
        for (Object bad : List.of(Map.of("itemCode", N95), line(N95, 10_000_001))) {
            given().auth().oauth2(s.worker()).contentType(ContentType.JSON)
                    .body(Map.of("siteId", s.id(), "depotId", depot, "lines", List.of(bad)))
                    .when().post("/api/v1/requisitions").then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(fixture.writes(s.id())[0]).isZero();

        // a decision line without approved: 400 (not a refusal), the requisition untouched
        String id = submit(s, depot, List.of(line(N95, 10)));
        decide(OFFICER, id, Map.of("lines", List.of(Map.of("itemCode", N95)))).statusCode(400)
                .contentType("application/problem+json");
        assertThat(get(OFFICER, id).getString("status")).isEqualTo("SUBMITTED");
        assertThat(fixture.history(UUID.fromString(id))).isEqualTo(1);
        decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 10)))).statusCode(200);
        String transferId = act(OFFICER, id, "dispatch").statusCode(200).extract().path("transferId");
        String lot = "Q-" + depot;

        // a receipt line without received: 400, the transfer still DISPATCHED and nothing posted at the store
        receipt(s.worker(), transferId, Map.of("lines", List.of(Map.of("itemCode", N95, "lotCode", lot))))
                .statusCode(400).contentType("application/problem+json");
        assertThat(fixture.stock(s.id(), N95)).containsExactly(0, 10);
        given().auth().oauth2(s.worker()).when().get("/api/v1/transfers/" + transferId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DISPATCHED"));
        assertThat(fixture.postingsOf(UUID.fromString(transferId))).containsExactly(1, -10); // the dispatch only
        // a direct transfer line without quantity: 400, nothing written
        long[] writes = fixture.writes(depot);
        transfer(OFFICER, depot, s.id(), List.of(Map.of("itemCode", N95))).statusCode(400);
        transfer(OFFICER, depot, s.id(), List.of(send(N95, 10_000_001))).statusCode(400);
        assertThat(fixture.writes(depot)).containsExactly(writes);

        // everything lost, said explicitly: RECEIVED with the shortage; nothing posted at the store, so its
        // in-transit drop is announced on its own (IN_TRANSIT: one at dispatch with 10, one now with 0)
        receipt(s.worker(), transferId, Map.of("lines", List.of(Map.of("itemCode", N95, "lotCode", lot, "received", 0))))
                .statusCode(200).body("lines.shortage", org.hamcrest.Matchers.contains(10));
        assertThat(fixture.stock(s.id(), N95)).containsExactly(0, 0);
        var announced = inTransitEvents(s.id(), 2);
        assertThat(announced.stream().map(r -> data(r).get("inTransit").asLong()).toList())
                .containsExactlyInAnyOrder(10L, 0L);
    }

    @Test
    void transfersWithTheirLinesInReversedOrderNeverDeadlock() throws Exception {
        UUID depot = depot();
        fixture.receive(depot, N95, "D1-" + depot, LocalDate.now().plusDays(300), 10_000);
        fixture.receive(depot, GOWN, "D2-" + depot, null, 10_000);
        Store a = store(DISTRICT);
        Store b = store(DISTRICT);
        var forward = List.of(send(N95, 2), send(GOWN, 2));
        var backward = List.of(send(GOWN, 2), send(N95, 2));
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            List<Integer> codes = race(
                    () -> transfer(OFFICER, depot, a.id(), forward).extract().statusCode(),
                    () -> transfer(OFFICER, depot, b.id(), backward).extract().statusCode(),
                    () -> transfer(OFFICER, depot, a.id(), backward).extract().statusCode(),
                    () -> transfer(OFFICER, depot, b.id(), forward).extract().statusCode());
            assertThat(codes).as("round " + round).containsOnly(201);
        }
        // 5 rounds × 4 transfers × 2 units of each item left the depot; each store has 5 × 2 transfers × 2 in transit
        assertThat(fixture.stock(depot, N95)).containsExactly(10_000 - 5 * 4 * 2, 0);
        assertThat(fixture.stock(depot, GOWN)).containsExactly(10_000 - 5 * 4 * 2, 0);
        assertThat(fixture.stock(a.id(), N95)).containsExactly(0, 5 * 2 * 2);
        assertThat(fixture.stock(b.id(), GOWN)).containsExactly(0, 5 * 2 * 2);
    }

    @Test
    void aTransferGoesOnlyToYourAreaOrTheSourcesLineOfSupply() {
        UUID depot = depot();
        fixture.receive(depot, N95, "L-" + depot, LocalDate.now().plusDays(300), 100);
        UUID cityDepot = fixture.site(CITY, StockSite.Kind.CITY_DEPOT);
        Store s = store(DISTRICT);
        Store neighbour = store(DISTRICT);
        Store foreign = store(OTHER_DISTRICT);
        fixture.receive(s.id(), N95, "LS-" + s.id(), LocalDate.now().plusDays(300), 20);

        // a foreign store, a neighbour store the worker may not see, and no site at all: the same 404
        UUID nowhere = UUID.randomUUID();
        JsonPath unknown = transfer(s.worker(), s.id(), nowhere, List.of(send(N95, 1))).statusCode(404)
                .contentType("application/problem+json").extract().jsonPath();
        for (UUID to : List.of(foreign.id(), neighbour.id())) {
            JsonPath refused = transfer(s.worker(), s.id(), to, List.of(send(N95, 1))).statusCode(404)
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(refused.getString("title")).isEqualTo(unknown.getString("title"));
            assertThat(refused.getString("detail").replace(to.toString(), "ID"))
                    .isEqualTo(unknown.getString("detail").replace(nowhere.toString(), "ID"));
        }
        // the district officer: the depot to another district's store is refused alike
        transfer(OFFICER, depot, foreign.id(), List.of(send(N95, 1))).statusCode(404);
        assertThat(fixture.hasStock(foreign.id(), N95)).isFalse();
        assertThat(fixture.writes(foreign.id())).containsExactly(0, 0, 0);
        assertThat(fixture.hasStock(neighbour.id(), N95)).isFalse();
        assertThat(fixture.stock(s.id(), N95)).containsExactly(20, 0);
        assertThat(fixture.stock(depot, N95)).containsExactly(100, 0);

        // the line of supply: store → its depot and its city's depot (neither in the worker's area), depot → city
        // depot (outside the district officer's area), depot → a store of the district
        transfer(s.worker(), s.id(), depot, List.of(send(N95, 3))).statusCode(201);
        transfer(s.worker(), s.id(), cityDepot, List.of(send(N95, 2))).statusCode(201);
        transfer(OFFICER, depot, cityDepot, List.of(send(N95, 5))).statusCode(201);
        transfer(OFFICER, depot, neighbour.id(), List.of(send(N95, 4))).statusCode(201);
        assertThat(fixture.stock(s.id(), N95)).containsExactly(20 - 3 - 2, 0);
        assertThat(fixture.stock(cityDepot, N95)).containsExactly(0, 2 + 5);
        assertThat(fixture.stock(depot, N95)).containsExactly(100 - 5 - 4, 3);
        assertThat(fixture.stock(neighbour.id(), N95)).containsExactly(0, 4);
    }

    @Test
    void aDirectTransferFromADepotLeavesWhatIsApprovedForRequisitions() {
        UUID depot = depot();
        fixture.receive(depot, N95, "V-" + depot, LocalDate.now().plusDays(300), 100);
        Store s = store(DISTRICT);
        String id = submit(s, depot, List.of(line(N95, 70)));
        decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 70)))).statusCode(200);
        long[] writes = fixture.writes(depot);
        // 100 on hand − 70 approved, not yet dispatched = 30 free
        // an issue at the depot may not take the promised 70 either
        io.restassured.RestAssured.given().auth().oauth2(OFFICER).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("itemCode", N95, "quantity", 31)).when().post("/api/v1/sites/" + depot + "/issues")
                .then().statusCode(409).contentType("application/problem+json")
                .body("available", org.hamcrest.Matchers.equalTo(30))
                .body("reserved", org.hamcrest.Matchers.equalTo(70));
        assertThat(fixture.writes(depot)).containsExactly(writes);
        transfer(OFFICER, depot, s.id(), List.of(send(N95, 31))).statusCode(409)
                .contentType("application/problem+json")
                .body("itemCode", org.hamcrest.Matchers.equalTo(N95))
                .body("available", org.hamcrest.Matchers.equalTo(30))
                .body("reserved", org.hamcrest.Matchers.equalTo(70))
                .body("detail", org.hamcrest.Matchers.containsString("Only 30 of n95-respirator are free"));
        assertThat(fixture.writes(depot)).containsExactly(writes);
        assertThat(fixture.stock(depot, N95)).containsExactly(100, 0);
        transfer(OFFICER, depot, s.id(), List.of(send(N95, 30))).statusCode(201);
        // the approved 70 are still there to ship
        act(OFFICER, id, "dispatch").statusCode(200).body("status", org.hamcrest.Matchers.equalTo("DISPATCHED"));
        assertThat(fixture.stock(depot, N95)).containsExactly(0, 0);
        assertThat(fixture.stock(s.id(), N95)).containsExactly(0, 30 + 70);
    }

    @Test
    void anOfficerBelowTheDepotMayReadButNotDecide() {
        UUID cityDepot = fixture.site(CITY, StockSite.Kind.CITY_DEPOT);
        fixture.receive(cityDepot, N95, "C-" + cityDepot, LocalDate.now().plusDays(300), 100);
        Store s = store(DISTRICT);
        String id = submit(s, cityDepot, List.of(line(N95, 10)));
        get(OFFICER, id); // visible through the community
        decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 10)))).statusCode(403)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Only an officer of the depot's area"));
        act(OFFICER, id, "dispatch").statusCode(403);
        decide(OTHER_OFFICER, id, Map.of("refuse", true)).statusCode(404); // sees neither end
        assertThat(get(OFFICER, id).getString("status")).isEqualTo("SUBMITTED");
        assertThat(fixture.history(UUID.fromString(id))).isEqualTo(1);
        decide(CITY_COORDINATOR, id, Map.of("lines", List.of(approve(N95, 10)))).statusCode(200);
        act(OFFICER, id, "dispatch").statusCode(403);
        assertThat(get(OFFICER, id).getString("status")).isEqualTo("APPROVED");
        act(CITY_COORDINATOR, id, "dispatch").statusCode(200).body("status", org.hamcrest.Matchers.equalTo("DISPATCHED"));
    }

    @Test
    void badQueryValuesAre400NamingTheParameter() {
        for (String[] c : new String[][] {{"/api/v1/requisitions?status=LOST", "status"},
                {"/api/v1/requisitions?depotId=abc", "depotId"}, {"/api/v1/requisitions?depotId=1-2-3-4-5", "depotId"},
                {"/api/v1/transfers?status=LOST", "status"}}) {
            given().auth().oauth2(OFFICER).when().get(c[0]).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.contains(c[1]));
        }
        given().auth().oauth2(OFFICER).when().get("/api/v1/transfers?status=received").then().statusCode(200);
    }

    @Test
    void twoDecisionsOrTwoReceiptsAtOnceHaveExactlyOneWinner() throws Exception {
        UUID depot = depot();
        fixture.receive(depot, N95, "R-" + depot, LocalDate.now().plusDays(300), 1000);
        Store s = store(DISTRICT);
        for (int round = 0; round < 3; round++) {
            String id = submit(s, depot, List.of(line(N95, 10)));
            List<Integer> codes = race(
                    () -> decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 10)))).extract().statusCode(),
                    () -> decide(OFFICER, id, Map.of("lines", List.of(approve(N95, 4)))).extract().statusCode());
            assertThat(codes).containsExactlyInAnyOrder(200, 409);
            assertThat(fixture.history(UUID.fromString(id))).isEqualTo(2);
            events("RequisitionDecided", id, 1);

            String transfer = act(OFFICER, id, "dispatch").statusCode(200).extract().path("transferId");
            long dispatched = get(OFFICER, id).getLong("lines[0].approved");
            long[] before = fixture.stock(s.id(), N95);
            List<Integer> receipts = race(() -> receipt(s.worker(), transfer, Map.of()).extract().statusCode(),
                    () -> receipt(OFFICER, transfer, Map.of()).extract().statusCode());
            assertThat(receipts).containsExactlyInAnyOrder(200, 409);
            assertThat(fixture.stock(s.id(), N95)).containsExactly(before[0] + dispatched, before[1] - dispatched);
            events("TransferReceived", transfer, 1);
        }
    }

    @SafeVarargs
    static List<Integer> race(Callable<Integer>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> c : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<Integer> result = new ArrayList<>();
            for (Future<Integer> f : futures) {
                result.add(f.get());
            }
            return result;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void everyReadAndWriteStaysInTheCallersArea() {
        UUID depot = depot();
        fixture.receive(depot, N95, "S-" + depot, LocalDate.now().plusDays(300), 1000);
        Store mine = store(DISTRICT);
        Store neighbour = store(DISTRICT);
        String own = submit(mine, depot, List.of(line(N95, 5)));
        String theirs = submit(neighbour, depot, List.of(line(N95, 5)));
        decide(OFFICER, theirs, Map.of("lines", List.of(approve(N95, 5)))).statusCode(200);
        String theirTransfer = act(OFFICER, theirs, "dispatch").statusCode(200).extract().path("transferId");
        String ownToo = submit(mine, depot, List.of(line(N95, 6)));
        decide(OFFICER, ownToo, Map.of("lines", List.of(approve(N95, 6)))).statusCode(200);
        String ownTransfer = act(OFFICER, ownToo, "dispatch").statusCode(200).extract().path("transferId");

        // the worker's lists: every row is their store's (requisitions) or has their store at one end (transfers)
        JsonPath reqs = given().auth().oauth2(mine.worker()).when().get("/api/v1/requisitions?size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(reqs.getList("items.communityCode", String.class)).isNotEmpty().allMatch(mine.community()::equals);
        assertThat(reqs.getList("items.id", String.class)).contains(own, ownToo);
        JsonPath transfers = given().auth().oauth2(mine.worker()).when().get("/api/v1/transfers?size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(transfers.getList("items", Map.class)).isNotEmpty().allMatch(t ->
                t.get("fromArea").toString().startsWith(mine.community()) || t.get("toArea").toString().startsWith(mine.community()));
        assertThat(transfers.getList("items.id", String.class)).contains(ownTransfer);
        // the district officer's: every row in the district, both stores' rows among them
        JsonPath all = given().auth().oauth2(OFFICER).when().get("/api/v1/requisitions?size=500&depotId=" + depot)
                .then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.communityCode", String.class)).allMatch(c -> c.startsWith(DISTRICT));
        assertThat(all.getList("items.id", String.class)).containsExactlyInAnyOrder(own, theirs, ownToo);
        JsonPath submittedOnly = given().auth().oauth2(OFFICER)
                .when().get("/api/v1/requisitions?size=500&status=SUBMITTED&area=" + mine.community())
                .then().statusCode(200).extract().jsonPath();
        assertThat(submittedOnly.getList("items.id", String.class)).containsExactly(own);
        JsonPath officerTransfers = given().auth().oauth2(OFFICER).when().get("/api/v1/transfers?size=500&status=DISPATCHED")
                .then().statusCode(200).extract().jsonPath();
        assertThat(officerTransfers.getList("items", Map.class)).isNotEmpty().allMatch(t ->
                (t.get("fromArea").toString().startsWith(DISTRICT) || t.get("toArea").toString().startsWith(DISTRICT))
                        && t.get("status").equals("DISPATCHED"));
        // another district: nothing of ours in its lists
        JsonPath foreign = given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/transfers?size=500").then()
                .statusCode(200).extract().jsonPath();
        assertThat(foreign.getList("items", Map.class)).allMatch(t ->
                t.get("fromArea").toString().startsWith(OTHER_DISTRICT) || t.get("toArea").toString().startsWith(OTHER_DISTRICT));
        given().auth().oauth2(mine.worker()).when().get("/api/v1/requisitions?area=" + neighbour.community())
                .then().statusCode(403);

        // foreign ids: 404 on every read and write, nothing written
        long[] neighbourStock = fixture.stock(neighbour.id(), N95);
        given().auth().oauth2(mine.worker()).when().get("/api/v1/requisitions/" + theirs).then().statusCode(404);
        given().auth().oauth2(mine.worker()).when().get("/api/v1/transfers/" + theirTransfer).then().statusCode(404);
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/requisitions/" + own).then().statusCode(404);
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/transfers/" + ownTransfer).then().statusCode(404);
        act(mine.worker(), theirs, "cancel").statusCode(404);
        decide(OTHER_OFFICER, own, Map.of("refuse", true)).statusCode(404);
        act(OTHER_OFFICER, ownToo, "dispatch").statusCode(404);
        receipt(mine.worker(), theirTransfer, Map.of()).statusCode(404);
        receipt(OTHER_OFFICER, ownTransfer, Map.of()).statusCode(404);
        given().auth().oauth2(OTHER_OFFICER).contentType(ContentType.JSON)
                .body(Map.of("fromSiteId", depot, "toSiteId", mine.id(), "lines", List.of(Map.of("itemCode", N95, "quantity", 1))))
                .when().post("/api/v1/transfers").then().statusCode(404);
        // a community worker may not decide at all
        decide(mine.worker(), own, Map.of("refuse", true)).statusCode(403);
        assertThat(get(OFFICER, own).getString("status")).isEqualTo("SUBMITTED");
        assertThat(fixture.history(UUID.fromString(own))).isEqualTo(1);
        assertThat(fixture.stock(neighbour.id(), N95)).containsExactly(neighbourStock);
        assertThat(get(OFFICER, theirs).getString("status")).isEqualTo("DISPATCHED");
        assertThat(fixture.writes(depot)[1]).isEqualTo(2);
    }
}
