package org.frontline.gateway.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;

/**
 * Headers every answer of the gateway carries, pages and API alike (docs/security.md, "Web security"):
 * <ul>
 * <li>{@code Strict-Transport-Security} when the request reached the gateway over TLS — directly, or through a
 * trusted proxy (the Ingress) that said so in {@code X-Forwarded-Proto}/{@code Forwarded}
 * ({@code quarkus.http.proxy.*}, gateway application.properties). Never on plain HTTP: a browser ignores it there,
 * and the local run is plain HTTP.</li>
 * <li>{@code X-Content-Type-Options: nosniff}, so no answer is ever read as another type than it says.</li>
 * </ul>
 * CORS is not opened here: the Quarkus CORS filter is off unless {@code QUARKUS_HTTP_CORS_ENABLED=true} and
 * {@code QUARKUS_HTTP_CORS_ORIGINS} name the origins a deployment trusts, so a page of another origin cannot read
 * any answer.
 */
@ApplicationScoped
public class TransportSecurity {

    private final String hsts;

    TransportSecurity(@ConfigProperty(name = "frontline.web.hsts",
            defaultValue = "max-age=31536000; includeSubDomains") String hsts) {
        this.hsts = hsts.isBlank() || "off".equalsIgnoreCase(hsts.strip()) ? null : hsts.strip();
    }

    /** Whether the request arrived over TLS, as the server or a trusted proxy in front of it saw it. */
    static boolean overTls(HttpServerRequest request) {
        return request.isSSL() || "https".equalsIgnoreCase(request.scheme());
    }

    void headers(@Observes Filters filters) {
        filters.register(rc -> {
            var response = rc.response();
            response.putHeader("X-Content-Type-Options", "nosniff");
            if (hsts != null && overTls(rc.request())) {
                response.putHeader("Strict-Transport-Security", hsts);
            }
            rc.next();
        }, 20);
    }
}
