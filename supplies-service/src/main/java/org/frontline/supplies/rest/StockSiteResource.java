package org.frontline.supplies.rest;

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
import org.frontline.supplies.StockSite;
import org.frontline.supplies.service.StockSiteService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/sites")
@Tag(name = "Stock sites", description = "Community stores and district depots")
public class StockSiteResource {

    public record SiteRequest(
            @NotNull @AreaPrefix @Schema(description = "the community (store, 12 digits), district (6) or city (4) the site belongs to",
                    example = "310104012003") String areaCode,
            @NotNull StockSite.Kind kind,
            @NotBlank @Size(max = 120) @Schema(example = "Caoyang No.3 community store") String name) {
    }

    public record SiteView(UUID id, String areaCode, StockSite.Kind kind, String name, OffsetDateTime registeredAt) {
        public static SiteView of(StockSite s) {
            return new SiteView(s.id, s.areaCode, s.kind, s.name, s.registeredAt);
        }
    }

    private final StockSiteService sites;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public StockSiteResource(StockSiteService sites, AreaScope scope, JsonWebToken jwt) {
        this.sites = sites;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register a stock site", description = "Emits StockSiteRegistered; a duplicate name in one area, or a second store of a community, is a 409")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SiteView.class)))
    public Response register(@Valid @NotNull SiteRequest request) {
        scope.check(request.areaCode());
        StockSite site = sites.register(request.areaCode(), request.kind(), request.name(), jwt.getName());
        return Response.created(URI.create("/api/v1/sites/" + site.id)).entity(SiteView.of(site)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public SiteView get(@PathParam("id") UUID id) {
        StockSite site = scope.found(StockSite.findById(id), "Stock site", id, r -> r.areaCode);
        return SiteView.of(site);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Stock sites in your area")
    public Page<SiteView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        return Page.of(StockSite.find(filter.query(), Sort.by("areaCode").and("name"), filter.params()), page,
                SiteView::of);
    }
}
