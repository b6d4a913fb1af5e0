package org.frontline.alert.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver for the tests: the JDK's HTTP server on a random port. Each path answers by a rule
 * (the status for the n-th request, optionally after a pause) and records every request it got.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String path, Headers headers, String body, long receivedAtNanos) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.start();
    }

    /** {@code path} answers {@code status.applyAsInt(n)} to its n-th request (1-based), after {@code pauseMs}. */
    public String on(String path, IntUnaryOperator status, long pauseMs) {
        AtomicInteger count = new AtomicInteger();
        received.put(path, new CopyOnWriteArrayList<>());
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.get(path).add(new Received(path, exchange.getRequestHeaders(), body, System.nanoTime()));
                int n = count.incrementAndGet();
                if (pauseMs > 0) {
                    try {
                        Thread.sleep(pauseMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(status.applyAsInt(n), -1);
            } catch (IOException e) {
                // the client gave up (timeout): nothing to answer
            } finally {
                exchange.close();
            }
        });
        return url(path);
    }

    public String on(String path, int status) {
        return on(path, n -> status, 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received(String path) {
        return List.copyOf(received.getOrDefault(path, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
