package org.frontline.supplies.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.supplies.UsageNorm;
import org.frontline.supplies.service.UsageNormService;

@Path("/api/v1/usage-norms")
@Tag(name = "Usage norms", description = "Units of an item one person uses in one shift of a duty; they make the forecast")
public class UsageNormResource {

    public record NormRequest(@NotNull @Schema(example = "4") BigDecimal perShift) {
    }

    public record NormView(String dutyCode, String itemCode, BigDecimal perShift, String updatedBy,
            OffsetDateTime updatedAt) {
        static NormView of(UsageNorm n) {
            return new NormView(n.id.dutyCode(), n.id.itemCode(), n.perShift, n.updatedBy, n.updatedAt);
        }
    }

    private final UsageNormService norms;
    private final JsonWebToken jwt;

    public UsageNormResource(UsageNormService norms, JsonWebToken jwt) {
        this.norms = norms;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "All usage norms, by duty and item")
    public List<NormView> list() {
        return norms.list().stream().map(NormView::of).toList();
    }

    @PUT
    @Path("{dutyCode}/{itemCode}")
    @RolesAllowed("coordinator")
    @Operation(summary = "Set a usage norm", description = "Creates (201) or changes (200) the norm; the forecast of "
            + "every community with shifts of the duty in the forecast window is applied again")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NormView.class)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NormView.class)))
    public Response put(@PathParam("dutyCode") String dutyCode, @PathParam("itemCode") String itemCode,
            @Valid @NotNull NormRequest request) {
        boolean created = norms.put(dutyCode, itemCode, request.perShift(), jwt.getName());
        NormView view = NormView.of(norms.get(dutyCode, itemCode));
        return Response.status(created ? 201 : 200).entity(view).build();
    }

    @DELETE
    @Path("{dutyCode}/{itemCode}")
    @RolesAllowed("coordinator")
    @Operation(summary = "Remove a usage norm", description = "The duty no longer counts for the item in forecasts")
    @APIResponse(responseCode = "204", description = "Removed")
    public void delete(@PathParam("dutyCode") String dutyCode, @PathParam("itemCode") String itemCode) {
        norms.delete(dutyCode, itemCode);
    }
}
