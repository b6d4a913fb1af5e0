package org.frontline.supplies.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.security.ScopeFilter;
import org.frontline.supplies.Item;
import org.frontline.supplies.LedgerPosting;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.cover.Cover;

/**
 * Postings at a site (receipts, issues, adjustments) through the {@link Ledger}, and the reads of stock and of the
 * ledger. Area scope is the resource's: a site reaches here only once the caller may see it; area-wide lists take
 * the caller's {@link ScopeFilter}.
 */
@ApplicationScoped
public class StockService {

    /** Why a lot was adjusted; the sign the quantity must have (0: either). */
    public enum AdjustmentReason {
        DAMAGED(-1), EXPIRED(-1), LOST(-1), FOUND(1), CORRECTION(0);

        public final int sign;

        AdjustmentReason(int sign) {
            this.sign = sign;
        }
    }

    /** One item held at a site with what its views need. */
    public record Held(StockSite site, Item item, Stock stock, Cover cover, List<StockLot> lots) {
    }

    /** What a posting call wrote and the stock after it. */
    public record Result(List<LedgerPosting> postings, Held stock) {
    }

    /** A page of the ledger, newest first; {@code next} is the last row's position when more may follow. */
    public record LedgerSlice(List<LedgerPosting> postings, LedgerPosting next) {
    }

    /** How the area list is sorted. */
    public enum StockOrder {
        /** fewest days of cover first (nothing used: last), then area and item. */
        COVER,
        /** the most severe level first (stock-out, emergency, below minimum, ok), then days of cover. */
        LEVEL
    }

    private final Ledger ledger;
    private final EntityManager em;

    public StockService(Ledger ledger, EntityManager em) {
        this.ledger = ledger;
        this.em = em;
    }

    @Transactional
    public Result receive(StockSite site, Item item, String lotCode, LocalDate expiresOn, long quantity, String note,
            String postedBy) {
        return result(site, item, ledger.receive(site, item, lotCode, expiresOn, quantity, LedgerPosting.Kind.RECEIPT,
                Ledger.Context.by(postedBy).reason(null, note)));
    }

    /** First-expiry-first-out; more than on hand is a 409 naming the shortfall (Ledger). */
    @Transactional
    public Result issue(StockSite site, Item item, long quantity, String dutyCode, LocalDate usedOn, String note,
            String postedBy) {
        if (site.kind.isDepot()) {
            // a depot's stock approved for requisitions is promised to those communities: an issue may not take it
            Reservations.requireFree(em, site, ledger.lock(site, item), quantity);
        }
        return result(site, item, ledger.issue(site, item, quantity, LedgerPosting.Kind.ISSUE,
                Ledger.Context.by(postedBy).duty(dutyCode).reason(null, note), usedOn));
    }

    @Transactional
    public Result adjust(StockSite site, Item item, String lotCode, LocalDate expiresOn, long change,
            AdjustmentReason reason, String note, String postedBy) {
        if (reason.sign != 0 && Long.signum(change) != reason.sign) {
            throw ProblemException.badRequest("Invalid adjustment", "a " + reason + " adjustment "
                    + (reason.sign < 0 ? "takes stock away: quantity must be negative" : "adds stock: quantity must be positive"),
                    "quantity");
        }
        return result(site, item, ledger.adjust(site, item, lotCode, expiresOn, change,
                Ledger.Context.by(postedBy).reason(reason.name(), note)));
    }

    private Result result(StockSite site, Item item, Ledger.Posted posted) {
        return new Result(posted.postings(), held(site, item, posted.stock()));
    }

    /** The stock of one item at a site with its lots, in the caller's transaction (after a posting). */
    @Transactional
    public Held held(StockSite site, Item item, Stock stock) {
        return new Held(site, item, stock, ledger.cover(stock), lots(site.id, item.code));
    }

    /** Every item held at the site (a stock row exists: something was posted), by item code. */
    @Transactional
    public List<Held> atSite(StockSite site) {
        List<Stock> stocks = Stock.list("id.siteId = ?1 order by id.itemCode", site.id);
        Map<String, Item> items = items();
        Map<String, List<StockLot>> lots = StockLot.<StockLot>list(
                "id.siteId = ?1 and onHand > 0 order by expiresOn asc nulls last, firstReceivedAt, id.lotCode", site.id)
                .stream().collect(Collectors.groupingBy(l -> l.id.itemCode()));
        return stocks.stream().map(s -> new Held(site, items.get(s.itemCode()), s, ledger.cover(s),
                lots.getOrDefault(s.itemCode(), List.of()))).toList();
    }

    /** One item at the site; 404 when it was never held there. */
    @Transactional
    public Held one(StockSite site, Item item) {
        Stock stock = Stock.findById(new Stock.Key(site.id, item.code));
        if (stock == null) {
            throw ProblemException.notFound("Stock of " + item.code + " at site", site.id);
        }
        return held(site, item, stock);
    }

    /** The lots of an item at a site that hold stock, in the order an issue takes them (FEFO). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StockLot> lots(UUID siteId, String itemCode) {
        return StockLot.list("""
                id.siteId = ?1 and id.itemCode = ?2 and onHand > 0
                order by expiresOn asc nulls last, firstReceivedAt, id.lotCode""", siteId, itemCode);
    }

    /**
     * Stock in an area, the rows {@code scope} keeps (on {@code areaCode}), optionally of one item, one level and
     * critical or not; without lots.
     */
    @Transactional
    public Page<Held> inArea(ScopeFilter scope, String itemCode, Stock.Level level, Boolean critical, StockOrder order,
            int page, int size) {
        ScopeFilter filter = scope;
        if (itemCode != null) {
            filter = filter.and("id.itemCode = :item", "item", itemCode);
        }
        if (level != null) {
            filter = filter.and("level = :level", "level", level);
        }
        if (critical != null) {
            filter = filter.and("id.itemCode in (select i.code from Item i where i.critical = :critical)", "critical",
                    critical);
        }
        // an empty stock has 0 days whatever its rate; nothing used (rate 0): no days, sorted last
        String cover = "case when onHand = 0 then 0 when greatest(rate, forecastRate) > 0"
                + " then onHand / greatest(rate, forecastRate) end";
        String severity = "case when level = :out then 0 when level = :emergency then 1 when level = :belowMin then 2 else 3 end";
        String sort = (order == StockOrder.LEVEL ? severity + ", " : "") + cover
                + " asc nulls last, areaCode, id.siteId, id.itemCode";
        Map<String, Object> params = new HashMap<>(filter.params());
        if (order == StockOrder.LEVEL) {
            params.put("out", Stock.Level.STOCK_OUT);
            params.put("emergency", Stock.Level.EMERGENCY);
            params.put("belowMin", Stock.Level.BELOW_MIN);
        }
        var query = Stock.<Stock>find("from Stock where " + filter.query() + " order by " + sort, params);
        List<Stock> stocks = query.page(io.quarkus.panache.common.Page.of(page, size)).list();
        long total = Stock.count(filter.query(), filter.params());
        Map<String, Item> items = items();
        Map<UUID, StockSite> sites = stocks.isEmpty() ? Map.of()
                : StockSite.<StockSite>list("id in ?1", stocks.stream().map(Stock::siteId).distinct().toList())
                        .stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        List<Held> held = stocks.stream().map(s -> new Held(sites.get(s.siteId()), items.get(s.itemCode()), s,
                ledger.cover(s), List.of())).toList();
        return new Page<>(held, page, size, total);
    }

    /**
     * The ledger of a site, newest first (posted at, then id), {@code size} rows after the position {@code after}
     * (exclusive; null: from the newest), optionally of one item and within [{@code from}, {@code to}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LedgerSlice ledger(StockSite site, String itemCode, OffsetDateTime from, OffsetDateTime to,
            OffsetDateTime afterAt, UUID afterId, int size) {
        StringBuilder q = new StringBuilder("siteId = :site");
        Map<String, Object> params = new HashMap<>();
        params.put("site", site.id);
        if (itemCode != null) {
            q.append(" and itemCode = :item");
            params.put("item", itemCode);
        }
        if (from != null) {
            q.append(" and postedAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            q.append(" and postedAt < :to");
            params.put("to", to);
        }
        if (afterAt != null) {
            // keyset: strictly after the last row seen, in (postedAt desc, id desc) order
            q.append(" and (postedAt < :at or (postedAt = :at and id < :id))");
            params.put("at", afterAt);
            params.put("id", afterId);
        }
        List<LedgerPosting> rows = new ArrayList<>(LedgerPosting.<LedgerPosting>find(
                "from LedgerPosting where " + q + " order by postedAt desc, id desc", params)
                .range(0, size).list());
        // one more row than asked tells whether there is a next page
        LedgerPosting next = null;
        if (rows.size() > size) {
            rows.remove(size);
            next = rows.get(size - 1);
        }
        return new LedgerSlice(rows, next);
    }

    private static Map<String, Item> items() {
        return Item.<Item>listAll().stream().collect(Collectors.toMap(i -> i.code, Function.identity()));
    }
}
