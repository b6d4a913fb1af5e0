package org.frontline.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A stand-in for the four services: a real HTTP server on a random port that answers every request with what it
 * received (method, path, query, Authorization, X-Forwarded-*, hop-by-hop headers, body length and SHA-256).
 * {@code /…/big?mb=N} streams N MB of pseudo-random bytes back; {@code /__count} says how many requests arrived.
 * Screening, supplies and alert share one server under different base paths (the echoed path names the service);
 * roster has a server of its own, which a test stops ({@code /__stop}) to see the gateway answer 502. Supplies runs as
 * two replicas, the first of them down (a port nobody listens on): the gateway must pass it over.
 */
public class EchoUpstream implements QuarkusTestProfile {

    static final String PORT = "echo-upstream.port";
    static final String ROSTER_PORT = "echo-upstream.roster-port";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @Override
    public Map<String, String> getConfigOverrides() {
        int port = start(Integer.getInteger(PORT, 0), false);
        int rosterPort = start(Integer.getInteger(ROSTER_PORT, 0), true);
        String base = "http://127.0.0.1:" + port;
        return Map.of(
                "frontline.gateway.services.screening.url", base + "/screening-svc",
                "frontline.gateway.services.supplies.url", deadUrl() + "/supplies-svc, " + base + "/supplies-svc",
                "frontline.gateway.services.alert.url", base + "/alert-svc/",
                "frontline.gateway.services.roster.url", "http://127.0.0.1:" + rosterPort + "/roster-svc",
                "frontline.gateway.proxy.connect-timeout", "1s");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }

    /** A base URL where nothing listens (a port just given up by the system). */
    static String deadUrl() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a server once per JVM (the port goes into a system property, seen by every class loader). */
    private static synchronized int start(int existing, boolean isRoster) {
        if (existing != 0) {
            return existing;
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", ex -> handle(server, ex));
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "echo-upstream");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            int port = server.getAddress().getPort();
            System.setProperty(isRoster ? ROSTER_PORT : PORT, String.valueOf(port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void handle(HttpServer server, HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path.equals("/__stop")) { // the service goes down
            ex.sendResponseHeaders(204, -1);
            ex.close();
            new Thread(() -> server.stop(0)).start();
            return;
        }
        if (path.equals("/__count")) {
            byte[] b = String.valueOf(REQUESTS.get()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
            return;
        }
        REQUESTS.incrementAndGet();
        MessageDigest sha = sha256();
        long length = 0;
        byte[] head = new byte[0];
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                if (length < 1024) {
                    byte[] more = new byte[(int) Math.min(1024, length + n)];
                    System.arraycopy(head, 0, more, 0, head.length);
                    System.arraycopy(buf, 0, more, head.length, more.length - head.length);
                    head = more;
                }
                length += n;
            }
        }
        if (path.endsWith("/big")) {
            int mb = Integer.parseInt(ex.getRequestURI().getQuery().replace("mb=", ""));
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, 0); // chunked: the gateway must stream it
            Random random = new Random(mb);
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < mb; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            return;
        }
        Map<String, Object> echo = new HashMap<>();
        echo.put("method", ex.getRequestMethod());
        echo.put("path", path);
        echo.put("query", ex.getRequestURI().getRawQuery());
        echo.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
        echo.put("host", ex.getRequestHeaders().getFirst("Host"));
        echo.put("xForwardedFor", ex.getRequestHeaders().getFirst("X-Forwarded-For"));
        echo.put("xForwardedHost", ex.getRequestHeaders().getFirst("X-Forwarded-Host"));
        echo.put("xForwardedProto", ex.getRequestHeaders().getFirst("X-Forwarded-Proto"));
        echo.put("xForwardedPrefix", ex.getRequestHeaders().getFirst("X-Forwarded-Prefix"));
        echo.put("proxyAuthorization", ex.getRequestHeaders().getFirst("Proxy-Authorization"));
        echo.put("keepAlive", ex.getRequestHeaders().getFirst("Keep-Alive"));
        echo.put("custom", ex.getRequestHeaders().getFirst("X-Frontline-Test"));
        echo.put("bodyLength", length);
        echo.put("bodySha256", HexFormat.of().formatHex(sha.digest()));
        echo.put("body", new String(head, StandardCharsets.UTF_8));
        byte[] out = JSON.writeValueAsBytes(echo);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (path.endsWith("/created")) {
            ex.getResponseHeaders().add("Location", "http://" + ex.getRequestHeaders().getFirst("Host") + path + "/42");
        }
        ex.sendResponseHeaders(path.endsWith("/created") ? 201 : 200, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
