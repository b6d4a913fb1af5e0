package org.frontline.roster.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.SurgeProposal;
import org.frontline.roster.SurgeProposalShift;
import org.frontline.roster.service.SurgeService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/surge-proposals")
@Tag(name = "Surge", description = "Extra shifts proposed when an alert is raised for a community")
public class SurgeProposalResource {

    public record ShiftView(UUID id, String dutyCode, OffsetDateTime startAt, OffsetDateTime endAt, int headcount,
            UUID shiftId) {
        static ShiftView of(SurgeProposalShift s) {
            return new ShiftView(s.id, s.dutyCode, s.startAt, s.endAt, s.headcount, s.shiftId);
        }
    }

    public record ProposalView(UUID id, UUID alertId, String communityCode, SurgeProposal.Level level,
            SurgeProposal.Status status, LocalDate firstDay, int days, OffsetDateTime createdAt, String decidedBy,
            OffsetDateTime decidedAt, long version, List<ShiftView> shifts) {
        static ProposalView of(SurgeProposal p) {
            return new ProposalView(p.id, p.alertId, p.communityCode, p.level, p.status, p.firstDay, p.days,
                    p.createdAt, p.decidedBy, p.decidedAt, p.version, p.shifts.stream().map(ShiftView::of).toList());
        }
    }

    public record Decision(@NotNull @Schema(description = "The version you reviewed") Long version) {
    }

    private final AreaScope scope;
    private final SurgeService surge;
    private final JsonWebToken jwt;

    public SurgeProposalResource(AreaScope scope, SurgeService surge, JsonWebToken jwt) {
        this.scope = scope;
        this.surge = surge;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Surge proposals in your area, newest first")
    public Page<ProposalView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        String query = filter.query();
        var params = new java.util.HashMap<>(filter.params());
        if (status != null) {
            query += " and status = :status";
            params.put("status", QueryValues.enumValue(SurgeProposal.Status.class, status, "status"));
        }
        return Page.of(SurgeProposal.find(query, Sort.descending("createdAt"), params), page, ProposalView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public ProposalView get(@PathParam("id") UUID id) {
        return ProposalView.of(find(id));
    }

    @POST
    @Path("{id}/accept")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Accept a proposal: its shifts become draft shifts of the community",
            description = "409 when it was decided or changed since the version you reviewed; nothing is created then")
    public ProposalView accept(@PathParam("id") UUID id, @Valid @NotNull Decision decision) {
        return ProposalView.of(surge.accept(id, decision.version(), jwt.getName()));
    }

    @POST
    @Path("{id}/dismiss")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Dismiss a proposal", description = "409 when it was decided or changed since the version you reviewed")
    public ProposalView dismiss(@PathParam("id") UUID id, @Valid @NotNull Decision decision) {
        return ProposalView.of(surge.dismiss(id, decision.version(), jwt.getName()));
    }

    private SurgeProposal find(UUID id) {
        return scope.found(SurgeProposal.findById(id), "Surge proposal", id, p -> p.communityCode);
    }
}
