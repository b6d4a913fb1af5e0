package org.frontline.supplies;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.supplies.service.Ledger;

/**
 * Test-only: posts through the real {@link Ledger} (receipts and issues are another package's endpoints) and
 * reads what the tests assert on, each in a transaction of its own.
 */
@ApplicationScoped
public class CoverDriver {

    private final Ledger ledger;
    private final EntityManager em;

    public CoverDriver(Ledger ledger, EntityManager em) {
        this.ledger = ledger;
        this.em = em;
    }

    @Transactional
    public void receive(UUID siteId, String item, String lot, LocalDate expiresOn, long quantity) {
        ledger.receive(StockSite.findById(siteId), Item.findById(item), lot, expiresOn, quantity,
                LedgerPosting.Kind.RECEIPT, Ledger.Context.by("test"));
    }

    @Transactional
    public void issue(UUID siteId, String item, long quantity) {
        ledger.issue(StockSite.findById(siteId), Item.findById(item), quantity, LedgerPosting.Kind.ISSUE,
                Ledger.Context.by("test"));
    }

    /** What transfers (another package) would keep: units on their way to the site. */
    @Transactional
    public void inTransit(UUID siteId, String item, long quantity) {
        Stock stock = ledger.lock(StockSite.findById(siteId), Item.findById(item));
        stock.inTransit = quantity;
    }

    /** The stock row as stored now (detached), or null. */
    @Transactional
    public Stock stock(UUID siteId, String item) {
        Stock s = Stock.findById(new Stock.Key(siteId, item));
        if (s != null) {
            em.detach(s);
        }
        return s;
    }

    /** The sum of the ledger's postings of a stock: always equals its on hand. */
    @Transactional
    public long ledgerSum(UUID siteId, String item) {
        return ((Number) em.createNativeQuery(
                "select coalesce(sum(quantity), 0) from ledger_posting where site_id = ?1 and item_code = ?2")
                .setParameter(1, siteId).setParameter(2, item).getSingleResult()).longValue();
    }

    @Transactional
    public long rows(String table) {
        return ((Number) em.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue();
    }

    @Transactional
    public long activeQuarantines(String community) {
        return ((Number) em.createNativeQuery("select count(*) from active_quarantine where community_code = ?1")
                .setParameter(1, community).getSingleResult()).longValue();
    }

    /** The required headcount kept for a planned shift, or null when the shift is unknown. */
    @Transactional
    public Integer plannedRequired(UUID shiftId) {
        var rows = em.createNativeQuery("select required from planned_shift where shift_id = ?1")
                .setParameter(1, shiftId).getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).intValue();
    }

    @Transactional
    public boolean inQuarantine(UUID quarantineId) {
        return !em.createNativeQuery("select 1 from active_quarantine where quarantine_id = ?1")
                .setParameter(1, quarantineId).getResultList().isEmpty();
    }

    /** An issue ({@code ISSUE}, or {@code TRANSFER_OUT} as a dispatch makes it) whose consumption counts on usedOn. */
    @Transactional
    public void issue(UUID siteId, String item, long quantity, LedgerPosting.Kind kind, LocalDate usedOn) {
        ledger.issue(StockSite.findById(siteId), Item.findById(item), quantity, kind, Ledger.Context.by("test"),
                usedOn);
    }

    /** One number from the database (a count, a sum, a column of one row); null when no row. */
    @Transactional
    public Long number(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        var rows = query.getResultList();
        return rows.isEmpty() || rows.get(0) == null ? null : ((Number) rows.get(0)).longValue();
    }
}
