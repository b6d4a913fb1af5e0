package org.frontline.supplies.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.service.ExpiryService;

@Path("/api/v1/lots")
@Tag(name = "Expiry", description = "Lots with stock expiring soon")
public class LotResource {

    static final int MAX_DAYS = 3650;

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
            @QueryParam("withinDays") @Parameter(description = "whole days, 0 to 3650 (anything else 400)") String withinDaysValue) {
        Integer withinDays = days(withinDaysValue, "withinDays");
        return expiry.expiring(scope.filter("s.areaCode", area), withinDays == null ? expiry.defaultDays() : withinDays);
    }

    /** Whole days 0–3650; null when absent, a 400 naming the parameter otherwise. */
    static Integer days(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.validation(List.of(new Problem.FieldError(parameter,
                "must be a whole number of days from 0 to " + MAX_DAYS)));
    }
}
