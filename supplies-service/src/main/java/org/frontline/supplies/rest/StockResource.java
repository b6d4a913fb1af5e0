package org.frontline.supplies.rest;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
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
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Item;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.rest.StockViews.PostingView;
import org.frontline.supplies.rest.StockViews.StockView;
import org.frontline.supplies.service.ItemService;
import org.frontline.supplies.service.Ledger;
import org.frontline.supplies.service.StockService;
import org.frontline.supplies.service.StockService.AdjustmentReason;
import org.frontline.supplies.service.StockService.Held;

/**
 * Postings at a site (receipts, issues, adjustments: all through the Ledger), the stock they leave and the site's
 * ledger. A site outside the caller's area answers 404, like a missing one.
 */
@Path("/api/v1/sites/{siteId}")
@Tag(name = "Stock", description = "Receipts, issues and adjustments at a site; stock, cover and the ledger")
public class StockResource {

    static final String[] SUPPLY_ROLES = {"community-worker", "district-officer", "coordinator"};
    /** A lot code as printed on a pack: letters, digits and . _ / - ; starts with a letter or digit. */
    static final String LOT = "[A-Za-z0-9][A-Za-z0-9._/-]{0,59}";
    static final String LOT_MESSAGE = "must be 1 to 60 letters, digits or . _ / - (starting with a letter or digit)";
    static final String ITEM_MESSAGE = "must be 2 to 40 lower-case letters, digits or hyphens";
    static final String KEY_DESCRIPTION = "Optional. Send the same key when you retry: the retry answers with the "
            + "earlier result (200) and posts nothing; the same key with another body is a 422";
    static final long MAX_QUANTITY = 10_000_000;

    public record ReceiptRequest(
            @NotNull @Pattern(regexp = ItemResource.CODE, message = ITEM_MESSAGE) @Schema(example = "n95-respirator") String itemCode,
            @NotNull @Pattern(regexp = LOT, message = LOT_MESSAGE) @Schema(example = "L2026-11-A") String lotCode,
            @Schema(description = "the lot's expiry; none: issued after every dated lot") LocalDate expiresOn,
            @NotNull @Min(1) @Max(MAX_QUANTITY) @Schema(description = "units received (item unit, not packs)") Long quantity,
            @Size(max = 500) String note,
            @Size(min = 1, max = 100) @Schema(description = KEY_DESCRIPTION) String idempotencyKey) {
    }

    public record IssueRequest(
            @NotNull @Pattern(regexp = ItemResource.CODE, message = ITEM_MESSAGE) @Schema(example = "n95-respirator") String itemCode,
            @NotNull @Min(1) @Max(MAX_QUANTITY) Long quantity,
            @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be 1 to 40 lower-case letters, digits or hyphens")
            @Schema(description = "the duty it was used for", example = "screener") String dutyCode,
            @Schema(description = "recorded late: the city day it was used (at most supplies.cover.late-record-days "
                    + "before today, default 7); the stock leaves now, the consumption counts for that day. "
                    + "Absent: today", example = "2026-11-28") LocalDate usedOn,
            @Size(max = 500) String note,
            @Size(min = 1, max = 100) @Schema(description = KEY_DESCRIPTION) String idempotencyKey) {
    }

    public record AdjustmentRequest(
            @NotNull @Pattern(regexp = ItemResource.CODE, message = ITEM_MESSAGE) @Schema(example = "n95-respirator") String itemCode,
            @NotNull @Pattern(regexp = LOT, message = LOT_MESSAGE) String lotCode,
            @NotNull @Min(-MAX_QUANTITY) @Max(MAX_QUANTITY) @Schema(description = "signed change of the lot, not 0; "
                    + "DAMAGED, EXPIRED, LOST negative, FOUND positive, CORRECTION either") Long quantity,
            @NotNull AdjustmentReason reason,
            @Size(max = 500) String note,
            @Schema(description = "for a positive change to a new lot: its expiry") LocalDate expiresOn,
            @Size(min = 1, max = 100) @Schema(description = KEY_DESCRIPTION) String idempotencyKey) {
    }

    /** What a posting did: the ledger rows it wrote (an issue: one per lot taken) and the stock after them. */
    public record PostedView(@Schema(required = true) List<PostingView> postings,
            @Schema(required = true) StockView stock) {
    }

    /** A page of a site's ledger, newest first; {@code next} (absent on the last page) is the {@code after} of the next. */
    public record LedgerPage(@Schema(required = true) List<PostingView> items, String next) {
    }

    private final StockService stock;
    private final ItemService items;
    private final AreaScope scope;
    private final Idempotency idempotency;
    private final JsonWebToken jwt;

    public StockResource(StockService stock, ItemService items, AreaScope scope, Idempotency idempotency,
            JsonWebToken jwt) {
        this.stock = stock;
        this.items = items;
        this.scope = scope;
        this.idempotency = idempotency;
        this.jwt = jwt;
    }

    private StockSite site(UUID id) {
        return scope.found(StockSite.<StockSite>findById(id), "Stock site", id, s -> s.areaCode);
    }

    @POST
    @Path("receipts")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Receive goods into a lot", description = "A new lot is created with its expiry; an existing "
            + "lot with another expiry is a 409. Emits StockChanged (and StockLevelCrossed when the level changes)")
    @APIResponse(responseCode = "201", description = "Posted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    @APIResponse(responseCode = "200", description = "The earlier result: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    public Response receive(@PathParam("siteId") UUID siteId, @Valid @NotNull ReceiptRequest request) {
        StockSite site = site(siteId);
        Item item = items.named(request.itemCode(), "itemCode");
        LocalDate expiresOn = StockQueries.date(request.expiresOn(), "expiresOn");
        var outcome = idempotency.once("stock.receipt:" + siteId, request.idempotencyKey(), request, PostedView.class,
                () -> view(stock.receive(site, item, request.lotCode(), expiresOn, request.quantity(), request.note(),
                        jwt.getName())));
        return answer(site, item, outcome);
    }

    @POST
    @Path("issues")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Issue goods for use", description = "First expiry first out: the earliest-expiring lot first, "
            + "lots without expiry last; the answer lists the lots taken. More than on hand is a 409 of type "
            + "insufficient-stock naming the shortfall, and nothing is posted. Concurrent issues never oversell")
    @APIResponse(responseCode = "201", description = "Posted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    @APIResponse(responseCode = "200", description = "The earlier result: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    public Response issue(@PathParam("siteId") UUID siteId, @Valid @NotNull IssueRequest request) {
        StockSite site = site(siteId);
        Item item = items.named(request.itemCode(), "itemCode");
        var outcome = idempotency.once("stock.issue:" + siteId, request.idempotencyKey(), request, PostedView.class,
                () -> view(stock.issue(site, item, request.quantity(), request.dutyCode(), request.usedOn(),
                        request.note(), jwt.getName())));
        return answer(site, item, outcome);
    }

    @POST
    @Path("adjustments")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Correct a lot with a reason", description = "A change that would make the lot negative is a "
            + "409 (insufficient-stock) and nothing is posted; a positive change to an unknown lot creates it")
    @APIResponse(responseCode = "201", description = "Posted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    @APIResponse(responseCode = "200", description = "The earlier result: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PostedView.class)))
    public Response adjust(@PathParam("siteId") UUID siteId, @Valid @NotNull AdjustmentRequest request) {
        StockSite site = site(siteId);
        Item item = items.named(request.itemCode(), "itemCode");
        LocalDate expiresOn = StockQueries.date(request.expiresOn(), "expiresOn");
        if (request.quantity() == 0) {
            throw StockQueries.invalid("quantity", "must not be 0");
        }
        var outcome = idempotency.once("stock.adjustment:" + siteId, request.idempotencyKey(), request,
                PostedView.class, () -> view(stock.adjust(site, item, request.lotCode(), expiresOn, request.quantity(),
                        request.reason(), request.note(), jwt.getName())));
        return answer(site, item, outcome);
    }

    @GET
    @Path("stock")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Every item held at a site", description = "With days of cover, level, reorder and the lots "
            + "holding stock in the order an issue takes them")
    public List<StockView> atSite(@PathParam("siteId") UUID siteId) {
        return stock.atSite(site(siteId)).stream().map(StockResource::view).toList();
    }

    @GET
    @Path("stock/{itemCode}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "One item at a site", description = "404 when the item is unknown or was never held there")
    public StockView one(@PathParam("siteId") UUID siteId, @PathParam("itemCode") String itemCode) {
        StockSite site = site(siteId);
        return view(stock.one(site, items.found(itemCode)));
    }

    @GET
    @Path("ledger")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "The ledger of a site", description = "Postings newest first, from and to (ISO date-times, "
            + "to exclusive) on the posting time; pass the answer's next as after for the next page")
    public LedgerPage ledger(@PathParam("siteId") UUID siteId,
            @QueryParam("itemCode") @Pattern(regexp = ItemResource.CODE, message = ITEM_MESSAGE) String itemCode,
            @QueryParam("from") String fromValue, @QueryParam("to") String toValue,
            @QueryParam("after") @Size(max = 200) String after,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        StockSite site = site(siteId);
        OffsetDateTime from = QueryValues.time(fromValue, "from");
        OffsetDateTime to = QueryValues.time(toValue, "to");
        StockQueries.Position position = StockQueries.position(after, "after");
        var slice = stock.ledger(site, itemCode, from, to, position == null ? null : position.postedAt(),
                position == null ? null : position.id(), size);
        return new LedgerPage(slice.postings().stream().map(PostingView::of).toList(),
                slice.next() == null ? null : StockQueries.cursor(slice.next()));
    }

    private static PostedView view(StockService.Result result) {
        return new PostedView(result.postings().stream().map(PostingView::of).toList(), view(result.stock()));
    }

    static StockView view(Held held) {
        return StockView.of(held.site(), held.item(), held.stock(), held.cover(), held.lots());
    }

    private static Response answer(StockSite site, Item item, Idempotency.Outcome<PostedView> outcome) {
        return outcome.replayed() ? Response.ok(outcome.response()).build()
                : Response.created(URI.create("/api/v1/sites/" + site.id + "/stock/" + item.code))
                        .entity(outcome.response()).build();
    }
}
