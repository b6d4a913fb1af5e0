package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.supplies.service.CoverJob;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Consumption rate, days of cover, levels, the daily re-evaluation and the forecast from roster events, on the real
 * ledger, database and broker. Each test sets the city clock to days of its own and uses communities of its own
 * street (310104099).
 */
@QuarkusTest
@FrontlineTest
class CoverTests {

    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final String COORDINATOR = TestTokens.token("lin", "coordinator", "3101");
    static final String OFFICER = TestTokens.token("zhou", "district-officer", "310104");
    static final String FOREIGN_OFFICER = TestTokens.token("chen", "district-officer", "310105");
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestClock clock;
    @Inject
    CoverDriver driver;
    @Inject
    CoverJob job;

    void at(LocalDate day, int hour) {
        clock.set(ZonedDateTime.of(day.atTime(hour, 0), CITY).toInstant());
    }

    static UUID store(String community) {
        String id = given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "kind", "COMMUNITY_STORE", "name", "Store " + community))
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    static Map<String, Object> levels(double min, double max, double emergency) {
        return Map.of("minDays", min, "maxDays", max, "emergencyDays", emergency);
    }

    static JsonPath putLevels(String token, UUID site, String item, Map<String, Object> body, int status) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/sites/" + site + "/stock/" + item + "/levels")
                .then().statusCode(status).extract().jsonPath();
    }

    /** The StockLevelCrossed events of one stock, as "from→to", in order. */
    static List<String> crossings(UUID site, String item, int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.awaitExactly("supplies.events",
                TopicReader.type("frontline.supplies.StockLevelCrossed.v1")
                        .and(r -> r.value().contains(site.toString()) && r.value().contains("\"" + item + "\"")),
                expected, Duration.ofSeconds(60));
        return records.stream().map(r -> {
            JsonNode d = read(r.value());
            return d.get("from").asText() + "→" + d.get("to").asText();
        }).toList();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rateSkipsStockOutDaysAndDaysBeforeTheFirstPostingAndLevelsGiveCoverAndReorder() {
        String item = "disinfectant";
        UUID site = store("310104099001");
        LocalDate d0 = LocalDate.of(2026, 3, 1);
        at(d0, 10);
        driver.receive(site, item, "L1", LocalDate.of(2027, 12, 31), 100);
        at(d0.plusDays(1), 10);
        driver.issue(site, item, 10);
        at(d0.plusDays(2), 10);
        driver.issue(site, item, 20);
        // D3: nothing posted
        at(d0.plusDays(4), 10);
        driver.issue(site, item, 70); // runs out
        // D5: nothing posted, nothing on hand
        at(d0.plusDays(6), 10);
        driver.receive(site, item, "L2", LocalDate.of(2028, 1, 31), 50);
        at(d0.plusDays(7), 10);
        driver.issue(site, item, 5);
        at(d0.plusDays(8), 9);
        job.run();

        // window 14 days before D8 = Feb 22 … Mar 8 − 1; Feb 22–28 lie before the first posting: skipped.
        // Stock-out days skipped: D4 (ran out), D5 (empty all day), D6 (opened at 0). D0 opened at 0 too, but it is
        // the first day anything was posted: nothing could run out before it, so it counts.
        // Counted: D0 0, D1 10, D2 20, D3 0, D7 5 → rate = 35 / 5 = 7.000
        Stock stock = driver.stock(site, item);
        assertThat(stock.rate).isEqualByComparingTo("7.000");
        assertThat(stock.onHand).isEqualTo(45); // 100 − 10 − 20 − 70 + 50 − 5
        assertThat(driver.ledgerSum(site, item)).isEqualTo(45);

        // the series: per city day, days without postings filled, two days before the first posting
        JsonPath series = given().auth().oauth2(OFFICER)
                .when().get("/api/v1/sites/" + site + "/stock/" + item + "/consumption?from=2026-02-27&to=2026-03-09")
                .then().statusCode(200).extract().jsonPath();
        // Feb 27 … D8 (Mar 9, today): 11 days; D6 opened at 0 (a stock-out day, like D4 and D5); D0 is the first day
        assertThat(series.getString("to")).isEqualTo("2026-03-09");
        assertThat(series.getList("days.date", String.class)).hasSize(11).first().isEqualTo("2026-02-27");
        assertThat(series.getList("days.issued", Long.class)).containsExactly(0L, 0L, 0L, 10L, 20L, 0L, 70L, 0L, 0L, 5L, 0L);
        assertThat(series.getList("days.received", Long.class)).containsExactly(0L, 0L, 100L, 0L, 0L, 0L, 0L, 0L, 50L, 0L, 0L);
        assertThat(series.getList("days.closing", Long.class)).containsExactly(0L, 0L, 100L, 90L, 70L, 70L, 0L, 0L, 50L, 45L, 45L);
        assertThat(series.getList("days.stockOut", Boolean.class))
                .containsExactly(false, false, false, false, false, false, true, true, true, false, false);
        assertThat(series.getFloat("rate")).isEqualTo(7.0f);

        // bad ranges: 400, not 404 or 500
        for (String query : List.of("from=2026-03-05&to=2026-03-01", "from=2025-03-01&to=2026-03-09", "from=yesterday")) {
            given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + site + "/stock/" + item + "/consumption?" + query)
                    .then().statusCode(400).contentType("application/problem+json");
        }

        // levels 7 / 20 / 3 days with 30 in transit:
        driver.inTransit(site, item, 30);
        JsonPath view = putLevels(OFFICER, site, item, levels(7, 20, 3), 200);
        // days of cover = 45 / 7 = 6.42… → 6.4
        assertThat(view.getFloat("daysOfCover")).isEqualTo(6.4f);
        // 45 < 7 × 7 = 49 → BELOW_MIN; 45 ≥ 3 × 7 = 21 → not EMERGENCY
        assertThat(view.getString("level")).isEqualTo("BELOW_MIN");
        // reorder = ⌈20 × 7⌉ − 45 on hand − 30 in transit = 140 − 75 = 65
        assertThat(view.getLong("reorder")).isEqualTo(65);
        assertThat(view.getLong("inTransit")).isEqualTo(30);
        // FEFO took lot L1 first (10 + 20 + 70), so only L2 is left: 50 − 5
        assertThat(view.getList("lots.lotCode", String.class)).containsExactly("L2");
        assertThat(view.getList("lots.onHand", Long.class)).containsExactly(45L);

        // levels 5 / 20 / 2: 45 ≥ 5 × 7 = 35 → OK; the same levels again change nothing
        assertThat(putLevels(OFFICER, site, item, levels(5, 20, 2), 200).getString("level")).isEqualTo("OK");
        assertThat(putLevels(COORDINATOR, site, item, levels(5, 20, 2), 200).getString("level")).isEqualTo("OK");
        // each crossing once: D4 ran out, D6's receipt left 50 < 7 × 7.5 (rate of D0–D3: 30 / 4) = 52.5 (BELOW_MIN), the
        // new levels restored it
        assertThat(crossings(site, item, 3)).containsExactly("OK→STOCK_OUT", "STOCK_OUT→BELOW_MIN", "BELOW_MIN→OK");

        // invalid levels: 400, nothing changed
        for (Map<String, Object> bad : List.of(levels(5, 20, 0), levels(5, 4, 2), levels(5, 366, 2), levels(5, 20, 6),
                levels(5.25, 20, 2))) {
            putLevels(OFFICER, site, item, bad, 400);
        }
        assertThat(driver.stock(site, item).minDays).isEqualByComparingTo("5");

        // scope: outside the area a site is missing (404), a community worker may not set levels (403); nothing written
        putLevels(FOREIGN_OFFICER, site, item, levels(9, 20, 2), 404);
        putLevels(TestTokens.token("wu", "community-worker", "310104099001"), site, item, levels(9, 20, 2), 403);
        assertThat(driver.stock(site, item).minDays).isEqualByComparingTo("5");
        given().auth().oauth2(FOREIGN_OFFICER).when().get("/api/v1/sites/" + site + "/stock/" + item + "/consumption")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.token("wu", "community-worker", "310104099001"))
                .when().get("/api/v1/sites/" + site + "/stock/" + item + "/consumption").then().statusCode(200);
        given().auth().oauth2(TestTokens.token("qi", "community-worker", "310104099002"))
                .when().get("/api/v1/sites/" + site + "/stock/" + item + "/consumption").then().statusCode(404);
        putLevels(OFFICER, site, "no-such-item", levels(5, 20, 2), 404);
    }

    @Test
    void theDailyReevaluationAnnouncesACrossingWithoutAnyPostingOnce() {
        String item = "goggles";
        UUID site = store("310104099002");
        LocalDate d0 = LocalDate.of(2026, 4, 1);
        at(d0, 10);
        driver.receive(site, item, "G1", null, 100);
        at(d0.plusDays(1), 10);
        driver.issue(site, item, 40);
        at(d0.plusDays(2), 10);
        // rate = D1's 40 / 1 (D0 opened at 0: skipped) = 40; 20 left < 3 × 40 → EMERGENCY
        driver.issue(site, item, 40);
        assertThat(driver.stock(site, item).level).isEqualTo(Stock.Level.EMERGENCY);

        at(d0.plusDays(15), 9);
        job.run();
        // window D1 … D14: 40 + 40 over 14 days (D3 … D14 had no postings, 20 on hand: ordinary days)
        // = 80 / 14 = 5.714; 20 ≥ 3 × 5.714 = 17.14 (not EMERGENCY), 20 < 7 × 5.714 = 40.0 → BELOW_MIN
        Stock s15 = driver.stock(site, item);
        assertThat(s15.rate).isEqualByComparingTo("5.714");
        assertThat(s15.level).isEqualTo(Stock.Level.BELOW_MIN);

        at(d0.plusDays(16), 9);
        job.run();
        // window D2 … D15: 40 / 14 = 2.857; 20 ≥ 7 × 2.857 = 19.999 → OK
        Stock s16 = driver.stock(site, item);
        assertThat(s16.rate).isEqualByComparingTo("2.857");
        assertThat(s16.level).isEqualTo(Stock.Level.OK);
        // a second round the same day finds nothing to do
        assertThat(job.run()).isZero();
        assertThat(crossings(site, item, 3)).containsExactly("OK→EMERGENCY", "EMERGENCY→BELOW_MIN", "BELOW_MIN→OK");
    }

    static final String ROSTER = "roster.events";

    static void send(String topic, String id, String source, String type, String subject, String time, String data) {
        try (var producer = TestEvents.producer()) {
            producer.send(TestEvents.cloudEvent(topic, id, source, type, subject, time, data));
        }
    }

    static void shift(String eventId, String type, UUID shift, String community, String duty, String day,
            int required, String time) {
        String data = String.format("""
                {"shiftId":"%s","communityCode":"%s","dutyCode":"%s","startAt":"%sT08:00:00+08:00",
                 "endAt":"%sT16:00:00+08:00","required":%d,"assigned":0,"qualifiedAssigned":0}""",
                shift, community, duty, day, day, required);
        send(ROSTER, eventId, "/roster", "frontline.roster." + type + ".v1", community, time, data);
    }

    BigDecimal forecast(UUID site, String item) {
        Stock s = driver.stock(site, item);
        return s == null ? null : s.forecastRate;
    }

    void awaitForecast(UUID site, String item, String expected) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(forecast(site, item))
                .isNotNull().isEqualByComparingTo(expected));
    }

    @Test
    void plannedShiftsMakeTheStoresForecastAndNormsChangeIt() {
        String community = "310104099003";
        UUID site = store(community);
        at(LocalDate.of(2026, 5, 10), 9); // forecast window: May 10 00:00 … May 17 00:00 (7 days)
        driver.receive(site, "n95-respirator", "N1", LocalDate.of(2027, 5, 1), 15);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("perShift", 3))
                .when().put("/api/v1/usage-norms/cover-drill/n95-respirator").then().statusCode(201);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("perShift", 2))
                .when().put("/api/v1/usage-norms/cover-drill/surgical-mask").then().statusCode(201);
        given().auth().oauth2(TestTokens.token("wu", "community-worker", community)).contentType(ContentType.JSON)
                .body(Map.of("perShift", 9)).when().put("/api/v1/usage-norms/cover-drill/goggles").then().statusCode(403);
        List<String> norms = given().auth().oauth2(TestTokens.token("wu", "community-worker", community))
                .when().get("/api/v1/usage-norms").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.dutyCode == 'cover-drill' }.itemCode", String.class);
        assertThat(norms).containsExactly("n95-respirator", "surgical-mask");

        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        String e1 = UUID.randomUUID().toString();
        String t1 = "2026-05-10T09:00:00+08:00";
        shift(e1, "ShiftPublished", s1, community, "cover-drill", "2026-05-11", 4, t1);
        shift(UUID.randomUUID().toString(), "ShiftPublished", s2, community, "cover-drill", "2026-05-12", 2, t1);
        // outside the window (starts May 20): not counted
        shift(UUID.randomUUID().toString(), "ShiftPublished", UUID.randomUUID(), community, "cover-drill", "2026-05-20", 10, t1);
        shift(e1, "ShiftPublished", s1, community, "cover-drill", "2026-05-11", 4, t1); // the same event again
        // n95: (4 × 3 + 2 × 3) / 7 = 18 / 7 = 2.571; masks: (4 × 2 + 2 × 2) / 7 = 12 / 7 = 1.714
        awaitForecast(site, "n95-respirator", "2.571");
        awaitForecast(site, "surgical-mask", "1.714");
        // 15 < 7 × 2.571 = 18.0 → BELOW_MIN (15 ≥ 3 × 2.571 = 7.7); masks: none on hand, forecast before any issue
        assertThat(driver.stock(site, "n95-respirator").level).isEqualTo(Stock.Level.BELOW_MIN);
        assertThat(driver.stock(site, "surgical-mask").level).isEqualTo(Stock.Level.STOCK_OUT);

        // S2 cancelled (required 0): n95 = 12 / 7 = 1.714 → 15 ≥ 7 × 1.714 = 12.0 → OK; masks 8 / 7 = 1.143
        shift(UUID.randomUUID().toString(), "ShiftStaffingChanged", s2, community, "cover-drill", "2026-05-12", 0,
                "2026-05-10T09:30:00+08:00");
        awaitForecast(site, "n95-respirator", "1.714");
        awaitForecast(site, "surgical-mask", "1.143");
        assertThat(driver.stock(site, "n95-respirator").level).isEqualTo(Stock.Level.OK);
        // an older version of S2 arriving late changes nothing (the newest wins); a shift of a duty without norms
        // follows it on the same partition, so once that one is kept, the late one was seen
        shift(UUID.randomUUID().toString(), "ShiftPublished", s2, community, "cover-drill", "2026-05-12", 5,
                "2026-05-10T08:00:00+08:00");
        UUID marker = UUID.randomUUID();
        shift(UUID.randomUUID().toString(), "ShiftPublished", marker, community, "cover-idle", "2026-05-12", 1, t1);
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.plannedRequired(marker) != null);
        assertThat(driver.plannedRequired(s2)).isZero();
        assertThat(forecast(site, "n95-respirator")).isEqualByComparingTo("1.714");

        // a norm changes: n95 = 4 × 5 / 7 = 20 / 7 = 2.857 → 15 < 7 × 2.857 = 20.0 → BELOW_MIN; the mask norm goes: 0
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON).body(Map.of("perShift", 5))
                .when().put("/api/v1/usage-norms/cover-drill/n95-respirator").then().statusCode(200);
        given().auth().oauth2(COORDINATOR).when().delete("/api/v1/usage-norms/cover-drill/surgical-mask")
                .then().statusCode(204);
        given().auth().oauth2(COORDINATOR).when().delete("/api/v1/usage-norms/cover-drill/surgical-mask")
                .then().statusCode(404);
        assertThat(forecast(site, "n95-respirator")).isEqualByComparingTo("2.857");
        assertThat(driver.stock(site, "n95-respirator").level).isEqualTo(Stock.Level.BELOW_MIN);
        assertThat(forecast(site, "surgical-mask")).isEqualByComparingTo("0");

        // a community without a store keeps its shifts; its store, once registered, has the forecast at once:
        // 7 × 5 / 7 = 5.000 n95 a day
        String later = "310104099004";
        UUID s5 = UUID.randomUUID();
        shift(UUID.randomUUID().toString(), "ShiftPublished", s5, later, "cover-drill", "2026-05-11", 7, t1);
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.plannedRequired(s5) != null);
        UUID laterStore = store(later);
        assertThat(forecast(laterStore, "n95-respirator")).isEqualByComparingTo("5.000");

        // the window moves: on May 13 every shift of the community has left it (S1 May 11, S2 and the idle marker
        // May 12; the May 20 one not yet in). The store posts before the job runs (its rate is then of today), yet
        // the job re-applies its forecast (forecast_on was May 10): n95 forecast 0 → 14 on hand, nothing used: OK
        at(LocalDate.of(2026, 5, 13), 9);
        driver.issue(site, "n95-respirator", 1);
        assertThat(forecast(site, "n95-respirator")).isEqualByComparingTo("2.857"); // still yesterday's
        job.run();
        assertThat(forecast(site, "n95-respirator")).isEqualByComparingTo("0");
        assertThat(driver.stock(site, "n95-respirator").level).isEqualTo(Stock.Level.OK);
        assertThat(driver.number("select count(*) from stock_site where id = ?1 and forecast_on = ?2", site,
                LocalDate.of(2026, 5, 13))).isEqualTo(1L);
        // and the later store's forecast (S5, May 11) fell to 0 as well, though nothing was posted there
        assertThat(forecast(laterStore, "n95-respirator")).isEqualByComparingTo("0");
    }

    @Test
    void quarantinesOfScreeningAreKeptPerCommunity() {
        String community = "310104099005";
        UUID q1 = UUID.randomUUID();
        UUID q2 = UUID.randomUUID();
        String started = "{\"quarantineId\":\"%s\",\"residentId\":\"%s\",\"communityCode\":\"" + community
                + "\",\"kind\":\"HOME\",\"startDate\":\"2026-05-01\",\"plannedEndDate\":\"2026-05-15\"}";
        send("screening.events", UUID.randomUUID().toString(), "/screening", "frontline.screening.QuarantineStarted.v1",
                community, "2026-05-01T09:00:00+08:00", String.format(started, q1, UUID.randomUUID()));
        send("screening.events", UUID.randomUUID().toString(), "/screening", "frontline.screening.QuarantineStarted.v1",
                community, "2026-05-01T09:00:00+08:00", String.format(started, q2, UUID.randomUUID()));
        send("screening.events", UUID.randomUUID().toString(), "/screening", "frontline.screening.QuarantineEnded.v1",
                community, "2026-05-03T09:00:00+08:00", "{\"quarantineId\":\"" + q1 + "\",\"communityCode\":\""
                        + community + "\",\"reason\":\"COMPLETED\",\"endedOn\":\"2026-05-03\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.inQuarantine(q2) && !driver.inQuarantine(q1));
        assertThat(driver.activeQuarantines(community)).isEqualTo(1);
    }

    @Test
    void aLateIssueCarriesTheDaysOwnBalanceAndADepotsShipmentsAreItsConsumption() {
        String item = "isolation-gown";
        UUID site = store("310104099006");
        at(LocalDate.of(2026, 6, 1), 10);
        driver.receive(site, item, "G1", LocalDate.of(2027, 6, 1), 100);
        driver.issue(site, item, 10); // June 1 closes at 90 (lowest 90)
        at(LocalDate.of(2026, 6, 3), 10);
        // recorded late: 5 used on June 1 (its row exists: issued 10 + 5), 5 used on June 2 (no row: it gets the
        // balance carried into it, June 1's closing 90 — not today's 85); the stock leaves now: 90 − 5 − 5 = 80
        driver.issue(site, item, 5, LedgerPosting.Kind.ISSUE, LocalDate.of(2026, 6, 1));
        driver.issue(site, item, 5, LedgerPosting.Kind.ISSUE, LocalDate.of(2026, 6, 2));
        JsonPath series = given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + site + "/stock/" + item
                + "/consumption?from=2026-06-01&to=2026-06-03").then().statusCode(200).extract().jsonPath();
        assertThat(series.getList("days.issued", Long.class)).containsExactly(15L, 5L, 0L);
        assertThat(series.getList("days.closing", Long.class)).containsExactly(90L, 90L, 80L);
        assertThat(series.getList("days.stockOut", Boolean.class)).containsExactly(false, false, false);
        assertThat(driver.number("select low from stock_day where site_id = ?1 and item_code = ?2 and city_date = ?3",
                site, item, LocalDate.of(2026, 6, 2))).isEqualTo(90L);
        // rate on June 3: (15 + 5) / 2 days = 10.000
        assertThat(driver.stock(site, item).rate).isEqualByComparingTo("10.000");

        // a depot ships 50 a day (TRANSFER_OUT) and issues nothing: what it ships is its consumption
        String name = "Cover depot " + UUID.randomUUID();
        UUID depot = UUID.fromString(given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", "310104", "kind", "DISTRICT_DEPOT", "name", name))
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id"));
        LocalDate d0 = LocalDate.of(2026, 7, 1);
        at(d0, 10);
        driver.receive(depot, item, "D1", LocalDate.of(2027, 7, 1), 500);
        for (int day = 0; day < 4; day++) {
            at(d0.plusDays(day), 11);
            driver.issue(depot, item, 50, LedgerPosting.Kind.TRANSFER_OUT, null);
        }
        // July 4: rate = (50 + 50 + 50) / 3 days = 50.000; on hand 500 − 4 × 50 = 300 < 7 × 50 = 350 → BELOW_MIN
        // (≥ 3 × 50 = 150: not EMERGENCY). July 3 left 350, not below 350: still OK then.
        Stock stock = driver.stock(depot, item);
        assertThat(stock.rate).isEqualByComparingTo("50.000");
        assertThat(stock.onHand).isEqualTo(300);
        assertThat(stock.level).isEqualTo(Stock.Level.BELOW_MIN);
        assertThat(crossings(depot, item, 1)).containsExactly("OK→BELOW_MIN");
        JsonPath shipped = given().auth().oauth2(OFFICER).when().get("/api/v1/sites/" + depot + "/stock/" + item
                + "/consumption?from=2026-07-01&to=2026-07-04").then().statusCode(200).extract().jsonPath();
        assertThat(shipped.getList("days.issued", Long.class)).containsExactly(50L, 50L, 50L, 50L);
    }
}
