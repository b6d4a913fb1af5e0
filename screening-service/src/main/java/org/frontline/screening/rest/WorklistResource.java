package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.screening.Campaign;
import org.frontline.screening.Household;
import org.frontline.screening.Quarantine;
import org.frontline.screening.service.WorklistService;

import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/worklist")
@Tag(name = "Work list", description = "A community's work for today, for the field app to keep offline")
public class WorklistResource {

    @Schema(description = "The newest open door-to-door campaign of the community, with the target households not reached yet")
    public record WorklistCampaign(UUID id, String communityCode, @Schema(nullable = true) String grid, String title,
            Campaign.Status status, OffsetDateTime openedAt, int targetHouseholds, int reachedHouseholds,
            BigDecimal coveragePercent, List<UUID> unreachedHouseholdIds) {
    }

    @Schema(description = "A household of the community with its residents, as your role may see them")
    public record WorklistHousehold(UUID id, String communityCode, @Schema(nullable = true) String grid,
            @Schema(nullable = true) String building, @Schema(nullable = true) String unit,
            @Schema(nullable = true) String room,
            @Schema(description = "A target of the open campaign (a visit may be recorded); false without one, or for a "
                    + "household registered after it opened") boolean campaignTarget,
            List<ResidentResource.ResidentView> residents) {
    }

    @Schema(description = "A quarantine or health-monitoring period without a check-in for today yet")
    public record QuarantineDue(UUID id, UUID residentId, UUID householdId, Quarantine.Kind kind, LocalDate startDate,
            LocalDate plannedEndDate, @Schema(description = "Always true: only periods due today are listed") boolean dueToday,
            @Schema(description = "Today is the planned end day: the exit check") boolean lastDay,
            @Schema(nullable = true, description = "The latest check-in of the period, if any") OffsetDateTime lastCheckInAt) {
    }

    @Schema(description = "Today's work of one community")
    public record Worklist(String community,
            @Schema(description = "The city's date the list is for (check-ins count for it)") LocalDate day,
            OffsetDateTime generatedAt,
            @Schema(description = "Null when the community has no open campaign") WorklistCampaign campaign,
            @Schema(description = "Ordered by grid, building, unit, room, id; at most screening.worklist.max-households")
            List<WorklistHousehold> households,
            @Schema(description = "How many households the community has") long totalHouseholds,
            @Schema(description = "True when households holds only the first screening.worklist.max-households of them") boolean truncated,
            List<QuarantineDue> quarantinesDue) {
    }

    /** Records who read which resident (the households carry residents' personal data): in the read's transaction. */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    private final WorklistService worklists;
    private final AreaScope scope;
    private final SecurityIdentity identity;

    public WorklistResource(WorklistService worklists, AreaScope scope, SecurityIdentity identity) {
        this.worklists = worklists;
        this.scope = scope;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    @Operation(summary = "Today's work of one community, for the field app",
            description = "The newest open door-to-door campaign with the households not reached yet, every household with its "
                    + "residents (as your role may see them: volunteers get masked phones and no health flags), and the "
                    + "quarantine periods still due for today's check-in. A community outside your area is a 403 (nothing of "
                    + "it is shown); a missing or malformed code is a 400. At most screening.worklist.max-households "
                    + "households (default 5,000; truncated: true when the community has more)")
    public Worklist get(@QueryParam("community") @NotNull @CommunityCode
            @Parameter(description = "The 12-digit community code", example = "310104012001") String community) {
        scope.check(community);
        var role = ResidentResource.RoleView.of(identity);
        WorklistService.Worklist w = worklists.today(community);
        WorklistCampaign campaign = w.campaign() == null ? null : campaign(w.campaign());
        List<WorklistHousehold> households = w.households().stream().map((Household h) -> new WorklistHousehold(h.id,
                h.communityCode, h.grid, h.building, h.unit, h.room,
                w.campaign() != null && w.campaign().targetHouseholdIds().contains(h.id), w.residents().getOrDefault(h.id, List.of()).stream()
                        .map(r -> ResidentResource.ResidentView.of(r, role)).toList()))
                .toList();
        List<QuarantineDue> due = w.quarantinesDue().stream().map(q -> new QuarantineDue(q.id(), q.residentId(),
                q.householdId(), q.kind(), q.startDate(), q.plannedEndDate(), true, q.lastDay(), q.lastCheckInAt()))
                .toList();
        audit.residents(households.stream().flatMap(h -> h.residents().stream()).toList());
        return new Worklist(w.community(), w.day(), w.generatedAt(), campaign, households, w.totalHouseholds(),
                w.truncated(), due);
    }

    private static WorklistCampaign campaign(WorklistService.OpenCampaign open) {
        Campaign c = open.campaign();
        return new WorklistCampaign(c.id, c.communityCode, c.grid, c.title, c.status, c.createdAt,
                open.coverage().targetHouseholds(), open.coverage().reachedHouseholds(), open.coverage().coveragePercent(),
                open.unreachedHouseholdIds());
    }
}
