package org.frontline.platform.ratelimit;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.frontline.platform.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The 429 of a {@link RateLimitedException}: problem details and {@code Retry-After} in seconds. */
public class RateLimitMapper {

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e, UriInfo uri) {
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .entity(e.toProblem(uri == null ? null : "/" + uri.getPath().replaceFirst("^/", ""))).build();
    }
}
