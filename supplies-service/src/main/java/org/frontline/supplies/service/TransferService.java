package org.frontline.supplies.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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

    /** A transfer the caller asked for: the source must lie in the caller's area (else 404, like a missing site). */
    @Transactional
    public Transfer create(UUID fromSiteId, UUID toSiteId, List<RequisitionService.Line> lines, String note,
            String by) {
        StockSite from = scope.found(StockSite.findById(fromSiteId), "Stock site", fromSiteId, s -> s.areaCode);
        StockSite to = StockSite.findById(toSiteId);
        if (to == null) {
            throw ProblemException.badRequest("Unknown destination", "there is no stock site " + toSiteId, "toSiteId");
        }
        if (to.id.equals(from.id)) {
            throw ProblemException.badRequest("Same site", "a transfer goes to another site", "toSiteId");
        }
        RequisitionService.checkLines(lines, "quantity");
        return dispatch(from, to, lines, null, note, by);
    }

    /** Dispatches (the caller checked scope and lines): stock out FEFO, in transit at the destination. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Transfer dispatch(StockSite from, StockSite to, List<RequisitionService.Line> lines, UUID requisitionId,
            String note, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
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
            if (l.quantity() <= 0) {
                throw ProblemException.badRequest("Invalid quantity", "quantity must be a positive whole number",
                        "lines.quantity");
            }
            Item item = Item.findById(l.itemCode());
            // both stock rows locked in one order (by site id): two transfers crossing between the same sites
            // wait for each other instead of deadlocking
            boolean fromFirst = from.id.compareTo(to.id) < 0;
            ledger.lock(fromFirst ? from : to, item);
            ledger.lock(fromFirst ? to : from, item);
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
            Stock destination = ledger.lock(to, item);
            destination.inTransit += l.quantity();
            destination.updatedAt = now;
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
        lines.forEach(l -> dispatchedPerItem.merge(l.itemCode(), l.dispatched, Long::sum));
        for (var e : dispatchedPerItem.entrySet()) {
            Stock stock = ledger.lock(to, Item.findById(e.getKey()));
            stock.inTransit = Math.max(0, stock.inTransit - e.getValue());
            stock.updatedAt = now;
        }
        List<ReceivedLine> out = new ArrayList<>();
        for (TransferLine line : lines) {
            if (line.received > 0) {
                ledger.receive(to, Item.findById(line.itemCode()), line.lotCode(), line.expiresOn, line.received,
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
