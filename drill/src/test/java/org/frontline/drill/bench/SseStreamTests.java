package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.Target;
import org.junit.jupiter.api.Test;

/** The stream reconnects when the gateway ends it, with the last id as Last-Event-ID, and nothing is read twice. */
class SseStreamTests {

    @Test
    void aDroppedStreamIsResumedFromTheLastId() throws Exception {
        List<String> lastIds = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/realms/frontline/protocol/openid-connect/token", x -> {
            byte[] b = "{\"access_token\":\"t\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/api/v1/stream", x -> {
            String last = x.getRequestHeaders().getFirst("Last-Event-ID");
            lastIds.add(String.valueOf(last));
            auth.add(x.getRequestHeaders().getFirst("Authorization") + " " + x.getRequestURI().getQuery());
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            String body = last == null
                    ? "id: 1\nevent: hello\ndata: {}\n\n: heartbeat\n\nid: 2\nevent: kpi\ndata: a\n\nevent: kpi\ndata: half"
                    : "id: 3\nevent: kpi\ndata: b\n\n";
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (last == null) {
                x.close(); // the gateway went away in the middle of an event
            } else {
                sleep(5000);
            }
        });
        server.start();
        try {
            Target target = new Target();
            target.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            target.keycloakUrl = target.baseUrl;
            target.realm = "frontline";
            target.clientId = "frontline-web";
            target.user = "drill";
            target.password = "x";
            List<SseParser.Event> events = new CopyOnWriteArrayList<>();
            try (SseStream stream = new SseStream(new SuiteClient(target, new Stats()), "399701001", events::add)) {
                stream.open();
                long deadline = System.currentTimeMillis() + 10_000;
                while (events.size() < 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(events).extracting(SseParser.Event::id).containsExactly("1", "2", "3");
                assertThat(events).extracting(SseParser.Event::data).containsExactly("{}", "a", "b"); // "half" dropped
                assertThat(lastIds).containsExactly("null", "2");
                assertThat(stream.reconnects()).isEqualTo(1);
                assertThat(auth).allMatch(a -> a.equals("Bearer t area=399701001"));
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aResyncIsHandedOnAndTheStreamReopensFromItsLatestId() throws Exception {
        List<String> lastIds = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/realms/frontline/protocol/openid-connect/token", x -> {
            byte[] b = "{\"access_token\":\"t\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/api/v1/stream", x -> {
            String last = x.getRequestHeaders().getFirst("Last-Event-ID");
            lastIds.add(String.valueOf(last));
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            String body = last == null
                    ? "id: 1\nevent: hello\ndata: {}\n\nid: 4710\nevent: resync\ndata: {\"latestId\":4712,\"reason\":\"too-many-changes\"}\n\n"
                    : "id: 4713\nevent: kpi\ndata: after\n\n";
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(5000); // the gateway keeps the connection: the client itself reopens it
        });
        server.start();
        try {
            Target target = new Target();
            target.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            target.keycloakUrl = target.baseUrl;
            target.realm = "frontline";
            target.clientId = "frontline-web";
            target.user = "drill";
            target.password = "x";
            List<SseParser.Event> events = new CopyOnWriteArrayList<>();
            try (SseStream stream = new SseStream(new SuiteClient(target, new Stats()), "399701001", events::add)) {
                stream.open();
                long deadline = System.currentTimeMillis() + 10_000;
                while (events.size() < 3 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(events).extracting(SseParser.Event::name).containsExactly("hello", "resync", "kpi");
                assertThat(lastIds).containsExactly("null", "4712"); // from the resync's latestId
                assertThat(stream.resyncs()).isEqualTo(1);
                assertThat(stream.reconnects()).isZero();
                assertThat(SseStream.latestId(new SseParser.Event("9", "resync", "{}"))).isEqualTo("9");
            }
        } finally {
            server.stop(0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
