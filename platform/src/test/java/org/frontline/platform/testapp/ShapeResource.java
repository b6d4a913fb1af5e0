package org.frontline.platform.testapp;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Answers of the shapes the OpenAPI check must get right: nulls in optional fields, 201 and 200 from one
 * operation, and one answer its document deliberately does not declare.
 */
@Path("/api/v1/shapes")
@RolesAllowed("community-worker")
public class ShapeResource {

    public enum Kind {
        ROUND, SQUARE
    }

    public record ShapeView(@NotNull UUID id, String note, LocalDate endedOn, Kind kind, boolean open) {
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ShapeView.class)))
    @APIResponse(responseCode = "200", description = "The earlier shape (a replay)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ShapeView.class)))
    public Response create(@QueryParam("replay") Boolean replay) {
        ShapeView shape = new ShapeView(UUID.randomUUID(), null, null, null, true);
        return Boolean.TRUE.equals(replay) ? Response.ok(shape).build()
                : Response.created(URI.create("/api/v1/shapes/" + shape.id())).entity(shape).build();
    }

    @GET
    @Path("{id}")
    public ShapeView get(@PathParam("id") UUID id) {
        return new ShapeView(id, null, null, null, false);
    }

    /** Its document says 200 (the default); it answers 202. The check must report it. */
    @GET
    @Path("{id}/undeclared")
    public Response undeclared(@PathParam("id") UUID id) {
        return Response.accepted(new ShapeView(id, "accepted", LocalDate.now(), Kind.ROUND, true)).build();
    }
}
