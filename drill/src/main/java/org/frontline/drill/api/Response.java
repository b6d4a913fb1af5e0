package org.frontline.drill.api;

import com.fasterxml.jackson.databind.JsonNode;

/** One answer of the suite: status, the parsed body (a missing node when empty or not JSON) and the time it took. */
public record Response(int status, JsonNode body, String raw, long micros) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A problem+json answer's {@code detail} (or {@code title}), else the raw body. */
    public String problem() {
        if (body != null && body.hasNonNull("detail")) {
            return body.get("detail").asText() + (body.has("errors") ? " " + body.get("errors") : "");
        }
        if (body != null && body.hasNonNull("title")) {
            return body.get("title").asText();
        }
        return raw == null ? "" : raw.substring(0, Math.min(300, raw.length()));
    }
}
