package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.supplies.service.ExpiryService;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Fair allocation on a case computed by hand, community profiles, and expiring lots (listed per area, announced
 * once per lot). District 320584 is this class's own.
 */
@QuarkusTest
@FrontlineTest
class AllocationAndExpiryTests {

    static final String DISTRICT = "320584";
    static final String OFFICER = TestTokens.token("sun", "district-officer", DISTRICT);
    static final String OTHER_OFFICER = TestTokens.token("he", "district-officer", "320585");
    static final String GLOVES = "nitrile-gloves";

    @Inject
    SupplyFixture fixture;
    @Inject
    ExpiryService expiry;
    @Inject
    TestClock clock;

    /** Submits (a second apart on the test clock, so the submission order is the proposal's order). */
    String submit(String community, UUID store, UUID depot, long requested) {
        clock.advance(Duration.ofSeconds(1));
        return given().auth().oauth2(TestTokens.token("w-" + community, "community-worker", community))
                .contentType(ContentType.JSON)
                .body(Map.of("siteId", store, "depotId", depot, "lines", List.of(Map.of("itemCode", GLOVES, "requested", requested))))
                .when().post("/api/v1/requisitions").then().statusCode(201).extract().path("id");
    }

    void population(String community, int population) {
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("population", population))
                .when().put("/api/v1/communities/" + community + "/profile").then().statusCode(200)
                .body("population", org.hamcrest.Matchers.equalTo(population));
    }

    /**
     * Available 500 of 900 requested; quarantineWeight 20 and minDays 7 (the defaults).
     * <pre>
     * A: population 1000, 0 in quarantine, 70 on hand at 10/day → cover 7   → weight 1000 × (1 + 0/7)   = 1000
     * B: population 2000, 5 in quarantine, out of stock         → cover 0   → weight 2100 × (1 + 7/7)   = 4200
     * C: population  500, 0 in quarantine, 35 on hand at 10/day → cover 3.5 → weight  500 × (1 + 3.5/7) =  750
     * Σ = 5950. Proportional: A 500×1000/5950 = 84.03, B 500×4200/5950 = 352.94 ≥ its 300 → capped at 300.
     * The 200 left between A and C (Σ 1750): A 200×1000/1750 = 114.29, C 200×750/1750 = 85.71 (neither capped).
     * Whole units: 114 + 300 + 85 = 499; the 1 left goes to the largest remainder (C .71) → A 114, B 300, C 86.
     * </pre>
     */
    @Test
    void aScarceItemIsSplitByNeedCappedAtEachRequest() {
        UUID depot = fixture.site(DISTRICT, StockSite.Kind.DISTRICT_DEPOT);
        fixture.receive(depot, GLOVES, "GL-" + depot, LocalDate.now().plusDays(400), 500);
        String a = SupplyFixture.community(DISTRICT);
        String b = SupplyFixture.community(DISTRICT);
        String c = SupplyFixture.community(DISTRICT);
        UUID storeA = fixture.site(a, StockSite.Kind.COMMUNITY_STORE);
        UUID storeB = fixture.site(b, StockSite.Kind.COMMUNITY_STORE);
        UUID storeC = fixture.site(c, StockSite.Kind.COMMUNITY_STORE);
        population(a, 1000);
        population(b, 2000);
        population(c, 500);
        fixture.quarantines(b, 5);
        fixture.receive(storeA, GLOVES, "A1", null, 70);
        fixture.rate(storeA, GLOVES, new BigDecimal("10"));
        fixture.receive(storeC, GLOVES, "C1", null, 35);
        fixture.rate(storeC, GLOVES, new BigDecimal("10"));
        String ra = submit(a, storeA, depot, 400);
        String rb = submit(b, storeB, depot, 300);
        String rc = submit(c, storeC, depot, 200);

        JsonPath p = given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + depot + "/allocation?itemCode=" + GLOVES)
                .then().statusCode(200).extract().jsonPath();
        assertThat(p.getLong("available")).isEqualTo(500);
        assertThat(p.getLong("requested")).isEqualTo(900);
        assertThat(p.getBoolean("scarce")).isTrue();
        assertThat(p.getList("shares.requisitionId", String.class)).containsExactly(ra, rb, rc);
        assertThat(p.getList("shares.weight", Float.class)).containsExactly(1000f, 4200f, 750f);
        assertThat(p.getList("shares.population", Long.class)).containsExactly(1000L, 2000L, 500L);
        assertThat(p.getList("shares.inQuarantine", Long.class)).containsExactly(0L, 5L, 0L);
        assertThat(p.getList("shares.proposed", Long.class)).containsExactly(114L, 300L, 86L);

        // the officer adjusts and approves through the decisions; the availability check keeps the total honest
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("lines", List.of(Map.of("itemCode", GLOVES, "approved", 300))))
                .when().post("/api/v1/requisitions/" + rb + "/decision").then().statusCode(200);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON)
                .body(Map.of("lines", List.of(Map.of("itemCode", GLOVES, "approved", 201))))
                .when().post("/api/v1/requisitions/" + ra + "/decision").then().statusCode(409)
                .body("available", org.hamcrest.Matchers.equalTo(200));
        // 200 left for A (400) and C (200): weights 1000 and 750 → 114.29 / 85.71 → 114 and 86 again
        JsonPath after = given().auth().oauth2(OFFICER).when()
                .get("/api/v1/sites/" + depot + "/allocation?itemCode=" + GLOVES).then().statusCode(200).extract().jsonPath();
        assertThat(after.getLong("reserved")).isEqualTo(300);
        assertThat(after.getList("shares.proposed", Long.class)).containsExactly(114L, 86L);

        // scope: another district's officer sees neither the depot's proposal nor writes our profiles
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/sites/" + depot + "/allocation?itemCode=" + GLOVES)
                .then().statusCode(404);
        // a community outside the area answers like an unknown one: 404, nothing written
        given().auth().oauth2(OTHER_OFFICER).contentType(ContentType.JSON).body(Map.of("population", 1))
                .when().put("/api/v1/communities/" + a + "/profile").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/communities/" + a + "/profile").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("w-" + a, "community-worker", a)).when()
                .get("/api/v1/communities/" + a + "/profile").then().statusCode(200)
                .body("population", org.hamcrest.Matchers.equalTo(1000));
        given().auth().oauth2(OFFICER).when().get("/api/v1/communities/" + b + "/profile").then().statusCode(200)
                .body("inQuarantine", org.hamcrest.Matchers.equalTo(5));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("population", -1))
                .when().put("/api/v1/communities/" + a + "/profile").then().statusCode(400);
    }

    /** Huge requests never overflow the total: it would have gone negative and given each its whole request. */
    @Test
    void hugeRequestsNeverOverflowTheSplit() {
        List<Long> requested = List.of(Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(org.frontline.supplies.allocation.FairAllocation.total(requested)).isEqualTo(Long.MAX_VALUE);
        // equal weights: 10 available → 5 and 5
        assertThat(org.frontline.supplies.allocation.FairAllocation.split(10, requested,
                List.of(BigDecimal.ONE, BigDecimal.ONE))).containsExactly(5L, 5L);
    }

    @Test
    void withoutProfilesTheSplitIsEvenAndEnoughStockProposesEveryRequest() {
        UUID depot = fixture.site(DISTRICT, StockSite.Kind.DISTRICT_DEPOT);
        fixture.receive(depot, GLOVES, "EV-" + depot, null, 10);
        String x = SupplyFixture.community(DISTRICT);
        String y = SupplyFixture.community(DISTRICT);
        UUID sx = fixture.site(x, StockSite.Kind.COMMUNITY_STORE);
        UUID sy = fixture.site(y, StockSite.Kind.COMMUNITY_STORE);
        submit(x, sx, depot, 9);
        submit(y, sy, depot, 6);
        // both weigh 0 → even: 5 and 5 of the 10 (each below its request)
        given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + depot + "/allocation?itemCode=" + GLOVES)
                .then().statusCode(200).body("shares.proposed", org.hamcrest.Matchers.contains(5, 5));
        fixture.receive(depot, GLOVES, "EV-" + depot, null, 5);
        given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + depot + "/allocation?itemCode=" + GLOVES)
                .then().statusCode(200).body("scarce", org.hamcrest.Matchers.equalTo(false))
                .body("shares.proposed", org.hamcrest.Matchers.contains(9, 6));
        given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + sx + "/allocation?itemCode=" + GLOVES)
                .then().statusCode(400);
    }

    @Test
    void expiringLotsAreListedPerAreaAndAnnouncedOncePerLot() {
        String community = SupplyFixture.community(DISTRICT);
        UUID store = fixture.site(community, StockSite.Kind.COMMUNITY_STORE);
        UUID depot = fixture.site(DISTRICT, StockSite.Kind.DISTRICT_DEPOT);
        LocalDate today = LocalDate.now(clock);
        String soon = "SOON-" + store;
        String later = "LATER-" + store;
        String gone = "GONE-" + store;
        String depotLot = "DEPOT-" + depot;
        fixture.receive(store, GLOVES, gone, today.plusDays(3), 10);
        fixture.receive(store, GLOVES, soon, today.plusDays(5), 10);
        fixture.receive(store, GLOVES, later, today.plusDays(45), 10);
        fixture.receive(depot, GLOVES, depotLot, today.plusDays(10), 10);
        fixture.issue(store, GLOVES, 10); // FEFO empties the lot expiring in 3 days: nothing left to list

        String worker = TestTokens.token("w-" + community, "community-worker", community);
        JsonPath mine = given().auth().oauth2(worker).when().get("/api/v1/lots/expiring").then().statusCode(200)
                .extract().jsonPath();
        assertThat(mine.getList("areaCode", String.class)).isNotEmpty().allMatch(community::equals);
        assertThat(mine.getList("lotCode", String.class)).containsExactly(soon); // default notice 30 days
        assertThat(mine.getList("daysLeft", Long.class)).containsExactly(5L);
        JsonPath wide = given().auth().oauth2(worker).when().get("/api/v1/lots/expiring?withinDays=60").then()
                .statusCode(200).extract().jsonPath();
        assertThat(wide.getList("lotCode", String.class)).containsExactly(soon, later);
        JsonPath district = given().auth().oauth2(OFFICER).when().get("/api/v1/lots/expiring?withinDays=60").then()
                .statusCode(200).extract().jsonPath();
        assertThat(district.getList("areaCode", String.class)).allMatch(a -> a.startsWith(DISTRICT));
        assertThat(district.getList("lotCode", String.class)).contains(soon, depotLot, later).doesNotContain(gone);
        List<String> dates = district.getList("expiresOn", String.class);
        assertThat(dates).isSorted();
        given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/lots/expiring?area=" + DISTRICT).then().statusCode(403);
        for (String bad : List.of("abc", "-1", "3651", "1.5")) {
            given().auth().oauth2(worker).when().get("/api/v1/lots/expiring?withinDays=" + bad).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.contains("withinDays"));
        }
        JsonPath other = given().auth().oauth2(OTHER_OFFICER).when().get("/api/v1/lots/expiring?withinDays=60").then()
                .statusCode(200).extract().jsonPath();
        assertThat(other.getList("areaCode", String.class)).allMatch(a -> a.startsWith("320585"));

        // the scan twice (as two replicas one after the other): one LotExpiring per lot
        expiry.scan();
        expiry.scan();
        var announced = TopicReader.awaitExactly("supplies.events",
                TopicReader.type("frontline.supplies.LotExpiring.v1").and(r -> r.value().contains(soon)), 1,
                Duration.ofSeconds(60));
        assertThat(announced.get(0).key()).isEqualTo(community);
        TopicReader.awaitExactly("supplies.events",
                TopicReader.type("frontline.supplies.LotExpiring.v1").and(r -> r.value().contains(depotLot)), 1,
                Duration.ofSeconds(60));
        assertThat(TopicReader.readAll("supplies.events").stream()
                .filter(r -> r.value().contains(later) || r.value().contains(gone))).isEmpty();

        // 20 days on, the later lot comes within the notice: announced once; the others not again
        clock.advance(Duration.ofDays(20));
        try {
            expiry.scan();
            expiry.scan();
            TopicReader.awaitExactly("supplies.events",
                    TopicReader.type("frontline.supplies.LotExpiring.v1").and(r -> r.value().contains(later)), 1,
                    Duration.ofSeconds(60));
            TopicReader.awaitExactly("supplies.events",
                    TopicReader.type("frontline.supplies.LotExpiring.v1").and(r -> r.value().contains(soon)), 1,
                    Duration.ofSeconds(10));
        } finally {
            clock.advance(Duration.ofDays(-20));
        }
    }
}
