package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.ActiveQuarantine;
import org.frontline.supplies.CommunityProfile;
import org.frontline.supplies.Item;
import org.frontline.supplies.Requisition;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.allocation.FairAllocation;
import org.frontline.supplies.config.SuppliesConfig;
import org.frontline.supplies.cover.Cover;

/** Fair allocation of a depot's item among its open requisitions ({@link FairAllocation}) and community profiles. */
@ApplicationScoped
public class AllocationService {

    /** One open requisition: the inputs of its weight, the weight, what it asked for and what is proposed. */
    public record Share(UUID requisitionId, String communityCode, OffsetDateTime submittedAt, long population,
            long inQuarantine, long onHand, BigDecimal rate, BigDecimal daysOfCover, BigDecimal minDays,
            BigDecimal weight, long requested, long proposed) {
    }

    /**
     * The depot's picture of an item: {@code available} = on hand − approved but not dispatched; {@code scarce}
     * when it is less than the open requests (then {@code proposed} is the fair split, else each gets its request).
     */
    public record Proposal(UUID depotId, String itemCode, long onHand, long reserved, long available,
            long requested, boolean scarce, int quarantineWeight, List<Share> shares) {
    }

    private final EntityManager em;
    private final Ledger ledger;
    private final RequisitionService requisitions;
    private final SuppliesConfig config;
    private final Clock clock;

    public AllocationService(EntityManager em, Ledger ledger, RequisitionService requisitions, SuppliesConfig config,
            Clock clock) {
        this.em = em;
        this.ledger = ledger;
        this.requisitions = requisitions;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Proposal propose(StockSite depot, Item item) {
        if (!depot.kind.isDepot()) {
            throw ProblemException.badRequest("Not a depot", depot.name + " is a " + depot.kind
                    + "; allocation is proposed for a depot", "depotId");
        }
        Stock stock = Stock.findById(new Stock.Key(depot.id, item.code));
        long onHand = stock == null ? 0 : stock.onHand;
        long reserved = requisitions.reserved(depot.id, item.code, null);
        long available = Math.max(0, onHand - reserved);
        @SuppressWarnings("unchecked")
        List<Object[]> open = em.createQuery("""
                select r, l.requested from Requisition r, RequisitionLine l
                where l.id.requisitionId = r.id and r.depotId = ?1 and l.id.itemCode = ?2 and r.status = ?3
                order by r.submittedAt, r.id""")
                .setParameter(1, depot.id).setParameter(2, item.code)
                .setParameter(3, Requisition.Status.SUBMITTED).getResultList();
        int qw = config.allocation().quarantineWeight();
        List<FairAllocation.Need> needs = new ArrayList<>();
        List<Long> requested = new ArrayList<>();
        List<BigDecimal> weights = new ArrayList<>();
        List<Object[]> inputs = new ArrayList<>();
        for (Object[] row : open) {
            Requisition r = (Requisition) row[0];
            long req = ((Number) row[1]).longValue();
            CommunityProfile profile = CommunityProfile.findById(r.communityCode);
            long population = profile == null || profile.population == null ? 0 : profile.population;
            long quarantined = ActiveQuarantine.count("communityCode", r.communityCode);
            Stock own = Stock.findById(new Stock.Key(r.siteId, item.code));
            Cover cover = own == null ? null : ledger.cover(own);
            BigDecimal minDays = cover != null ? cover.levels().minDays() : config.levels().minDays();
            long storeOnHand = own == null ? 0 : own.onHand;
            BigDecimal rate = own == null ? BigDecimal.ZERO : own.rate.max(own.forecastRate);
            // out of stock: 0 days of cover (full urgency); stock but no rate: no urgency bonus (null)
            BigDecimal days = storeOnHand == 0 ? BigDecimal.ZERO : cover.daysOfCover();
            FairAllocation.Need need = new FairAllocation.Need(req, population, quarantined, days, minDays);
            needs.add(need);
            requested.add(req);
            weights.add(FairAllocation.weight(need, qw));
            inputs.add(new Object[] {r, storeOnHand, rate});
        }
        long total = FairAllocation.total(requested); // never overflows
        List<Long> proposed = FairAllocation.split(available, requested, weights);
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < needs.size(); i++) {
            Requisition r = (Requisition) inputs.get(i)[0];
            FairAllocation.Need n = needs.get(i);
            shares.add(new Share(r.id, r.communityCode, r.submittedAt, n.population(), n.inQuarantine(),
                    (Long) inputs.get(i)[1], (BigDecimal) inputs.get(i)[2], n.cover(), n.minDays(),
                    weights.get(i).setScale(3, java.math.RoundingMode.HALF_UP), n.requested(), proposed.get(i)));
        }
        return new Proposal(depot.id, item.code, onHand, reserved, available, total, available < total, qw, shares);
    }

    /** Sets a community's population (an upsert: two at once never collide). */
    @Transactional
    public CommunityProfile setProfile(String communityCode, int population, String by) {
        em.createNativeQuery("""
                insert into community_profile (community_code, population, updated_by, updated_at)
                values (?1, ?2, ?3, ?4) on conflict (community_code) do update
                set population = excluded.population, updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .setParameter(1, communityCode).setParameter(2, population).setParameter(3, by)
                .setParameter(4, OffsetDateTime.now(clock)).executeUpdate();
        CommunityProfile p = CommunityProfile.findById(communityCode);
        em.refresh(p);
        return p;
    }
}
