package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.Quarantine;
import org.frontline.screening.Resident;
import org.frontline.screening.Symptom;
import org.frontline.screening.service.Plausibility;
import org.frontline.screening.service.QuarantineService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/quarantines")
@Tag(name = "Quarantine", description = "Quarantine and health monitoring with daily check-ins")
public class QuarantineResource {

    public record StartRequest(@NotNull UUID residentId, @NotNull Quarantine.Kind kind, LocalDate startDate,
            LocalDate plannedEndDate, @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 with "
                    + "the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record CheckInRequest(@NotNull @DecimalMin(value = "34.0", message = "{frontline.celsius.min}")
            @DecimalMax(value = "43.0", message = "{frontline.celsius.max}") BigDecimal temperatureCelsius,
            @Size(max = 10) Set<@NotNull Symptom> symptoms,
            @Schema(description = "When it was taken (recorded offline, synced later); default now. It counts for that day "
                    + "in the city's time zone, which must lie inside the period; at most screening.late-sync-window ago")
            OffsetDateTime checkedInAt,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body is answered "
                    + "as the first time; the same key with another body is a 422") String idempotencyKey) {
    }

    public record ExtendRequest(@NotNull LocalDate plannedEndDate, @NotBlank @Size(max = 500) String reason,
            @Size(min = 1, max = 100) String idempotencyKey) {
    }

    public record ReleaseRequest(@NotBlank @Size(max = 500) String reason, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    public record QuarantineView(UUID id, UUID residentId, String communityCode, Quarantine.Kind kind,
            LocalDate startDate, LocalDate plannedEndDate, Quarantine.Status status, Quarantine.EndReason endReason,
            LocalDate endedOn, String note) {
        static QuarantineView of(Quarantine q) {
            return new QuarantineView(q.id, q.residentId, q.communityCode, q.kind, q.startDate, q.plannedEndDate,
                    q.status, q.endReason, q.endedOn, q.note);
        }
    }

    private final QuarantineService quarantines;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    public QuarantineResource(QuarantineService quarantines, AreaScope scope, JsonWebToken jwt, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.quarantines = quarantines;
        this.scope = scope;
        this.jwt = jwt;
    }

    private Quarantine visible(UUID id) {
        return scope.visible(Quarantine.findById(id), "Quarantine", id, q -> q.communityCode);
    }

    @POST
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Start a quarantine or health-monitoring period",
            description = "Without plannedEndDate the policy length of the kind applies. Emits QuarantineStarted")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuarantineView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuarantineView.class)))
    public Response start(@Valid @NotNull StartRequest request) {
        Resident resident = Plausibility.resident(request.residentId());
        scope.check(resident.communityCode);
        var outcome = idempotency.once("quarantine.start", request.idempotencyKey(), request, QuarantineView.class,
                () -> QuarantineView.of(quarantines.start(resident, request.kind(), request.startDate(),
                        request.plannedEndDate(), jwt.getName())));
        return outcome.created("/api/v1/quarantines", v -> v.id());
    }

    @POST
    @Path("{id}/check-ins")
    @RolesAllowed({"community-worker", "volunteer"})
    @Operation(summary = "A day's check-in (temperature and symptoms)",
            description = "For the day checkedInAt falls on (default today); one a day, a second is a 409")
    @APIResponse(responseCode = "204", description = "Recorded")
    public Response checkIn(@PathParam("id") UUID id, @Valid @NotNull CheckInRequest request) {
        visible(id);
        idempotency.once("quarantine.check-in", request.idempotencyKey(), Map.of("id", id, "request", request), Void.class,
                () -> {
                    quarantines.checkIn(id, request.temperatureCelsius(), request.symptoms(), request.checkedInAt(),
                            jwt.getName());
                    return null;
                });
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/extension")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Extend the period, with a reason", description = "Emits QuarantineExtended")
    public QuarantineView extend(@PathParam("id") UUID id, @Valid @NotNull ExtendRequest request) {
        visible(id);
        return idempotency.once("quarantine.extension", request.idempotencyKey(), Map.of("id", id, "request", request),
                QuarantineView.class, () -> QuarantineView.of(quarantines.extend(id, request.plannedEndDate(),
                        request.reason()))).response();
    }

    @POST
    @Path("{id}/release")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Release early, with a reason", description = "Emits QuarantineEnded (EARLY_RELEASE)")
    public QuarantineView release(@PathParam("id") UUID id, @Valid @NotNull ReleaseRequest request) {
        visible(id);
        return idempotency.once("quarantine.release", request.idempotencyKey(), Map.of("id", id, "request", request),
                QuarantineView.class, () -> QuarantineView.of(quarantines.release(id, request.reason()))).response();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    public QuarantineView get(@PathParam("id") UUID id) {
        QuarantineView view = QuarantineView.of(visible(id));
        audit.records(List.of(view), QuarantineView::residentId, QuarantineView::communityCode);
        return view;
    }

    /** Records who read whose health records (keyed by resident id, they are personal data). */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Periods in your area", description = "Filter by status and kind")
    @jakarta.transaction.Transactional
    public Page<QuarantineView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String statusParam,
            @QueryParam("kind") String kindParam, @Valid @BeanParam PageParams page) {
        var status = QueryValues.enumValue(Quarantine.Status.class, statusParam, "status");
        var kind = QueryValues.enumValue(Quarantine.Kind.class, kindParam, "kind");
        var filter = scope.filter("communityCode", area);
        if (status != null) {
            filter = filter.and("status = :status", "status", status);
        }
        if (kind != null) {
            filter = filter.and("kind = :kind", "kind", kind);
        }
        Page<QuarantineView> answer = Page.of(Quarantine.<Quarantine>find(filter.query(),
                Sort.descending("startDate").and("id", Sort.Direction.Descending), filter.params()), page, QuarantineView::of);
        audit.records(answer.items(), QuarantineView::residentId, QuarantineView::communityCode);
        return answer;
    }
}
