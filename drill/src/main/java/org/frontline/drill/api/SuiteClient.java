package org.frontline.drill.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The suite as a real client sees it: every request through the gateway ({@link Target#baseUrl}) with a bearer token
 * from Keycloak (password grant of {@link Target#user}, renewed before it expires and once more on a 401). A
 * transport failure or a 502/503/504 is sent again with the same body — so with the same idempotency key — up to
 * {@value #ATTEMPTS} times; every other answer is the caller's. Thread-safe.
 */
public final class SuiteClient {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final int ATTEMPTS = 5;
    private static final Set<Integer> RETRIED = Set.of(502, 503, 504);

    private final Target target;
    private final Stats stats;
    private final HttpClient http;
    private volatile String token;
    private volatile Instant tokenRenewAt = Instant.EPOCH;

    public SuiteClient(Target target, Stats stats) {
        this.target = target;
        this.stats = stats;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Stats stats() {
        return stats;
    }

    public Target target() {
        return target;
    }

    public HttpClient http() {
        return http;
    }

    /** The current access token (logs in when there is none or it is about to expire). */
    public String token() {
        if (token == null || Instant.now().isAfter(tokenRenewAt)) {
            login(false);
        }
        return token;
    }

    private synchronized void login(boolean force) {
        if (!force && token != null && Instant.now().isBefore(tokenRenewAt)) {
            return;
        }
        String form = "grant_type=password&client_id=" + enc(target.clientId) + "&username=" + enc(target.user)
                + "&password=" + enc(target.password == null ? "" : target.password) + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.keycloakUrl + "/realms/" + target.realm
                        + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !body.hasNonNull("access_token")) {
                throw new SuiteException("Keycloak refused the login of '" + target.user + "' at " + target.keycloakUrl
                        + " (" + r.statusCode() + "): " + body.path("error_description").asText(r.body()), null);
            }
            token = body.get("access_token").asText();
            long lifetime = body.path("expires_in").asLong(300);
            tokenRenewAt = Instant.now().plusSeconds(Math.max(5, lifetime - 30));
        } catch (IOException e) {
            throw new SuiteException("cannot reach Keycloak at " + target.keycloakUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted while logging in", e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@link #send}, and a {@link SuiteException} (counted as an error) unless the answer is 2xx. */
    public Response require(String method, String path, Object body) {
        Response r = send(method, path, body);
        if (!r.ok()) {
            throw new SuiteException(method, path, r);
        }
        return r;
    }

    /**
     * One request to {@code path} (starting with {@code /api/v1/}) with a JSON body ({@code null}: none; a String is
     * sent as is). Non-2xx answers are counted in {@link Stats#errors} unless the caller handles them through
     * {@link #expecting}.
     */
    public Response send(String method, String path, Object body) {
        Response r = exchange(method, path, body);
        if (!r.ok()) {
            stats.errors.incrementAndGet();
        }
        return r;
    }

    /** Like {@link #send}, but an answer with one of {@code expected} statuses is not an error (e.g. a 409 the player provoked). */
    public Response expecting(String method, String path, Object body, int... expected) {
        Response r = exchange(method, path, body);
        if (!r.ok()) {
            boolean wanted = false;
            for (int s : expected) {
                wanted |= s == r.status();
            }
            if (!wanted) {
                stats.errors.incrementAndGet();
            }
        }
        return r;
    }

    private Response exchange(String method, String path, Object body) {
        String json;
        try {
            json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the body of " + method + " " + path, e);
        }
        IOException lastFailure = null;
        boolean relogged = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token())
                    .header("Accept", "application/json");
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                long micros = (System.nanoTime() - start) / 1000;
                stats.requests.incrementAndGet();
                stats.record(micros);
                if (r.statusCode() == 401 && !relogged) {
                    relogged = true;
                    login(true);
                    attempt--;
                    continue;
                }
                if (RETRIED.contains(r.statusCode()) && attempt < ATTEMPTS) {
                    stats.transportRetries.incrementAndGet();
                    pause(attempt);
                    continue;
                }
                return new Response(r.statusCode(), parse(r.body()), r.body(), micros);
            } catch (IOException e) {
                lastFailure = e;
                stats.transportRetries.incrementAndGet();
                pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SuiteException("interrupted: " + method + " " + path, e);
            }
        }
        throw new SuiteException(method + " " + path + ": no answer after " + ATTEMPTS + " attempts: " + lastFailure,
                lastFailure);
    }

    /** The body as JSON; a missing node when it is empty or not JSON (one rule for every reader of the suite). */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * (1L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
