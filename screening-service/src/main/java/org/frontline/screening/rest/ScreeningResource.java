package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.service.ScreeningService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/screenings")
@Tag(name = "Screenings", description = "Temperature and symptom screenings of residents")
@SecurityRequirement(name = "SecurityScheme")
public class ScreeningResource {

    @Schema(description = "A screening as entered by a worker; the outcome is derived, not typed")
    public record ScreeningRequest(
            @NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotNull @Schema(description = "Pseudonymous resident id") UUID residentId,
            @NotNull ScreeningRecord.Channel channel,
            @NotNull @DecimalMin(value = "34.0", message = "must be at least 34.0 °C")
            @DecimalMax(value = "43.0", message = "must be at most 43.0 °C")
            @Schema(example = "37.6") BigDecimal temperatureCelsius,
            @NotNull @Schema(example = "2026-11-28T09:30:00+08:00") OffsetDateTime screenedAt) {
    }

    public record ScreeningView(UUID id, String communityCode, UUID residentId, ScreeningRecord.Channel channel,
            BigDecimal temperatureCelsius, ScreeningRecord.Outcome outcome, OffsetDateTime screenedAt,
            String recordedBy) {

        static ScreeningView of(ScreeningRecord r) {
            return new ScreeningView(r.id, r.communityCode, r.residentId, r.channel, r.temperatureCelsius, r.outcome,
                    r.screenedAt, r.recordedBy);
        }
    }

    private final ScreeningService screenings;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public ScreeningResource(ScreeningService screenings, AreaScope scope, JsonWebToken jwt) {
        this.screenings = screenings;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker", "volunteer"})
    @Operation(summary = "Record a screening", description = "Emits ResidentScreened, and FeverDetected at or above the fever threshold")
    public Response record(@Valid @NotNull ScreeningRequest request) {
        scope.check(request.communityCode());
        ScreeningRecord record = screenings.record(new ScreeningService.NewScreening(request.communityCode(),
                request.residentId(), request.channel(), request.temperatureCelsius(), request.screenedAt()),
                jwt.getName());
        return Response.created(URI.create("/api/v1/screenings/" + record.id)).entity(ScreeningView.of(record)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "One screening")
    public ScreeningView get(@PathParam("id") UUID id) {
        ScreeningRecord record = scope.visible(ScreeningRecord.findById(id), "Screening", id, r -> r.communityCode);
        return ScreeningView.of(record);
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Screenings in your area, newest first", description = "Filter by area prefix and outcome")
    public Page<ScreeningView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("outcome") String outcomeParam, @Valid @BeanParam PageParams page) {
        var outcome = QueryValues.enumValue(ScreeningRecord.Outcome.class, outcomeParam, "outcome");
        var filter = scope.filter("communityCode", area);
        if (outcome != null) {
            filter = filter.and("outcome = :outcome", "outcome", outcome);
        }
        return Page.of(ScreeningRecord.find(filter.query(), Sort.descending("screenedAt"), filter.params()), page,
                ScreeningView::of);
    }
}
