package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.frontline.platform.ratelimit.RateLimitCounter;
import org.frontline.platform.ratelimit.RateLimits;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A resident's self-reports are rate-limited: 429 with Retry-After past the limit, nothing written, per resident. */
@QuarkusTest
@FrontlineTest
class RateLimitTests {

    static final String COMMUNITY = "310104012003";
    static final String WORKER = TestTokens.token("wang", "community-worker", COMMUNITY);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RateLimits limits;

    private static final String REPORTED_AT = OffsetDateTime.now().minusMinutes(1).toString();

    private static Response report(String token, String key) {
        var body = new java.util.HashMap<String, Object>(Map.of("temperatureCelsius", "36.6", "reportedAt", REPORTED_AT));
        if (key != null) {
            body.put("idempotencyKey", key);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/self-reports");
    }

    private String residentToken(String prefix) {
        String account = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        Fixtures.residentWithAccount(WORKER, COMMUNITY, account);
        return account;
    }

    @Test
    void theReportPastTheLimitIs429WithRetryAfterAndWritesNothing() {
        int limit = limits.limit("self-report").requests();
        var db = new TestDatabase(dataSource);
        String account = residentToken("resident.limited");
        String me = TestTokens.token(account, "resident", COMMUNITY);
        String firstKey = "limited-" + UUID.randomUUID();
        for (int i = 0; i < limit; i++) {
            report(me, i == 0 ? firstKey : "limited-" + UUID.randomUUID()).then().statusCode(201);
        }
        String residentId = db.query("select id from resident where account = ?", account).get(0).get("id").toString();
        long rows = db.count("select count(*) from screening_record where resident_id = cast(? as uuid)", residentId);
        long events = db.outboxRows();
        assertThat(rows).isEqualTo(limit);

        Response refused = report(me, "limited-" + UUID.randomUUID());
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:frontline:problem:rate-limited")).body("status", equalTo(429));
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, limits.limit("self-report").window().toSeconds());
        // and again without a key: still refused
        report(me, null).then().statusCode(429);
        assertThat(db.count("select count(*) from screening_record where resident_id = cast(? as uuid)", residentId)).isEqualTo(rows);
        assertThat(db.outboxRows()).isEqualTo(events);
        // exactly the accepted reports are on the topic, the refused ones are not
        TopicReader.awaitExactly("screening.events", r -> r.value().contains(residentId)
                && "frontline.screening.ResidentScreened.v1".equals(TopicReader.header(r, "ce_type")), limit,
                java.time.Duration.ofSeconds(30));

        // a retry of a report already accepted is answered as before, not refused
        report(me, firstKey).then().statusCode(200);
        // another resident is not affected
        String other = TestTokens.token(residentToken("resident.unlimited"), "resident", COMMUNITY);
        report(other, null).then().statusCode(201);
    }

    @Test
    void replicasShareOneLimit() throws Exception {
        int limit = limits.limit("self-report").requests();
        String account = residentToken("resident.replicas");
        String me = TestTokens.token(account, "resident", COMMUNITY);
        report(me, null).then().statusCode(201);
        // another replica (its own connection to the same database) counts the rest of this resident's window
        var config = ConfigProvider.getConfig();
        try (Connection replica = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
            replica.setAutoCommit(true);
            for (int i = 1; i < limit; i++) {
                assertThat(RateLimitCounter.count(replica, "self-report", TestTokens.subject(account),
                        limits.limit("self-report").window()).requests()).isEqualTo(i + 1);
            }
        }
        var db = new TestDatabase(dataSource);
        long rows = db.count("select count(*) from screening_record where recorded_by = ?", account);
        report(me, null).then().statusCode(429);
        assertThat(db.count("select count(*) from screening_record where recorded_by = ?", account)).isEqualTo(rows);
    }

    @Test
    void theOpenApiDocumentDeclaresThe429AndItsRetryAfter() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/self-reports'.post.responses.'429'.headers.'Retry-After'.schema.type", equalTo("integer"))
                .body("paths.'/api/v1/self-reports'.post.responses.'429'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/resident-notices/{noticeId}/read'.post.responses.'429'.headers.'Retry-After'.required",
                        equalTo(true))
                .body("paths.'/api/v1/residents'.get.responses.'429'", org.hamcrest.Matchers.nullValue());
    }
}
