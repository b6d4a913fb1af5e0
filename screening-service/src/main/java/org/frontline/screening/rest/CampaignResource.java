package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.screening.Campaign;
import org.frontline.screening.service.CampaignService;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/campaigns")
@Tag(name = "Campaigns", description = "Door-to-door campaigns (排查任务): visits, live coverage, households not reached")
public class CampaignResource {

    public record CampaignRequest(@NotNull @CommunityCode String communityCode, @Size(max = 40) String grid,
            @NotBlank @Size(max = 200) String title, @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 with "
                    + "the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record VisitRequest(@NotNull UUID householdId, @NotNull Campaign.VisitResult result,
            @Schema(description = "When the visit happened (recorded offline, synced later); default now; at most "
                    + "screening.late-sync-window ago") OffsetDateTime visitedAt,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body is answered "
                    + "as the first time; the same key with another body is a 422") String idempotencyKey) {
    }

    @Schema(description = "A target household not reached yet, with the residents registered there")
    public record UnreachedHousehold(UUID householdId, String grid, String building, String unit, String room,
            List<ResidentResource.ResidentView> residents) {
    }

    public record CampaignView(UUID id, String communityCode, String grid, String title, Campaign.Status status,
            OffsetDateTime createdAt, OffsetDateTime closedAt, int targetHouseholds, int reachedHouseholds,
            BigDecimal coveragePercent) {
        static CampaignView of(Campaign c, CampaignService.Coverage coverage) {
            return new CampaignView(c.id, c.communityCode, c.grid, c.title, c.status, c.createdAt, c.closedAt,
                    coverage.targetHouseholds(), coverage.reachedHouseholds(), coverage.coveragePercent());
        }
    }

    private final CampaignService campaigns;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public CampaignResource(CampaignService campaigns, AreaScope scope, JsonWebToken jwt, Idempotency idempotency,
            SecurityIdentity identity) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.campaigns = campaigns;
        this.scope = scope;
        this.jwt = jwt;
    }

    private Campaign visible(UUID id) {
        return scope.visible(Campaign.findById(id), "Campaign", id, c -> c.communityCode);
    }

    private CampaignView view(UUID id) {
        return CampaignView.of(visible(id), campaigns.coverage(id));
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer"})
    @Operation(summary = "Open a campaign over a community's households (or one grid's)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CampaignView.class)))
    public Response open(@Valid @NotNull CampaignRequest request) {
        scope.check(request.communityCode());
        var outcome = idempotency.once("campaign.open", request.idempotencyKey(), request, CampaignView.class,
                () -> view(campaigns.open(request.communityCode(), request.grid(), request.title(), jwt.getName()).id));
        return outcome.created("/api/v1/campaigns", v -> v.id());
    }

    @POST
    @Path("{id}/visits")
    @RolesAllowed({"community-worker", "volunteer"})
    @Operation(summary = "Record a visit to a target household", description = "Emits CampaignProgressed")
    public CampaignView visit(@PathParam("id") UUID id, @Valid @NotNull VisitRequest request) {
        visible(id);
        return idempotency.once("campaign.visit", request.idempotencyKey(), Map.of("id", id, "request", request),
                CampaignView.class, () -> {
                    campaigns.visit(id, request.householdId(), request.result(), request.visitedAt(), jwt.getName());
                    return view(id);
                }).response();
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed({"community-worker", "district-officer"})
    @Operation(summary = "Close the campaign", description = "Emits CampaignClosed with the final coverage")
    public CampaignView close(@PathParam("id") UUID id) {
        visible(id);
        var closed = campaigns.close(id); // the state as committed, not the copy this request read before
        return CampaignView.of(closed.campaign(), closed.coverage());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "A campaign with its live coverage")
    public CampaignView get(@PathParam("id") UUID id) {
        return view(id);
    }

    /** Records who read which resident (the unreached households carry residents' personal data). */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    @GET
    @Path("{id}/unreached")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    @Operation(summary = "Target households not reached yet (never visited, or nobody home at the latest visit)",
            description = "With their residents (as your role may see them), ordered by grid, building, unit, room and id; paged")
    public Page<UnreachedHousehold> unreached(@PathParam("id") UUID id, @Valid @BeanParam PageParams page) {
        visible(id);
        var unreached = campaigns.unreached(id, page.page(), page.size());
        var role = ResidentResource.RoleView.of(identity);
        List<UnreachedHousehold> items = unreached.households().stream().map(h -> new UnreachedHousehold(h.id, h.grid,
                h.building, h.unit, h.room, unreached.residents().getOrDefault(h.id, List.of()).stream()
                        .map(r -> ResidentResource.ResidentView.of(r, role)).toList())).toList();
        audit.residents(items.stream().flatMap(h -> h.residents().stream()).toList());
        return new Page<>(items, page.page(), page.size(), unreached.total());
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Campaigns in your area, newest first")
    public Page<CampaignView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String statusParam,
            @Valid @BeanParam PageParams page) {
        var status = QueryValues.enumValue(Campaign.Status.class, statusParam, "status");
        var filter = scope.filter("communityCode", area);
        if (status != null) {
            filter = filter.and("status = :status", "status", status);
        }
        return Page.of(Campaign.<Campaign>find(filter.query(), Sort.descending("createdAt").and("id", Sort.Direction.Descending), filter.params()), page,
                (Campaign c) -> CampaignView.of(c, campaigns.coverage(c.id)));
    }
}
