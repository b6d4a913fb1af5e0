package org.frontline.supplies.rest;

import java.net.URI;
import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.supplies.Item;
import org.frontline.supplies.service.ItemService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/items")
@Tag(name = "Items", description = "The item catalogue")
public class ItemResource {

    /** An item code: lower-case letters, digits and hyphens, as the seeded ones ({@code n95-respirator}). */
    public static final String CODE = "[a-z0-9-]{2,40}";

    public record ItemRequest(
            @NotNull @Pattern(regexp = CODE, message = "must be 2 to 40 lower-case letters, digits or hyphens")
            @Schema(example = "kn95-respirator") String code,
            @NotBlank @Size(max = 120) @Schema(example = "KN95 respirator") String name,
            @NotBlank @Size(max = 20) @Schema(example = "piece") String unit,
            @NotNull @Min(1) @Max(100_000) Integer packSize,
            @NotNull Boolean critical) {
    }

    public record ItemView(@Schema(required = true) String code, @Schema(required = true) String name,
            @Schema(required = true) String unit, int packSize, boolean critical, boolean seeded,
            OffsetDateTime createdAt) {
        public static ItemView of(Item i) {
            return new ItemView(i.code, i.name, i.unit, i.packSize, i.critical, i.seeded, i.createdAt);
        }
    }

    private final ItemService items;
    private final JsonWebToken jwt;

    public ItemResource(ItemService items, JsonWebToken jwt) {
        this.items = items;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "The item catalogue", description = "critical=true or false keeps only those")
    public Page<ItemView> list(@QueryParam("critical") String criticalValue, @Valid @BeanParam PageParams page) {
        Boolean critical = StockQueries.flag(criticalValue, "critical");
        var query = critical == null ? Item.<Item>findAll(Sort.by("code"))
                : Item.<Item>find("critical", Sort.by("code"), critical);
        return Page.of(query, page, ItemView::of);
    }

    @GET
    @Path("{code}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public ItemView get(@PathParam("code") String code) {
        return ItemView.of(items.found(code));
    }

    @POST
    @RolesAllowed("coordinator")
    @Operation(summary = "Add an item to the catalogue", description = "A code already in the catalogue is a 409")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ItemView.class)))
    public Response create(@Valid @NotNull ItemRequest request) {
        Item item = items.create(request.code(), request.name(), request.unit(), request.packSize(),
                request.critical(), jwt.getName());
        return Response.created(URI.create("/api/v1/items/" + item.code)).entity(ItemView.of(item)).build();
    }
}
