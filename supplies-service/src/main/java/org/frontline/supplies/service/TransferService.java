package org.frontline.supplies.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.Item;
import org.frontline.supplies.LedgerPosting;
import org.frontline.supplies.Requisition;
import org.frontline.supplies.RequisitionHistory;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.Transfer;
import org.frontline.supplies.TransferLine;
import org.frontline.supplies.events.RequisitionEvents.ReceivedLine;
import org.frontline.supplies.events.RequisitionEvents.TransferDispatched;
import org.frontline.supplies.events.RequisitionEvents.TransferReceived;
import org.frontline.supplies.events.SuppliesTopics;

/**
 * Transfers between sites. Dispatch: the stock leaves the source through the {@link Ledger} ({@code TRANSFER_OUT},
 * first-expiry-first-out; the lots taken become the transfer's lines) and the destination's {@code in_transit}
 * grows. Receipt: each lot is posted at the destination ({@code TRANSFER_IN}, same lot code and expiry) with the
 * quantity that arrived, {@code in_transit} shrinks by what was dispatched, the difference stays on the line.
 */
@ApplicationScoped
public class TransferService {

    /** What to send of one item. */
    public record Line(String itemCode, long quantity) {
    }

    /** What arrived of one lot. */
    public record Received(String itemCode, String lotCode, long received) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final Ledger ledger;
    private final Clock clock;
    private final AreaScope scope;

    public TransferService(EntityManager em, Outbox outbox, Ledger ledger, Clock clock, AreaScope scope) {
        this.em = em;
        this.outbox = outbox;
        this.ledger = ledger;
        this.clock = clock;
        this.scope = scope;
    }

    /**
     * A transfer the caller asked for. The source must lie in the caller's area (else 404, like a missing site).
     * The destination must be a site the caller may see, or one in the source's line of supply: a depot above the
     * source (a depot whose area is a prefix of the source's area) or, from a depot, a site below it (a site whose
     * area starts with the depot's). Any other destination answers exactly like an unknown one (404, no details),
     * and nothing is written. From a depot, the quantities approved for requisitions and not yet dispatched stay
     * put: taking them is a 409 naming the item and what is free.
     */
    @Transactional
    public Transfer create(UUID fromSiteId, UUID toSiteId, List<RequisitionService.Line> lines, String note,
            String by) {
        StockSite from = scope.found(StockSite.findById(fromSiteId), "Stock site", fromSiteId, s -> s.areaCode);
        StockSite to = StockSite.findById(toSiteId);
        if (to == null || !mayReceiveFrom(from, to)) {
            throw ProblemException.notFound("Destination site", toSiteId);
        }
        if (to.id.equals(from.id)) {
            throw ProblemException.badRequest("Same site", "a transfer goes to another site", "toSiteId");
        }
        RequisitionService.checkLines(lines, "quantity");
        return dispatch(from, to, lines, null, note, by);
    }

    /** The destination rule of {@link #create}: visible to the caller, or in the source's line of supply. */
    private boolean mayReceiveFrom(StockSite from, StockSite to) {
        return scope.covers(to.areaCode)
                || to.kind.isDepot() && from.areaCode.startsWith(to.areaCode)
                || from.kind.isDepot() && to.areaCode.startsWith(from.areaCode);
    }

    /**
     * Dispatches (the caller checked scope and lines): stock out FEFO, in transit at the destination. Every stock
     * row the transfer touches (source and destination, each item) is locked first, in the one lock order
     * ({@link Ledger#lockAll}), so transfers with the same items in any line order wait for each other instead of
     * deadlocking. A direct transfer ({@code requisitionId} null) from a depot leaves the depot's reserved
     * quantities (approved, not yet dispatched) alone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Transfer dispatch(StockSite from, StockSite to, List<RequisitionService.Line> lines, UUID requisitionId,
            String note, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Ledger.StockRef> refs = new ArrayList<>();
        Map<String, Item> items = new LinkedHashMap<>();
        for (RequisitionService.Line l : lines) {
            if (l.quantity() <= 0) {
                throw ProblemException.badRequest("Invalid quantity", "quantity must be a positive whole number",
                        "lines.quantity");
            }
            Item item = Item.findById(l.itemCode());
            items.put(item.code, item);
            refs.add(new Ledger.StockRef(from, item));
            refs.add(new Ledger.StockRef(to, item));
        }
        Map<Stock.Key, Stock> locked = new HashMap<>();
        ledger.lockAll(refs).forEach(s -> locked.put(s.id, s));
        if (requisitionId == null && from.kind.isDepot()) {
            for (RequisitionService.Line l : lines) {
                Reservations.requireFree(em, from, locked.get(new Stock.Key(from.id, l.itemCode())), l.quantity());
            }
        }
        Transfer t = new Transfer();
        t.id = UUID.randomUUID();
        t.fromSiteId = from.id;
        t.fromArea = from.areaCode;
        t.toSiteId = to.id;
        t.toArea = to.areaCode;
        t.requisitionId = requisitionId;
        t.status = Transfer.Status.DISPATCHED;
        t.note = note;
        t.dispatchedBy = by;
        t.dispatchedAt = now;
        t.persist();
        em.flush(); // the transfer row first: the postings and lines refer to it
        Ledger.Context context = Ledger.Context.by(by).reference(t.id).reason("transfer", note);
        List<org.frontline.supplies.events.RequisitionEvents.TransferLine> out = new ArrayList<>();
        for (RequisitionService.Line l : lines) {
            Item item = items.get(l.itemCode());
            Ledger.Posted posted = ledger.issue(from, item, l.quantity(), LedgerPosting.Kind.TRANSFER_OUT, context);
            for (LedgerPosting p : posted.postings()) {
                StockLot lot = StockLot.findById(new StockLot.Key(from.id, item.code, p.lotCode));
                TransferLine line = new TransferLine();
                line.id = new TransferLine.Key(t.id, item.code, p.lotCode);
                line.expiresOn = lot.expiresOn;
                line.dispatched = -p.quantity;
                line.persist();
                out.add(new org.frontline.supplies.events.RequisitionEvents.TransferLine(item.code, p.lotCode,
                        line.dispatched));
            }
            Stock destination = locked.get(new Stock.Key(to.id, item.code));
            destination.inTransit += l.quantity();
            // nothing is posted at the destination now: its in-transit change is announced on its own
            ledger.announce(to, item, destination, "IN_TRANSIT");
        }
        outbox.record(SuppliesTopics.EVENTS, new TransferDispatched(t.id, t.fromSiteId, t.fromArea, t.toSiteId,
                t.toArea, t.requisitionId, out, now));
        return t;
    }

    /**
     * The destination received it: {@code received} per lot (lines left out arrived as dispatched; more than
     * dispatched is a 400). Receiving twice is a 409; of two at once one wins (the transfer's version), the other
     * writes nothing.
     */
    @Transactional
    public Transfer receive(UUID id, List<Received> received, String by) {
        Transfer t = scope.found(Transfer.findById(id), "Transfer", id, x -> x.toArea);
        if (t.status != Transfer.Status.DISPATCHED) {
            throw ProblemException.conflict("Illegal transition", "Transfer " + t.id + " is already " + t.status)
                    .with("currentStatus", t.status.name());
        }
        List<TransferLine> lines = lines(t.id);
        Map<TransferLine.Key, Long> given = new LinkedHashMap<>();
        for (Received r : received == null ? List.<Received>of() : received) {
            TransferLine.Key key = new TransferLine.Key(t.id, r.itemCode(), r.lotCode());
            if (lines.stream().noneMatch(l -> l.id.equals(key))) {
                throw ProblemException.badRequest("Unknown line", "the transfer has no lot " + r.lotCode() + " of "
                        + r.itemCode(), "lines");
            }
            if (given.put(key, r.received()) != null) {
                throw ProblemException.badRequest("Duplicate line", "lot " + r.lotCode() + " of " + r.itemCode()
                        + " appears twice", "lines");
            }
        }
        for (TransferLine line : lines) {
            long r = given.getOrDefault(line.id, line.dispatched);
            if (r < 0 || r > line.dispatched) {
                throw ProblemException.badRequest("Invalid received quantity", "received " + r + " of lot "
                        + line.lotCode() + " of " + line.itemCode() + " must be between 0 and the " + line.dispatched
                        + " dispatched", "lines.received");
            }
            line.received = r;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        t.status = Transfer.Status.RECEIVED;
        t.receivedBy = by;
        t.receivedAt = now;
        em.flush(); // the version check first: the loser of a race is a 409 before any posting
        StockSite to = StockSite.findById(t.toSiteId);
        Ledger.Context context = Ledger.Context.by(by).reference(t.id).reason("transfer", null);
        Map<String, Long> dispatchedPerItem = new LinkedHashMap<>();
        Map<String, Long> receivedPerItem = new LinkedHashMap<>();
        lines.forEach(l -> {
            dispatchedPerItem.merge(l.itemCode(), l.dispatched, Long::sum);
            receivedPerItem.merge(l.itemCode(), l.received, Long::sum);
        });
        Map<String, Item> items = new LinkedHashMap<>();
        dispatchedPerItem.keySet().forEach(code -> items.put(code, Item.findById(code)));
        // every destination row this receipt touches, locked first in the one lock order
        Map<String, Stock> locked = new HashMap<>();
        ledger.lockAll(items.values().stream().map(i -> new Ledger.StockRef(to, i)).toList())
                .forEach(s -> locked.put(s.itemCode(), s));
        for (var e : dispatchedPerItem.entrySet()) {
            Stock stock = locked.get(e.getKey());
            stock.inTransit = Math.max(0, stock.inTransit - e.getValue());
            stock.updatedAt = Ledger.notBefore(now, stock.updatedAt);
            if (receivedPerItem.get(e.getKey()) == 0) {
                // nothing of the item arrived, so no posting announces the change: announce it here
                ledger.announce(to, items.get(e.getKey()), stock, "IN_TRANSIT");
            }
        }
        List<ReceivedLine> out = new ArrayList<>();
        for (TransferLine line : lines) {
            if (line.received > 0) {
                ledger.receive(to, items.get(line.itemCode()), line.lotCode(), line.expiresOn, line.received,
                        LedgerPosting.Kind.TRANSFER_IN, context);
            }
            out.add(new ReceivedLine(line.itemCode(), line.lotCode(), line.dispatched, line.received));
        }
        if (t.requisitionId != null) {
            Requisition r = Requisition.findById(t.requisitionId);
            if (r != null && r.status == Requisition.Status.DISPATCHED) {
                r.status = Requisition.Status.RECEIVED;
                RequisitionHistory h = new RequisitionHistory();
                h.requisitionId = r.id;
                h.status = r.status;
                h.changedBy = by;
                h.changedAt = now;
                h.note = "transfer " + t.id + " received";
                h.persist();
            }
        }
        outbox.record(SuppliesTopics.EVENTS, new TransferReceived(t.id, t.fromSiteId, t.fromArea, t.toSiteId,
                t.toArea, t.requisitionId, out, now));
        return t;
    }

    public List<TransferLine> lines(UUID transferId) {
        return TransferLine.list("id.transferId = ?1 order by id.itemCode, id.lotCode", transferId);
    }
}
