package org.frontline.drill;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.Target;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' fake suite: an HTTP server on a free port of 127.0.0.1 with the routes a test gives it, and a
 * {@link Target} (gateway and Keycloak both on it) to reach it. As a test's {@code @RegisterExtension} field it is
 * closed after each test.
 */
public final class FakeHttp implements AutoCloseable, AfterEachCallback {

    /** What the fake Keycloak answers a token request with. */
    public static final String TOKEN = "{\"access_token\":\"t\",\"expires_in\":300}";

    private final HttpServer server;
    private final ExecutorService pool;

    private FakeHttp(int threads) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pool = threads > 0 ? Executors.newFixedThreadPool(threads) : null;
        if (pool != null) {
            server.setExecutor(pool);
        }
        server.start();
    }

    /** A started server answering on {@code threads} threads (0: one at a time, on the server's own thread). */
    public static FakeHttp start(int threads) {
        return new FakeHttp(threads);
    }

    /** A started server where {@code handler} answers every path. */
    public static FakeHttp start(int threads, HttpHandler handler) {
        return start(threads).route("/", handler);
    }

    public FakeHttp route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Gateway and Keycloak on this server, realm {@code frontline}, user {@code drill}. */
    public Target target() {
        Target target = new Target();
        target.baseUrl = url();
        target.keycloakUrl = target.baseUrl;
        target.realm = "frontline";
        target.clientId = "frontline-web";
        target.user = "drill";
        target.password = "frontline";
        return target;
    }

    public SuiteClient client(Stats stats) {
        return new SuiteClient(target(), stats);
    }

    /** The request's body as text. */
    public static String body(HttpExchange x) throws IOException {
        return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Answers {@code status} with a JSON body (none on a 204) and ends the exchange. */
    public static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            if (status != 204) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        if (pool != null) {
            pool.shutdown();
        }
    }
}
