package org.frontline.drill.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.frontline.drill.api.SuiteClient;

/**
 * The gateway's live stream of one area ({@code GET /api/v1/stream?area=}) read in this process with the drill's token:
 * each line through an {@link SseParser}; when the stream ends or breaks it reconnects (a fresh token, the last event
 * id as {@code Last-Event-ID}: the gateway replays what was missed) and counts the reconnect. A {@code resync} event
 * (gateway/README.md "Live stream": the client is too far behind to replay) is handed on like any other — the reader
 * reloads what it shows — and then the stream is reopened from the event's {@code latestId} (counted in
 * {@link #resyncs()}).
 */
public final class SseStream implements AutoCloseable {

    private final SuiteClient client;
    private final String area;
    private final SseParser parser;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    /** set by a resync event: the id to go on from (read and cleared by the read loop) */
    private volatile String resyncTo;
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile boolean open = true;
    private volatile InputStream body;
    private Thread thread;

    public SseStream(SuiteClient client, String area, Consumer<SseParser.Event> onEvent) {
        this.client = client;
        this.area = area;
        this.parser = new SseParser(e -> {
            onEvent.accept(e);
            if ("resync".equals(e.name())) {
                resyncTo = latestId(e);
            }
        });
    }

    /** Connects and returns once the gateway answered 200 (the subscription is live); then reads on a daemon thread. */
    public void open() throws IOException, InterruptedException {
        body = connect();
        thread = new Thread(this::readLoop, "sse-" + area);
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop() {
        while (open) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while (open && (line = reader.readLine()) != null) {
                    parser.line(line);
                    if (resyncTo != null) {
                        break; // reopened from the resync's latestId below
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (open) {
                    problem.set(e.toString());
                }
            }
            parser.reset();
            String to = resyncTo;
            resyncTo = null;
            if (to != null) {
                parser.lastId(to);
                resyncs.incrementAndGet();
            }
            while (open) {
                try {
                    Thread.sleep(200);
                    if (to == null) {
                        reconnects.incrementAndGet();
                    }
                    body = connect();
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    problem.set(e.toString());
                }
            }
        }
    }

    private InputStream connect() throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.target().baseUrl + "/api/v1/stream?area="
                        + SuiteClient.enc(area)))
                .GET().header("Authorization", "Bearer " + client.token()).header("Accept", "text/event-stream");
        String last = parser.lastId();
        if (last != null) {
            b.header("Last-Event-ID", last);
        }
        HttpResponse<InputStream> r;
        try {
            r = client.http().sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the stream of " + area + " did not open: " + e, e);
        }
        if (r.statusCode() != 200) {
            String text;
            try (InputStream in = r.body()) {
                text = new String(in.readNBytes(300), StandardCharsets.UTF_8);
            }
            throw new IOException("the stream of " + area + " answered " + r.statusCode() + ": " + text);
        }
        return r.body();
    }

    /** The id a resync says to go on from: its data's {@code latestId}, else the event's own id. */
    static String latestId(SseParser.Event e) {
        var latest = SuiteClient.parse(e.data()).path("latestId");
        return latest.isIntegralNumber() || latest.isTextual() ? latest.asText() : e.id();
    }

    /** Resync events the gateway sent (each followed by a reopen from its latestId). */
    public long resyncs() {
        return resyncs.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** The last failure of the stream (null: none). */
    public String problem() {
        return problem.get();
    }

    @Override
    public void close() {
        open = false;
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
