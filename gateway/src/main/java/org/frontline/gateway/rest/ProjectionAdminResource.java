package org.frontline.gateway.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.picture.ProjectionRebuild;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;

/** Operating the projection: its state, and a rebuild by replaying the topics (gateway/README.md). */
@Path("/api/v1/admin/projection")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionAdminResource {

    private final ProjectionRebuild rebuild;
    private final AreaScope scope;
    private final EntityManager em;

    public ProjectionAdminResource(ProjectionRebuild rebuild, AreaScope scope, EntityManager em) {
        this.rebuild = rebuild;
        this.scope = scope;
        this.em = em;
    }

    @GET
    @RolesAllowed("coordinator")
    @Operation(summary = "The projection's state: events applied, newest event, the last rebuild")
    @APIResponse(responseCode = "200", description = "The state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectionRebuild.Status.class)))
    @APIResponse(responseCode = "403", description = "Not a coordinator",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public ProjectionRebuild.Status status() {
        return rebuild.status();
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed("coordinator")
    @Operation(summary = "Rebuild the picture by replaying the four topics from the beginning (runs in the background)")
    @APIResponse(responseCode = "202", description = "Started; GET /api/v1/admin/projection follows it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectionRebuild.Status.class)))
    @APIResponse(responseCode = "403", description = "Not a coordinator, or your area does not cover every city the picture holds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is running",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Response rebuild() {
        // the rebuild empties and rebuilds the whole picture: the caller's area must cover every city it holds
        @SuppressWarnings("unchecked")
        List<String> cities = em.createNativeQuery("select code from area where length(code) <= 4 and level = 'city'")
                .getResultList();
        List<String> outside = cities.stream().filter(c -> !scope.covers(c)).toList();
        if (scope.prefixes().isEmpty() || !outside.isEmpty()) {
            // generic: the cities outside the caller's area are not theirs to learn of
            throw ProblemException.forbidden("A rebuild replaces the whole picture; your area does not cover every "
                    + "city it holds");
        }
        return Response.accepted(rebuild.start()).build();
    }
}
