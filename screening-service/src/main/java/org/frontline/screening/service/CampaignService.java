package org.frontline.screening.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Campaign;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.CampaignEvents.CampaignClosed;
import org.frontline.screening.events.CampaignEvents.CampaignProgressed;
import org.frontline.screening.events.ScreeningTopics;

/**
 * Door-to-door campaigns: the target set is fixed when the campaign opens (the community's households, or one
 * grid's); a household is reached when its latest visit found anything but NOBODY_HOME; coverage is reached /
 * target.
 */
@ApplicationScoped
public class CampaignService {

    /**
     * Households whose latest visit reached them. "Latest" is by visitedAt, and among visits at the same time
     * (a phone that records to the minute, a clock that did not move) the one recorded last ({@code seq}, in
     * arrival order) — never a random id.
     */
    private static final String REACHED = """
            select count(*) from campaign_target t where t.campaign_id = ?1 and (
              select v.result from campaign_visit v where v.campaign_id = t.campaign_id and v.household_id = t.household_id
              order by v.visited_at desc, v.seq desc limit 1) in ('SCREENED', 'REFUSED', 'MOVED')
            """;

    private final Outbox outbox;
    private final EntityManager em;
    private final ScreeningConfig config;
    private final java.time.Clock clock;

    public CampaignService(Outbox outbox, EntityManager em, ScreeningConfig config, java.time.Clock clock) {
        this.outbox = outbox;
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    public record Coverage(int targetHouseholds, int reachedHouseholds, BigDecimal coveragePercent) {
    }

    /** Who opens the campaigns a response plan asks for (README "Requests from response plans"). */
    public static final String SYSTEM_ACTOR = "system:alert-service";

    @Transactional
    public Campaign open(String communityCode, String grid, String title, String createdBy) {
        return open(communityCode, grid, title, createdBy, null);
    }

    /**
     * A response plan's system action (alert-service CampaignRequested): opens the campaign as {@link #open} does,
     * recorded by {@value #SYSTEM_ACTOR}, once per {@code requestId} (a re-sent copy opens nothing: empty). A
     * community without registered households gets a campaign with 0 targets rather than none, so the plan's
     * request leaves a trace the community sees (and households registered later are not targets, as by hand).
     */
    @Transactional
    public java.util.Optional<Campaign> openRequested(UUID requestId, String communityCode, String grid, String title) {
        if (Campaign.count("requestId", requestId) > 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(open(communityCode, grid, title, SYSTEM_ACTOR, requestId));
    }

    private Campaign open(String communityCode, String grid, String title, String createdBy, UUID requestId) {
        Campaign c = new Campaign();
        c.id = UUID.randomUUID();
        c.communityCode = communityCode;
        c.grid = grid == null || grid.isBlank() ? null : grid;
        c.title = title.strip();
        c.status = Campaign.Status.OPEN;
        c.createdBy = createdBy;
        c.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        c.requestId = requestId;
        c.persist();
        em.flush();
        int targets = em.createNativeQuery("""
                insert into campaign_target (campaign_id, household_id)
                select ?1, h.id from household h where h.community_code = ?2 and (cast(?3 as varchar) is null or h.grid = ?3)
                """).setParameter(1, c.id).setParameter(2, communityCode).setParameter(3, c.grid).executeUpdate();
        if (targets == 0 && requestId == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError(c.grid == null ? "communityCode" : "grid",
                    "has no registered households to visit")));
        }
        return c;
    }

    @Transactional
    public Coverage visit(UUID campaignId, UUID householdId, Campaign.VisitResult result, OffsetDateTime visitedAt,
            String visitedBy) {
        Campaign c = openCampaign(campaignId);
        long targeted = ((Number) em.createNativeQuery(
                "select count(*) from campaign_target where campaign_id = ?1 and household_id = ?2")
                .setParameter(1, campaignId).setParameter(2, householdId).getSingleResult()).longValue();
        if (targeted == 0) {
            throw ProblemException.validation(List.of(new Problem.FieldError("householdId",
                    "is not a target of this campaign")));
        }
        OffsetDateTime at = Plausibility.occurred(visitedAt, "visitedAt", config.lateSyncWindow(), clock);
        em.createNativeQuery("""
                insert into campaign_visit (id, campaign_id, household_id, result, visited_at, visited_by)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                """).setParameter(1, UUID.randomUUID()).setParameter(2, campaignId).setParameter(3, householdId)
                .setParameter(4, result.name()).setParameter(5, at).setParameter(6, visitedBy).executeUpdate();
        Coverage coverage = coverage(campaignId);
        outbox.record(ScreeningTopics.EVENTS, new CampaignProgressed(c.id, c.communityCode, coverage.targetHouseholds(),
                coverage.reachedHouseholds(), coverage.coveragePercent()));
        return coverage;
    }

    public record Closed(Campaign campaign, Coverage coverage) {
    }

    @Transactional
    public Closed close(UUID campaignId) {
        Campaign c = openCampaign(campaignId);
        c.status = Campaign.Status.CLOSED;
        c.closedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Coverage coverage = coverage(campaignId);
        outbox.record(ScreeningTopics.EVENTS, new CampaignClosed(c.id, c.communityCode, coverage.targetHouseholds(),
                coverage.reachedHouseholds(), coverage.coveragePercent()));
        return new Closed(c, coverage);
    }

    public Coverage coverage(UUID campaignId) {
        int target = ((Number) em.createNativeQuery("select count(*) from campaign_target where campaign_id = ?1")
                .setParameter(1, campaignId).getSingleResult()).intValue();
        int reached = ((Number) em.createNativeQuery(REACHED).setParameter(1, campaignId).getSingleResult()).intValue();
        BigDecimal percent = target == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(reached * 100L).divide(BigDecimal.valueOf(target), 1, RoundingMode.HALF_UP);
        return new Coverage(target, reached, percent);
    }

    /** One page of target households not reached yet, with their residents. */
    public record Unreached(List<Household> households, Map<UUID, List<Resident>> residents, long total) {
    }

    private static final String UNREACHED = """
            from campaign_target t join household h on h.id = t.household_id
            where t.campaign_id = ?1 and coalesce((
              select v.result from campaign_visit v where v.campaign_id = t.campaign_id and v.household_id = t.household_id
              order by v.visited_at desc, v.seq desc limit 1), 'NONE') not in ('SCREENED', 'REFUSED', 'MOVED')
            """;

    /**
     * Target households not reached yet (never visited, or nobody home at the latest visit), in a stable order
     * (grid, building, unit, room, id) so paging neither repeats nor skips one; with their residents.
     */
    @SuppressWarnings("unchecked")
    public Unreached unreached(UUID campaignId, int page, int size) {
        long total = ((Number) em.createNativeQuery("select count(*) " + UNREACHED).setParameter(1, campaignId)
                .getSingleResult()).longValue();
        List<UUID> ids = em.createNativeQuery("select h.id " + UNREACHED
                + " order by h.grid nulls first, h.building nulls first, h.unit nulls first, h.room nulls first, h.id"
                + " offset ?2 limit ?3")
                .setParameter(1, campaignId).setParameter(2, (long) page * size).setParameter(3, size).getResultList();
        if (ids.isEmpty()) {
            return new Unreached(List.of(), Map.of(), total);
        }
        Map<UUID, Household> byId = new HashMap<>();
        Household.<Household>list("id in ?1", ids).forEach(h -> byId.put(h.id, h));
        Map<UUID, List<Resident>> residents = new HashMap<>();
        Resident.<Resident>list("householdId in ?1 order by name, id", ids)
                .forEach(r -> residents.computeIfAbsent(r.householdId, k -> new ArrayList<>()).add(r));
        return new Unreached(ids.stream().map(byId::get).toList(), residents, total);
    }

    /** Every target household of the campaign not reached yet, in the order of {@link #unreached}. */
    @SuppressWarnings("unchecked")
    public List<UUID> unreachedIds(UUID campaignId) {
        return em.createNativeQuery("select h.id " + UNREACHED
                + " order by h.grid nulls first, h.building nulls first, h.unit nulls first, h.room nulls first, h.id")
                .setParameter(1, campaignId).getResultList();
    }

    private Campaign openCampaign(UUID id) {
        Campaign c = Campaign.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ProblemException.notFound("Campaign", id);
        }
        if (c.status != Campaign.Status.OPEN) {
            throw ProblemException.conflict("Campaign closed", "Campaign " + id + " was closed at " + c.closedAt);
        }
        return c;
    }
}
