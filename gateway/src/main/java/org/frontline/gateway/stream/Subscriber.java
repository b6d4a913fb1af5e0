package org.frontline.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * One client of the stream, watching one area. Until its replay is sent, live events are kept in order; then they
 * follow, each once and in id order (an event at or before the last id sent is dropped).
 */
public final class Subscriber {

    private final String area;
    private final SseEventSink sink;
    private final Sse sse;
    private final Consumer<Subscriber> onClose;
    private final List<StreamEvent> pending = new ArrayList<>();
    private long lastId;
    private boolean live;
    private volatile boolean closed;

    Subscriber(String area, SseEventSink sink, Sse sse, Consumer<Subscriber> onClose) {
        this.area = area;
        this.sink = sink;
        this.sse = sse;
        this.onClose = onClose;
    }

    public String area() {
        return area;
    }

    public synchronized void startAfter(long id) {
        lastId = id;
    }

    /** Sends the stream's own events (hello, resync) and the replay, before going live. */
    public synchronized void send(StreamEvent event) {
        if (closed) {
            return;
        }
        OutboundSseEvent out = sse.newEventBuilder().id(Long.toString(event.id())).name(event.name())
                .data(String.class, event.data()).build();
        sink.send(out).whenComplete((ignored, failure) -> {
            if (failure != null) {
                close();
            }
        });
    }

    /** The replay is sent: the events that arrived meanwhile follow, then every new one as it comes. */
    public synchronized void goLive() {
        live = true;
        List<StreamEvent> buffered = new ArrayList<>(pending);
        pending.clear();
        deliver(buffered);
    }

    synchronized void offer(List<StreamEvent> events) {
        if (!live) {
            pending.addAll(events);
        } else {
            deliver(events);
        }
    }

    private void deliver(List<StreamEvent> events) {
        for (StreamEvent event : events) {
            if (event.id() > lastId && event.concerns(area)) {
                send(event);
                lastId = event.id();
            }
        }
    }

    synchronized void heartbeat() {
        if (live && !closed) {
            sink.send(sse.newEventBuilder().comment("heartbeat").build()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }
    }

    boolean closed() {
        if (!closed && sink.isClosed()) {
            closed = true;
        }
        return closed;
    }

    void close() {
        closed = true;
        onClose.accept(this);
        try {
            sink.close();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
