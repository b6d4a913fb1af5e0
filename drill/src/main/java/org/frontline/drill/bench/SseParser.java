package org.frontline.drill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Server-Sent Events, line by line (the WHATWG rules the gateway's stream follows, gateway/README.md "Live stream"):
 * {@code field: value} lines up to an empty line make one event; several {@code data:} lines are joined with a newline;
 * a line starting with {@code :} is a comment (the gateway's heartbeat); {@code id:} sets the last event id, which
 * stays until another one comes (a reconnect sends it as {@code Last-Event-ID}); an event without data is not
 * dispatched; unknown fields and {@code retry:} are ignored. Not thread-safe: one parser per connection.
 */
public final class SseParser {

    /** One dispatched event: its id (the last one seen, may be null), its name ({@code message} when none) and data. */
    public record Event(String id, String name, String data) {
    }

    private final Consumer<Event> onEvent;
    private String lastId;
    private String name;
    private final List<String> data = new ArrayList<>();
    private long comments;

    public SseParser(Consumer<Event> onEvent) {
        this.onEvent = onEvent;
    }

    /** Feeds one line, without its line ending. */
    public void line(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            comments++;
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            case "event" -> name = value;
            case "data" -> data.add(value);
            default -> {
                // retry and unknown fields: ignored
            }
        }
    }

    private void dispatch() {
        if (!data.isEmpty()) {
            onEvent.accept(new Event(lastId, name == null || name.isEmpty() ? "message" : name, String.join("\n", data)));
        }
        data.clear();
        name = null;
    }

    /** The id a reconnect sends as {@code Last-Event-ID} (null before any). */
    public String lastId() {
        return lastId;
    }

    /** Sets the id a reconnect sends (the gateway's {@code resync}: go on from its {@code latestId}). */
    public void lastId(String id) {
        lastId = id;
    }

    /** Comment lines seen (heartbeats). */
    public long comments() {
        return comments;
    }

    /** Drops a half-read event (the connection ended in the middle of one); the last id stays. */
    public void reset() {
        data.clear();
        name = null;
    }
}
