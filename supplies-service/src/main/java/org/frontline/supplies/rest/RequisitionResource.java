package org.frontline.supplies.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.Page;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Requisition;
import org.frontline.supplies.RequisitionHistory;
import org.frontline.supplies.RequisitionLine;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.service.RequisitionService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/requisitions")
@Tag(name = "Requisitions", description = "A community store asks its district's depot; the district decides and ships")
public class RequisitionResource {

    public record RequestedLine(@NotBlank @Size(max = 40) @Schema(example = "n95-respirator") String itemCode,
            @NotNull @Positive @Max(10_000_000) @Schema(description = "units of the item, 1 to 10,000,000") Long requested) {
    }

    public record RequisitionRequest(
            @NotNull @Schema(description = "the requesting community's store") UUID siteId,
            @NotNull @Schema(description = "a depot of the store's district or city") UUID depotId,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull RequestedLine> lines,
            @Size(max = 500) String note,
            @Size(min = 1, max = 100) @Schema(description = "Send it again with a retry to get the same requisition")
            String idempotencyKey) {
    }

    public record DecidedLine(@NotBlank @Size(max = 40) String itemCode,
            @NotNull @PositiveOrZero @Max(10_000_000) @Schema(description = "0 to the requested quantity") Long approved) {
    }

    public record DecisionRequest(
            @Size(max = 100) @Schema(description = "every line of the requisition with its approved quantity (0..requested); may be left out with refuse")
            List<@Valid @NotNull DecidedLine> lines,
            @Schema(description = "refuse the whole requisition") Boolean refuse,
            @Size(max = 500) String note) {
    }

    public record NoteRequest(@Size(max = 500) String note) {
    }

    public record LineView(String itemCode, long requested, Long approved) {
        static LineView of(RequisitionLine l) {
            return new LineView(l.itemCode(), l.requested, l.approved);
        }
    }

    public record HistoryView(Requisition.Status status, String changedBy, OffsetDateTime changedAt, String note) {
        static HistoryView of(RequisitionHistory h) {
            return new HistoryView(h.status, h.changedBy, h.changedAt, h.note);
        }
    }

    public record RequisitionView(UUID id, UUID siteId, String communityCode, UUID depotId, String depotArea,
            Requisition.Status status, String note, String submittedBy, OffsetDateTime submittedAt, String decidedBy,
            OffsetDateTime decidedAt, String decisionNote, UUID transferId, List<LineView> lines,
            List<HistoryView> history) {
    }

    private final RequisitionService requisitions;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    public RequisitionResource(RequisitionService requisitions, AreaScope scope, JsonWebToken jwt,
            Idempotency idempotency) {
        this.requisitions = requisitions;
        this.scope = scope;
        this.jwt = jwt;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer"})
    @Operation(summary = "Ask a depot for items", description = "The store must lie in your area (else 404) and the depot be its district's or city's (else 409, the same answer for an unknown depotId); emits RequisitionSubmitted")
    @APIResponse(responseCode = "201", description = "Submitted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequisitionView.class)))
    @APIResponse(responseCode = "200", description = "The earlier requisition: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequisitionView.class)))
    @APIResponse(responseCode = "404", description = "The site is unknown or outside your area",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = org.frontline.platform.problem.Problem.class)))
    public Response submit(@Valid @NotNull RequisitionRequest request) {
        var outcome = idempotency.once("requisition", request.idempotencyKey(), request, RequisitionView.class, () -> {
            StockSite store = scope.found(StockSite.findById(request.siteId()), "Stock site", request.siteId(),
                    s -> s.areaCode);
            Requisition r = requisitions.submit(store, request.depotId(), request.lines().stream()
                    .map(l -> new RequisitionService.Line(l.itemCode(), l.requested())).toList(), request.note(),
                    jwt.getName());
            return view(r);
        });
        return outcome.created("/api/v1/requisitions", RequisitionView::id);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Requisitions of the communities in your area", description = "Newest first")
    public Page<RequisitionView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("status") @Parameter(description = "SUBMITTED, APPROVED, PARTIALLY_APPROVED, REFUSED, CANCELLED, DISPATCHED or RECEIVED (anything else 400)") String statusValue,
            @QueryParam("depotId") @Parameter(description = "a depot's id (a UUID, else 400)") String depotValue,
            @Valid @BeanParam PageParams page) {
        Requisition.Status status = QueryValues.enumValue(Requisition.Status.class, statusValue, "status");
        UUID depotId = uuid(depotValue, "depotId");
        var filter = scope.filter("communityCode", area);
        if (status != null) {
            filter = filter.and("status = :status", "status", status);
        }
        if (depotId != null) {
            filter = filter.and("depotId = :depotId", "depotId", depotId);
        }
        return Page.of(Requisition.find(filter.query(), Sort.by("submittedAt").descending().and("id"),
                filter.params()), page, this::view);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A requisition with its lines and history", description = "404 outside your area")
    public RequisitionView get(@PathParam("id") UUID id) {
        return view(scope.found(Requisition.findById(id), "Requisition", id, r -> r.communityCode));
    }

    @POST
    @Path("{id}/decision")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Approve in whole or in part, or refuse",
            description = "Only a SUBMITTED requisition (else 409); the depot must lie in your area (a requisition you may see whose depot lies outside your area: 403; one you may not see: 404). Approving more than the depot can ship (on hand − approved, not yet dispatched) is a 409 naming the item. Emits RequisitionDecided")
    public RequisitionView decide(@PathParam("id") UUID id, @Valid @NotNull DecisionRequest request) {
        boolean refuse = Boolean.TRUE.equals(request.refuse());
        if (!refuse && (request.lines() == null || request.lines().isEmpty())) {
            throw ProblemException.badRequest("No lines",
                    "decide every line, or send refuse: true", "lines");
        }
        List<RequisitionService.Line> lines = request.lines() == null ? List.of() : request.lines().stream()
                .map(l -> new RequisitionService.Line(l.itemCode(), l.approved())).toList();
        return view(requisitions.decide(id, lines, refuse, request.note(), jwt.getName()));
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON) // else a text/plain body is read as a NoteRequest (its one String) and acts
    @RolesAllowed({"community-worker", "district-officer"})
    @Operation(summary = "Withdraw a requisition", description = "Only while SUBMITTED (else 409)")
    public RequisitionView cancel(@PathParam("id") UUID id, @RequestBody(required = false) @Valid NoteRequest request) {
        return view(requisitions.cancel(id, request == null ? null : request.note(), jwt.getName()));
    }

    @POST
    @Path("{id}/dispatch")
    @Consumes(MediaType.APPLICATION_JSON) // else a text/plain body is read as a NoteRequest (its one String) and acts
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Ship the approved quantities",
            description = "Only an APPROVED or PARTIALLY_APPROVED requisition (else 409), by an officer of the depot's area (403 for a requisition you may see whose depot lies outside your area, 404 for one you may not see): a transfer depot → store (TransferDispatched); its receipt makes the requisition RECEIVED")
    public RequisitionView dispatch(@PathParam("id") UUID id, @RequestBody(required = false) @Valid NoteRequest request) {
        return view(requisitions.dispatch(id, request == null ? null : request.note(), jwt.getName()));
    }

    /** A UUID query value; null when absent, a 400 naming the parameter when malformed. */
    static UUID uuid(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        UUID id = null;
        try {
            id = UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            // answered below
        }
        if (id == null || !id.toString().equalsIgnoreCase(value.trim())) { // fromString also takes "1-2-3-4-5"
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter, "must be a UUID")));
        }
        return id;
    }

    private RequisitionView view(Requisition r) {
        return new RequisitionView(r.id, r.siteId, r.communityCode, r.depotId, r.depotArea, r.status, r.note,
                r.submittedBy, r.submittedAt, r.decidedBy, r.decidedAt, r.decisionNote, r.transferId,
                requisitions.lines(r.id).stream().map(LineView::of).toList(),
                requisitions.history(r.id).stream().map(HistoryView::of).toList());
    }
}
