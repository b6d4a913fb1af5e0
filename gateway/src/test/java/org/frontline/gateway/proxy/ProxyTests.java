package org.frontline.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import org.eclipse.microprofile.config.ConfigProvider;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The one entry point (issue 13): the gateway forwards /api/v1/{screening|roster|supplies|alerts}/** to the
 * services' /api/v1/** with the caller's token, query and body, streaming both ways, against real HTTP servers
 * standing in for the services ({@link EchoUpstream}).
 */
@QuarkusTest
@FrontlineTest
@TestProfile(EchoUpstream.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String echoBase() {
        return "http://127.0.0.1:" + System.getProperty(EchoUpstream.PORT);
    }

    static String gateway() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static int upstreamRequests() throws Exception {
        return Integer.parseInt(HTTP.send(HttpRequest.newBuilder(URI.create(echoBase() + "/__count")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode echo(Response r) throws Exception {
        return JSON.readTree(r.asString());
    }

    @Test
    @Order(1)
    void eachPrefixGoesToItsServiceWithTheServiceSegmentStripped() throws Exception {
        String token = TestTokens.token("d-proxy", "coordinator", "310151");
        String[][] cases = {
            {"/api/v1/screening/screenings", "/screening-svc/api/v1/screenings"},
            {"/api/v1/roster/people/7", "/roster-svc/api/v1/people/7"},
            {"/api/v1/supplies/sites", "/supplies-svc/api/v1/sites"},
            {"/api/v1/alerts/detectors", "/alert-svc/api/v1/detectors"},
            {"/api/v1/alerts/alerts/abc-1", "/alert-svc/api/v1/alerts/abc-1"},
            {"/api/v1/alerts", "/alert-svc/api/v1"},
            {"/openapi/screening", "/screening-svc/q/openapi"},
            {"/openapi/alert", "/alert-svc/q/openapi"},
            {"/openapi/roster", "/roster-svc/q/openapi"},
        };
        for (String[] c : cases) {
            Response r = given().auth().oauth2(token).when().get(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
            assertThat(echo(r).path("path").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(echo(r).path("method").asText()).isEqualTo("GET");
        }
        // a percent-encoded service segment matches the route (normalised) but names no service (raw): 404, not 500
        HttpResponse<String> encoded = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/%73creening/x"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(encoded.statusCode()).isIn(200, 404);
        if (encoded.statusCode() == 200) {
            assertThat(JSON.readTree(encoded.body()).path("path").asText()).isEqualTo("/screening-svc/api/v1/x");
        } else {
            assertThat(encoded.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    @Order(2)
    void theCallersTokenQueryAndHeadersGoAlongHopByHopHeadersDoNotAndForwardedHeadersAreSet() throws Exception {
        String token = TestTokens.token("d-proxy", "district-officer", "310151");
        Response r = given().header("Authorization", "Bearer " + token)
                .header("Proxy-Authorization", "Basic c2VjcmV0OnNlY3JldA==")
                .header("Keep-Alive", "timeout=5")
                .header("X-Frontline-Test", "kept")
                .queryParam("area", "310151").queryParam("name", "徐汇 a&b")
                .when().get("/api/v1/screening/screenings");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode e = echo(r);
        assertThat(e.path("authorization").asText()).isEqualTo("Bearer " + token);
        assertThat(e.path("query").asText()).startsWith("area=310151&name=").contains("a%26b");
        assertThat(e.path("custom").asText()).isEqualTo("kept");
        assertThat(e.path("proxyAuthorization").isNull()).as("Proxy-Authorization is hop-by-hop").isTrue();
        assertThat(e.path("keepAlive").isNull()).as("Keep-Alive is hop-by-hop").isTrue();
        assertThat(e.path("xForwardedPrefix").asText()).isEqualTo("/api/v1/screening");
        assertThat(e.path("xForwardedProto").asText()).isEqualTo("http");
        assertThat(e.path("xForwardedFor").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
        assertThat(e.path("xForwardedHost").asText()).startsWith("localhost:").doesNotContain(System.getProperty(EchoUpstream.PORT));
        assertThat(e.path("host").asText()).isEqualTo("127.0.0.1:" + System.getProperty(EchoUpstream.PORT));

        // no token: passed on as it is, the service decides (the gateway adds no security and removes none)
        JsonNode anonymous = echo(given().when().post("/api/v1/alerts/alerts/1/acknowledge"));
        assertThat(anonymous.path("authorization").isNull()).isTrue();
        assertThat(anonymous.path("method").asText()).isEqualTo("POST");
        assertThat(anonymous.path("path").asText()).isEqualTo("/alert-svc/api/v1/alerts/1/acknowledge");

        // a Location the service writes about itself points behind the gateway
        Response created = given().auth().oauth2(token).contentType("application/json").body("{\"a\":1}")
                .when().post("/api/v1/supplies/created");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/supplies/created/42");
        assertThat(echo(created).path("body").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    @Order(3)
    void largeBodiesStreamThroughBothWays() throws Exception {
        // under the 4 MiB body limit every service and the gateway share (platform rest.BodyLimit)
        byte[] body = new byte[3 * 1024 * 1024 + 123];
        new Random(13).nextBytes(body);
        String token = TestTokens.token("d-proxy", "coordinator", "310151");
        HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/supplies/uploads?x=1"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode e = JSON.readTree(up.body());
        assertThat(e.path("method").asText()).isEqualTo("PUT");
        assertThat(e.path("bodyLength").asLong()).isEqualTo(body.length);
        assertThat(e.path("bodySha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));

        // over the limit: refused at the gateway with problem+json, nothing reaches the service
        int before = upstreamRequests();
        HttpResponse<String> tooLarge = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/supplies/uploads?x=2"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024 + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(upstreamRequests()).isEqualTo(before);

        // 16 MB back, chunked by the service: read as a stream, the same bytes
        HttpResponse<InputStream> down = HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/screening/big?mb=16"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(down.statusCode()).isEqualTo(200);
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long length = 0;
        try (InputStream in = down.body()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                got.update(buf, 0, n);
                length += n;
            }
        }
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        Random random = new Random(16);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 16; i++) {
            random.nextBytes(chunk);
            expected.update(chunk);
        }
        assertThat(length).isEqualTo(16L << 20);
        assertThat(got.digest()).isEqualTo(expected.digest());
    }

    @Test
    @Order(4)
    void theGatewaysOwnApiIsNotForwarded() throws Exception {
        String token = TestTokens.token("d-proxy", "coordinator", "310151");
        int before = upstreamRequests();
        for (String own : new String[] {"/api/v1/overview", "/api/v1/areas/310151", "/api/v1/open-alerts", "/api/v1/series",
            "/api/v1/reports", "/api/v1/screeningx", "/api/v1/alertsx/1", "/api/v1/v1/screening"}) {
            Response r = given().auth().oauth2(token).when().get(own);
            assertThat(r.asString()).as(own).doesNotContain("\"bodySha256\"");
        }
        assertThat(upstreamRequests()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void theDocumentLinksTheServicesDocuments() throws Exception {
        JsonNode doc = JSON.readTree(given().accept("application/json").when().get("/q/openapi?format=json").asString());
        JsonNode services = doc.path("x-frontline-services");
        assertThat(services.path("screening").path("openapi").asText()).isEqualTo("/openapi/screening");
        assertThat(services.path("roster").path("openapi").asText()).isEqualTo("/openapi/roster");
        assertThat(services.path("supplies").path("openapi").asText()).isEqualTo("/openapi/supplies");
        assertThat(services.path("alert").path("openapi").asText()).isEqualTo("/openapi/alert");
        assertThat(services.path("alert").path("prefix").asText()).isEqualTo("/api/v1/alerts/");
        assertThat(doc.path("info").path("description").asText()).contains("One entry point");
        assertThat(doc.path("tags").toString()).contains("/openapi/supplies");
    }

    @Test
    @Order(6)
    void aServiceThatIsDownIsAnsweredWithA502ProblemQuickly() throws Exception {
        String token = TestTokens.token("d-proxy", "coordinator", "310151");
        given().auth().oauth2(token).when().get("/api/v1/roster/people").then().statusCode(200);
        String roster = "http://127.0.0.1:" + System.getProperty(EchoUpstream.ROSTER_PORT);
        HTTP.send(HttpRequest.newBuilder(URI.create(roster + "/__stop")).build(), HttpResponse.BodyHandlers.discarding());
        Thread.sleep(300);
        for (int i = 0; i < 3; i++) { // pooled connections to the stopped server do not turn into hangs either
            long start = System.nanoTime();
            Response r = given().auth().oauth2(token).body("{}").contentType("application/json")
                    .when().post("/api/v1/roster/people");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getInt("status")).isEqualTo(502);
            assertThat(r.jsonPath().getString("detail")).contains("roster");
            // nothing was sent (no replica accepted the connection): the client may send it again
            assertThat(r.jsonPath().getString("type")).isEqualTo("urn:frontline:problem:service-unavailable");
            assertThat(r.jsonPath().getString("instance")).isEqualTo("/api/v1/roster/people");
            assertThat(millis).as("answered within the connect timeout, not a hang").isLessThan(3000);
        }
        // the other services are still served
        given().auth().oauth2(token).when().get("/api/v1/supplies/sites").then().statusCode(200);
    }

    @Test
    @Order(7)
    void aReplicaThatIsDownIsPassedOverAndEachRequestArrivesOnce() throws Exception {
        // supplies runs as two replicas, the first one down: every request, a write without an idempotency key too,
        // reaches the live one exactly once
        String token = TestTokens.token("d-proxy", "coordinator", "310151");
        int before = upstreamRequests();
        for (int i = 0; i < 6; i++) {
            Response r = given().auth().oauth2(token).body("{\"n\":" + i + "}").contentType("application/json")
                    .when().post("/api/v1/supplies/sites");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(echo(r).path("path").asText()).isEqualTo("/supplies-svc/api/v1/sites");
            given().auth().oauth2(token).when().get("/api/v1/supplies/sites").then().statusCode(200);
        }
        assertThat(upstreamRequests() - before).as("12 requests, each delivered once").isEqualTo(12);
    }
}
