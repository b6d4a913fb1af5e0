package org.frontline.drill.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
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
 * from Keycloak (password grant of {@link Target#user}, renewed before it expires and once more on a 401; the token
 * request itself is tried {@value #LOGIN_ATTEMPTS} times on a Keycloak 5xx or a transport failure, a refused login
 * ({@code invalid_grant}, 401) is final). Up to {@value #ATTEMPTS} attempts, with the same body:
 * <ul>
 * <li>a connect failure ({@link ConnectException}, {@link HttpConnectTimeoutException}: nothing was sent) is always
 * sent again; so are a 503 (the service wrote nothing: its database is away, it is stopping) and a 502
 * {@code service-unavailable} (the gateway reached no replica) — those two for up to {@value #NOT_DELIVERED_SECONDS} s,
 * as a phone keeps trying while a service restarts or its database comes back;</li>
 * <li>any other transport failure (a read timeout, a reset connection), a 504 and a 502 {@code upstream-connection-lost}
 * (the replica went away mid-request) may have reached the service: they
 * are sent again only when the request is safe to repeat — a GET, a body carrying an {@code idempotencyKey}, or a
 * request the caller marks idempotent ({@link #sendIdempotent}, {@link #requireIdempotent}); otherwise the failure
 * is the caller's (a {@link SuiteException}, or the 504 answer), who must find out whether it landed.</li>
 * </ul>
 * Every other answer is the caller's. Thread-safe.
 */
public final class SuiteClient {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** attempts per request (the benchmark's own send loop uses the same number) */
    public static final int ATTEMPTS = 5;
    static final int LOGIN_ATTEMPTS = 3;
    /** how long answers that say nothing was written (502 service-unavailable, 503, connect failures) are sent again */
    public static final int NOT_DELIVERED_SECONDS = 90;
    /** Answers that say the request never reached the service (the gateway could not forward it). */
    private static final Set<Integer> NOT_DELIVERED = Set.of(502, 503);
    /** The gateway gave up waiting: the service may have done it. */
    private static final int GATEWAY_TIMEOUT = 504;

    private final Target target;
    private final Stats stats;
    private final HttpClient http;
    private volatile String token;
    private volatile Instant tokenRenewAt = Instant.EPOCH;
    private volatile Duration requestTimeout = Duration.ofSeconds(60);
    private volatile java.util.function.BiConsumer<String, String> responses = (request, body) -> { };

    public SuiteClient(Target target, Stats stats) {
        this.target = target;
        this.stats = stats;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** How long one attempt waits for its answer (default 60 s). */
    public SuiteClient requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** Hands every answer's body (each attempt's) to {@code observer} with its request ("GET /api/v1/…"). */
    public SuiteClient observeResponses(java.util.function.BiConsumer<String, String> observer) {
        this.responses = observer;
        return this;
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
        String failure = null;
        for (int attempt = 1; attempt <= LOGIN_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode body = parse(r.body());
                if (r.statusCode() == 200 && body.hasNonNull("access_token")) {
                    token = body.get("access_token").asText();
                    long lifetime = body.path("expires_in").asLong(300);
                    tokenRenewAt = Instant.now().plusSeconds(Math.max(5, lifetime - 30));
                    return;
                }
                failure = "Keycloak refused the login of '" + target.user + "' at " + target.keycloakUrl + " ("
                        + r.statusCode() + "): " + body.path("error_description").asText(
                                body.path("error").asText(oneLine(r.body())));
                if (r.statusCode() < 500) {
                    throw new SuiteException(failure, null); // invalid_grant, 401, unknown client: final
                }
            } catch (IOException e) {
                failure = "cannot reach Keycloak at " + target.keycloakUrl + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SuiteException("interrupted while logging in", e);
            }
            if (attempt < LOGIN_ATTEMPTS) {
                pause(attempt);
            }
        }
        throw new SuiteException(failure + " (" + LOGIN_ATTEMPTS + " attempts)", null);
    }

    private static String oneLine(String text) {
        String t = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
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

    /** {@link #require} for a request safe to repeat (see {@link #sendIdempotent}). */
    public Response requireIdempotent(String method, String path, Object body) {
        Response r = sendIdempotent(method, path, body);
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
        Response r = exchange(method, path, body, false);
        if (!r.ok()) {
            stats.errors.incrementAndGet();
        }
        return r;
    }

    /**
     * {@link #send} for a request that is safe to repeat although its body carries no {@code idempotencyKey} (the
     * service answers a repeat with the same result, e.g. a shift's publication, an area's names): a transport failure
     * or a 504 is sent again.
     */
    public Response sendIdempotent(String method, String path, Object body) {
        Response r = exchange(method, path, body, true);
        if (!r.ok()) {
            stats.errors.incrementAndGet();
        }
        return r;
    }

    /** Like {@link #send}, but an answer with one of {@code expected} statuses is not an error (e.g. a 409 the player provoked). */
    public Response expecting(String method, String path, Object body, int... expected) {
        return expecting(false, method, path, body, expected);
    }

    /** {@link #expecting}; {@code idempotent}: safe to repeat after a transport failure (see {@link #sendIdempotent}). */
    public Response expecting(boolean idempotent, String method, String path, Object body, int... expected) {
        Response r = exchange(method, path, body, idempotent);
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

    private Response exchange(String method, String path, Object body, boolean idempotent) {
        String json;
        try {
            json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the body of " + method + " " + path, e);
        }
        boolean repeatable = idempotent || safe(method, json);
        long began = System.nanoTime();
        IOException lastFailure = null;
        boolean relogged = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl + path))
                    .timeout(requestTimeout)
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
                stats.answered(r.statusCode());
                responses.accept(method + " " + path, r.body());
                if (r.statusCode() == 401 && !relogged) {
                    relogged = true;
                    login(true);
                    attempt--;
                    continue;
                }
                boolean notDelivered = NOT_DELIVERED.contains(r.statusCode()) && !maybeDelivered(r.body());
                boolean again = notDelivered
                        || ((r.statusCode() == GATEWAY_TIMEOUT || NOT_DELIVERED.contains(r.statusCode())) && repeatable);
                if (again && (attempt < ATTEMPTS || (notDelivered && withinPatience(began)))) {
                    stats.transportRetries.incrementAndGet();
                    pause(Math.min(attempt, 4));
                    if (attempt == ATTEMPTS) {
                        attempt--; // nothing was written: keep trying while the patience lasts
                    }
                    continue;
                }
                return new Response(r.statusCode(), parse(r.body()), r.body(), micros);
            } catch (IOException e) {
                lastFailure = e;
                if (!repeatable && !notSent(e)) {
                    throw new SuiteException(method + " " + path + ": no answer, and it may have reached the service"
                            + " (not sent again: it carries no idempotency key): " + e, e);
                }
                if (attempt < ATTEMPTS) {
                    stats.transportRetries.incrementAndGet();
                    pause(attempt);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SuiteException("interrupted: " + method + " " + path, e);
            }
        }
        throw new SuiteException(method + " " + path + ": no answer after " + ATTEMPTS + " attempts: " + lastFailure,
                lastFailure);
    }

    /** A 502 of the gateway that says the request went out before the connection was lost (it may have been done). */
    public static boolean maybeDelivered(String body) {
        return body != null && body.contains("urn:frontline:problem:upstream-connection-lost");
    }

    private static boolean withinPatience(long began) {
        return System.nanoTime() - began < NOT_DELIVERED_SECONDS * 1_000_000_000L;
    }

    /** A read, or a write whose body carries an idempotency key (the service answers a repeat with the same record). */
    static boolean safe(String method, String json) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || (json != null && json.contains("\"idempotencyKey\""));
    }

    /** A failure to connect: the request was never sent. */
    static boolean notSent(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
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
