package org.frontline.gateway.web;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * What the command-centre page (src/main/resources/web, bundled by the Web Bundler and served at {@code /}) needs
 * from the gateway: {@code GET /config.json} (no login: the page reads it before it has a token) names the OIDC
 * issuer and the public client, and the page is served with a strict Content-Security-Policy that allows scripts,
 * styles and connections only from the gateway itself, plus connections to the issuer's origin (discovery, token,
 * refresh).
 */
@ApplicationScoped
public class CommandCentre {

    private final String issuer;
    private final String clientId;
    private final String csp;

    CommandCentre(@ConfigProperty(name = "frontline.gateway.web.issuer") Optional<String> webIssuer,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
            @ConfigProperty(name = "frontline.gateway.web.client-id", defaultValue = "frontline-web") String clientId) {
        this.issuer = webIssuer.or(() -> authServerUrl).map(s -> s.replaceAll("/+$", "")).orElse("");
        this.clientId = clientId;
        this.csp = contentSecurityPolicy(origin(issuer));
    }

    /** The origin (scheme://host[:port]) of a URL, or null when it has none. */
    static String origin(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String contentSecurityPolicy(String issuerOrigin) {
        String idp = issuerOrigin == null ? "" : " " + issuerOrigin;
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src 'self'" + idp + "; form-action 'self'" + idp + "; frame-ancestors 'none'; "
                + "base-uri 'self'; object-src 'none'";
    }

    public String issuer() {
        return issuer;
    }

    public String contentSecurityPolicy() {
        return csp;
    }

    /**
     * The headers of the gateway's pages (the command centre, the field app): the strict policy, no sniffing, no
     * referrer, no framing, revalidated on every load.
     */
    public io.vertx.core.http.HttpServerResponse pageHeaders(io.vertx.core.http.HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", csp)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-cache");
    }

    void headers(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if ("/".equals(path) || "/index.html".equals(path)) {
                pageHeaders(rc.response());
            }
            rc.next();
        }, 10);
    }

    void config(@Observes Router router) {
        String body = new JsonObject().put("issuer", issuer).put("clientId", clientId)
                .put("scope", "openid").encode();
        router.get("/config.json").handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(body));
    }
}
