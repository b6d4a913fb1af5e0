package org.frontline.roster.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.PlanningRun;
import org.frontline.roster.service.PlanningService;

import io.quarkus.panache.common.Sort;

/** Asynchronous planning runs: request (202), poll, review, publish or discard. */
@Path("/api/v1/plans")
@Tag(name = "Planning", description = "Planner runs for a community or a district; a proposal to review and publish")
public class PlanResource {

    public record PlanRequest(
            @NotNull @Pattern(regexp = "\\d{6}(\\d{6})?", message = "a 12-digit community or a 6-digit district code")
            @Schema(example = "310104012003") String area,
            @NotBlank @Size(max = 40) @Schema(description = "A city date (its start) or an ISO instant", example = "2026-12-07") String from,
            @NotBlank @Size(max = 40) @Schema(description = "A city date (through its end) or an ISO instant; at most 14 days after from",
                    example = "2026-12-13") String to,
            @Min(1) @Max(120) @Schema(description = "Seconds the planner may take (default 30)") Integer timeLimitSeconds,
            @Size(min = 1, max = 100) @Schema(description = "Send it again with a retry to get the same run") String idempotencyKey) {
    }

    public record PlanView(UUID id, String area, OffsetDateTime from, OffsetDateTime to, int timeLimitSeconds,
            PlanningRun.Status status, String requestedBy, OffsetDateTime requestedAt, int attempts,
            OffsetDateTime startedAt, OffsetDateTime heartbeatAt, OffsetDateTime finishedAt, String bestScore,
            Boolean feasible, Long uncoveredMinutes, String error, String decidedBy, OffsetDateTime decidedAt,
            long version, PlanningService.PlanResult result) {
    }

    public record Decision(@NotNull @Schema(description = "The version you reviewed") Long version) {
    }

    private final PlanningService plans;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;
    private final Clock clock;

    public PlanResource(PlanningService plans, AreaScope scope, JsonWebToken jwt, Idempotency idempotency, Clock clock) {
        this.plans = plans;
        this.scope = scope;
        this.jwt = jwt;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    private PlanView view(PlanningRun r, boolean withResult) {
        return new PlanView(r.id, r.area, r.fromAt, r.toAt, r.timeLimitSeconds, r.status, r.requestedBy,
                r.requestedAt, r.attempts, r.startedAt, r.heartbeatAt, r.finishedAt, r.bestScore, r.feasible,
                r.uncoveredMinutes, r.error, r.decidedBy, r.decidedAt, r.version, withResult ? plans.result(r) : null);
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Request a plan", description = "Queues a planner run for the area's draft and published shifts "
            + "starting in [from, to); poll the Location. A community worker plans their own community, a district "
            + "officer inside their district")
    @APIResponse(responseCode = "202", description = "Queued (or, with a repeated idempotencyKey, the earlier run)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    public Response request(@Valid @NotNull PlanRequest request) {
        Instant from = time(request.from(), "from", false);
        Instant to = time(request.to(), "to", true);
        if (!to.isAfter(from)) {
            throw ProblemException.badRequest("Invalid range", "to must be after from", "to");
        }
        if (Duration.between(from, to).compareTo(PlanningService.MAX_RANGE) > 0) {
            throw ProblemException.badRequest("Range too long", "a plan covers at most 14 days", "to");
        }
        scope.check(request.area());
        int limit = request.timeLimitSeconds() == null ? 30 : request.timeLimitSeconds();
        var outcome = idempotency.once("plan.request", request.idempotencyKey(), request, PlanView.class,
                () -> view(plans.request(request.area(), from, to, limit, jwt.getName()), false));
        return Response.accepted(outcome.response()).location(URI.create("/api/v1/plans/" + outcome.response().id()))
                .build();
    }

    /** A city date (its start, or for {@code to} the start of the next day) or an ISO date-time with offset. */
    private Instant time(String value, String field, boolean endOfDay) {
        try {
            LocalDate date = LocalDate.parse(value);
            return (endOfDay ? date.plusDays(1) : date).atStartOfDay(clock.getZone()).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("Invalid time", field + " is neither a date (2026-12-07) nor an ISO "
                        + "date-time with offset (2026-12-07T08:00:00+08:00)", field);
            }
        }
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Planning runs in your area, newest first", description = "Without the results; GET one for it")
    public Page<PlanView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("area", area);
        String query = filter.query();
        var params = new java.util.HashMap<>(filter.params());
        if (status != null) {
            query += " and status = :status";
            params.put("status", QueryValues.enumValue(PlanningRun.Status.class, status, "status"));
        }
        io.quarkus.hibernate.orm.panache.PanacheQuery<PlanningRun> runs =
                PlanningRun.find(query, Sort.descending("requestedAt").and("id"), params);
        return Page.of(runs, page, r -> view(r, false));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A run's status, progress and (once DONE) its proposed plan")
    public PlanView get(@PathParam("id") UUID id) {
        return view(plans.visible(id), true);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Cancel a queued or running run", description = "409 once it finished")
    public PlanView cancel(@PathParam("id") UUID id) {
        return view(plans.cancel(id, jwt.getName()), true);
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Publish a DONE plan", description = "Re-checks every planned assignment against the current "
            + "roster (409 listing those that no longer hold, nothing changed); then replaces the assignments of the "
            + "planned shifts, publishes the draft ones and emits PlanPublished. A second publish is a 409")
    public PlanView publish(@PathParam("id") UUID id, @Valid @NotNull Decision decision) {
        return view(plans.publish(id, decision.version(), jwt.getName()), true);
    }

    @POST
    @Path("{id}/discard")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Discard a DONE plan", description = "409 when it is not DONE or changed since the version you reviewed")
    public PlanView discard(@PathParam("id") UUID id, @Valid @NotNull Decision decision) {
        return view(plans.discard(id, decision.version(), jwt.getName()), true);
    }
}
