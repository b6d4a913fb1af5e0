package org.frontline.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.frontline.platform.testing.FrontlineTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The command-centre page (issue 13): served at /, bundled scripts only, a strict Content-Security-Policy. */
@QuarkusTest
@FrontlineTest
class PageTests {

    static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class).replaceAll("/+$", "");
    }

    static String issuerOrigin() {
        java.net.URI u = java.net.URI.create(issuer());
        return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
    }

    @Test
    void thePageIsServedWithItsBundleAndAStrictContentSecurityPolicy() {
        Response r = given().when().get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        String html = r.asString();
        assertThat(html).contains("指挥中心").contains("Command centre");
        assertThat(html).containsPattern("<script[^>]+src=\"/static/bundle/[^\"]+\\.js\"");
        // no inline script, no inline handler, nothing from elsewhere
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("http://").doesNotContain("https://");

        String csp = r.header("Content-Security-Policy");
        assertThat(csp).isNotNull()
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("connect-src 'self' " + issuerOrigin())
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(given().when().get("/index.html").header("Content-Security-Policy")).isEqualTo(csp);
    }

    @Test
    void theConfigNamesTheIssuerAndThePublicClientWithoutALogin() {
        Response r = given().when().get("/config.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("issuer")).isEqualTo(issuer());
        assertThat(r.jsonPath().getString("clientId")).isEqualTo("frontline-web");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theBundledScriptAndStylesAreServed() {
        String html = given().when().get("/").asString();
        Matcher js = Pattern.compile("src=\"(/static/bundle/[^\"]+\\.js)\"").matcher(html);
        assertThat(js.find()).isTrue();
        Response script = given().when().get(js.group(1));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        String code = script.asString();
        // the OIDC module (PKCE S256, state), the live stream with Last-Event-ID, echarts
        assertThat(code).contains("code_challenge_method").contains("S256").contains("Last-Event-ID")
                .contains("/api/v1/stream").contains("/.well-known/openid-configuration").contains("echarts");
        Matcher css = Pattern.compile("href=\"(/static/bundle/[^\"]+\\.css)\"").matcher(html);
        assertThat(css.find()).isTrue();
        Response style = given().when().get(css.group(1));
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.contentType()).contains("css");
    }
}
