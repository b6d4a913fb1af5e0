package org.frontline.supplies.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Item;
import org.frontline.supplies.Requisition;
import org.frontline.supplies.RequisitionHistory;
import org.frontline.supplies.RequisitionLine;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.Transfer;
import org.frontline.supplies.events.RequisitionEvents.DecidedLine;
import org.frontline.supplies.events.RequisitionEvents.RequestedLine;
import org.frontline.supplies.events.RequisitionEvents.RequisitionDecided;
import org.frontline.supplies.events.RequisitionEvents.RequisitionSubmitted;
import org.frontline.supplies.events.SuppliesTopics;

/**
 * Requisitions: SUBMITTED → APPROVED | PARTIALLY_APPROVED | REFUSED | CANCELLED; an approved one → DISPATCHED (a
 * transfer depot → store) → RECEIVED (when the transfer is received). Every change checks the state (else 409) and
 * is saved under the requisition's version before anything else is written, so two replicas racing give one winner
 * and one 409 with nothing written.
 */
@ApplicationScoped
public class RequisitionService {

    /** One asked-for or decided line. */
    public record Line(String itemCode, long quantity) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final Ledger ledger;
    private final TransferService transfers;
    private final Clock clock;
    private final AreaScope scope;

    public RequisitionService(EntityManager em, Outbox outbox, Ledger ledger, TransferService transfers, Clock clock,
            AreaScope scope) {
        this.scope = scope;
        this.em = em;
        this.outbox = outbox;
        this.ledger = ledger;
        this.transfers = transfers;
        this.clock = clock;
    }

    /** A store asks a depot of its district or city; the caller's scope was checked on the store. */
    @Transactional
    public Requisition submit(StockSite store, UUID depotId, List<Line> lines, String note, String by) {
        if (store.kind != StockSite.Kind.COMMUNITY_STORE) {
            throw ProblemException.badRequest("Not a community store", "site " + store.id + " is a " + store.kind
                    + "; a requisition is made by a community store", "siteId");
        }
        StockSite depot = StockSite.findById(depotId);
        if (depot == null || !depot.kind.isDepot() || !store.areaCode.startsWith(depot.areaCode)) {
            // the same answer whether the id exists or not: it tells nothing about sites elsewhere
            throw ProblemException.conflict("Not the store's depot", "A requisition of community " + store.areaCode
                    + " goes to a depot of its district or city; " + depotId + " is not one of them")
                    .with("depotId", depotId);
        }
        checkLines(lines, "requested");
        OffsetDateTime now = OffsetDateTime.now(clock);
        Requisition r = new Requisition();
        r.id = UUID.randomUUID();
        r.siteId = store.id;
        r.communityCode = store.areaCode;
        r.depotId = depot.id;
        r.depotArea = depot.areaCode;
        r.status = Requisition.Status.SUBMITTED;
        r.note = note;
        r.submittedBy = by;
        r.submittedAt = now;
        r.persist();
        List<RequestedLine> requested = new ArrayList<>();
        for (Line l : lines) {
            if (l.quantity() <= 0) {
                throw ProblemException.badRequest("Invalid quantity", "requested must be a positive whole number",
                        "lines.requested");
            }
            RequisitionLine line = new RequisitionLine();
            line.id = new RequisitionLine.Key(r.id, l.itemCode());
            line.requested = l.quantity();
            line.persist();
            requested.add(new RequestedLine(l.itemCode(), l.quantity()));
        }
        history(r, by, note);
        outbox.record(SuppliesTopics.EVENTS, new RequisitionSubmitted(r.id, r.communityCode, r.siteId, r.depotId,
                r.depotArea, requested, now));
        return r;
    }

    /**
     * The depot decides: every line gets its approved quantity (0..requested). All as requested → APPROVED, some
     * less → PARTIALLY_APPROVED, all 0 or {@code refuse} → REFUSED. An approval beyond what the depot can ship
     * (on hand − approved but not yet dispatched) is a 409 naming the item and what is available; the depot's
     * stock rows are locked meanwhile, so two decisions at once cannot promise the same units twice.
     */
    @Transactional
    public Requisition decide(UUID id, List<Line> lines, boolean refuse, String note, String by) {
        Requisition r = depotSide(id, "decide");
        requireStatus(r, "decide", Requisition.Status.SUBMITTED);
        List<RequisitionLine> own = lines(r.id);
        Map<String, Long> approved = new LinkedHashMap<>();
        if (refuse) {
            own.forEach(l -> approved.put(l.itemCode(), 0L));
        } else {
            checkLines(lines, "approved");
            Map<String, RequisitionLine> byItem = new LinkedHashMap<>();
            own.forEach(l -> byItem.put(l.itemCode(), l));
            for (Line l : lines) {
                RequisitionLine line = byItem.get(l.itemCode());
                if (line == null) {
                    throw ProblemException.badRequest("Item not requested", "the requisition has no line for "
                            + l.itemCode(), "lines.itemCode");
                }
                if (l.quantity() < 0 || l.quantity() > line.requested) {
                    throw ProblemException.badRequest("Invalid approved quantity", "approved " + l.quantity()
                            + " of " + l.itemCode() + " must be between 0 and the " + line.requested + " requested",
                            "lines.approved");
                }
                approved.put(l.itemCode(), l.quantity());
            }
            for (RequisitionLine line : own) {
                if (!approved.containsKey(line.itemCode())) {
                    throw ProblemException.badRequest("Line not decided", "decide every line; " + line.itemCode()
                            + " is missing", "lines");
                }
            }
        }
        boolean all = true;
        boolean none = true;
        for (RequisitionLine line : own) {
            long a = approved.get(line.itemCode());
            all &= a == line.requested;
            none &= a == 0;
        }
        Requisition.Status status = none ? Requisition.Status.REFUSED
                : all ? Requisition.Status.APPROVED : Requisition.Status.PARTIALLY_APPROVED;
        OffsetDateTime now = OffsetDateTime.now(clock);
        move(r, status, by, note);
        r.decidedBy = by;
        r.decidedAt = now;
        r.decisionNote = note;
        em.flush(); // the version check first: a lost race is a 409 before anything else is written
        if (status != Requisition.Status.REFUSED) {
            StockSite depot = StockSite.findById(r.depotId);
            // every approved item's depot row locked first, in the one lock order (Ledger.lockAll)
            ledger.lockAll(own.stream().filter(l -> approved.get(l.itemCode()) > 0)
                    .map(l -> new Ledger.StockRef(depot, Item.findById(l.itemCode()))).toList());
            for (RequisitionLine line : own) {
                long a = approved.get(line.itemCode());
                if (a > 0) {
                    long available = availableLocked(depot, Item.findById(line.itemCode()), r.id);
                    if (a > available) {
                        throw new ProblemException(409, "insufficient-stock", "Not available at the depot",
                                "Only " + available + " of " + line.itemCode() + " can be shipped from " + depot.name
                                        + " (on hand minus approved, not yet dispatched); " + a + " approved",
                                null).with("itemCode", line.itemCode()).with("available", available)
                                .with("approved", a);
                    }
                }
            }
        }
        List<DecidedLine> decided = new ArrayList<>();
        for (RequisitionLine line : own) {
            line.approved = approved.get(line.itemCode());
            decided.add(new DecidedLine(line.itemCode(), line.requested, line.approved));
        }
        outbox.record(SuppliesTopics.EVENTS, new RequisitionDecided(r.id, r.communityCode, r.depotId, status.name(),
                decided, now));
        return r;
    }

    /** The requester withdraws it while it is still SUBMITTED. */
    @Transactional
    public Requisition cancel(UUID id, String note, String by) {
        Requisition r = scope.found(Requisition.findById(id), "Requisition", id, x -> x.communityCode);
        requireStatus(r, "cancel", Requisition.Status.SUBMITTED);
        move(r, Requisition.Status.CANCELLED, by, note);
        em.flush();
        return r;
    }

    /** The depot ships the approved quantities: a transfer depot → store; the requisition is DISPATCHED. */
    @Transactional
    public Requisition dispatch(UUID id, String note, String by) {
        Requisition r = depotSide(id, "dispatch");
        requireStatus(r, "dispatch", Requisition.Status.APPROVED, Requisition.Status.PARTIALLY_APPROVED);
        move(r, Requisition.Status.DISPATCHED, by, note);
        em.flush();
        List<Line> lines = lines(r.id).stream().filter(l -> l.approved != null && l.approved > 0)
                .map(l -> new Line(l.itemCode(), l.approved)).toList();
        Transfer t = transfers.dispatch(StockSite.findById(r.depotId), StockSite.findById(r.siteId), lines, r.id,
                note, by);
        r.transferId = t.id;
        return r;
    }

    /**
     * What a depot can still promise of an item: on hand − what approved requisitions of the depot hold for it and
     * have not dispatched yet (never below 0). Locks the depot's stock row of the item for this transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long availableLocked(StockSite depot, Item item, UUID excluding) {
        Stock stock = ledger.lock(depot, item);
        return Math.max(0, stock.onHand - reserved(depot.id, item.code, excluding));
    }

    /** Approved, not yet dispatched quantities of an item at a depot (optionally without one requisition). */
    public long reserved(UUID depotId, String itemCode, UUID excluding) {
        return Reservations.of(em, depotId, itemCode, excluding);
    }

    public List<RequisitionLine> lines(UUID requisitionId) {
        return RequisitionLine.list("id.requisitionId = ?1 order by id.itemCode", requisitionId);
    }

    public List<RequisitionHistory> history(UUID requisitionId) {
        return RequisitionHistory.list("requisitionId = ?1 order by id", requisitionId);
    }

    /**
     * A requisition for the depot's side (decide, dispatch): 404 unless the caller may see it (its community or
     * its depot in the caller's area, as for reading it); 403 when the caller sees it through the community but the
     * depot lies outside their area (a district officer and a requisition addressed to the city depot): the
     * requisition is visible, so the 403 reveals nothing new.
     */
    private Requisition depotSide(UUID id, String action) {
        Requisition r = Requisition.findById(id);
        if (r == null || !scope.covers(r.depotArea) && !scope.covers(r.communityCode)) {
            throw ProblemException.notFound("Requisition", id);
        }
        if (!scope.covers(r.depotArea)) {
            throw ProblemException.forbidden("Only an officer of the depot's area may " + action + " requisition "
                    + r.id + "; its depot lies outside your area");
        }
        return r;
    }

    private void move(Requisition r, Requisition.Status to, String by, String note) {
        r.status = to;
        history(r, by, note);
    }

    private void history(Requisition r, String by, String note) {
        RequisitionHistory h = new RequisitionHistory();
        h.requisitionId = r.id;
        h.status = r.status;
        h.changedBy = by;
        h.changedAt = OffsetDateTime.now(clock);
        h.note = note;
        h.persist();
    }

    private static void requireStatus(Requisition r, String action, Requisition.Status... allowed) {
        for (Requisition.Status s : allowed) {
            if (r.status == s) {
                return;
            }
        }
        throw ProblemException.conflict("Illegal transition", "Cannot " + action + " requisition " + r.id
                + ": it is " + r.status).with("currentStatus", r.status.name());
    }

    /** Items known, none twice. */
    static void checkLines(List<Line> lines, String what) {
        if (lines == null || lines.isEmpty()) {
            throw ProblemException.badRequest("No lines", "at least one line is needed", "lines");
        }
        Set<String> seen = new HashSet<>();
        for (Line l : lines) {
            if (!seen.add(l.itemCode())) {
                throw ProblemException.badRequest("Duplicate item", "item " + l.itemCode() + " appears twice",
                        "lines.itemCode");
            }
            if (Item.findById(l.itemCode()) == null) {
                throw ProblemException.badRequest("Unknown item", "there is no item " + l.itemCode(),
                        "lines.itemCode");
            }
        }
    }
}
