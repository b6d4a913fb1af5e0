package org.frontline.gateway.proxy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The one entry point: {@code /api/v1/{screening|roster|supplies|alerts}/**} goes to that service's
 * {@code /api/v1/**} (the service segment stripped), {@code /openapi/{service}} to its {@code /q/openapi}. Bodies
 * stream both ways (io.vertx:vertx-http-proxy on the Quarkus router, on the event loop); the caller's headers
 * (Authorization included) and query string go along, hop-by-hop headers do not, X-Forwarded-* are set. The gateway
 * adds no security of its own here and removes none: each service checks the token itself.
 * <p>
 * A service may run as several replicas ({@code frontline.gateway.services.<name>.url} a comma-separated list of base
 * URLs, see {@link Replicas}): requests take them in turn, and a replica that refuses the connection (or does not
 * accept it within the connect timeout) is passed over for the next one — nothing was sent, so this is safe for every
 * request, a write without an idempotency key too — and set aside for a few seconds. Only when no replica of the
 * service can be reached is the answer 502 problem+json.
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

    /** The gateway's path segment → the service's short name (config key). */
    static final Map<String, String> PREFIXES = Map.of("screening", "screening", "roster", "roster",
            "supplies", "supplies", "alerts", "alert");
    static final Pattern API = Pattern.compile("/api/v1/(screening|roster|supplies|alerts)(/[^?]*)?(\\?.*)?");
    static final Pattern OPENAPI = Pattern.compile("/openapi/(screening|roster|supplies|alerts?)(\\?.*)?");
    private static final String UPSTREAM = "frontline.upstream";
    private static final String PREFIX = "frontline.prefix";
    private static final String REPLICAS = "frontline.replicas";
    private static final String REST = "frontline.rest";
    /** set once a replica accepted the connection: a failure after that may have reached the service */
    private static final String CONNECTED = "frontline.connected";

    private final Map<String, Replicas> upstreams = new LinkedHashMap<>();
    private HttpClient client;

    /** A service's base URL, parsed once. */
    record Upstream(String name, String host, int port, boolean ssl, String basePath, String url) {
        static Upstream of(String name, String url) {
            URI u = URI.create(url);
            boolean ssl = "https".equalsIgnoreCase(u.getScheme());
            int port = u.getPort() != -1 ? u.getPort() : ssl ? 443 : 80;
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
            return new Upstream(name, u.getHost(), port, ssl, path, url);
        }
    }

    void route(@Observes Router router, Vertx vertx, ServicesConfig config) {
        config.services().byName().forEach((name, urls) -> upstreams.put(name, Replicas.of(name, urls)));
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(50).setKeepAlive(true).setDecompressionSupported(false));
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .origin(ctx -> connect(ctx, ctx.get(REPLICAS, Replicas.class).order(), 0, null))
                .addInterceptor(new Forwarding());
        router.routeWithRegex("/api/v1/(screening|roster|supplies|alerts)(/.*)?")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> proxy.handle(rc.request()));
        router.routeWithRegex("/openapi/(screening|roster|supplies|alerts?)")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> proxy.handle(rc.request()));
    }

    void close(@Observes ShutdownEvent ev) {
        if (client != null) {
            client.close();
        }
    }

    /** Maps the path, sets X-Forwarded-*, and answers 502 problem+json when the service cannot be reached. */
    private final class Forwarding implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            ProxyRequest req = ctx.request();
            HttpServerRequest in = req.proxiedRequest();
            String uri = req.getURI();
            Replicas replicas;
            String rest;
            String prefix;
            Matcher api = API.matcher(uri);
            Matcher doc = OPENAPI.matcher(uri);
            if (api.matches()) {
                prefix = "/api/v1/" + api.group(1);
                replicas = upstreams.get(PREFIXES.get(api.group(1)));
                rest = "/api/v1" + (api.group(2) == null ? "" : api.group(2)) + (api.group(3) == null ? "" : api.group(3));
            } else if (doc.matches()) {
                String name = doc.group(1).equals("alerts") ? "alert" : doc.group(1);
                prefix = "/openapi/" + doc.group(1);
                replicas = upstreams.get(name);
                rest = "/q/openapi" + (doc.group(2) == null ? "" : doc.group(2));
            } else {
                // the route matched the normalised path, but the raw one names no service (e.g. a percent-encoded
                // service segment): nothing to forward to
                return Future.succeededFuture(notFound(ctx));
            }
            ctx.set(REPLICAS, replicas);
            ctx.set(REST, rest);
            ctx.set(PREFIX, prefix);
            var headers = req.headers();
            String client = in.remoteAddress() == null ? null : in.remoteAddress().hostAddress();
            if (client != null) {
                String before = headers.get("X-Forwarded-For");
                headers.set("X-Forwarded-For", before == null || before.isBlank() ? client : before + ", " + client);
            }
            headers.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
            if (in.authority() != null) {
                headers.set("X-Forwarded-Host", in.authority().toString());
            }
            headers.set("X-Forwarded-Prefix", prefix);
            return ctx.sendRequest().recover(err -> unreachable(ctx, replicas, err));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext ctx) {
            ProxyResponse response = ctx.response();
            String location = response.headers().get("Location");
            Upstream upstream = ctx.get(UPSTREAM, Upstream.class);
            String prefix = ctx.get(PREFIX, String.class);
            if (location != null && upstream != null && prefix != null && prefix.startsWith("/api/v1/")) {
                response.headers().set("Location", gatewayLocation(location, upstream, prefix));
            }
            return ctx.sendResponse();
        }
    }

    /**
     * Connects to the replicas in {@code order} from {@code index} on: the first that accepts the connection gets the
     * request (its URI and authority are set for it); one that refuses is set aside and the next is tried.
     */
    private static Future<HttpClientRequest> connect(ProxyContext ctx, List<Upstream> order, int index, Throwable last) {
        if (index >= order.size()) {
            return Future.failedFuture(last);
        }
        Upstream u = order.get(index);
        Replicas replicas = ctx.get(REPLICAS, Replicas.class);
        return ctx.client().request(new RequestOptions().setHost(u.host()).setPort(u.port()).setSsl(u.ssl()))
                .map(request -> {
                    replicas.up(u);
                    ctx.set(CONNECTED, Boolean.TRUE);
                    ctx.set(UPSTREAM, u);
                    ctx.request().setURI(u.basePath() + ctx.get(REST, String.class));
                    ctx.request().setAuthority(HostAndPort.create(u.host(), u.port()));
                    return request;
                })
                .recover(err -> {
                    replicas.down(u);
                    if (index + 1 < order.size()) {
                        LOG.debugf("%s replica %s not reachable (%s), trying the next", replicas.name(), u.url(), err);
                    }
                    return connect(ctx, order, index + 1, err);
                });
    }

    /** A Location the service wrote about itself, as the same resource behind the gateway (a relative URI). */
    static String gatewayLocation(String location, Upstream upstream, String prefix) {
        try {
            URI u = URI.create(location);
            if (u.getHost() != null && !(u.getHost().equals(upstream.host())
                    && (u.getPort() == -1 || u.getPort() == upstream.port()))) {
                return location; // somewhere else
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            String base = upstream.basePath() + "/api/v1";
            if (!path.startsWith(base + "/") && !path.equals(base)) {
                return location;
            }
            return prefix + path.substring(base.length()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    private static ProxyResponse notFound(ProxyContext ctx) {
        return problem(ctx, new JsonObject()
                .put("type", "about:blank")
                .put("title", "Not Found")
                .put("status", 404)
                .put("detail", "No service at this path; the service segment must be written plainly "
                        + "(screening, roster, supplies or alerts)"));
    }

    /**
     * No answer from the service. Either no replica accepted the connection (nothing was sent: 502
     * {@code service-unavailable}, safe to send again), or the connection was lost after the request went out (the
     * replica stopped or died mid-request: 502 {@code upstream-connection-lost} — the service may have done it, so
     * only a request safe to repeat may be sent again).
     */
    private static Future<ProxyResponse> unreachable(ProxyContext ctx, Replicas upstream, Throwable err) {
        boolean sent = Boolean.TRUE.equals(ctx.get(CONNECTED, Boolean.class));
        Upstream replica = ctx.get(UPSTREAM, Upstream.class);
        LOG.warnf("%s service at %s %s: %s", upstream.name(), sent && replica != null ? replica.url() : upstream.urls(),
                sent ? "lost the connection after the request was sent" : "not reachable", err.toString());
        ProxyResponse response = problem(ctx, new JsonObject()
                .put("type", sent ? "urn:frontline:problem:upstream-connection-lost"
                        : "urn:frontline:problem:service-unavailable")
                .put("title", "Bad Gateway")
                .put("status", 502)
                .put("detail", sent
                        ? "The connection to the " + upstream.name() + " service was lost after the request was sent; "
                                + "it may have been carried out: check before sending it again, or send it again with "
                                + "the same idempotency key"
                        : "The " + upstream.name() + " service is not reachable; nothing was sent; try again shortly")
                .put("service", upstream.name()));
        if (!sent) {
            response.putHeader("Retry-After", "5");
        }
        return Future.succeededFuture(response);
    }

    /**
     * The gateway's own answer instead of the service's: the request is released and the problem (its status and
     * title from {@code problem}, the request's path as {@code instance}) is the whole response.
     */
    private static ProxyResponse problem(ProxyContext ctx, JsonObject problem) {
        ProxyRequest req = ctx.request();
        problem.put("instance", req.proxiedRequest().path());
        req.release();
        Buffer body = problem.toBuffer();
        ProxyResponse response = req.response();
        response.setStatusCode(problem.getInteger("status")).setStatusMessage(problem.getString("title"));
        response.headers().clear();
        response.putHeader("Content-Type", "application/problem+json")
                .putHeader("Content-Length", String.valueOf(body.length()));
        response.setBody(Body.body(body));
        return response;
    }
}
