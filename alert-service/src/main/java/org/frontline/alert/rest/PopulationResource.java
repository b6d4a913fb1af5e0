package org.frontline.alert.rest;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Population;
import org.frontline.alert.service.PopulationService;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;

import io.quarkus.panache.common.Sort;

/** Residents per community, what rules per 10,000 residents divide by (README "Rules"). */
@Path("/api/v1/populations")
@Tag(name = "Populations", description = "Residents per community for rate rules")
public class PopulationResource {

    public record PopulationRequest(@NotNull @Min(1) @Max(10_000_000) @Schema(example = "8200") Integer residents) {
    }

    public record PopulationView(String communityCode, int residents, String updatedBy, OffsetDateTime updatedAt) {
        static PopulationView of(Population p) {
            return new PopulationView(p.communityCode, p.residents, p.updatedBy, p.updatedAt);
        }
    }

    private final PopulationService populations;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public PopulationResource(PopulationService populations, AreaScope scope, JsonWebToken jwt) {
        this.populations = populations;
        this.scope = scope;
        this.jwt = jwt;
    }

    @PUT
    @Path("{communityCode}")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Set a community's residents")
    public PopulationView put(@PathParam("communityCode") @CommunityCode String communityCode,
            @Valid @NotNull PopulationRequest request) {
        scope.check(communityCode);
        return PopulationView.of(populations.set(communityCode, request.residents(), jwt.getName()));
    }

    @GET
    @Path("{communityCode}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    public PopulationView get(@PathParam("communityCode") @CommunityCode String communityCode) {
        scope.check(communityCode);
        Population p = Population.findById(communityCode);
        if (p == null) {
            throw org.frontline.platform.problem.ProblemException.notFound("Population of community", communityCode);
        }
        return PopulationView.of(p);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Populations in your area")
    public Page<PopulationView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        return Page.of(Population.find(filter.query(), Sort.by("communityCode"), filter.params()), page,
                PopulationView::of);
    }
}
