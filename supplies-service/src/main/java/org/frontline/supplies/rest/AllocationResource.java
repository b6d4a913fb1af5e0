package org.frontline.supplies.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Item;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.service.AllocationService;

@Path("/api/v1/sites/{depotId}/allocation")
@Tag(name = "Fair allocation", description = "A depot's split of a scarce item among open requisitions, by need")
public class AllocationResource {

    private final AllocationService allocation;
    private final AreaScope scope;

    public AllocationResource(AllocationService allocation, AreaScope scope) {
        this.allocation = allocation;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Propose a split of an item among the open requisitions",
            description = "weight = (population + quarantineWeight × inQuarantine) × (1 + max(0, minDays − cover) / minDays); "
                    + "proportional, capped at each request (water-filling), whole units by largest remainder, total = available. "
                    + "A proposal only: the officer decides each requisition (supplies-service README, \"Fair allocation\")")
    public AllocationService.Proposal propose(@PathParam("depotId") UUID depotId,
            @QueryParam("itemCode") @NotBlank String itemCode) {
        StockSite depot = scope.found(StockSite.findById(depotId), "Stock site", depotId, s -> s.areaCode);
        Item item = Item.findById(itemCode);
        if (item == null) {
            throw ProblemException.badRequest("Unknown item", "there is no item " + itemCode, "itemCode");
        }
        return allocation.propose(depot, item);
    }
}
