package org.frontline.platform.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The request body limit ({@code quarkus.http.limits.max-body-size}, platform config) answered as the platform answers
 * every refusal: 413 {@code application/problem+json}, type {@code urn:frontline:problem:too-large}. A request whose
 * {@code Content-Length} is over the limit is refused before its body is read. A chunked body (no length) that grows
 * past the limit is cut off by Quarkus REST's reader with a bare 413 (no body: the answer is written before the
 * application sees the request); the clients of these services always send a length.
 */
@Singleton
public class BodyLimit {

    static final String TYPE = "urn:frontline:problem:too-large";

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void contentLength(@Observes Filters filters) {
        filters.register(this::check, 9_000);
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    refuse(rc);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed Content-Length itself
            }
        }
        rc.next();
    }

    private void refuse(RoutingContext rc) {
        JsonObject problem = new JsonObject().put("type", TYPE).put("title", "Payload Too Large").put("status", 413)
                .put("detail", "The request body is larger than " + limit + " bytes, the most this service takes")
                .put("instance", rc.request().path());
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                // the unread body is not drained: the client is told, and the connection closed
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
    }

    public long limit() {
        return limit;
    }
}
