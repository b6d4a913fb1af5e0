package org.frontline.supplies.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.StockSite;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.frontline.supplies.rest.CountResource.CountView;
import org.frontline.supplies.service.CountService;
import org.frontline.supplies.service.CountSheet;

/**
 * Uploading a count sheet for a site. Its own class with the full path: Quarkus REST routes to the resource class
 * whose path matches best and does not fall back to a shorter one ({@code /api/v1/sites}).
 */
@Path("/api/v1/sites/{siteId}/counts")
@Tag(name = "Counts", description = "Physical counts from a CSV or XLSX sheet")
public class SiteCountResource {

    private static final String ROLES_NOTE = "community-worker, district-officer, coordinator; the site in your area";

    private final CountService counts;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public SiteCountResource(CountService counts, AreaScope scope, JsonWebToken jwt) {
        this.counts = counts;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @Consumes({CountSheet.CSV, CountSheet.XLSX})
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Upload a count sheet",
            description = "The raw sheet as text/csv (UTF-8) or XLSX (the first sheet). Columns by header: itemCode, "
                    + "lotCode, quantity, expiresOn (optional). Every row valid: a PREVIEW with each line's variance; "
                    + "else 422 naming each bad row and column, and nothing is stored. " + ROLES_NOTE)
    @APIResponse(responseCode = "201", description = "Previewed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CountView.class)))
    @APIResponse(responseCode = "413", description = "The sheet is larger than supplies.counts.max-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(@PathParam("siteId") UUID siteId,
            @QueryParam("fileName") @Schema(description = "the uploaded file's name, kept with the count") String fileName,
            @jakarta.ws.rs.core.Context HttpHeaders headers, @NotNull byte[] sheet) {
        StockSite site = scope.found(StockSite.findById(siteId), "Stock site", siteId, s -> s.areaCode);
        MediaType type = headers.getMediaType();
        String mediaType = type == null ? CountSheet.CSV : type.getType() + "/" + type.getSubtype();
        CountView view = CountView.of(counts.preview(site, mediaType, sheet, fileName, jwt.getName()));
        return Response.created(URI.create("/api/v1/counts/" + view.id())).entity(view).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Upload a count sheet as a form",
            description = "The sheet in the form field `file` (CSV or XLSX, told by the part's content type or else the "
                    + "file name's extension); otherwise as the raw upload. " + ROLES_NOTE)
    @APIResponse(responseCode = "201", description = "Previewed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CountView.class)))
    @APIResponse(responseCode = "413", description = "The sheet is larger than supplies.counts.max-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response uploadForm(@PathParam("siteId") UUID siteId, @RestForm("file") FileUpload file) {
        StockSite site = scope.found(StockSite.findById(siteId), "Stock site", siteId, s -> s.areaCode);
        if (file == null) {
            throw ProblemException.badRequest("No sheet", "the form has no file field", "file");
        }
        String name = file.fileName();
        String type = file.contentType() == null ? "" : file.contentType().split(";")[0].strip();
        if (!CountSheet.XLSX.equals(type) && !CountSheet.CSV.equals(type)) {
            type = name != null && name.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx") ? CountSheet.XLSX
                    : CountSheet.CSV;
        }
        byte[] sheet;
        if (file.size() > counts.maxBytes()) {
            sheet = new byte[counts.maxBytes() + 1]; // refused as too large without reading it
        } else {
            try {
                sheet = java.nio.file.Files.readAllBytes(file.uploadedFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        CountView view = CountView.of(counts.preview(site, type, sheet, name, jwt.getName()));
        return Response.created(URI.create("/api/v1/counts/" + view.id())).entity(view).build();
    }

    /**
     * A body that cannot be read as its Content-Type says — a multipart form without its boundary or cut short —
     * fails in Quarkus REST's form parser with an {@link java.io.IOException} before either method runs: the
     * client's fault, a 400 (not the 500 of an unexpected error), and nothing is read or stored. Local to this
     * class, the only one that reads a form.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, UriInfo uri) {
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(ProblemException.badRequest("Unreadable upload",
                "the body could not be read as the Content-Type it names (a form needs its boundary and every "
                        + "part complete); nothing was stored", "file")
                .toProblem("/" + uri.getPath().replaceFirst("^/", ""))).build();
    }
}
