package org.frontline.roster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.frontline.roster.PersonFixtures.COMMUNITY;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.ratelimit.RateLimits;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Volunteer self-registration is rate-limited per login: 429 with Retry-After past the limit, nothing written. */
@QuarkusTest
@FrontlineTest
class VolunteerRateLimitTests {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RateLimits limits;

    private static Response register(String token, String community) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityCode", community, "displayName", "Liu Yang", "phone", "13712345678"))
                .when().post("/api/v1/volunteers/me");
    }

    @Test
    void attemptsPastTheLimitAre429AndRegisterNothing() {
        int limit = limits.limit("volunteer-registration").requests();
        String user = "vol-limited-" + System.nanoTime();
        String me = TestTokens.token(user, "volunteer", COMMUNITY);
        var db = new TestDatabase(dataSource);
        // attempts that fail (a community outside the login's area) count too
        for (int i = 0; i < limit; i++) {
            register(me, "310105002001").then().statusCode(403);
        }
        long people = db.count("select count(*) from person");
        long events = db.outboxRows();
        Response refused = register(me, COMMUNITY);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:frontline:problem:rate-limited"));
        assertThat(Long.parseLong(refused.getHeader("Retry-After")))
                .isBetween(1L, limits.limit("volunteer-registration").window().toSeconds());
        assertThat(db.count("select count(*) from person")).isEqualTo(people);
        assertThat(db.outboxRows()).isEqualTo(events);
        given().auth().oauth2(me).when().get("/api/v1/volunteers/me").then().statusCode(404);

        // another volunteer registers, and once registered may repeat the request as often as they like (200, not counted)
        String other = TestTokens.token(user + "-b", "volunteer", COMMUNITY);
        String id = register(other, COMMUNITY).then().statusCode(201).extract().path("id");
        for (int i = 0; i < limit + 2; i++) {
            register(other, COMMUNITY).then().statusCode(200).body("id", equalTo(id));
        }
    }

    @Test
    void theOpenApiDocumentDeclaresThe429() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/volunteers/me'.post.responses.'429'.headers.'Retry-After'.required", equalTo(true));
    }
}
