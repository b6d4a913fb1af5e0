package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.frontline.drill.FakeHttp;
import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Stats;
import org.junit.jupiter.api.Test;

/** The stream reconnects when the gateway ends it, with the last id as Last-Event-ID, and nothing is read twice. */
class SseStreamTests {

    @Test
    void aDroppedStreamIsResumedFromTheLastId() throws Exception {
        List<String> lastIds = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        try (FakeHttp server = gateway(lastIds, auth,
                "id: 1\nevent: hello\ndata: {}\n\n: heartbeat\n\nid: 2\nevent: kpi\ndata: a\n\nevent: kpi\ndata: half",
                "id: 3\nevent: kpi\ndata: b\n\n", true)) { // the gateway goes away in the middle of an event
            List<SseParser.Event> events = new CopyOnWriteArrayList<>();
            try (SseStream stream = new SseStream(server.client(new Stats()), "399701001", events::add)) {
                awaitThree(stream, events);
                assertThat(events).extracting(SseParser.Event::id).containsExactly("1", "2", "3");
                assertThat(events).extracting(SseParser.Event::data).containsExactly("{}", "a", "b"); // "half" dropped
                assertThat(lastIds).containsExactly("null", "2");
                assertThat(stream.reconnects()).isEqualTo(1);
                assertThat(auth).allMatch(a -> a.equals("Bearer t area=399701001"));
            }
        }
    }

    @Test
    void aResyncIsHandedOnAndTheStreamReopensFromItsLatestId() throws Exception {
        List<String> lastIds = new CopyOnWriteArrayList<>();
        try (FakeHttp server = gateway(lastIds, new CopyOnWriteArrayList<>(),
                "id: 1\nevent: hello\ndata: {}\n\nid: 4710\nevent: resync\ndata: {\"latestId\":4712,\"reason\":\"too-many-changes\"}\n\n",
                "id: 4713\nevent: kpi\ndata: after\n\n", false)) { // the gateway keeps the connection: the client reopens it
            List<SseParser.Event> events = new CopyOnWriteArrayList<>();
            try (SseStream stream = new SseStream(server.client(new Stats()), "399701001", events::add)) {
                awaitThree(stream, events);
                assertThat(events).extracting(SseParser.Event::name).containsExactly("hello", "resync", "kpi");
                assertThat(lastIds).containsExactly("null", "4712"); // from the resync's latestId
                assertThat(stream.resyncs()).isEqualTo(1);
                assertThat(stream.reconnects()).isZero();
                assertThat(SseStream.latestId(new SseParser.Event("9", "resync", "{}"))).isEqualTo("9");
            }
        }
    }

    /**
     * A fake gateway: a token for anyone, and a stream that answers {@code first} to a connection without a
     * Last-Event-ID and {@code resumed} to one with it, then keeps the connection 5 s — or, {@code dropFirst}, ends
     * the first one at once. Each connection's Last-Event-ID ("null": none) goes to {@code lastIds}, its
     * Authorization and query to {@code auth}.
     */
    private static FakeHttp gateway(List<String> lastIds, List<String> auth, String first, String resumed,
            boolean dropFirst) throws IOException {
        return FakeHttp.start(4)
                .route("/realms/frontline/protocol/openid-connect/token", x -> FakeHttp.answer(x, 200, FakeHttp.TOKEN))
                .route("/api/v1/stream", x -> {
                    String last = x.getRequestHeaders().getFirst("Last-Event-ID");
                    lastIds.add(String.valueOf(last));
                    auth.add(x.getRequestHeaders().getFirst("Authorization") + " " + x.getRequestURI().getQuery());
                    x.sendResponseHeaders(200, 0);
                    OutputStream out = x.getResponseBody();
                    out.write((last == null ? first : resumed).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (last == null && dropFirst) {
                        x.close();
                    } else {
                        Parallel.sleep(5000);
                    }
                });
    }

    /** Opens the stream and waits up to 10 s for three events. */
    private static void awaitThree(SseStream stream, List<SseParser.Event> events) throws Exception {
        stream.open();
        long deadline = System.currentTimeMillis() + 10_000;
        while (events.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }
}
