package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.frontline.platform.rest.Cursor;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The screenings list paged by key ({@code ?cursor=}) beside paging by number. */
@QuarkusTest
@FrontlineTest
class ScreeningCursorTests {

    // communities of their own: rows of other test classes do not mix in
    static final String MINE = "310104012071";
    static final String NEIGHBOUR = "310104012072";
    static final String ELSEWHERE = "310105002071";

    @Inject
    AgroalDataSource dataSource;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
        if (db.count("select count(*) from screening_record where community_code = ?", MINE) > 0) {
            return;
        }
        // 30 rows in MINE, 20 in NEIGHBOUR, 10 ELSEWHERE; many share a screenedAt to the microsecond (3 per instant),
        // so only the id keeps the order total
        insert(MINE, 30);
        insert(NEIGHBOUR, 20);
        insert(ELSEWHERE, 10);
    }

    private void insert(String community, int rows) {
        db.execute("""
                insert into screening_record (id, community_code, resident_id, channel, temperature_celsius, outcome,
                    screened_at, recorded_by, writer, idempotency_key)
                select gen_random_uuid(), ?, gen_random_uuid(), 'DOOR_TO_DOOR', 36.6, 'NORMAL',
                    timestamptz '2026-11-20 08:00:00.123456+08' + (g / 3) * interval '1 minute', 'cursor-test', null, null
                from generate_series(1, ?) g
                """, community, rows);
    }

    private List<String> expected(String condition) {
        return db.query("select id::text as id from screening_record where " + condition
                + " order by screened_at desc, id desc").stream().map(r -> (String) r.get("id")).toList();
    }

    /** Every page by cursor, from the first; each page's shape is checked on the way. */
    private List<String> walk(String token, String area, int size) {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 1000; pages++) {
            var request = given().auth().oauth2(token).queryParam("cursor", cursor).queryParam("size", size);
            if (area != null) {
                request.queryParam("area", area);
            }
            JsonPath page = request.when().get("/api/v1/screenings").then().statusCode(200)
                    .body("page", nullValue()).body("total", nullValue()).body("size", equalTo(size))
                    .extract().jsonPath();
            List<String> ids = page.getList("items.id");
            seen.addAll(ids);
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                return seen;
            }
            assertThat(ids).hasSize(size);
        }
        throw new AssertionError("the cursor never reached the end");
    }

    @Test
    void walkingByCursorReturnsEveryRowOnceInOrderAndStopsAtTheEnd() {
        String worker = TestTokens.token("lin", "community-worker", MINE);
        List<String> mine = expected("community_code = '" + MINE + "'");
        assertThat(mine).hasSize(30);
        // 30 rows by 4: seven full pages and a half one; by 5: six full pages, the last with nextCursor null
        assertThat(walk(worker, null, 4)).containsExactlyElementsOf(mine);
        assertThat(walk(worker, null, 5)).containsExactlyElementsOf(mine);
        assertThat(walk(worker, null, 500)).containsExactlyElementsOf(mine);
    }

    @Test
    void theAreaScopeAppliesOnEveryPage() {
        // a district officer of 310104 sees MINE and NEIGHBOUR, interleaved by time, never ELSEWHERE
        String officer = TestTokens.token("qian", "district-officer", "310104");
        List<String> district = expected("community_code in ('" + MINE + "', '" + NEIGHBOUR + "')");
        List<String> walked = walk(officer, null, 7);
        assertThat(walked).containsSubsequence(district);
        assertThat(walked).doesNotContainAnyElementsOf(expected("community_code = '" + ELSEWHERE + "'"));
        assertThat(walked).doesNotHaveDuplicates();
        // narrowed to one community by ?area=
        assertThat(walk(officer, NEIGHBOUR, 3)).containsExactlyElementsOf(expected("community_code = '" + NEIGHBOUR + "'"));

        // a cursor taken from the district's list, used by a worker of another community: still only their rows
        String firstPage = given().auth().oauth2(officer).queryParam("cursor", "").queryParam("size", 2)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().path("nextCursor");
        String stranger = TestTokens.token("sun", "community-worker", ELSEWHERE);
        List<String> theirs = given().auth().oauth2(stranger).queryParam("cursor", firstPage).queryParam("size", 500)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().jsonPath().getList("items.communityCode");
        assertThat(theirs).isNotEmpty().containsOnly(ELSEWHERE);
    }

    @Test
    void aTotalOnlyWhenAskedAndPagingByNumberAsBefore() {
        String worker = TestTokens.token("lin", "community-worker", MINE);
        given().auth().oauth2(worker).queryParam("cursor", "").queryParam("size", 10).queryParam("total", true)
                .when().get("/api/v1/screenings").then().statusCode(200)
                .body("total", equalTo(30)).body("page", nullValue()).body("nextCursor", notNullValue());
        // by number: page, size, total as ever; the cursor after the page lets a client continue by key
        List<String> mine = expected("community_code = '" + MINE + "'");
        JsonPath second = given().auth().oauth2(worker).queryParam("page", 1).queryParam("size", 10)
                .when().get("/api/v1/screenings").then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(10)).body("total", equalTo(30))
                .extract().jsonPath();
        assertThat(second.getList("items.id", String.class)).containsExactlyElementsOf(mine.subList(10, 20));
        List<String> rest = given().auth().oauth2(worker).queryParam("cursor", second.getString("nextCursor"))
                .queryParam("size", 500).when().get("/api/v1/screenings").then().statusCode(200)
                .body("nextCursor", nullValue()).extract().jsonPath().getList("items.id");
        assertThat(rest).containsExactlyElementsOf(mine.subList(20, 30));
        given().auth().oauth2(worker).queryParam("page", 2).queryParam("size", 10)
                .when().get("/api/v1/screenings").then().statusCode(200).body("nextCursor", nullValue());
    }

    @Test
    void testResultsPageByKeyToo() {
        String worker = TestTokens.token("lin", "community-worker", MINE);
        String resident = Fixtures.resident(worker, MINE);
        db.execute("""
                insert into test_result (id, resident_id, community_code, kind, result, sampled_at, recorded_by, created_at)
                select gen_random_uuid(), ?::uuid, ?, 'ANTIGEN', 'NEGATIVE',
                    timestamptz '2026-11-20 08:00:00+08' + (g / 3) * interval '1 minute', 'cursor-test', now()
                from generate_series(1, 13) g
                """, resident, MINE);
        List<String> expected = db.query("select id::text as id from test_result where community_code = ?"
                + " order by sampled_at desc, id desc", MINE).stream().map(r -> (String) r.get("id")).toList();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonPath page = given().auth().oauth2(worker).queryParam("cursor", cursor).queryParam("size", 4)
                    .when().get("/api/v1/test-results").then().statusCode(200).body("total", nullValue())
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        }
        assertThat(seen).containsExactlyElementsOf(expected).hasSizeGreaterThanOrEqualTo(13);
        // a screenings cursor is not a test-results cursor
        String screenings = given().auth().oauth2(worker).queryParam("cursor", "").queryParam("size", 1)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().path("nextCursor");
        given().auth().oauth2(worker).queryParam("cursor", screenings).when().get("/api/v1/test-results")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBadCursorIsA400() {
        String worker = TestTokens.token("lin", "community-worker", MINE);
        String good = given().auth().oauth2(worker).queryParam("cursor", "").queryParam("size", 3)
                .when().get("/api/v1/screenings").then().statusCode(200).extract().path("nextCursor");
        String decoded = new String(Base64.getUrlDecoder().decode(good), StandardCharsets.UTF_8);
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(
                decoded.replace("2026-11-20", "2026-11-21").getBytes(StandardCharsets.UTF_8));
        String otherList = Cursor.encode("alerts", java.time.OffsetDateTime.parse("2026-11-20T08:00:00Z"),
                java.util.UUID.randomUUID());
        for (String bad : List.of("not a cursor", "%%%", good.substring(0, good.length() - 4), edited, otherList,
                Cursor.encode("screenings", "yesterday", "x"))) {
            given().auth().oauth2(worker).queryParam("cursor", bad).when().get("/api/v1/screenings")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("cursor"));
        }
        given().auth().oauth2(worker).queryParam("cursor", "").queryParam("page", 2).when().get("/api/v1/screenings")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
