package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.supplies.LedgerFixtures.adjust;
import static org.frontline.supplies.LedgerFixtures.issue;
import static org.frontline.supplies.LedgerFixtures.post;
import static org.frontline.supplies.LedgerFixtures.receive;
import static org.frontline.supplies.LedgerFixtures.site;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The item catalogue, the stock reads (a site, one item, the area, the ledger with its cursor), bad input and area
 * scope on every read and write path.
 */
@QuarkusTest
@FrontlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockReadTests {

    static final String STREET = LedgerFixtures.street();
    static final String MINE = STREET + "001";
    static final String NEIGHBOUR = STREET + "002";
    static final String FOREIGN = "310116" + STREET.substring(6) + "001";
    static final String KEEPER = TestTokens.token("reads-keeper", "community-worker", MINE);
    static final String OFFICER = TestTokens.token("reads-officer", "district-officer", "310115");
    static final String FOREIGN_OFFICER = TestTokens.token("reads-foreign", "district-officer", "310116");
    static final String COORDINATOR = TestTokens.token("reads-coordinator", "coordinator", "3101");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;

    String store;
    String neighbour;
    String depot;
    String foreignStore;

    /** Once per class (the HTTP port is known only once a test runs, not in @BeforeAll). */
    @BeforeEach
    void sites() {
        if (store != null) {
            return;
        }
        store = site(KEEPER, MINE, "COMMUNITY_STORE", "Reads store " + MINE);
        neighbour = site(OFFICER, NEIGHBOUR, "COMMUNITY_STORE", "Reads store " + NEIGHBOUR);
        depot = site(OFFICER, "310115", "DISTRICT_DEPOT", "Reads depot " + STREET);
        foreignStore = site(FOREIGN_OFFICER, FOREIGN, "COMMUNITY_STORE", "Reads store " + FOREIGN);
        LocalDate today = LocalDate.now(clock);
        receive(KEEPER, store, "n95-respirator", "N-1", today.plusDays(100), 100).statusCode(201);
        receive(KEEPER, store, "n95-respirator", "N-2", today.plusDays(50), 40).statusCode(201);
        receive(KEEPER, store, "surgical-mask", "S-1", null, 50).statusCode(201);
        issue(KEEPER, store, "n95-respirator", 10).statusCode(201);
        receive(OFFICER, neighbour, "nitrile-gloves", "G-1", today.plusDays(30), 30).statusCode(201);
        issue(OFFICER, neighbour, "nitrile-gloves", 30).statusCode(201); // a stock-out
        receive(OFFICER, depot, "n95-respirator", "D-1", today.plusDays(200), 1000).statusCode(201);
        receive(FOREIGN_OFFICER, foreignStore, "n95-respirator", "F-1", null, 10).statusCode(201);
    }

    // --- items -------------------------------------------------------------------------------------

    @Test
    void theCatalogueListsFiltersAndGrowsByACoordinator() {
        JsonPath all = given().auth().oauth2(KEEPER).when().get("/api/v1/items?size=500").then().statusCode(200)
                .extract().jsonPath();
        assertThat(all.getList("items.code", String.class)).contains("n95-respirator", "biohazard-bag");
        assertThat(all.getLong("total")).isGreaterThanOrEqualTo(12); // the 12 seeded items
        List<Boolean> critical = given().auth().oauth2(OFFICER).when().get("/api/v1/items?critical=true&size=500")
                .then().statusCode(200).extract().jsonPath().getList("items.critical", Boolean.class);
        assertThat(critical).isNotEmpty().allMatch(c -> c);
        assertThat(given().auth().oauth2(OFFICER).when().get("/api/v1/items?critical=false&size=500").then()
                .statusCode(200).extract().jsonPath().getList("items.code", String.class))
                .contains("goggles", "shoe-covers").doesNotContain("n95-respirator");
        given().auth().oauth2(OFFICER).when().get("/api/v1/items?critical=maybe").then().statusCode(400)
                .body("errors[0].field", equalTo("critical"));
        given().auth().oauth2(KEEPER).when().get("/api/v1/items/thermometer").then().statusCode(200)
                .body("unit", equalTo("piece")).body("critical", equalTo(true)).body("seeded", equalTo(true));
        given().auth().oauth2(KEEPER).when().get("/api/v1/items/no-such-item").then().statusCode(404);

        String code = "oximeter-" + ThreadLocalRandom.current().nextInt(100_000);
        Map<String, Object> body = Map.of("code", code, "name", "Pulse oximeter", "unit", "piece", "packSize", 1,
                "critical", true);
        given().auth().oauth2(KEEPER).contentType(ContentType.JSON).body(body).when().post("/api/v1/items").then()
                .statusCode(403);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(body).when().post("/api/v1/items")
                .then().statusCode(201).body("code", equalTo(code)).body("seeded", equalTo(false));
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(body).when().post("/api/v1/items")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(KEEPER).when().get("/api/v1/items/" + code).then().statusCode(200)
                .body("name", equalTo("Pulse oximeter"));
        // a code with capitals or spaces, and a pack of 0, are 400s naming the field; nothing is stored
        Map<String, Object> bad = new HashMap<>(body);
        bad.put("code", "Bad Code");
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(bad).when().post("/api/v1/items")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        bad.put("code", code + "-b");
        bad.put("packSize", 0);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(bad).when().post("/api/v1/items")
                .then().statusCode(400).body("errors[0].field", equalTo("packSize"));
        given().auth().oauth2(KEEPER).when().get("/api/v1/items/" + code + "-b").then().statusCode(404);
    }

    // --- stock at a site and in an area ------------------------------------------------------------

    @Test
    void aSiteShowsEveryItemItHoldsWithCoverAndLotsInIssueOrder() {
        JsonPath stock = given().auth().oauth2(KEEPER).when().get("/api/v1/sites/" + store + "/stock").then()
                .statusCode(200).extract().jsonPath();
        assertThat(stock.getList("itemCode", String.class)).containsExactly("n95-respirator", "surgical-mask");
        assertThat(stock.getList("siteId", String.class)).allMatch(store::equals);
        // 100 + 40 − 10 = 130; the issue took 10 of N-2 (expires first)
        assertThat(stock.getLong("[0].onHand")).isEqualTo(130);
        assertThat(stock.getList("[0].lots.lotCode", String.class)).containsExactly("N-2", "N-1");
        assertThat(stock.getList("[0].lots.onHand", Long.class)).containsExactly(30L, 100L);
        assertThat(stock.getString("[0].level")).isEqualTo("OK");
        assertThat(stock.getString("[0].minDays")).isNotNull();

        given().auth().oauth2(KEEPER).when().get("/api/v1/sites/" + store + "/stock/surgical-mask").then()
                .statusCode(200).body("onHand", equalTo(50)).body("lots[0].lotCode", equalTo("S-1"))
                .body("critical", equalTo(true)).body("unit", equalTo("piece"));
        // an item never held here, and an unknown one, are 404s
        given().auth().oauth2(KEEPER).when().get("/api/v1/sites/" + store + "/stock/goggles").then().statusCode(404);
        given().auth().oauth2(KEEPER).when().get("/api/v1/sites/" + store + "/stock/no-such-item").then()
                .statusCode(404);
    }

    @Test
    void theAreaListKeepsToTheCallersAreaAndSortsTheWorstFirst() {
        // a community worker: their store only
        List<Map<String, Object>> mine = rows(KEEPER, "/api/v1/stock?size=500");
        assertThat(mine).isNotEmpty().allSatisfy(r -> assertThat((String) r.get("areaCode")).startsWith(MINE));
        assertThat(mine).extracting(r -> r.get("siteId")).containsOnly(store);
        // a district officer: the district's depot and every store of the district, none of another district
        List<Map<String, Object>> district = rows(OFFICER, "/api/v1/stock?size=500");
        assertThat(district).isNotEmpty()
                .allSatisfy(r -> assertThat((String) r.get("areaCode")).startsWith("310115"));
        assertThat(district).extracting(r -> r.get("siteId")).contains(store, neighbour, depot)
                .doesNotContain(foreignStore);
        // a coordinator of the city sees the other district too
        assertThat(rows(COORDINATOR, "/api/v1/stock?size=500&area=310116")).isNotEmpty()
                .allSatisfy(r -> assertThat((String) r.get("areaCode")).startsWith("310116"));
        given().auth().oauth2(OFFICER).when().get("/api/v1/stock?area=310116").then().statusCode(403);

        // filters
        List<Map<String, Object>> n95 = rows(OFFICER, "/api/v1/stock?size=500&itemCode=n95-respirator&area=310115");
        assertThat(n95).isNotEmpty().allSatisfy(r -> assertThat(r.get("itemCode")).isEqualTo("n95-respirator"));
        assertThat(rows(OFFICER, "/api/v1/stock?size=500&critical=false&area=" + STREET)).isEmpty();
        List<Map<String, Object>> out = rows(OFFICER, "/api/v1/stock?size=500&level=STOCK_OUT");
        assertThat(out).extracting(r -> r.get("siteId")).contains(neighbour);
        assertThat(out).allSatisfy(r -> assertThat(r.get("level")).isEqualTo("STOCK_OUT"));

        // the worst first: the neighbour's stock-out (0 days) leads both orders in this street
        List<Map<String, Object>> byCover = rows(OFFICER, "/api/v1/stock?size=500&area=" + STREET);
        assertThat(byCover.get(0).get("siteId")).isEqualTo(neighbour);
        assertThat(byCover).hasSize(3);
        List<Map<String, Object>> byLevel = rows(OFFICER, "/api/v1/stock?size=500&sort=level&area=" + STREET);
        List<String> severity = List.of("STOCK_OUT", "EMERGENCY", "BELOW_MIN", "OK");
        List<Integer> ranks = byLevel.stream().map(r -> severity.indexOf((String) r.get("level"))).toList();
        assertThat(ranks).isSorted().first().isEqualTo(0);

        for (String bad : List.of("level=LOW", "critical=yes", "sort=name", "area=31x", "size=501", "itemCode=Bad")) {
            given().auth().oauth2(OFFICER).when().get("/api/v1/stock?" + bad).then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void foreignSitesAnswer404ForEveryReadAndWriteAndNothingIsWritten() {
        TestDatabase db = new TestDatabase(dataSource);
        long foreignPostings = postings(db, foreignStore);
        long neighbourPostings = postings(db, neighbour);
        // the keeper's neighbour store and the district's depot lie outside the keeper's community
        for (String site : List.of(neighbour, depot, foreignStore)) {
            for (String path : List.of("/stock", "/stock/n95-respirator", "/ledger")) {
                given().auth().oauth2(KEEPER).when().get("/api/v1/sites/" + site + path).then().statusCode(404);
            }
        }
        for (String path : List.of("/stock", "/stock/n95-respirator", "/ledger")) {
            given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + foreignStore + path).then().statusCode(404);
            // a missing id answers the same
            given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + UUID.randomUUID() + path).then()
                    .statusCode(404);
        }
        receive(OFFICER, foreignStore, "n95-respirator", "X-1", null, 5).statusCode(404);
        issue(OFFICER, foreignStore, "n95-respirator", 1).statusCode(404);
        adjust(OFFICER, foreignStore, "n95-respirator", "F-1", -1, "LOST").statusCode(404);
        receive(KEEPER, neighbour, "nitrile-gloves", "X-1", null, 5).statusCode(404);
        issue(KEEPER, neighbour, "nitrile-gloves", 1).statusCode(404);
        assertThat(postings(db, foreignStore)).isEqualTo(foreignPostings);
        assertThat(postings(db, neighbour)).isEqualTo(neighbourPostings);
        // the volunteer role has no part in supplies
        given().auth().oauth2(TestTokens.token("reads-volunteer", "volunteer", MINE)).when()
                .get("/api/v1/sites/" + store + "/stock").then().statusCode(403);
    }

    @Test
    void badPostingsAre400sNamingTheFieldAndWriteNothing() {
        TestDatabase db = new TestDatabase(dataSource);
        long before = postings(db, store);
        Map<String, Map<String, Object>> cases = Map.of(
                "itemCode", Map.of("itemCode", "no-such-item", "lotCode", "L", "quantity", 1),
                "lotCode", Map.of("itemCode", "goggles", "lotCode", "bad lot!", "quantity", 1),
                "quantity", Map.of("itemCode", "goggles", "lotCode", "L", "quantity", 10_000_001),
                "expiresOn", Map.of("itemCode", "goggles", "lotCode", "L", "quantity", 1, "expiresOn", "1999-12-31"));
        cases.forEach((field, body) -> post(KEEPER, store, "receipts", body).statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field)));
        post(KEEPER, store, "receipts", Map.of("itemCode", "goggles", "lotCode", "L", "quantity", 0)).statusCode(400)
                .body("errors[0].field", equalTo("quantity"));
        post(KEEPER, store, "receipts", Map.of("itemCode", "goggles", "lotCode", "x".repeat(61), "quantity", 1))
                .statusCode(400).body("errors[0].field", equalTo("lotCode"));
        post(KEEPER, store, "issues", Map.of("itemCode", "no-such-item", "quantity", 1)).statusCode(400)
                .body("errors[0].field", equalTo("itemCode"));
        post(KEEPER, store, "issues", Map.of("itemCode", "n95-respirator", "quantity", -3)).statusCode(400)
                .body("errors[0].field", equalTo("quantity"));
        post(KEEPER, store, "adjustments", Map.of("itemCode", "n95-respirator", "lotCode", "N-1", "quantity", 0,
                "reason", "CORRECTION")).statusCode(400).body("errors[0].field", equalTo("quantity"));
        post(KEEPER, store, "adjustments", Map.of("itemCode", "n95-respirator", "lotCode", "N-1", "quantity", -1,
                "reason", "STOLEN")).statusCode(400);
        post(KEEPER, store, "adjustments", Map.of("itemCode", "n95-respirator", "lotCode", "N-1", "quantity", 1))
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        // an existing lot received again with another expiry is a conflict
        receive(KEEPER, store, "n95-respirator", "N-1", LocalDate.now(clock).plusDays(7), 1).statusCode(409);
        assertThat(postings(db, store)).isEqualTo(before);
    }

    // --- the ledger ---------------------------------------------------------------------------------

    @Test
    void theLedgerPagesNewestFirstWithACursor() {
        // a street apart from the other tests' (whose area lists count rows)
        String street = LedgerFixtures.street();
        while (street.equals(STREET)) {
            street = LedgerFixtures.street();
        }
        String keeper = TestTokens.token("ledger-keeper", "community-worker", street + "003");
        String site = site(keeper, street + "003", "COMMUNITY_STORE", "Ledger store " + street);
        // the test clock stands still unless moved: a second between postings orders them by time
        receive(keeper, site, "disinfectant", "D-1", null, 20).statusCode(201);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(1));
            issue(keeper, site, "disinfectant", 1).statusCode(201);
        }
        clock.advance(Duration.ofSeconds(1));
        receive(keeper, site, "goggles", "G-1", null, 4).statusCode(201);
        // 1 + 6 + 1 = 8 postings in all, 7 of disinfectant

        List<Map<String, Object>> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath page = given().auth().oauth2(keeper).queryParam("size", 3)
                    .queryParams(after == null ? Map.of() : Map.of("after", after))
                    .when().get("/api/v1/sites/" + site + "/ledger").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items"));
            after = page.getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertThat(pages).isEqualTo(3); // 3 + 3 + 2
        assertThat(seen).hasSize(8);
        assertThat(new HashSet<>(seen.stream().map(r -> r.get("id")).toList())).hasSize(8);
        // newest first: the goggles receipt, then the issues with the balance rising back to the receipt
        assertThat(seen.get(0).get("itemCode")).isEqualTo("goggles");
        assertThat(seen.subList(1, 8)).extracting(r -> ((Number) r.get("stockBalance")).longValue())
                .containsExactly(14L, 15L, 16L, 17L, 18L, 19L, 20L);
        List<String> times = seen.stream().map(r -> (String) r.get("postedAt")).toList();
        assertThat(times.stream().map(java.time.OffsetDateTime::parse).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());

        List<String> kinds = given().auth().oauth2(keeper).when()
                .get("/api/v1/sites/" + site + "/ledger?itemCode=disinfectant&size=500").then().statusCode(200)
                .extract().jsonPath().getList("items.itemCode", String.class);
        assertThat(kinds).hasSize(7).containsOnly("disinfectant");
        assertThat(given().auth().oauth2(keeper).when()
                .get("/api/v1/sites/" + site + "/ledger?to=2001-01-01T00:00:00Z").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        assertThat(given().auth().oauth2(keeper).when()
                .get("/api/v1/sites/" + site + "/ledger?from=2001-01-01T00:00:00Z&size=500").then().statusCode(200)
                .extract().jsonPath().getList("items")).hasSize(8);

        for (String bad : List.of("after=not-a-cursor", "after=" + java.util.Base64.getUrlEncoder()
                .encodeToString("2026-01-01T00:00:00Z|nope".getBytes()), "from=yesterday", "to=1999-01-01T00:00:00Z",
                "size=0", "itemCode=Bad")) {
            given().auth().oauth2(keeper).when().get("/api/v1/sites/" + site + "/ledger?" + bad).then()
                    .statusCode(400).contentType("application/problem+json");
        }
    }

    private static List<Map<String, Object>> rows(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().jsonPath()
                .getList("items");
    }

    private static long postings(TestDatabase db, String siteId) {
        return db.count("select count(*) from ledger_posting where site_id = cast(? as uuid)", siteId);
    }
}
