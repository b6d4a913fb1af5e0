package org.frontline.gateway.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.picture.AreaNames;
import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.gateway.service.PictureFreshness.Freshness;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;

/** The area tree the picture knows, and the names a coordinator gives its areas. */
@Path("/api/v1/areas")
@Tag(name = "City picture")
public class AreaResource {

    public record AreaView(String code, String level, @Schema(nullable = true) String name,
            @Schema(nullable = true) String nameEn) {
        static AreaView of(String code, KpiReader.AreaInfo info) {
            return new AreaView(code, Areas.level(code), info == null ? null : info.name(),
                    info == null ? null : info.nameEn());
        }
    }

    public record AreaList(List<AreaView> items, Freshness freshness) implements PictureFreshness.Fresh {
    }

    public record AreaNamed(AreaView area, Freshness freshness) implements PictureFreshness.Fresh {
    }

    /** The names of an area; null (or blank) clears one. */
    public record AreaNamesRequest(@Size(max = 120) @Schema(nullable = true, maxLength = 120) String name,
            @Size(max = 120) @Schema(nullable = true, maxLength = 120) String nameEn) {
    }

    private final KpiReader reader;
    private final AreaNames names;
    private final AreaScope scope;
    private final PictureFreshness freshness;

    public AreaResource(KpiReader reader, AreaNames names, AreaScope scope, PictureFreshness freshness) {
        this.reader = reader;
        this.names = names;
        this.scope = scope;
        this.freshness = freshness;
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "The areas one level below a parent, with their names; without a parent, your own areas",
            description = "Only areas inside your area, or wider areas on the way to it (so a tree can be walked down "
                    + "from the city).")
    public AreaList children(
            @Parameter(description = "Area code prefix; default: list your own areas") @QueryParam("parent") String parent) {
        if (parent == null || parent.isBlank()) {
            return new AreaList(scope.prefixes().stream().map(code -> AreaView.of(code, reader.area(code))).toList(),
                    freshness.now());
        }
        if (!AreaCodes.isAreaPrefix(parent)) {
            throw ProblemException.badRequest("Invalid parent", "parent must be a code prefix of 2, 4, 6, 9 or 12 digits",
                    "parent");
        }
        if (!scope.coversOrApplies(parent)) {
            throw ProblemException.forbidden("The area asked for is outside your area");
        }
        List<AreaView> items = reader.children(parent).stream().filter(child -> scope.coversOrApplies(child.code()))
                .map(child -> AreaView.of(child.code(), child)).toList();
        return new AreaList(items, freshness.now());
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed({"coordinator", "district-officer"})
    @Operation(summary = "Name an area (Chinese and English, at most 120 characters each)",
            description = "Creates the area, with its wider areas, if the picture has not seen it yet. A district "
                    + "officer names areas inside their district only.")
    public AreaNamed name(@PathParam("code") String code, @Valid @NotNull AreaNamesRequest body) {
        if (!AreaCodes.isAreaPrefix(code)) {
            throw ProblemException.badRequest("Invalid code", "code must be a code prefix of 2, 4, 6, 9 or 12 digits",
                    "code");
        }
        if (!scope.covers(code)) {
            throw ProblemException.forbidden("The area is outside your area");
        }
        KpiReader.AreaInfo info = names.name(code, blankToNull(body.name()), blankToNull(body.nameEn()));
        return new AreaNamed(AreaView.of(code, info), freshness.now());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
