package org.frontline.supplies.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.service.ExpiryService;

@Path("/api/v1/lots")
@Tag(name = "Expiry", description = "Lots with stock expiring soon")
public class LotResource {

    private final ExpiryService expiry;
    private final AreaScope scope;

    public LotResource(ExpiryService expiry, AreaScope scope) {
        this.expiry = expiry;
        this.scope = scope;
    }

    @GET
    @Path("expiring")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Lots with stock on hand expiring within N days, in your area",
            description = "withinDays defaults to supplies.expiry.notice; already expired lots with stock are included (daysLeft < 0); the earliest expiry first, at most 1000")
    public List<ExpiryService.ExpiringLot> expiring(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("withinDays") @Min(0) @Max(3650) Integer withinDays) {
        return expiry.expiring(scope.filter("s.areaCode", area), withinDays == null ? expiry.defaultDays() : withinDays);
    }
}
