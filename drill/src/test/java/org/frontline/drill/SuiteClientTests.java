package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Response;
import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.api.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the client sends again: a request that may have reached the service (a read timeout, a 504) only when it is
 * safe to repeat (a GET, a body with an idempotency key, or marked idempotent); a 502/503 always (never delivered);
 * the Keycloak token request three times on a 5xx, once on a refused login.
 */
class SuiteClientTests {

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(4, this::handle);
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** path → status answers in order (then 200) */
    final Map<String, int[]> script = new ConcurrentHashMap<>();
    /** paths whose first call is answered after 1.5 s */
    final Map<String, Boolean> slowFirst = new ConcurrentHashMap<>();

    private void handle(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getPath();
        int n = calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        int status = 200;
        String body = "{\"id\":\"a\"}";
        if (path.endsWith("/token")) {
            body = FakeHttp.TOKEN;
        }
        int[] s = script.get(path);
        if (s != null && n <= s.length) {
            status = s[n - 1];
            body = status == 400 ? "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}"
                    : path.contains("lost") ? "{\"type\":\"urn:frontline:problem:upstream-connection-lost\"}" : "{}";
        }
        if (n == 1 && slowFirst.containsKey(path)) {
            Parallel.sleep(1500);
        }
        try {
            FakeHttp.answer(x, status, body);
        } catch (IOException e) {
            // the client gave up
        }
    }

    SuiteClient client(Stats stats) {
        return server.client(stats).requestTimeout(Duration.ofMillis(500));
    }

    int calls(String path) {
        return calls.getOrDefault(path, new AtomicInteger()).get();
    }

    static final String TOKEN = "/realms/frontline/protocol/openid-connect/token";

    @Test
    void aWriteWithoutAKeyIsNotSentAgainAfterAReadTimeout() throws InterruptedException {
        slowFirst.put("/api/v1/roster/shifts/1/assignments", true);
        SuiteClient client = client(new Stats());

        assertThatThrownBy(() -> client.send("POST", "/api/v1/roster/shifts/1/assignments", Map.of("personId", "p")))
                .isInstanceOf(SuiteException.class).hasMessageContaining("may have reached")
                .hasCauseInstanceOf(IOException.class);
        Thread.sleep(1500);
        assertThat(calls("/api/v1/roster/shifts/1/assignments")).isEqualTo(1);
    }

    @Test
    void aWriteWithAKeyAReadAndAMarkedOneAreSentAgainAfterAReadTimeout() {
        slowFirst.put("/api/v1/x", true);
        slowFirst.put("/api/v1/y", true);
        slowFirst.put("/api/v1/z", true);
        SuiteClient client = client(new Stats());

        assertThat(client.send("POST", "/api/v1/x", Map.of("idempotencyKey", "k")).status()).isEqualTo(200);
        assertThat(client.send("GET", "/api/v1/y", null).status()).isEqualTo(200);
        assertThat(client.sendIdempotent("POST", "/api/v1/z", null).status()).isEqualTo(200);
        assertThat(calls("/api/v1/x")).isEqualTo(2);
        assertThat(calls("/api/v1/y")).isEqualTo(2);
        assertThat(calls("/api/v1/z")).isEqualTo(2);
    }

    @Test
    void a502Or503IsSentAgainA504OnlyWhenSafe() {
        script.put("/api/v1/a", new int[] {502, 503});
        script.put("/api/v1/b", new int[] {504});
        script.put("/api/v1/c", new int[] {504});
        Stats stats = new Stats();
        SuiteClient client = client(stats);

        assertThat(client.send("POST", "/api/v1/a", Map.of("personId", "p")).status()).isEqualTo(200);
        assertThat(calls("/api/v1/a")).isEqualTo(3);
        Response unsafe = client.send("POST", "/api/v1/b", Map.of("personId", "p"));
        assertThat(unsafe.status()).isEqualTo(504);
        assertThat(calls("/api/v1/b")).isEqualTo(1);
        assertThat(client.send("POST", "/api/v1/c", Map.of("idempotencyKey", "k")).status()).isEqualTo(200);
        assertThat(calls("/api/v1/c")).isEqualTo(2);
        assertThat(stats.errors.get()).as("only the 504 given back").isEqualTo(1);
    }

    @Test
    void a503IsSentAgainBeyondTheAttemptsWhileTheServiceComesBack() {
        script.put("/api/v1/d", new int[] {503, 503, 503, 503, 503, 503, 502});
        Stats stats = new Stats();
        assertThat(client(stats).send("POST", "/api/v1/d", Map.of("personId", "p")).status()).isEqualTo(200);
        assertThat(calls("/api/v1/d")).isEqualTo(8);
        assertThat(stats.errors.get()).isZero();
        assertThat(stats.http5xx.get()).isEqualTo(7);
        assertThat(stats.http500.get()).isZero();
    }

    @Test
    void a502ConnectionLostIsSentAgainOnlyWhenSafe() {
        script.put("/api/v1/lost-a", new int[] {502});
        script.put("/api/v1/lost-b", new int[] {502});
        Stats stats = new Stats();
        SuiteClient client = client(stats);
        assertThat(client.send("POST", "/api/v1/lost-a", Map.of("personId", "p")).status()).isEqualTo(502);
        assertThat(calls("/api/v1/lost-a")).isEqualTo(1); // it may have been done: the caller must find out
        assertThat(client.send("POST", "/api/v1/lost-b", Map.of("idempotencyKey", "k")).status()).isEqualTo(200);
        assertThat(calls("/api/v1/lost-b")).isEqualTo(2);
    }

    @Test
    void aConnectFailureIsSentAgainEvenWithoutAKey() {
        Target target = server.target();
        target.baseUrl = "http://127.0.0.1:1";
        Stats stats = new Stats();
        SuiteClient client = new SuiteClient(target, stats);

        assertThatThrownBy(() -> client.send("POST", "/api/v1/a", Map.of("personId", "p")))
                .isInstanceOf(SuiteException.class).hasMessageContaining("no answer after 5 attempts");
        assertThat(stats.transportRetries.get()).isEqualTo(4);
    }

    @Test
    void theTokenRequestIsTriedThreeTimesOnA5xx() {
        script.put(TOKEN, new int[] {503, 500});
        SuiteClient client = client(new Stats());

        assertThat(client.token()).isEqualTo("t");
        assertThat(calls(TOKEN)).isEqualTo(3);
    }

    @Test
    void aRefusedLoginIsFinalInOneLine() {
        script.put(TOKEN, new int[] {400, 400, 400});
        SuiteClient client = client(new Stats());

        assertThatThrownBy(client::token).isInstanceOf(SuiteException.class)
                .hasMessageContaining("Invalid user credentials").hasMessageNotContaining("\n");
        assertThat(calls(TOKEN)).isEqualTo(1);
    }

    @Test
    void aKeycloakThatKeepsFailingGivesUpAfterThreeTries() {
        script.put(TOKEN, new int[] {503, 503, 503, 503});
        SuiteClient client = client(new Stats());

        assertThatThrownBy(client::token).isInstanceOf(SuiteException.class).hasMessageContaining("503")
                .hasMessageContaining("3 attempts");
        assertThat(calls(TOKEN)).isEqualTo(3);
    }
}
