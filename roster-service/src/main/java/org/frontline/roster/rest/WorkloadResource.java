package org.frontline.roster.rest;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.frontline.platform.rest.QueryValues;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.service.WorkloadService;

@Path("/api/v1/workload")
@Tag(name = "Workload", description = "Hours per person, the fairness spread, overload and uncovered hours")
public class WorkloadResource {

    private final WorkloadService workload;
    private final AreaScope scope;

    public WorkloadResource(WorkloadService workload, AreaScope scope) {
        this.workload = workload;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Workload in your area", description = "Default: the current city week (Monday 00:00 in the "
            + "city's zone); at most 31 days and at most one district (?area= is required for a city-wide role). Published shifts only; actual check-in to check-out where both exist")
    public WorkloadService.Report get(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("from") String fromValue, @QueryParam("to") String toValue) {
        OffsetDateTime from = QueryValues.time(fromValue, "from");
        OffsetDateTime to = QueryValues.time(toValue, "to");
        // bounded: one district at most (a city-wide report would load every person of the city at once)
        List<String> areas = area != null ? List.of(area) : scope.prefixes();
        if (areas.stream().anyMatch(a -> a.length() < 6)) {
            throw ProblemException.badRequest("Area too large", "the workload report covers at most one district: "
                    + "give ?area= with a district code (6 digits) or a community code", "area");
        }
        Instant[] week = workload.currentWeek();
        Instant f = from != null ? from.toInstant() : week[0];
        Instant t = to != null ? to.toInstant() : from != null ? f.plus(java.time.Duration.ofDays(7)) : week[1];
        if (!t.isAfter(f)) {
            throw ProblemException.badRequest("Invalid range", "to must be after from", "to");
        }
        return workload.report(scope.filter("communityCode", area), scope.filter("s.communityCode", area), f, t);
    }
}
