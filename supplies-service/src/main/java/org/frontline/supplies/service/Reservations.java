package org.frontline.supplies.service;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Requisition;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockSite;

/**
 * What a depot has promised and not shipped yet: the approved quantities of its {@code APPROVED} /
 * {@code PARTIALLY_APPROVED} requisitions. A decision, a direct transfer and an issue at the depot may not take them.
 */
final class Reservations {

    private Reservations() {
    }

    /** Approved, not yet dispatched quantities of an item at a depot (optionally without one requisition). */
    static long of(EntityManager em, UUID depotId, String itemCode, UUID excluding) {
        Number n = (Number) em.createQuery("""
                select coalesce(sum(l.approved), 0) from RequisitionLine l, Requisition r
                where r.id = l.id.requisitionId and r.depotId = ?1 and l.id.itemCode = ?2
                  and r.status in ?3 and r.id <> ?4""")
                .setParameter(1, depotId).setParameter(2, itemCode)
                .setParameter(3, List.of(Requisition.Status.APPROVED, Requisition.Status.PARTIALLY_APPROVED))
                .setParameter(4, excluding == null ? new UUID(0, 0) : excluding).getSingleResult();
        return n.longValue();
    }

    /**
     * 409 {@code insufficient-stock} unless {@code quantity} of the item is free at the depot: on hand − reserved. The
     * caller holds the stock row's lock ({@code stock}), so nothing moves between this check and its posting.
     */
    static void requireFree(EntityManager em, StockSite depot, Stock stock, long quantity) {
        String itemCode = stock.itemCode();
        long reserved = of(em, depot.id, itemCode, null);
        long free = Math.max(0, stock.onHand - reserved);
        if (quantity > free) {
            throw new ProblemException(409, "insufficient-stock", "Not free at the depot",
                    "Only " + free + " of " + itemCode + " are free at " + depot.name + " (" + stock.onHand
                            + " on hand, " + reserved + " approved for requisitions and not yet dispatched); "
                            + quantity + " requested, " + (quantity - free) + " short",
                    null).with("itemCode", itemCode).with("onHand", stock.onHand)
                    .with("reserved", reserved).with("available", free).with("requested", quantity)
                    .with("shortfall", quantity - free);
        }
    }
}
