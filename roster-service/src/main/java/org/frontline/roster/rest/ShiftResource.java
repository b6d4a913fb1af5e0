package org.frontline.roster.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.roster.Assignment;
import org.frontline.roster.Shift;
import org.frontline.roster.service.ShiftService;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

/** Shifts of a community's duties, their assignments (every hard rule checked) and check-in/out. */
@Path("/api/v1/shifts")
@Tag(name = "Shifts", description = "Shifts, assignments under the hard rules, check-in and check-out")
public class ShiftResource {

    static final String[] PLANNERS = {"community-worker", "district-officer", "coordinator"};

    public record ShiftRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotBlank @Size(max = 40) @Schema(example = "screener") String dutyCode,
            @NotNull OffsetDateTime startAt, @NotNull OffsetDateTime endAt,
            @NotNull @Min(1) @Max(50) Integer requiredHeadcount,
            @Size(min = 1, max = 100) @Schema(description = "Optional. Send the same key when you retry: the retry answers "
                    + "with the earlier shift; the same key with another body is a 422") String idempotencyKey) {
    }

    public record ShiftPatch(@NotNull @Schema(description = "The version you read; a stale one is a 409") Long version,
            OffsetDateTime startAt, OffsetDateTime endAt, @Min(1) @Max(50) Integer requiredHeadcount) {
    }

    public record ShiftView(UUID id, String communityCode, String dutyCode, OffsetDateTime startAt,
            OffsetDateTime endAt, int requiredHeadcount, long assigned, Shift.Status status, UUID planId,
            long version) {
        static ShiftView of(Shift s) {
            return new ShiftView(s.id, s.communityCode, s.dutyCode, s.startAt, s.endAt, s.requiredHeadcount,
                    Assignment.count("shiftId", s.id), s.status, s.planId, s.version);
        }
    }

    public record AssignmentRequest(@NotNull UUID personId) {
    }

    @Schema(description = "A JSON object, {} for now")
    public record TimeRequest(@Schema(description = "When it happened; default now (the city clock). From 2 h before "
            + "the shift's start to 12 h after its end, never in the future") OffsetDateTime at) {
    }

    public record AssignmentView(UUID id, UUID shiftId, UUID personId, OffsetDateTime assignedAt,
            OffsetDateTime checkedInAt, OffsetDateTime checkedOutAt) {
        public static AssignmentView of(Assignment a) {
            return new AssignmentView(a.id, a.shiftId, a.personId, a.assignedAt, a.checkedInAt, a.checkedOutAt);
        }
    }

    private final ShiftService shifts;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;
    private final Idempotency idempotency;

    public ShiftResource(ShiftService shifts, AreaScope scope, JsonWebToken jwt, SecurityIdentity identity,
            Idempotency idempotency) {
        this.shifts = shifts;
        this.scope = scope;
        this.jwt = jwt;
        this.identity = identity;
        this.idempotency = idempotency;
    }

    /** The shift as the caller may see it: 404 alike for a missing one and one outside the caller's area. */
    private Shift visible(UUID id) {
        Shift shift = Shift.findById(id);
        if (shift == null || !scope.covers(shift.communityCode)) {
            throw ProblemException.notFound("Shift", id);
        }
        return shift;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Create a draft shift", description = "At most 24 h; the duty must exist")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ShiftView.class)))
    @APIResponse(responseCode = "200", description = "The earlier shift: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ShiftView.class)))
    public Response create(@Valid @NotNull ShiftRequest request) {
        scope.check(request.communityCode());
        var outcome = idempotency.once("shift.create", request.idempotencyKey(), request, ShiftView.class,
                () -> ShiftView.of(shifts.create(request.communityCode(), request.dutyCode(), request.startAt(),
                        request.endAt(), request.requiredHeadcount(), jwt.getName())));
        return outcome.created("/api/v1/shifts", ShiftView::id);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Shifts in your area", description = "Filter by area, start time range, duty and status")
    public Page<ShiftView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("from") String fromValue,
            @QueryParam("to") String toValue, @QueryParam("duty") @Size(max = 40) String duty,
            @QueryParam("status") String statusValue, @Valid @BeanParam PageParams page) {
        OffsetDateTime from = QueryValues.time(fromValue, "from");
        OffsetDateTime to = QueryValues.time(toValue, "to");
        Shift.Status status = QueryValues.enumValue(Shift.Status.class, statusValue, "status");
        var filter = scope.filter("communityCode", area);
        if (from != null) {
            filter = filter.and("startAt >= :from", "from", from);
        }
        if (to != null) {
            filter = filter.and("startAt < :to", "to", to);
        }
        if (duty != null) {
            filter = filter.and("dutyCode = :duty", "duty", duty);
        }
        if (status != null) {
            filter = filter.and("status = :status", "status", status);
        }
        return Page.of(Shift.find(filter.query(), Sort.by("startAt").and("id"), filter.params()), page, ShiftView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public ShiftView get(@PathParam("id") UUID id) {
        return ShiftView.of(visible(id));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Change the headcount (or, while a draft, the times)",
            description = "Send the version you read; a stale one is a 409. Emits ShiftStaffingChanged on a published shift")
    public ShiftView update(@PathParam("id") UUID id, @Valid @NotNull ShiftPatch patch) {
        return ShiftView.of(shifts.update(id, patch.version(), patch.startAt(), patch.endAt(), patch.requiredHeadcount()));
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Publish the shift", description = "Emits ShiftPublished and ShiftStaffingChanged")
    public ShiftView publish(@PathParam("id") UUID id) {
        return ShiftView.of(shifts.publishChecked(id));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Cancel the shift", description = "A published one emits ShiftStaffingChanged with required 0")
    public ShiftView cancel(@PathParam("id") UUID id) {
        return ShiftView.of(shifts.cancel(id));
    }

    @POST
    @Path("{id}/assignments")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Assign a person", description = "Every hard rule is checked; a broken one is a 409 whose type "
            + "ends in the rule's slug, naming the rule and (when you may see it) the conflicting shift in "
            + "conflictingShiftId. Also 409 when the shift is full or cancelled")
    @APIResponse(responseCode = "201", description = "Assigned",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentView.class)))
    public Response assign(@PathParam("id") UUID id, @Valid @NotNull AssignmentRequest request) {
        Assignment a = shifts.assign(id, request.personId(), jwt.getName());
        return Response.created(java.net.URI.create("/api/v1/shifts/" + id + "/assignments/" + a.id))
                .entity(AssignmentView.of(a)).build();
    }

    @GET
    @Path("{id}/assignments")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public List<AssignmentView> assignments(@PathParam("id") UUID id) {
        visible(id);
        return Assignment.<Assignment>list("shiftId", Sort.by("assignedAt").and("id"), id).stream()
                .map(AssignmentView::of).toList();
    }

    @DELETE
    @Path("{id}/assignments/{aid}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Remove an assignment (not once checked in)", description = "Emits ShiftStaffingChanged on a published shift")
    @APIResponse(responseCode = "204", description = "Removed")
    public void unassign(@PathParam("id") UUID id, @PathParam("aid") UUID aid) {
        shifts.unassign(id, aid);
    }

    @POST
    @Path("{id}/assignments/{aid}/check-in")
    @RolesAllowed({"volunteer", "community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Check in: the assigned volunteer themself or a community worker and above")
    public AssignmentView checkIn(@PathParam("id") UUID id, @PathParam("aid") UUID aid,
            @Valid @NotNull TimeRequest request) {
        return AssignmentView.of(shifts.checkIn(id, aid, request.at(), volunteer()));
    }

    @POST
    @Path("{id}/assignments/{aid}/check-out")
    @RolesAllowed({"volunteer", "community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Check out, after checking in")
    public AssignmentView checkOut(@PathParam("id") UUID id, @PathParam("aid") UUID aid,
            @Valid @NotNull TimeRequest request) {
        return AssignmentView.of(shifts.checkOut(id, aid, request.at(), volunteer()));
    }

    /** The caller's subject when they act as a volunteer only (no staff role): they may touch only their own. */
    private String volunteer() {
        boolean staff = identity.hasRole("community-worker") || identity.hasRole("district-officer")
                || identity.hasRole("coordinator");
        return staff ? null : jwt.getSubject();
    }
}
