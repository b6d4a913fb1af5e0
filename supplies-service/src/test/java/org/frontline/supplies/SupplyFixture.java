package org.frontline.supplies;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.supplies.service.Ledger;
import org.frontline.supplies.service.StockSiteService;

/**
 * Test-only: puts stock in place through the {@link Ledger} (not through endpoints built elsewhere) and reads
 * back what the tests assert on.
 */
@ApplicationScoped
public class SupplyFixture {

    private final StockSiteService sites;
    private final Ledger ledger;
    private final EntityManager em;
    private final Clock clock;

    public SupplyFixture(StockSiteService sites, Ledger ledger, EntityManager em, Clock clock) {
        this.sites = sites;
        this.ledger = ledger;
        this.em = em;
        this.clock = clock;
    }

    /** A fresh community code in the district (random last 6 digits: stores never collide across tests). */
    public static String community(String district) {
        return district + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    public UUID site(String area, StockSite.Kind kind) {
        return sites.register(area, kind, kind + " " + UUID.randomUUID().toString().substring(0, 8), "fixture").id;
    }

    @Transactional
    public void receive(UUID siteId, String itemCode, String lotCode, LocalDate expiresOn, long quantity) {
        ledger.receive(StockSite.findById(siteId), Item.findById(itemCode), lotCode, expiresOn, quantity,
                LedgerPosting.Kind.RECEIPT, Ledger.Context.by("fixture"));
    }

    @Transactional
    public void issue(UUID siteId, String itemCode, long quantity) {
        ledger.issue(StockSite.findById(siteId), Item.findById(itemCode), quantity, LedgerPosting.Kind.ISSUE,
                Ledger.Context.by("fixture"));
    }

    /** Sets today's consumption rate of a stock (as if the moving average had computed it). */
    @Transactional
    public void rate(UUID siteId, String itemCode, BigDecimal rate) {
        em.createNativeQuery("update stock set rate = ?1, rate_on = ?2 where site_id = ?3 and item_code = ?4")
                .setParameter(1, rate).setParameter(2, LocalDate.now(clock)).setParameter(3, siteId)
                .setParameter(4, itemCode).executeUpdate();
    }

    @Transactional
    public void quarantines(String community, int count) {
        for (int i = 0; i < count; i++) {
            em.createNativeQuery("insert into active_quarantine (quarantine_id, community_code, started_on) values (?1, ?2, ?3)")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, community)
                    .setParameter(3, LocalDate.now(clock)).executeUpdate();
        }
    }

    /** {on hand, in transit} of an item at a site; {0, 0} when there is no stock row. */
    @Transactional
    public long[] stock(UUID siteId, String itemCode) {
        Stock s = em.find(Stock.class, new Stock.Key(siteId, itemCode));
        return s == null ? new long[] {0, 0} : new long[] {s.onHand, s.inTransit};
    }

    /** Whether a stock row of the item exists at the site (a write would have created it). */
    @Transactional
    public boolean hasStock(UUID siteId, String itemCode) {
        return em.find(Stock.class, new Stock.Key(siteId, itemCode)) != null;
    }

    /** Lot code → on hand of an item at a site. */
    @Transactional
    public java.util.Map<String, Long> lots(UUID siteId, String itemCode) {
        java.util.Map<String, Long> result = new java.util.TreeMap<>();
        List<StockLot> lots = StockLot.list("id.siteId = ?1 and id.itemCode = ?2", siteId, itemCode);
        lots.forEach(l -> result.put(l.lotCode(), l.onHand));
        return result;
    }

    /** How many requisitions / transfers / ledger postings touch a site (to prove nothing was written). */
    @Transactional
    public long[] writes(UUID siteId) {
        return new long[] {Requisition.count("siteId = ?1 or depotId = ?1", siteId),
                Transfer.count("fromSiteId = ?1 or toSiteId = ?1", siteId),
                LedgerPosting.count("siteId", siteId)};
    }

    @Transactional
    public long history(UUID requisitionId) {
        return RequisitionHistory.count("requisitionId", requisitionId);
    }

    @Transactional
    public long[] postingsOf(UUID referenceId) {
        List<LedgerPosting> rows = LedgerPosting.list("referenceId", referenceId);
        return new long[] {rows.size(), rows.stream().mapToLong(p -> p.quantity).sum()};
    }
}
