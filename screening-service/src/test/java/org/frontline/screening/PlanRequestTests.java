package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What alert-service's response plans ask of screening-service: CampaignRequested opens a campaign (once per request),
 * NoticePublished reaches the residents of its area, who confirm it; staff see who has not.
 */
@QuarkusTest
@FrontlineTest
class PlanRequestTests {

    // used by this test class only: campaigns in 310107004001/002; notices in the street 310107004 (A and B below)
    static final String CAMPAIGN_COMMUNITY = "310107004001";
    static final String EMPTY_COMMUNITY = "310107004002";
    static final String A = "310107004010";
    static final String B = "310107004011";
    static final String STREET = "310107004";
    static final String CAMPAIGN_REQUESTED = "frontline.alert.CampaignRequested.v1";
    static final String NOTICE_PUBLISHED = "frontline.alert.NoticePublished.v1";

    static final String CAMPAIGN_WORKER = TestTokens.token("wang.plan", "community-worker", CAMPAIGN_COMMUNITY);
    static final String WORKER_A = TestTokens.token("li.notice", "community-worker", A);
    static final String WORKER_B = TestTokens.token("zhou.notice", "community-worker", B);
    static final String COORDINATOR = TestTokens.token("sun.notice", "coordinator", STREET);

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = new TestDatabase(dataSource);
        clock.set(Instant.now());
    }

    @AfterEach
    void resetClock() {
        clock.set(Instant.now());
    }

    static KafkaProducer<String, String> producer() {
        return TestEvents.producer();
    }

    static ProducerRecord<String, String> event(String eventId, String type, String area, Map<String, Object> data) {
        try {
            return TestEvents.cloudEvent("alert.events", eventId, "/alert-service", type, area,
                    OffsetDateTime.now(ZoneOffset.UTC).toString(), JSON.writeValueAsString(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shape of alert-service's PlanEvents.CampaignRequested. */
    static Map<String, Object> campaignRequested(UUID requestId, String community, String grid, String title) {
        Map<String, Object> data = new HashMap<>();
        data.put("requestId", requestId.toString());
        data.put("activationId", UUID.randomUUID().toString());
        data.put("alertId", UUID.randomUUID().toString());
        data.put("communityCode", community);
        data.put("grid", grid);
        data.put("title", title);
        data.put("requestedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString());
        return data;
    }

    /** The shape of alert-service's PlanEvents.NoticePublished; {@code tag} marks its texts. */
    static Map<String, Object> notice(UUID noticeId, String area, String tag, OffsetDateTime publishedAt,
            OffsetDateTime expiresAt) {
        Map<String, Object> data = new HashMap<>();
        data.put("noticeId", noticeId.toString());
        data.put("communityCode", area);
        data.put("alertId", UUID.randomUUID().toString());
        data.put("headlineZh", "通知 " + tag);
        data.put("headlineEn", "Notice " + tag);
        data.put("whatHappenedZh", "发生了 " + tag);
        data.put("whatHappenedEn", "What happened " + tag);
        data.put("whatToDoZh", "请 " + tag);
        data.put("whatToDoEn", "Please " + tag);
        data.put("whereToGetHelpZh", "社区 " + tag);
        data.put("whereToGetHelpEn", "Community desk " + tag);
        data.put("publishedAt", publishedAt.toString());
        data.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return data;
    }

    static String household(String token, String community, String grid, String building, String unit, String room) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityCode", community, "grid", grid, "building", building, "unit", unit, "room", room))
                .when().post("/api/v1/households").then().statusCode(201).extract().path("id");
    }

    static String resident(String token, String householdId, String name, String account) {
        Map<String, Object> body = new HashMap<>(Map.of("householdId", householdId, "name", name, "phone", "13812345678"));
        if (account != null) {
            body.put("account", account);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/residents").then().statusCode(201).extract().path("id");
    }

    static List<JsonPath> campaigns(String token, String community) {
        List<Map<String, Object>> items = given().auth().oauth2(token).queryParam("area", community).queryParam("size", 500)
                .when().get("/api/v1/campaigns").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().map(i -> new JsonPath(toJson(i))).toList();
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCampaignRequestOpensOneCampaignOverTheHouseholdsThereNowRecordedByTheSystem() {
        String g1a = household(CAMPAIGN_WORKER, CAMPAIGN_COMMUNITY, "Grid 1", "1", "1", "101");
        household(CAMPAIGN_WORKER, CAMPAIGN_COMMUNITY, "Grid 1", "1", "1", "102");
        household(CAMPAIGN_WORKER, CAMPAIGN_COMMUNITY, "Grid 2", "5", "1", "501");
        UUID whole = UUID.randomUUID();
        UUID grid2 = UUID.randomUUID();
        UUID empty = UUID.randomUUID();
        UUID wider = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String poison = UUID.randomUUID().toString();
        try (var producer = producer()) {
            var request = campaignRequested(whole, CAMPAIGN_COMMUNITY, null, "Plan round: whole community");
            producer.send(event(eventId, CAMPAIGN_REQUESTED, CAMPAIGN_COMMUNITY, request));
            producer.send(event(eventId, CAMPAIGN_REQUESTED, CAMPAIGN_COMMUNITY, request)); // redelivery
            producer.send(event(UUID.randomUUID().toString(), CAMPAIGN_REQUESTED, CAMPAIGN_COMMUNITY, request)); // re-sent, new id
            producer.send(event(UUID.randomUUID().toString(), CAMPAIGN_REQUESTED, CAMPAIGN_COMMUNITY,
                    campaignRequested(grid2, CAMPAIGN_COMMUNITY, "Grid 2", "Plan round: grid 2")));
            producer.send(event(UUID.randomUUID().toString(), CAMPAIGN_REQUESTED, EMPTY_COMMUNITY,
                    campaignRequested(empty, EMPTY_COMMUNITY, null, "Plan round: nobody registered")));
            producer.send(event(UUID.randomUUID().toString(), CAMPAIGN_REQUESTED, STREET,
                    campaignRequested(wider, STREET, null, "Plan round: a street")));
            producer.send(event(poison, CAMPAIGN_REQUESTED, "nowhere", campaignRequested(UUID.randomUUID(), "nowhere", null, "x")));
            producer.flush();
        }
        TopicReader.await("alert.events.dlq", r -> poison.equals(TopicReader.header(r, "ce_id")), 1, Duration.ofSeconds(60));
        List<JsonPath> opened = await().atMost(Duration.ofSeconds(60)).until(() -> campaigns(CAMPAIGN_WORKER, CAMPAIGN_COMMUNITY),
                list -> list.size() >= 2);
        // still two a while later: the redelivery and the re-sent copy opened nothing more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(campaigns(CAMPAIGN_WORKER, CAMPAIGN_COMMUNITY)).hasSize(2));
        JsonPath all = opened.stream().filter(c -> c.getString("title").equals("Plan round: whole community")).findFirst().orElseThrow();
        JsonPath one = opened.stream().filter(c -> c.getString("title").equals("Plan round: grid 2")).findFirst().orElseThrow();
        // the whole community: 2 households in Grid 1 + 1 in Grid 2 = 3; the grid: only Grid 2's 1
        assertThat(all.getInt("targetHouseholds")).isEqualTo(3);
        assertThat(all.getString("grid")).isNull();
        assertThat(all.getString("status")).isEqualTo("OPEN");
        assertThat(one.getInt("targetHouseholds")).isEqualTo(1);
        assertThat(one.getString("grid")).isEqualTo("Grid 2");
        assertThat(db.query("select created_by, request_id from campaign where id = ?", UUID.fromString(all.getString("id"))).get(0))
                .containsEntry("created_by", "system:alert-service").containsEntry("request_id", whole);
        // a community with no households: the campaign is there, with nothing to visit
        List<JsonPath> none = await().atMost(Duration.ofSeconds(60)).until(() -> campaigns(
                TestTokens.token("wang.empty", "community-worker", EMPTY_COMMUNITY), EMPTY_COMMUNITY), list -> list.size() == 1);
        assertThat(none.get(0).getInt("targetHouseholds")).isZero();
        assertThat(none.get(0).getString("title")).isEqualTo("Plan round: nobody registered");
        // a street: campaigns are per community, none opened
        assertThat(db.count("select count(*) from campaign where request_id = ?", wider)).isZero();

        // a campaign like any other: a visit counts and is published
        String id = all.getString("id");
        given().auth().oauth2(CAMPAIGN_WORKER).contentType(ContentType.JSON).body(Map.of("householdId", g1a, "result", "SCREENED"))
                .when().post("/api/v1/campaigns/" + id + "/visits").then().statusCode(200)
                .body("reachedHouseholds", equalTo(1)).body("coveragePercent", equalTo(33.3f)); // 1 of 3
        TopicReader.awaitExactly("screening.events", r -> r.value().contains(id)
                && "frontline.screening.CampaignProgressed.v1".equals(TopicReader.header(r, "ce_type")), 1, Duration.ofSeconds(30));
    }

    static List<Map<String, Object>> myNotices(String token, String lang) {
        var request = given().auth().oauth2(token).queryParam("size", 500);
        if (lang != null) {
            request = request.queryParam("lang", lang);
        }
        return request.when().get("/api/v1/resident-notices").then().statusCode(200).extract().jsonPath().getList("items");
    }

    static String residentId(Map<String, Object> row) {
        return (String) ((Map<?, ?>) row.get("resident")).get("id");
    }

    static JsonPath status(String token, UUID notice, String area) {
        var request = given().auth().oauth2(token);
        if (area != null) {
            request = request.queryParam("area", area);
        }
        return request.when().get("/api/v1/resident-notices/" + notice + "/status").then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> unread(String token, UUID notice) {
        return given().auth().oauth2(token).queryParam("size", 500).when()
                .get("/api/v1/resident-notices/" + notice + "/unread").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void residentsReadAndConfirmTheirAreasNoticesAndStaffSeeWhoHasNot() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a1Account = "notice.a1." + suffix;
        String a2Account = "notice.a2." + suffix;
        String b1Account = "notice.b1." + suffix;
        // community A: three residents, one of them without a login; ordered by grid, building, unit, room
        String a1 = resident(WORKER_A, household(WORKER_A, A, "Grid 2", "3", "1", "301"), "Qian Yi", a1Account);
        String a2 = resident(WORKER_A, household(WORKER_A, A, "Grid 1", "7", "2", "702"), "Sun Er", a2Account);
        String a3 = resident(WORKER_A, household(WORKER_A, A, "Grid 1", "7", "1", "101"), "Li San", null);
        String b1 = resident(WORKER_B, household(WORKER_B, B, "Grid 1", "1", "1", "101"), "Zhou Si", b1Account);
        String residentA1 = TestTokens.token(a1Account, "resident", A);
        String residentA2 = TestTokens.token(a2Account, "resident", A);
        String residentB1 = TestTokens.token(b1Account, "resident", B);

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        UUID forA = UUID.randomUUID();
        UUID forStreet = UUID.randomUUID();
        UUID forB = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        try (var producer = producer()) {
            producer.send(event(UUID.randomUUID().toString(), NOTICE_PUBLISHED, A,
                    notice(forA, A, "A-first", now.minusHours(2), now.plusDays(7))));
            producer.send(event(UUID.randomUUID().toString(), NOTICE_PUBLISHED, STREET,
                    notice(forStreet, STREET, "street", now.minusHours(1), null)));
            producer.send(event(UUID.randomUUID().toString(), NOTICE_PUBLISHED, B,
                    notice(forB, B, "B", now.minusMinutes(30), now.plusDays(7))));
            producer.send(event(UUID.randomUUID().toString(), NOTICE_PUBLISHED, A,
                    notice(expired, A, "expired", now.minusDays(3), now.minusDays(1))));
            // a later copy of the first notice (a new event id) replaces our copy
            producer.send(event(UUID.randomUUID().toString(), NOTICE_PUBLISHED, A,
                    notice(forA, A, "A", now.minusHours(2), now.plusDays(7))));
            producer.flush();
        }
        List<Map<String, Object>> mine = await().atMost(Duration.ofSeconds(60)).until(() -> myNotices(residentA1, null),
                list -> list.size() == 2 && "通知 A".equals(list.get(1).get("headline")));
        // newest first: the street's (1 h ago), then A's (2 h ago); the expired one and B's are not A1's to read
        assertThat(mine).extracting(n -> n.get("noticeId")).containsExactly(forStreet.toString(), forA.toString());
        assertThat(mine).allSatisfy(n -> {
            assertThat(A).startsWith((String) n.get("area"));
            assertThat(n.get("lang")).isEqualTo("zh");
            assertThat(n.get("readAt")).isNull();
        });
        assertThat(mine.get(1)).containsEntry("whatHappened", "发生了 A").containsEntry("whatToDo", "请 A")
                .containsEntry("whereToGetHelp", "社区 A");
        List<Map<String, Object>> english = myNotices(residentA1, "en");
        assertThat(english).extracting(n -> n.get("headline")).containsExactly("Notice street", "Notice A");
        assertThat(english).allSatisfy(n -> assertThat(n.get("lang")).isEqualTo("en"));
        List<Map<String, Object>> theirs = await().atMost(Duration.ofSeconds(60)).until(() -> myNotices(residentB1, null),
                list -> list.size() == 2);
        assertThat(theirs).extracting(n -> n.get("noticeId")).containsExactly(forB.toString(), forStreet.toString());
        assertThat(theirs).allSatisfy(n -> assertThat(B).startsWith((String) n.get("area")));

        // staff before anyone confirmed: A has 3 residents, none confirmed
        JsonPath before = status(WORKER_A, forA, null);
        assertThat(before.getLong("residents")).isEqualTo(3);
        assertThat(before.getLong("confirmed")).isZero();
        assertThat(before.getLong("notConfirmed")).isEqualTo(3);
        List<Map<String, Object>> unreadBefore = unread(WORKER_A, forA);
        // Grid 1/7/1/101 (a3), Grid 1/7/2/702 (a2), Grid 2/3/1/301 (a1)
        assertThat(unreadBefore).extracting(PlanRequestTests::residentId).containsExactly(a3, a2, a1);
        assertThat(unreadBefore).allSatisfy(r -> assertThat(((Map<?, ?>) r.get("resident")).get("communityCode")).isEqualTo(A));
        assertThat(unreadBefore).extracting(r -> r.get("hasAccount")).containsExactly(false, true, true);
        assertThat(unreadBefore.get(0)).containsEntry("grid", "Grid 1").containsEntry("building", "7")
                .containsEntry("unit", "1").containsEntry("room", "101");
        assertThat(((Map<?, ?>) unreadBefore.get(0).get("resident")).get("phone")).isEqualTo("13812345678"); // a worker's view

        // A1 confirms, twice: one read, the first time stays
        String readAt = given().auth().oauth2(residentA1).when().post("/api/v1/resident-notices/" + forA + "/read").then()
                .statusCode(200).body("noticeId", equalTo(forA.toString())).extract().path("readAt");
        assertThat(readAt).isNotNull();
        clock.advance(Duration.ofMinutes(5));
        given().auth().oauth2(residentA1).when().post("/api/v1/resident-notices/" + forA + "/read").then()
                .statusCode(200).body("readAt", equalTo(readAt));
        assertThat(db.count("select count(*) from resident_notice_read where notice_id = ? and resident_id = ?", forA,
                UUID.fromString(a1))).isEqualTo(1);
        // the repeat was answered, not counted against the resident's rate limit (one confirmation counted)
        assertThat(db.count("select coalesce(sum(requests), 0) from rate_limit where limit_name = 'notice-read' and caller = ?",
                TestTokens.subject(a1Account))).isEqualTo(1);
        assertThat(myNotices(residentA1, null).get(1)).containsEntry("readAt", readAt);
        // another community's notice, an unknown one and an expired one of theirs... a notice not theirs: 404 alike
        given().auth().oauth2(residentA1).when().post("/api/v1/resident-notices/" + forB + "/read").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(residentA1).when().post("/api/v1/resident-notices/" + UUID.randomUUID() + "/read").then()
                .statusCode(404);
        assertThat(db.count("select count(*) from resident_notice_read where notice_id = ?", forB)).isZero();
        // those two refusals were counted (probing ids is not free), the repeat above was not
        assertThat(db.count("select coalesce(sum(requests), 0) from rate_limit where limit_name = 'notice-read' and caller = ?",
                TestTokens.subject(a1Account))).isEqualTo(3);

        // the worker's list shrinks: a2 and a3 remain; then a2 confirms, only a3 (no login) is left
        assertThat(unread(WORKER_A, forA)).extracting(PlanRequestTests::residentId).containsExactly(a3, a2);
        given().auth().oauth2(residentA2).when().post("/api/v1/resident-notices/" + forA + "/read").then().statusCode(200);
        assertThat(unread(WORKER_A, forA)).extracting(PlanRequestTests::residentId).containsExactly(a3);
        JsonPath after = status(WORKER_A, forA, null);
        // 3 residents, a1 and a2 confirmed: 2 confirmed, 1 not
        assertThat(after.getLong("residents")).isEqualTo(3);
        assertThat(after.getLong("confirmed")).isEqualTo(2);
        assertThat(after.getLong("notConfirmed")).isEqualTo(1);

        // the street's notice: a worker of A counts A's 3; the street's coordinator 3 + B's 1 = 4, narrowed to B: 1
        assertThat(status(WORKER_A, forStreet, null).getLong("residents")).isEqualTo(3);
        assertThat(status(COORDINATOR, forStreet, null).getLong("residents")).isEqualTo(4);
        assertThat(status(COORDINATOR, forStreet, B).getLong("residents")).isEqualTo(1);
        List<Map<String, Object>> streetUnread = unread(COORDINATOR, forStreet);
        assertThat(streetUnread).hasSize(4).allSatisfy(r -> assertThat((String) ((Map<?, ?>) r.get("resident")).get("communityCode"))
                .isIn(A, B));
        assertThat(((Map<?, ?>) streetUnread.get(0).get("resident")).get("phone")).isEqualTo("138****5678"); // masked for a coordinator
        List<Map<String, Object>> gridOne = given().auth().oauth2(WORKER_A).queryParam("grid", "Grid 1").when()
                .get("/api/v1/resident-notices/" + forStreet + "/unread").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(gridOne).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("grid", "Grid 1"));
        given().auth().oauth2(WORKER_A).queryParam("page", 1).queryParam("size", 2).when()
                .get("/api/v1/resident-notices/" + forStreet + "/unread").then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(1)).body("items[0].resident.id", equalTo(a1));

        // outside the caller's area: 403; unknown: 404; other roles: 403
        given().auth().oauth2(WORKER_B).when().get("/api/v1/resident-notices/" + forA + "/status").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(WORKER_B).when().get("/api/v1/resident-notices/" + forA + "/unread").then().statusCode(403);
        given().auth().oauth2(WORKER_A).queryParam("area", B).when().get("/api/v1/resident-notices/" + forStreet + "/status")
                .then().statusCode(403);
        given().auth().oauth2(WORKER_A).when().get("/api/v1/resident-notices/" + UUID.randomUUID() + "/status").then()
                .statusCode(404);
        String volunteer = TestTokens.token("zhao.notice", "volunteer", A);
        given().auth().oauth2(volunteer).when().get("/api/v1/resident-notices/" + forA + "/status").then().statusCode(403);
        given().auth().oauth2(volunteer).when().get("/api/v1/resident-notices/" + forA + "/unread").then().statusCode(403);
        given().auth().oauth2(residentA1).when().get("/api/v1/resident-notices/" + forA + "/status").then().statusCode(403);
        given().auth().oauth2(residentA1).when().get("/api/v1/resident-notices/" + forA + "/unread").then().statusCode(403);
        given().auth().oauth2(WORKER_A).when().get("/api/v1/resident-notices").then().statusCode(403);
        // a login not linked to a resident
        given().auth().oauth2(TestTokens.token("nobody." + suffix, "resident", A)).when().get("/api/v1/resident-notices")
                .then().statusCode(403).contentType("application/problem+json");

        // bad input: 400 problems
        given().auth().oauth2(residentA1).queryParam("lang", "fr").when().get("/api/v1/resident-notices").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("lang"));
        given().auth().oauth2(residentA1).queryParam("page", -1).when().get("/api/v1/resident-notices").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(residentA1).queryParam("size", 0).when().get("/api/v1/resident-notices").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(WORKER_A).queryParam("size", 501).when().get("/api/v1/resident-notices/" + forA + "/unread")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(WORKER_A).queryParam("area", "31x").when().get("/api/v1/resident-notices/" + forA + "/status")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(b1).isNotNull();
    }
}
