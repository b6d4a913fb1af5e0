package org.frontline.supplies.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.rest.StockViews.StockView;
import org.frontline.supplies.service.CoverService;

/** Levels of an item at a site, and its consumption day by day. */
@Path("/api/v1/sites/{siteId}/stock/{itemCode}")
@Tag(name = "Cover", description = "Levels in days of cover and the consumption series")
public class CoverResource {

    public record LevelsRequest(
            @NotNull @Schema(description = "below this many days of cover the stock is BELOW_MIN", example = "7") BigDecimal minDays,
            @NotNull @Schema(description = "reorder fills up to this many days", example = "30") BigDecimal maxDays,
            @NotNull @Schema(description = "below this many days the stock is EMERGENCY", example = "3") BigDecimal emergencyDays) {
    }

    public record DayView(LocalDate date, long issued, long received, long closing, boolean stockOut) {
    }

    public record ConsumptionView(UUID siteId, String itemCode, LocalDate from, LocalDate to,
            @Schema(description = "the stock's rate now, units a day") BigDecimal rate, List<DayView> days) {
    }

    private final CoverService cover;
    private final AreaScope scope;

    public CoverResource(CoverService cover, AreaScope scope) {
        this.cover = cover;
        this.scope = scope;
    }

    @PUT
    @Path("levels")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Set the levels of an item at a site",
            description = "0 < emergencyDays ≤ minDays ≤ maxDays ≤ 365. The level is evaluated again at once: a crossing "
                    + "the new levels cause is announced (StockLevelCrossed) once")
    public StockView levels(@PathParam("siteId") UUID siteId, @PathParam("itemCode") String itemCode,
            @Valid @NotNull LevelsRequest request) {
        StockSite site = site(siteId);
        return cover.setLevels(site, itemCode, request.minDays(), request.maxDays(), request.emergencyDays());
    }

    @GET
    @Path("consumption")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Consumption of an item at a site, per city day",
            description = "from and to are city dates, both included (default: the 30 days to today), at most 366 days; "
                    + "days without postings carry the last closing balance")
    public ConsumptionView consumption(@PathParam("siteId") UUID siteId, @PathParam("itemCode") String itemCode,
            @QueryParam("from") @Schema(format = "date") String from, @QueryParam("to") @Schema(format = "date") String to) {
        StockSite site = site(siteId);
        CoverService.Series s = cover.consumption(site, itemCode, date(from, "from"), date(to, "to"));
        return new ConsumptionView(site.id, itemCode, s.from(), s.to(), s.rate(), s.days().stream()
                .map(d -> new DayView(d.date(), d.issued(), d.received(), d.closing(), d.stockOut())).toList());
    }

    /** A city date (yyyy-mm-dd); a malformed one is a 400 naming the parameter, not JAX-RS's bare 404. */
    private static LocalDate date(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value.trim());
            if (d.getYear() < QueryValues.MIN_YEAR || d.getYear() > QueryValues.MAX_YEAR) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                    "must be a date (yyyy-mm-dd) in the years " + QueryValues.MIN_YEAR + " to " + QueryValues.MAX_YEAR)));
        }
    }

    private StockSite site(UUID siteId) {
        return scope.found(StockSite.findById(siteId), "Stock site", siteId, s -> s.areaCode);
    }
}
