package org.frontline.supplies.rest;

import java.time.LocalDate;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
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
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Transfer;
import org.frontline.supplies.TransferLine;
import org.frontline.supplies.service.RequisitionService;
import org.frontline.supplies.service.TransferService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/transfers")
@Tag(name = "Transfers", description = "Stock sent from one site to another: dispatched, in transit, received")
public class TransferResource {

    public record TransferLineRequest(@NotBlank @Size(max = 40) String itemCode,
            @NotNull @Positive @Max(10_000_000) @Schema(description = "units of the item, 1 to 10,000,000") Long quantity) {
    }

    public record TransferRequest(@NotNull UUID fromSiteId, @NotNull UUID toSiteId,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull TransferLineRequest> lines,
            @Size(max = 500) String note,
            @Size(min = 1, max = 100) @Schema(description = "Send it again with a retry to get the same transfer")
            String idempotencyKey) {
    }

    public record ReceivedLineRequest(@NotBlank @Size(max = 40) String itemCode, @NotBlank @Size(max = 60) String lotCode,
            @NotNull @PositiveOrZero @Max(10_000_000) @Schema(description = "units of the lot that arrived, 0 to what was dispatched")
            Long received) {
    }

    public record ReceiptRequest(
            @Size(max = 500) @Schema(description = "what arrived per lot; lots left out arrived as dispatched")
            List<@Valid @NotNull ReceivedLineRequest> lines) {
    }

    /** {@code shortage} = dispatched − received, once received. */
    public record TransferLineView(String itemCode, String lotCode, LocalDate expiresOn, long dispatched, Long received,
            Long shortage) {
        static TransferLineView of(TransferLine l) {
            return new TransferLineView(l.itemCode(), l.lotCode(), l.expiresOn, l.dispatched, l.received, l.shortage());
        }
    }

    public record TransferView(UUID id, UUID fromSiteId, String fromArea, UUID toSiteId, String toArea,
            UUID requisitionId, Transfer.Status status, String note, String dispatchedBy, OffsetDateTime dispatchedAt,
            String receivedBy, OffsetDateTime receivedAt, List<TransferLineView> lines) {
    }

    private final TransferService transfers;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    public TransferResource(TransferService transfers, AreaScope scope, JsonWebToken jwt, Idempotency idempotency) {
        this.transfers = transfers;
        this.scope = scope;
        this.jwt = jwt;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Send stock to another site",
            description = "The source must lie in your area (else 404). The destination must be a site in your area, or in the source's line of supply: a depot above the source, or (from a depot) a site below it; any other destination answers like an unknown one (404). Stock leaves first-expiry-first-out (409 naming the shortfall when there is not enough; from a depot the quantities approved for requisitions and not yet dispatched are not free); it is in transit at the destination. Emits TransferDispatched")
    @APIResponse(responseCode = "201", description = "Dispatched",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "200", description = "The earlier transfer: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "404", description = "The source is unknown or outside your area, or the destination unknown or not one you may send to",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = org.frontline.platform.problem.Problem.class)))
    public Response create(@Valid @NotNull TransferRequest request) {
        var outcome = idempotency.once("transfer", request.idempotencyKey(), request, TransferView.class,
                () -> view(transfers.create(request.fromSiteId(), request.toSiteId(), request.lines().stream()
                        .map(l -> new RequisitionService.Line(l.itemCode(), l.quantity())).toList(), request.note(),
                        jwt.getName())));
        return outcome.created("/api/v1/transfers", TransferView::id);
    }

    @POST
    @Path("{id}/receipt")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Receive a transfer",
            description = "The destination must lie in your area (else 404); only once (else 409). Emits TransferReceived")
    public TransferView receive(@PathParam("id") UUID id, @RequestBody(required = false) @Valid ReceiptRequest request) {
        List<TransferService.Received> lines = request == null || request.lines() == null ? List.of()
                : request.lines().stream().map(l -> new TransferService.Received(l.itemCode(), l.lotCode(),
                        l.received())).toList();
        return view(transfers.receive(id, lines, jwt.getName()));
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Transfers from or to a site in your area", description = "Newest first")
    public Page<TransferView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("status") @Parameter(description = "DISPATCHED or RECEIVED (anything else 400)") String statusValue,
            @Valid @BeanParam PageParams page) {
        Transfer.Status status = QueryValues.enumValue(Transfer.Status.class, statusValue, "status");
        var filter = scope.filterAny(List.of("fromArea", "toArea"), area);
        if (status != null) {
            filter = filter.and("status = :status", "status", status);
        }
        return Page.of(Transfer.find(filter.query(), Sort.by("dispatchedAt").descending().and("id"),
                filter.params()), page, this::view);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A transfer with its lots", description = "404 unless its source or destination is in your area")
    public TransferView get(@PathParam("id") UUID id) {
        return view(scope.found(Transfer.findById(id), "Transfer", id,
                t -> scope.covers(t.fromArea) ? t.fromArea : t.toArea));
    }

    private TransferView view(Transfer t) {
        return new TransferView(t.id, t.fromSiteId, t.fromArea, t.toSiteId, t.toArea, t.requisitionId, t.status,
                t.note, t.dispatchedBy, t.dispatchedAt, t.receivedBy, t.receivedAt,
                transfers.lines(t.id).stream().map(TransferLineView::of).toList());
    }
}
