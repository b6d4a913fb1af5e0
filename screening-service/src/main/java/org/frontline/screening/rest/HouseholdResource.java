package org.frontline.screening.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.screening.Household;
import org.frontline.screening.service.ResidentService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/households")
@Tag(name = "Households", description = "Dwellings by community, grid, building, unit and room")
public class HouseholdResource {

    public record HouseholdRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @Size(max = 40) @Schema(example = "Grid 3") String grid, @Size(max = 40) @Schema(example = "12") String building,
            @Size(max = 20) @Schema(example = "2") String unit, @Size(max = 20) @Schema(example = "1201") String room,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 with "
                    + "the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record HouseholdView(UUID id, String communityCode, String grid, String building, String unit, String room) {
        static HouseholdView of(Household h) {
            return new HouseholdView(h.id, h.communityCode, h.grid, h.building, h.unit, h.room);
        }
    }

    private final ResidentService residents;
    private final AreaScope scope;

    private final Idempotency idempotency;

    public HouseholdResource(ResidentService residents, AreaScope scope, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.residents = residents;
        this.scope = scope;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register a household")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = HouseholdView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = HouseholdView.class)))
    public Response register(@Valid @NotNull HouseholdRequest request) {
        scope.check(request.communityCode());
        var outcome = idempotency.once("household", request.idempotencyKey(), request, HouseholdView.class,
                () -> HouseholdView.of(residents.register(new ResidentService.NewHousehold(request.communityCode(),
                        request.grid(), request.building(), request.unit(), request.room()))));
        return outcome.created("/api/v1/households", v -> v.id());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    public HouseholdView get(@PathParam("id") UUID id) {
        return HouseholdView.of(scope.visible(Household.findById(id), "Household", id, h -> h.communityCode));
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Households in your area", description = "Filter by area prefix and grid")
    public Page<HouseholdView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("grid") String grid,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        if (grid != null && !grid.isBlank()) {
            filter = filter.and("grid = :grid", "grid", grid);
        }
        return Page.of(Household.find(filter.query(), Sort.by("communityCode").and("building").and("unit").and("room").and("id"),
                filter.params()), page, HouseholdView::of);
    }
}
