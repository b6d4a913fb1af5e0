package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.supplies.LedgerFixtures.adjust;
import static org.frontline.supplies.LedgerFixtures.issue;
import static org.frontline.supplies.LedgerFixtures.post;
import static org.frontline.supplies.LedgerFixtures.receive;
import static org.frontline.supplies.LedgerFixtures.site;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.frontline.supplies.service.LedgerPartitions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The ledger's invariants through the API, with the real database and broker: never negative, first expiry first
 * out, postings sum to the balances, every posting announced, concurrent issues never oversell, level crossings
 * announced once, idempotent postings, month partitions.
 */
@QuarkusTest
@FrontlineTest
class LedgerTests {

    static final String STREET = LedgerFixtures.street();
    static final String OFFICER = TestTokens.token("ledger-officer", "district-officer", "310115");
    static final String EVENTS = "supplies.events";

    @Inject
    TestClock clock;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    LedgerPartitions partitions;
    @TestHTTPResource("/")
    URL url;

    static String community(int n) {
        return STREET + String.format("%03d", n);
    }

    static String worker(String community) {
        return TestTokens.token("keeper-" + community, "community-worker", community);
    }

    /** A store of its own community, and the token of its keeper. */
    record Store(String id, String community, String keeper) {
    }

    static Store store(int n) {
        String community = community(n);
        String keeper = worker(community);
        return new Store(site(keeper, community, "COMMUNITY_STORE", "Store " + community), community, keeper);
    }

    @Test
    void issuesTakeTheEarliestExpiryFirstAndThePostingsSumToTheBalances() throws Exception {
        Store s = store(1);
        String item = "face-shield";
        LocalDate today = LocalDate.now(clock);
        receive(s.keeper(), s.id(), item, "A-90", today.plusDays(90), 30).statusCode(201);
        receive(s.keeper(), s.id(), item, "B-30", today.plusDays(30), 20).statusCode(201);
        receive(s.keeper(), s.id(), item, "C-60", today.plusDays(60), 25).statusCode(201);
        receive(s.keeper(), s.id(), item, "N-none", null, 10).statusCode(201)
                .body("stock.onHand", org.hamcrest.Matchers.equalTo(85)); // 30 + 20 + 25 + 10

        // 35 = all of B (20, expires first) + 15 of C (next to expire)
        JsonPath first = issue(s.keeper(), s.id(), item, 35).statusCode(201).extract().jsonPath();
        assertThat(first.getList("postings.lotCode", String.class)).containsExactly("B-30", "C-60");
        assertThat(first.getList("postings.quantity", Long.class)).containsExactly(-20L, -15L);
        assertThat(first.getLong("stock.onHand")).isEqualTo(50); // 85 − 35
        // lots in the order the next issue takes them; B is empty and no longer listed
        assertThat(first.getList("stock.lots.lotCode", String.class)).containsExactly("C-60", "A-90", "N-none");

        // 45 = the rest of C (10) + all of A (30) + 5 of the lot without expiry (always last)
        JsonPath second = issue(s.keeper(), s.id(), item, 45).statusCode(201).extract().jsonPath();
        assertThat(second.getList("postings.lotCode", String.class)).containsExactly("C-60", "A-90", "N-none");
        assertThat(second.getList("postings.quantity", Long.class)).containsExactly(-10L, -30L, -5L);
        assertThat(second.getList("postings.lotBalance", Long.class)).containsExactly(0L, 0L, 5L);
        assertThat(second.getLong("stock.onHand")).isEqualTo(5); // 50 − 45

        TestDatabase db = new TestDatabase(dataSource);
        long postingsBefore = postings(db, s.id());
        // an adjustment that would make lot N negative (5 − 6) is a 409 and writes nothing
        adjust(s.keeper(), s.id(), item, "N-none", -6, "DAMAGED").statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith(":insufficient-stock"))
                .body("lotCode", org.hamcrest.Matchers.equalTo("N-none"));
        assertThat(postings(db, s.id())).isEqualTo(postingsBefore);

        adjust(s.keeper(), s.id(), item, "A-90", 4, "FOUND").statusCode(201).body("stock.onHand",
                org.hamcrest.Matchers.equalTo(9)); // 5 + 4
        adjust(s.keeper(), s.id(), item, "N-none", -2, "DAMAGED").statusCode(201).body("stock.onHand",
                org.hamcrest.Matchers.equalTo(7)); // 9 − 2
        // a reason's sign is checked: something found is never negative
        adjust(s.keeper(), s.id(), item, "N-none", -1, "FOUND").statusCode(400).body("errors[0].field",
                org.hamcrest.Matchers.equalTo("quantity"));

        // beyond on hand: 409 naming the shortfall (10 requested − 7 on hand = 3), nothing written
        JsonPath problem = issue(s.keeper(), s.id(), item, 10).statusCode(409).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(problem.getString("type")).endsWith(":insufficient-stock");
        assertThat(problem.getLong("shortfall")).isEqualTo(3);
        assertThat(problem.getLong("onHand")).isEqualTo(7);
        assertThat(problem.getLong("requested")).isEqualTo(10);
        assertThat(problem.getString("detail")).contains("3 short");
        assertThat(postings(db, s.id())).isEqualTo(postingsBefore + 2);

        // the postings of each lot sum to the lot's balance, and of the stock to the stock's
        var lots = db.query("""
                select l.lot_code, l.on_hand, coalesce(sum(p.quantity), 0) as posted from stock_lot l
                left join ledger_posting p on p.site_id = l.site_id and p.item_code = l.item_code and p.lot_code = l.lot_code
                where l.site_id = cast(? as uuid) and l.item_code = ? group by l.lot_code, l.on_hand""", s.id(), item);
        assertThat(lots).hasSize(4);
        assertThat(lots).allSatisfy(l -> assertThat(((Number) l.get("posted")).longValue())
                .as("lot %s", l.get("lot_code")).isEqualTo(((Number) l.get("on_hand")).longValue()));
        // A 30 − 30 + 4 = 4, B 20 − 20 = 0, C 25 − 15 − 10 = 0, N 10 − 5 − 2 = 3
        assertThat(lots).extracting(l -> l.get("lot_code") + "=" + l.get("on_hand"))
                .containsExactlyInAnyOrder("A-90=4", "B-30=0", "C-60=0", "N-none=3");
        assertThat(db.count("select sum(quantity) from ledger_posting where site_id = cast(? as uuid)", s.id()))
                .isEqualTo(7);
        assertThat(db.count("select on_hand from stock where site_id = cast(? as uuid)", s.id())).isEqualTo(7);
        assertThat(db.count("select min(lot_balance) from ledger_posting where site_id = cast(? as uuid)", s.id()))
                .isGreaterThanOrEqualTo(0);

        // every posting call reached the topic as StockChanged with the balance after it, in order
        List<Long> onHand = stockChanged(s.id(), 8).stream().map(e -> e.path("onHand").asLong()).toList();
        assertThat(onHand).containsExactly(30L, 50L, 75L, 85L, 50L, 5L, 9L, 7L);
    }

    @Test
    void concurrentIssuesOfOneItemNeverOversell() throws Exception {
        Store s = store(2);
        String item = "nitrile-gloves";
        LocalDate today = LocalDate.now(clock);
        receive(s.keeper(), s.id(), item, "G-1", today.plusDays(20), 60).statusCode(201);
        receive(s.keeper(), s.id(), item, "G-2", today.plusDays(40), 40).statusCode(201);

        // 40 requests of 7 at once against 100 on hand: 14 fit (14 × 7 = 98), 26 do not; 2 remain
        int requests = 40;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(url + "api/v1/sites/" + s.id() + "/issues");
        byte[] body = mapper.writeValueAsBytes(Map.of("itemCode", item, "quantity", 7));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + s.keeper())
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        assertThat(statuses.stream().filter(c -> c == 201).count()).isEqualTo(14);
        assertThat(statuses.stream().filter(c -> c == 409).count()).isEqualTo(26);

        given().auth().oauth2(s.keeper()).when().get("/api/v1/sites/" + s.id() + "/stock/" + item).then()
                .statusCode(200).body("onHand", org.hamcrest.Matchers.equalTo(2));
        TestDatabase db = new TestDatabase(dataSource);
        assertThat(db.count("select sum(quantity) from ledger_posting where site_id = cast(? as uuid)", s.id()))
                .isEqualTo(2); // 100 − 98
        assertThat(db.count("select coalesce(-sum(quantity), 0) from ledger_posting where site_id = cast(? as uuid) "
                + "and kind = 'ISSUE'", s.id())).isEqualTo(98);
        assertThat(db.count("select sum(on_hand) from stock_lot where site_id = cast(? as uuid)", s.id())).isEqualTo(2);
        // the lot expiring first was emptied first: G-1 60 → 0 after 8 issues and 4 of the 9th; G-2 keeps 2
        assertThat(db.count("select on_hand from stock_lot where site_id = cast(? as uuid) and lot_code = 'G-2'", s.id()))
                .isEqualTo(2);
    }

    @Test
    void aRetriedPostingIsPostedOnceAndAnotherWritersKeyIsItsOwn() {
        Store s = store(3);
        String item = "surgical-mask";
        String other = TestTokens.token("second-keeper", "community-worker", s.community());
        TestDatabase db = new TestDatabase(dataSource);
        Map<String, Object> receipt = Map.of("itemCode", item, "lotCode", "M-1", "quantity", 50, "idempotencyKey", "r-1");
        JsonPath created = post(s.keeper(), s.id(), "receipts", receipt).statusCode(201).extract().jsonPath();
        JsonPath replayed = post(s.keeper(), s.id(), "receipts", receipt).statusCode(200).extract().jsonPath();
        assertThat(replayed.getString("postings[0].id")).isEqualTo(created.getString("postings[0].id"));

        Map<String, Object> issue = Map.of("itemCode", item, "quantity", 5, "idempotencyKey", "i-1");
        JsonPath issued = post(s.keeper(), s.id(), "issues", issue).statusCode(201).extract().jsonPath();
        JsonPath again = post(s.keeper(), s.id(), "issues", issue).statusCode(200).extract().jsonPath();
        assertThat(again.getList("postings.id", String.class)).isEqualTo(issued.getList("postings.id", String.class));
        assertThat(again.getLong("stock.onHand")).isEqualTo(45); // the stored answer: 50 − 5
        assertThat(db.count("select count(*) from ledger_posting where site_id = cast(? as uuid) and kind = 'ISSUE'",
                s.id())).isEqualTo(1);

        // the same key with another request is refused, nothing posted
        post(s.keeper(), s.id(), "issues", Map.of("itemCode", item, "quantity", 6, "idempotencyKey", "i-1"))
                .statusCode(422).contentType("application/problem+json");
        // another writer's identical key is another issue
        post(other, s.id(), "issues", issue).statusCode(201).body("stock.onHand", org.hamcrest.Matchers.equalTo(40));
        assertThat(db.count("select count(*) from ledger_posting where site_id = cast(? as uuid) and kind = 'ISSUE'",
                s.id())).isEqualTo(2);
        assertThat(db.count("select on_hand from stock where site_id = cast(? as uuid)", s.id())).isEqualTo(40);
    }

    @Test
    void anIssueRecordedLateCountsOnTheDayItWasUsed() {
        Store s = store(20);
        String item = "goggles";
        TestDatabase db = new TestDatabase(dataSource);
        LocalDate today = LocalDate.now(clock);
        receive(s.keeper(), s.id(), item, "GG-1", today.plusDays(400), 1000).statusCode(201);
        for (int daysAgo = 3; daysAgo >= 1; daysAgo--) {
            post(s.keeper(), s.id(), "issues", Map.of("itemCode", item, "quantity", daysAgo * 10,
                    "usedOn", today.minusDays(daysAgo).toString())).statusCode(201);
        }
        // more than 7 days back, or in the future: 400 naming usedOn, nothing posted
        for (LocalDate bad : List.of(today.minusDays(8), today.plusDays(1))) {
            post(s.keeper(), s.id(), "issues", Map.of("itemCode", item, "quantity", 1, "usedOn", bad.toString()))
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("usedOn"));
        }
        assertThat(db.count("select count(*) from ledger_posting where site_id = cast(? as uuid) and kind = 'ISSUE'",
                s.id())).isEqualTo(3);

        // the stock left today (1000 − 30 − 20 − 10 = 940), the consumption counts on the days it was used
        JsonPath series = given().auth().oauth2(s.keeper()).when().get("/api/v1/sites/" + s.id() + "/stock/" + item
                + "/consumption?from=" + today.minusDays(3) + "&to=" + today).then().statusCode(200).extract().jsonPath();
        assertThat(series.getList("days.issued", Long.class)).containsExactly(30L, 20L, 10L, 0L);
        // the window's days with stock before today: (30 + 20 + 10) / 3 = 20 a day; 940 / 20 = 47 days of cover
        JsonPath view = given().auth().oauth2(s.keeper()).when().get("/api/v1/sites/" + s.id() + "/stock/" + item)
                .then().statusCode(200).extract().jsonPath();
        assertThat(view.getLong("onHand")).isEqualTo(940);
        assertThat(view.getDouble("rate")).isEqualTo(20.0);
        assertThat(view.getDouble("daysOfCover")).isEqualTo(47.0);
    }

    @Test
    void eachLevelIsAnnouncedOnceWhenCrossedAndOnceWhenRestored() throws Exception {
        Store s = store(4);
        String item = "n95-respirator";
        // day 0: 200 in, 10 out; days 1..9: 10 out a day → 100 on hand at the start of day 10.
        // Day 0 opened at 0 (a new stock), so it counts as a stock-out day and is skipped by the rate;
        // on day 10 the rate is (9 days × 10) ÷ 9 = 10 a day (window 14 reaches back before day 0).
        receive(s.keeper(), s.id(), item, "R-1", LocalDate.now(clock).plusDays(300), 200).statusCode(201);
        for (int day = 0; day <= 9; day++) {
            issue(s.keeper(), s.id(), item, 10).statusCode(201);
            clock.advance(Duration.ofDays(1));
        }
        // levels (defaults): below minimum under 7 days = 70, emergency under 3 days = 30, stock-out at 0
        issue(s.keeper(), s.id(), item, 35).statusCode(201).body("stock.level", org.hamcrest.Matchers.equalTo("BELOW_MIN"))
                .body("stock.rate", org.hamcrest.Matchers.equalTo(10.0f)); // 65 left: 6.5 days
        issue(s.keeper(), s.id(), item, 5).statusCode(201); // 60
        issue(s.keeper(), s.id(), item, 5).statusCode(201); // 55
        issue(s.keeper(), s.id(), item, 30).statusCode(201).body("stock.level", org.hamcrest.Matchers.equalTo("EMERGENCY")); // 25
        issue(s.keeper(), s.id(), item, 5).statusCode(201); // 20
        issue(s.keeper(), s.id(), item, 5).statusCode(201); // 15
        issue(s.keeper(), s.id(), item, 15).statusCode(201).body("stock.level", org.hamcrest.Matchers.equalTo("STOCK_OUT")); // 0
        issue(s.keeper(), s.id(), item, 1).statusCode(409); // nothing to issue: no posting, no announcement
        issue(s.keeper(), s.id(), item, 3).statusCode(409);
        receive(s.keeper(), s.id(), item, "R-2", LocalDate.now(clock).plusDays(300), 500).statusCode(201)
                .body("stock.level", org.hamcrest.Matchers.equalTo("OK")); // 50 days
        receive(s.keeper(), s.id(), item, "R-2", null, 10).statusCode(201); // still OK: nothing to announce

        var crossings = TopicReader.awaitExactly(EVENTS, r -> r.value().contains(s.id())
                && "frontline.supplies.StockLevelCrossed.v1".equals(TopicReader.header(r, "ce_type")), 4,
                Duration.ofSeconds(60));
        List<String> to = new ArrayList<>();
        for (ConsumerRecord<String, String> r : crossings) {
            JsonNode e = mapper.readTree(r.value());
            to.add(e.path("from").asText() + "→" + e.path("to").asText() + "@" + e.path("onHand").asLong());
        }
        assertThat(to).containsExactly("OK→BELOW_MIN@65", "BELOW_MIN→EMERGENCY@25", "EMERGENCY→STOCK_OUT@0",
                "STOCK_OUT→OK@500");
    }

    @Test
    void theLedgerHasMonthPartitionsAndAPostingLandsInItsMonth() {
        TestDatabase db = new TestDatabase(dataSource);
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        DateTimeFormatter name = DateTimeFormatter.ofPattern("'ledger_posting_'yyyy_MM");
        String last = month.plusMonths(2).format(name);
        // the job puts back a month ahead that is missing (empty: nothing posts that far ahead in these tests)
        assertThat(db.count("select count(*) from " + last)).isZero();
        db.execute("drop table " + last);
        // the scheduled round waits an hour in tests (application.properties), so this call puts it back
        assertThat(partitions.ensure()).isEqualTo(1);
        List<String> children = db.query("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'ledger_posting'::regclass""").stream().map(r -> (String) r.get("relname")).toList();
        assertThat(children).contains(month.format(name), month.plusMonths(1).format(name), last,
                "ledger_posting_default");

        Store s = store(5);
        String id = receive(s.keeper(), s.id(), "goggles", "P-1", null, 3).statusCode(201).extract()
                .path("postings[0].id");
        var row = db.query("""
                select tableoid::regclass::text as partition,
                       to_char(posted_at at time zone 'UTC', '"ledger_posting_"YYYY_MM') as month
                from ledger_posting where id = cast(? as uuid)""", id).get(0);
        assertThat(row.get("partition")).isEqualTo(row.get("month")).isNotEqualTo("ledger_posting_default");
    }

    private static long postings(TestDatabase db, String siteId) {
        return db.count("select count(*) from ledger_posting where site_id = cast(? as uuid)", siteId);
    }

    private List<JsonNode> stockChanged(String siteId, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.awaitExactly(EVENTS, rec -> rec.value().contains(siteId)
                && "frontline.supplies.StockChanged.v1".equals(TopicReader.header(rec, "ce_type")), count,
                Duration.ofSeconds(60))) {
            events.add(mapper.readTree(r.value()));
        }
        return events;
    }
}
