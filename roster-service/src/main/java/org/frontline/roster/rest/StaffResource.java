package org.frontline.roster.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.roster.Person;
import org.frontline.roster.service.RosterService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/staff")
@Tag(name = "Staff", description = "Community staff and volunteers")
public class StaffResource {

    public record StaffRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotNull Person.Kind kind,
            @NotBlank @Size(max = 100) @Schema(example = "Wang Fang") String displayName) {
    }

    public record StaffView(UUID id, String communityCode, Person.Kind kind, String displayName,
            OffsetDateTime registeredAt) {
        static StaffView of(Person m) {
            return new StaffView(m.id, m.communityCode, m.kind, m.displayName, m.registeredAt);
        }
    }

    private final RosterService roster;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public StaffResource(RosterService roster, AreaScope scope, JsonWebToken jwt) {
        this.roster = roster;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register a staff member or volunteer", description = "Emits StaffRegistered")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StaffView.class)))
    public Response register(@Valid @NotNull StaffRequest request) {
        scope.check(request.communityCode());
        Person member = roster.register(request.communityCode(), request.kind(), request.displayName(),
                jwt.getName());
        return Response.created(URI.create("/api/v1/staff/" + member.id)).entity(StaffView.of(member)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public StaffView get(@PathParam("id") UUID id) {
        Person member = scope.visible(Person.findById(id), "Staff member", id, r -> r.communityCode);
        return StaffView.of(member);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Staff and volunteers in your area")
    public Page<StaffView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        return Page.of(Person.find(filter.query(), Sort.by("registeredAt"), filter.params()), page, StaffView::of);
    }
}
