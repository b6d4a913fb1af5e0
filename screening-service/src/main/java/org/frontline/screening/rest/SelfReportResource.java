package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.screening.Resident;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.Symptom;
import org.frontline.screening.rest.ScreeningResource.ScreeningView;
import org.frontline.screening.service.ScreeningService;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * A resident's own daily health report. It becomes a screening with channel SELF_REPORT, so it counts in
 * every report like any other; the resident sees their own history and nothing else.
 */
@Path("/api/v1/self-reports")
@Tag(name = "Self-report", description = "Residents report their own health")
@RolesAllowed("resident")
public class SelfReportResource {

    public record SelfReportRequest(
            @NotNull @DecimalMin(value = "34.0", message = "{frontline.celsius.min}")
            @DecimalMax(value = "43.0", message = "{frontline.celsius.max}") BigDecimal temperatureCelsius,
            @Size(max = 10) Set<@NotNull Symptom> symptoms, boolean travelHistory, boolean contactWithCase,
            @NotNull OffsetDateTime reportedAt, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    /** At most frontline.rate-limit.self-report.requests reports per window and resident (429 beyond). */
    @jakarta.inject.Inject
    org.frontline.platform.ratelimit.RateLimits limits;

    @jakarta.inject.Inject
    org.frontline.platform.idempotency.Idempotency idempotency;

    private final ScreeningService screenings;
    private final JsonWebToken jwt;

    private final SecurityIdentity identity;

    public SelfReportResource(ScreeningService screenings, JsonWebToken jwt, SecurityIdentity identity) {
        this.identity = identity;
        this.screenings = screenings;
        this.jwt = jwt;
    }

    private Resident me() {
        Resident resident = Resident.find("account", jwt.getName()).firstResult();
        if (resident == null) {
            throw ProblemException.forbidden("Your account is not linked to a registered resident; ask your community");
        }
        return resident;
    }

    @POST
    @Operation(summary = "Report your own health today", description = "Stored as a SELF_REPORT screening; same rules, same events. "
            + "Rate-limited per resident (frontline.rate-limit.self-report.*: 429 with Retry-After); a retry of a report "
            + "already stored (same idempotencyKey) is answered as before and not counted")
    @org.eclipse.microprofile.openapi.annotations.extensions.Extension(
            name = org.frontline.platform.ratelimit.RateLimits.OPENAPI_EXTENSION, value = "self-report")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScreeningView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: its idempotency key was seen before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScreeningView.class)))
    public Response report(@Valid @NotNull SelfReportRequest request) {
        if (request.idempotencyKey() == null || ScreeningRecord.count("writer = ?1 and idempotencyKey = ?2",
                idempotency.writer(), request.idempotencyKey()) == 0) {
            limits.acquire("self-report"); // a retry of a stored report is a replay: not counted, never refused
        }
        Resident me = me();
        var result = screenings.record(new ScreeningService.NewScreening(me.id, ScreeningRecord.Channel.SELF_REPORT,
                request.temperatureCelsius(), request.symptoms(), request.travelHistory(), request.contactWithCase(),
                request.reportedAt(), request.idempotencyKey(), null), jwt.getName(), community -> true);
        var view = ScreeningView.of(result.record()).forCaller(identity, jwt.getName());
        return result.duplicate() ? Response.ok(view).build()
                : Response.created(URI.create("/api/v1/self-reports")).entity(view).build();
    }

    @GET
    @Operation(summary = "Your own reports and screenings, newest first")
    public Page<ScreeningView> history(@Valid @BeanParam PageParams page) {
        return Page.of(ScreeningRecord.<ScreeningRecord>find("residentId", Sort.descending("screenedAt").and("id", Sort.Direction.Descending), me().id), page,
                (ScreeningRecord r) -> ScreeningView.of(r).forCaller(identity, jwt.getName()));
    }
}
