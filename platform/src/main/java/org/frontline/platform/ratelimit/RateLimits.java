package org.frontline.platform.ratelimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontline.platform.problem.ProblemException;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Limits how often one caller may call an operation, across all replicas (the counts are rows in PostgreSQL,
 * {@link RateLimitCounter}). Call it first in the resource method of a write a resident or volunteer can make:
 *
 * <pre>{@code
 * @POST
 * @Extension(name = RateLimits.OPENAPI_EXTENSION, value = "self-report")   // declares the 429 in the OpenAPI document
 * public Response report(...) {
 *     limits.acquire("self-report");                                     // 429 + Retry-After once over the limit
 *     ...
 * }
 * }</pre>
 *
 * Each limit is configured by name: {@code frontline.rate-limit.<name>.requests} requests per
 * {@code frontline.rate-limit.<name>.window} (a duration), by default 60 per hour. The caller is the token's subject ({@code sub}). The count is committed in a transaction of its
 * own, before the operation's work: a refused request writes nothing else, and a request that fails afterwards
 * still counted (a client that sends bad requests in a loop is limited too). A request not counted at all is one
 * the resource lets through without calling this — a retry of a write already accepted (same idempotency key).
 */
@ApplicationScoped
public class RateLimits {

    /** The operation extension naming a limit; {@code ApiDocumentFilter} declares the 429 for such operations. */
    public static final String OPENAPI_EXTENSION = "x-frontline-rate-limit";

    /** A limit's settings. */
    public record Limit(String name, int requests, Duration window) {
    }

    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;
    private final RateLimitConfig config;

    public RateLimits(AgroalDataSource dataSource, SecurityIdentity identity, RateLimitConfig config) {
        this.dataSource = dataSource;
        this.identity = identity;
        this.config = config;
    }

    /** Counts this request of the caller against the limit {@code name}; 429 ({@link RateLimitedException}) if over it. */
    public void acquire(String name) {
        acquire(name, caller());
    }

    /** Counts a request against the limit {@code name} for {@code caller} (any stable key of the one to limit). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void acquire(String name, String caller) {
        Limit limit = limit(name);
        RateLimitCounter.Count count;
        try (Connection c = dataSource.getConnection()) {
            count = RateLimitCounter.count(c, name, caller, limit.window());
        } catch (SQLException e) {
            throw new IllegalStateException("rate limit " + name + " could not be counted", e);
        }
        if (count.requests() > limit.requests()) {
            throw new RateLimitedException(name, limit.requests(), limit.window(), count.secondsLeft());
        }
    }

    /** The settings of limit {@code name} ({@link RateLimitConfig}: 60 per hour unless configured). */
    public Limit limit(String name) {
        RateLimitConfig.Limit configured = config.limits().get(name);
        int requests = configured == null ? 60 : configured.requests();
        Duration window = configured == null ? Duration.ofHours(1) : configured.window();
        if (requests < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalStateException("frontline.rate-limit." + name + ": requests must be at least 1 and the window positive");
        }
        return new Limit(name, requests, window);
    }

    /** The caller a count belongs to: the token's subject, else the principal's name. */
    private String caller() {
        if (identity.isAnonymous()) {
            throw ProblemException.forbidden("A rate-limited operation needs an authenticated caller");
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }
}
