package org.frontline.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The gateway's transport and browser rules (issue 17, "Web security"): HSTS on answers that came over TLS (here:
 * through a trusted proxy saying so), never on plain HTTP; no CORS header for any origin unless configured
 * ({@link ConfiguredCorsTests}); nosniff on every answer, API included.
 */
@QuarkusTest
@FrontlineTest
class WebSecurityTests {

    static final String EVIL = "https://evil.example";

    @Test
    void strictTransportSecurityOnlyWhenTheRequestCameOverTls() {
        for (String path : new String[] { "/", "/field/", "/config.json", "/api/v1/overview" }) {
            Response plain = given().when().get(path);
            assertThat(plain.header("Strict-Transport-Security")).as(path + " over plain HTTP").isNull();

            // the Ingress ends TLS and says so; the gateway trusts loopback and private ranges as proxies
            Response tls = given().header("X-Forwarded-Proto", "https").when().get(path);
            assertThat(tls.header("Strict-Transport-Security")).as(path + " over TLS")
                    .isEqualTo("max-age=31536000; includeSubDomains");
        }
    }

    @Test
    void noOriginMayReadAnAnswerAcrossOrigins() {
        // the preflight a browser sends before a cross-origin call with a bearer token
        Response preflight = given().header("Origin", EVIL).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/overview");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Headers")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

        Response read = given().header("Origin", EVIL)
                .auth().oauth2(TestTokens.token("chen", "coordinator", "3101"))
                .when().get("/api/v1/overview?area=3101");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).as("a browser refuses the page this answer").isNull();
        assertThat(given().header("Origin", EVIL).when().get("/config.json").header("Access-Control-Allow-Origin"))
                .isNull();
    }

    @Test
    void thePagesCannotBeFramedAndSendNoReferrer() {
        for (String path : new String[] { "/", "/field/" }) {
            Response r = given().when().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(r.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'")
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void everyAnswerForbidsContentSniffing() {
        assertThat(given().when().get("/api/v1/overview").header("X-Content-Type-Options")).as("a 401")
                .isEqualTo("nosniff");
        assertThat(given().auth().oauth2(TestTokens.token("chen", "coordinator", "3101"))
                .when().get("/api/v1/overview?area=3101").header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(given().when().get("/no-such-page").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
