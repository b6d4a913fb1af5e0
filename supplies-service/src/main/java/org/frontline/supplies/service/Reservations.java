package org.frontline.supplies.service;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.frontline.supplies.Requisition;

/**
 * What a depot has promised and not shipped yet: the approved quantities of its {@code APPROVED} /
 * {@code PARTIALLY_APPROVED} requisitions. A decision and a direct transfer from the depot may not take them.
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
}
