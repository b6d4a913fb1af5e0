package org.frontline.supplies.rest;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.ActiveQuarantine;
import org.frontline.supplies.CommunityProfile;
import org.frontline.supplies.service.AllocationService;

@Path("/api/v1/communities/{code}/profile")
@Tag(name = "Fair allocation")
public class CommunityProfileResource {

    public record ProfileRequest(@NotNull @PositiveOrZero @Schema(example = "8200") Integer population) {
    }

    /** {@code inQuarantine}: the quarantines running now in the community (from screening.events). */
    public record ProfileView(String communityCode, Integer population, long inQuarantine, String updatedBy,
            OffsetDateTime updatedAt) {
    }

    private final AllocationService allocation;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public CommunityProfileResource(AllocationService allocation, AreaScope scope, JsonWebToken jwt) {
        this.allocation = allocation;
        this.scope = scope;
        this.jwt = jwt;
    }

    @PUT
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Set a community's population", description = "What fair allocation weighs; a community outside your area answers 404, like an unknown one, and nothing is written")
    public ProfileView put(@PathParam("code") String code, @Valid @NotNull ProfileRequest request) {
        community(code);
        return view(allocation.setProfile(code, request.population(), jwt.getName()), code);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A community's profile", description = "population null until set; a community outside your area answers 404, like an unknown one")
    public ProfileView get(@PathParam("code") String code) {
        community(code);
        return view(CommunityProfile.findById(code), code);
    }

    private void community(String code) {
        if (!AreaCodes.isCommunityCode(code)) {
            throw ProblemException.badRequest("Invalid community", "a community code has 12 digits", "code");
        }
        if (!scope.covers(code)) {
            // the service's rule: outside the area is answered like missing, so a code reveals nothing
            throw ProblemException.notFound("Community", code);
        }
    }

    private static ProfileView view(CommunityProfile p, String code) {
        long quarantined = ActiveQuarantine.count("communityCode", code);
        return p == null ? new ProfileView(code, null, quarantined, null, null)
                : new ProfileView(code, p.population, quarantined, p.updatedBy, p.updatedAt);
    }
}
