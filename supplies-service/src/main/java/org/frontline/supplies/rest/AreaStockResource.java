package org.frontline.supplies.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Stock;
import org.frontline.supplies.rest.StockViews.StockView;
import org.frontline.supplies.service.StockService;
import org.frontline.supplies.service.StockService.Held;

/** The stock of every item at every site of an area, filtered by the caller's scope on the stock's area. */
@Path("/api/v1/stock")
@Tag(name = "Stock")
public class AreaStockResource {

    private static final String ITEM_MESSAGE = StockResource.ITEM_MESSAGE;

    private final StockService stock;
    private final AreaScope scope;

    public AreaStockResource(StockService stock, AreaScope scope) {
        this.stock = stock;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Stock in your area", description = "Every item at every site of the area (without lots); "
            + "sort=cover (default): fewest days of cover first, nothing used last; sort=level: stock-out, emergency, "
            + "below minimum, ok, then by cover")
    public Page<StockView> inArea(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("itemCode") @Pattern(regexp = ItemResource.CODE, message = ITEM_MESSAGE) String itemCode,
            @QueryParam("level") String levelValue, @QueryParam("critical") String criticalValue,
            @QueryParam("sort") String sortValue, @Valid @BeanParam PageParams page) {
        Stock.Level level = QueryValues.enumValue(Stock.Level.class, levelValue, "level");
        Boolean critical = StockQueries.flag(criticalValue, "critical");
        StockService.StockOrder order = QueryValues.enumValue(StockService.StockOrder.class, sortValue, "sort");
        Page<Held> held = stock.inArea(scope.filter("areaCode", area), itemCode, level, critical,
                order == null ? StockService.StockOrder.COVER : order, page.page(), page.size());
        return new Page<>(held.items().stream().map(StockResource::view).toList(), held.page(), held.size(),
                held.total());
    }
}
