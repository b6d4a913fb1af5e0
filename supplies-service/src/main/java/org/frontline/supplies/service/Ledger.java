package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;
import org.frontline.supplies.LedgerPosting;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.config.SuppliesConfig;
import org.frontline.supplies.cover.ConsumptionRate;
import org.frontline.supplies.cover.Cover;
import org.frontline.supplies.events.StockEvents.StockChanged;
import org.frontline.supplies.events.StockEvents.StockLevelCrossed;
import org.frontline.supplies.events.SuppliesTopics;

/**
 * The one writer of the stock ledger. Every change of stock — receipt, issue, adjustment, count, transfer out and
 * in — goes through here, inside the caller's transaction:
 * <ol>
 * <li>the item's {@link Stock} row at the site is created if missing and locked ({@code for update}), so postings
 * of one item at one site are serial and concurrent issues never oversell;</li>
 * <li>lots change (an issue takes the earliest expiry first), one {@link LedgerPosting} per lot touched, with the
 * balances after it; a balance below zero is a 409 naming the shortfall and nothing is written;</li>
 * <li>the day's row ({@code stock_day}) is updated, the rate recomputed when the city day changed, the level
 * evaluated: a changed level is announced once ({@code StockLevelCrossed}); {@code StockChanged} once per call
 * (a count of several lots of one item is one call: {@link #countItem}).</li>
 * </ol>
 * The day's {@code issued} is consumption: {@code ISSUE} postings, and at a depot also {@code TRANSFER_OUT} (a
 * depot's consumption is what it ships out), so a depot has a rate and its levels can be crossed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Ledger {

    private final EntityManager em;
    private final Outbox outbox;
    private final SuppliesConfig config;
    private final Clock clock;

    public Ledger(EntityManager em, Outbox outbox, SuppliesConfig config, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** Who posts, why and with what reference (an issue's duty, a transfer's or count's id). */
    public record Context(String postedBy, UUID referenceId, String reason, String note, String dutyCode) {

        public static Context by(String postedBy) {
            return new Context(postedBy, null, null, null, null);
        }

        public Context reference(UUID id) {
            return new Context(postedBy, id, reason, note, dutyCode);
        }

        public Context reason(String why, String text) {
            return new Context(postedBy, referenceId, why, text, dutyCode);
        }

        public Context duty(String code) {
            return new Context(postedBy, referenceId, reason, note, code);
        }
    }

    /** The postings one call made, and the stock after them. */
    public record Posted(Stock stock, List<LedgerPosting> postings) {
    }

    /** Goods in ({@code RECEIPT} or {@code TRANSFER_IN}) to one lot; the lot is created with its expiry if new. */
    public Posted receive(StockSite site, Item item, String lotCode, LocalDate expiresOn, long quantity,
            LedgerPosting.Kind kind, Context context) {
        requireKind(kind, LedgerPosting.Kind.RECEIPT, LedgerPosting.Kind.TRANSFER_IN);
        positive(quantity);
        Posting p = open(site, item, kind, context);
        StockLot lot = lot(site, item, lotCode, expiresOn, true);
        p.change(lot, quantity);
        return p.close();
    }

    /**
     * Goods out ({@code ISSUE} or {@code TRANSFER_OUT}), first-expiry-first-out across the lots: the earliest
     * expiry first, lots without expiry last, then the oldest receipt. More than on hand is a 409 naming the
     * shortfall.
     */
    public Posted issue(StockSite site, Item item, long quantity, LedgerPosting.Kind kind, Context context) {
        return issue(site, item, quantity, kind, context, null);
    }

    /**
     * An issue recorded late (a field worker offline): the stock leaves now, as every posting does, but the
     * consumption counts for the city day {@code usedOn} it happened (an earlier day; the caller bounds how much
     * earlier), so the rate sees it on the right day. {@code usedOn} null or today: an ordinary issue.
     */
    public Posted issue(StockSite site, Item item, long quantity, LedgerPosting.Kind kind, Context context,
            LocalDate usedOn) {
        requireKind(kind, LedgerPosting.Kind.ISSUE, LedgerPosting.Kind.TRANSFER_OUT);
        positive(quantity);
        Posting p = open(site, item, kind, context);
        if (usedOn != null && usedOn.isAfter(p.day)) {
            throw ProblemException.badRequest("Invalid date", "usedOn cannot be after today (" + p.day + ")", "usedOn");
        }
        int lateDays = config.cover().lateRecordDays();
        if (usedOn != null && usedOn.isBefore(p.day.minusDays(lateDays))) {
            throw ProblemException.badRequest("Invalid date", "usedOn may be at most " + lateDays
                    + " days before today (" + p.day + ")", "usedOn");
        }
        if (usedOn != null && kind == LedgerPosting.Kind.ISSUE && usedOn.isBefore(p.day)) {
            p.usedOn = usedOn;
        }
        if (p.stock.onHand < quantity) {
            throw shortfall(site, item, p.stock.onHand, quantity);
        }
        long left = quantity;
        for (StockLot lot : em.createQuery("""
                from StockLot l where l.id.siteId = ?1 and l.id.itemCode = ?2 and l.onHand > 0
                order by l.expiresOn asc nulls last, l.firstReceivedAt asc, l.id.lotCode asc""", StockLot.class)
                .setParameter(1, site.id).setParameter(2, item.code).getResultList()) {
            long take = Math.min(left, lot.onHand);
            p.change(lot, -take);
            left -= take;
            if (left == 0) {
                break;
            }
        }
        if (left != 0) {
            // lots and stock disagree: never post a partial issue
            throw new IllegalStateException("lots of " + item.code + " at " + site.id + " do not add up to on hand");
        }
        return p.close();
    }

    /**
     * A signed correction of one lot with a reason (damaged, expired, lost, found, correction). A positive change
     * to an unknown lot creates it with {@code expiresOn}; a change that would make a lot negative is a 409.
     */
    public Posted adjust(StockSite site, Item item, String lotCode, LocalDate expiresOn, long change, Context context) {
        if (change == 0) {
            throw ProblemException.badRequest("Invalid adjustment", "quantity must not be 0", "quantity");
        }
        Posting p = open(site, item, LedgerPosting.Kind.ADJUSTMENT, context);
        StockLot lot = lot(site, item, lotCode, expiresOn, change > 0);
        if (lot == null || lot.onHand + change < 0) {
            throw shortfall(site, item, lot == null ? 0 : lot.onHand, -change).with("lotCode", lotCode);
        }
        p.change(lot, change);
        return p.close();
    }

    /**
     * A physical count of one lot: posts the variance {@code counted − on hand} (also when it is 0, so the ledger
     * shows the lot was counted). An unknown lot is created with {@code expiresOn}.
     */
    public Posted count(StockSite site, Item item, String lotCode, LocalDate expiresOn, long counted, Context context) {
        return countItem(site, item, List.of(new CountedLot(lotCode, expiresOn, counted)), context);
    }

    /** One counted lot of an item: its code, its expiry (for a new lot) and the units counted. */
    public record CountedLot(String lotCode, LocalDate expiresOn, long counted) {
    }

    /**
     * A physical count of several lots of ONE item, posted as one call: one lock, one posting per lot (the
     * variance {@code counted − on hand}, in the order given), then the day's row, the level and {@code StockChanged}
     * once, from the balances after the whole item — so stock moved between lots (A 100 → 0, B 0 → 100) announces no
     * crossing and does not make the day a stock-out day.
     */
    public Posted countItem(StockSite site, Item item, List<CountedLot> lots, Context context) {
        for (CountedLot c : lots) {
            if (c.counted() < 0) {
                throw ProblemException.badRequest("Invalid count", "a counted quantity cannot be negative", "quantity");
            }
        }
        Posting p = open(site, item, LedgerPosting.Kind.COUNT, context);
        for (CountedLot c : lots) {
            StockLot lot = lot(site, item, c.lotCode(), c.expiresOn(), true);
            p.change(lot, c.counted() - lot.onHand);
        }
        return p.close();
    }

    /**
     * Recomputes the rate (when the city day changed) and the level of a stock outside a posting — after the
     * forecast changed ({@code forecastRate} not null: the new forecast), or once a day as the rate window moves.
     * Announces a crossed level once; returns whether anything a reader sees changed (then {@code StockChanged}
     * was recorded with {@code cause}). A stock that does not exist yet is created only for a non-zero forecast.
     */
    public boolean reevaluate(StockSite site, Item item, BigDecimal forecastRate, String cause) {
        Stock stock = forecastRate != null && forecastRate.signum() > 0 ? lock(site, item)
                : em.find(Stock.class, new Stock.Key(site.id, item.code), LockModeType.PESSIMISTIC_WRITE);
        if (stock == null) {
            return false;
        }
        BigDecimal rate = stock.rate;
        BigDecimal forecast = stock.forecastRate;
        if (forecastRate != null) {
            stock.forecastRate = forecastRate;
        }
        refreshRate(stock, today());
        boolean levelChanged = announceLevel(site, item, stock);
        boolean changed = levelChanged || rate.compareTo(stock.rate) != 0 || forecast.compareTo(stock.forecastRate) != 0;
        if (changed) {
            stock.updatedAt = notBefore(now(), stock.updatedAt);
            recordChanged(site, item, stock, cause);
        }
        return changed;
    }

    /** The numbers of a stock as a {@link Cover}, with its levels (or the configured defaults). */
    public Cover cover(Stock stock) {
        var defaults = config.levels();
        return new Cover(stock.onHand, stock.inTransit, stock.rate, stock.forecastRate,
                new Cover.Levels(stock.minDays != null ? stock.minDays : defaults.minDays(),
                        stock.maxDays != null ? stock.maxDays : defaults.maxDays(),
                        stock.emergencyDays != null ? stock.emergencyDays : defaults.emergencyDays()));
    }

    /** One item at one site, as a lock target. */
    public record StockRef(StockSite site, Item item) {
    }

    /**
     * Locks several stock rows in THE lock order of this service — site id (as PostgreSQL orders uuids: their
     * text), then item code (Java string order), ascending — so two
     * writers that touch the same rows (two transfers, a count and a transfer, the forecast) wait for each other
     * instead of deadlocking. Every write that locks more than one stock row locks them here, first, before it
     * posts; the Ledger's own calls then find the rows already locked.
     */
    public List<Stock> lockAll(java.util.Collection<StockRef> refs) {
        List<StockRef> ordered = new ArrayList<>(refs);
        // the site id as text: the order PostgreSQL sorts uuids in (java.util.UUID#compareTo compares signed longs)
        ordered.sort(java.util.Comparator.comparing((StockRef r) -> r.site().id.toString())
                .thenComparing(r -> r.item().code));
        List<Stock> locked = new ArrayList<>();
        StockRef previous = null;
        for (StockRef ref : ordered) {
            if (previous != null && previous.site().id.equals(ref.site().id) && previous.item().code.equals(ref.item().code)) {
                continue;
            }
            locked.add(lock(ref.site(), ref.item()));
            previous = ref;
        }
        return locked;
    }

    /**
     * Records {@code StockChanged} for a stock whose numbers changed outside a posting (what is in transit to it),
     * evaluating its level first (a crossing is announced once). The caller holds the row's lock.
     */
    public void announce(StockSite site, Item item, Stock stock, String cause) {
        refreshRate(stock, today());
        announceLevel(site, item, stock);
        stock.updatedAt = notBefore(now(), stock.updatedAt);
        recordChanged(site, item, stock, cause);
    }

    /** The stock row of an item at a site, created empty if missing, locked for this transaction. */
    public Stock lock(StockSite site, Item item) {
        Stock existing = em.find(Stock.class, new Stock.Key(site.id, item.code), LockModeType.PESSIMISTIC_WRITE);
        if (existing != null) {
            return existing; // the usual case: one statement
        }
        em.createNativeQuery("""
                insert into stock (site_id, item_code, area_code, on_hand, in_transit, rate, forecast_rate, level, updated_at)
                values (?1, ?2, ?3, 0, 0, 0, 0, 'OK', ?4) on conflict do nothing""")
                .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, site.areaCode)
                .setParameter(4, now()).executeUpdate();
        return em.find(Stock.class, new Stock.Key(site.id, item.code), LockModeType.PESSIMISTIC_WRITE);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** One posting call in progress: the locked stock, the balances as they change, the postings made. */
    private final class Posting {
        final StockSite site;
        final Item item;
        final LedgerPosting.Kind kind;
        final Context context;
        final Stock stock;
        final long opening;
        long low;
        long issued;
        long received;
        final List<LedgerPosting> postings = new ArrayList<>();
        final OffsetDateTime at = now();
        final LocalDate day = at.atZoneSameInstant(clock.getZone()).toLocalDate();
        /** The earlier day a late-recorded issue's consumption belongs to; null: today. */
        LocalDate usedOn;

        Posting(StockSite site, Item item, LedgerPosting.Kind kind, Context context) {
            this.site = site;
            this.item = item;
            this.kind = kind;
            this.context = context;
            this.stock = lock(site, item);
            this.opening = stock.onHand;
            // a stock's very first posting does not make its day a stock-out day: there was no stock to run out of
            this.low = stock.firstDay == null ? Long.MAX_VALUE : stock.onHand;
        }

        void change(StockLot lot, long quantity) {
            if (lot.onHand + quantity < 0 || stock.onHand + quantity < 0) {
                throw shortfall(site, item, lot.onHand, -quantity);
            }
            lot.onHand += quantity;
            stock.onHand += quantity;
            if (kind != LedgerPosting.Kind.COUNT) {
                // a count's lots change one after another; only the balance after all of them is real (close())
                low = Math.min(low, stock.onHand);
            }
            if (kind == LedgerPosting.Kind.ISSUE || kind == LedgerPosting.Kind.TRANSFER_OUT && isDepot(site)) {
                // a depot's consumption is what it ships out: its rate counts transfers out
                issued -= quantity;
            } else if (kind == LedgerPosting.Kind.RECEIPT || kind == LedgerPosting.Kind.TRANSFER_IN) {
                received += quantity;
            }
            LedgerPosting row = new LedgerPosting();
            row.id = UUID.randomUUID();
            row.postedAt = at;
            row.siteId = site.id;
            row.itemCode = item.code;
            row.lotCode = lot.lotCode();
            row.areaCode = site.areaCode;
            row.kind = kind;
            row.quantity = quantity;
            row.lotBalance = lot.onHand;
            row.stockBalance = stock.onHand;
            row.cityDate = day;
            row.reason = context.reason();
            row.note = context.note();
            row.referenceId = context.referenceId();
            row.dutyCode = context.dutyCode();
            row.postedBy = context.postedBy();
            row.persist();
            postings.add(row);
        }

        Posted close() {
            low = Math.min(low, stock.onHand);
            long issuedToday = issued;
            if (usedOn != null) {
                // the consumption goes to its own day. A day with a row just adds it; a day without one gets the
                // balance carried into it (the closing of the last day before it; else the opening of the first day
                // after it; else the balance before this posting) as opening, closing and low — and low is never 0
                // for a day on which stock was used: there was stock to use
                long carried = carried(usedOn);
                em.createNativeQuery("""
                        insert into stock_day (site_id, item_code, city_date, issued, received, opening, closing, low)
                        values (?1, ?2, ?3, ?4, 0, ?5, ?5, ?6)
                        on conflict (site_id, item_code, city_date) do update set issued = stock_day.issued + excluded.issued""")
                        .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, usedOn)
                        .setParameter(4, issued).setParameter(5, carried)
                        .setParameter(6, carried > 0 ? carried : issued).executeUpdate();
                issuedToday = 0;
                stock.rateOn = null; // a past day changed: recompute now
                if (stock.firstDay == null || usedOn.isBefore(stock.firstDay)) {
                    stock.firstDay = usedOn;
                }
            }
            em.createNativeQuery("""
                    insert into stock_day (site_id, item_code, city_date, issued, received, opening, closing, low)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    on conflict (site_id, item_code, city_date) do update set
                        issued = stock_day.issued + excluded.issued, received = stock_day.received + excluded.received,
                        closing = excluded.closing, low = least(stock_day.low, excluded.low)""")
                    .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, day)
                    .setParameter(4, issuedToday).setParameter(5, received).setParameter(6, opening)
                    .setParameter(7, stock.onHand).setParameter(8, low).executeUpdate();
            if (stock.firstDay == null) {
                stock.firstDay = day;
            }
            refreshRate(stock, day);
            announceLevel(site, item, stock);
            stock.updatedAt = notBefore(at, stock.updatedAt);
            recordChanged(site, item, stock, kind.name());
            return new Posted(stock, postings);
        }

        /** The balance a late-recorded issue's day {@code usedOn} had, from the day rows around it. */
        private long carried(LocalDate usedOn) {
            @SuppressWarnings("unchecked")
            List<Object> before = em.createNativeQuery("""
                    select closing from stock_day where site_id = ?1 and item_code = ?2 and city_date < ?3
                    order by city_date desc limit 1""")
                    .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, usedOn).getResultList();
            if (!before.isEmpty()) {
                return ((Number) before.get(0)).longValue();
            }
            @SuppressWarnings("unchecked")
            List<Object> after = em.createNativeQuery("""
                    select opening from stock_day where site_id = ?1 and item_code = ?2 and city_date > ?3
                    order by city_date asc limit 1""")
                    .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, usedOn).getResultList();
            return after.isEmpty() ? opening : ((Number) after.get(0)).longValue();
        }
    }

    static boolean isDepot(StockSite site) {
        return site.kind == StockSite.Kind.DISTRICT_DEPOT || site.kind == StockSite.Kind.CITY_DEPOT;
    }

    private Posting open(StockSite site, Item item, LedgerPosting.Kind kind, Context context) {
        return new Posting(site, item, kind, context);
    }

    /** The lot, created (empty, with its expiry) when {@code create} and it does not exist; else null if missing. */
    private StockLot lot(StockSite site, Item item, String lotCode, LocalDate expiresOn, boolean create) {
        StockLot lot = em.find(StockLot.class, new StockLot.Key(site.id, item.code, lotCode));
        if (lot == null && create) {
            lot = new StockLot();
            lot.id = new StockLot.Key(site.id, item.code, lotCode);
            lot.expiresOn = expiresOn;
            lot.onHand = 0;
            lot.firstReceivedAt = now();
            lot.persist();
        } else if (lot != null && expiresOn != null && lot.expiresOn != null && !expiresOn.equals(lot.expiresOn)) {
            throw ProblemException.conflict("Lot expiry differs", "Lot " + lotCode + " of " + item.code
                    + " expires on " + lot.expiresOn + ", not " + expiresOn).with("lotCode", lotCode);
        } else if (lot != null && lot.expiresOn == null && expiresOn != null) {
            lot.expiresOn = expiresOn;
        }
        return lot;
    }

    /** Recomputes the moving-average rate once per city day (today's postings never enter it: the day is open). */
    private void refreshRate(Stock stock, LocalDate today) {
        if (today.equals(stock.rateOn)) {
            return;
        }
        int window = config.cover().window();
        LocalDate from = today.minusDays(window);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select city_date, issued, closing, low from stock_day
                where site_id = ?1 and item_code = ?2 and city_date >= ?3 and city_date < ?4""")
                .setParameter(1, stock.siteId()).setParameter(2, stock.itemCode()).setParameter(3, from)
                .setParameter(4, today).getResultList();
        List<ConsumptionRate.Day> days = rows.stream().map(r -> new ConsumptionRate.Day(toDate(r[0]),
                ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).longValue())).toList();
        @SuppressWarnings("unchecked")
        List<Object> before = em.createNativeQuery("""
                select closing from stock_day where site_id = ?1 and item_code = ?2 and city_date < ?3
                order by city_date desc limit 1""")
                .setParameter(1, stock.siteId()).setParameter(2, stock.itemCode()).setParameter(3, from)
                .getResultList();
        Long closingBefore = before.isEmpty() ? null : ((Number) before.get(0)).longValue();
        stock.rate = ConsumptionRate.of(days, closingBefore, stock.firstDay, today, window);
        stock.rateOn = today;
    }

    /** Sets the stock's level from its cover; a change is announced once. Returns whether it changed. */
    private boolean announceLevel(StockSite site, Item item, Stock stock) {
        Cover cover = cover(stock);
        Stock.Level level = cover.level();
        if (level == stock.level) {
            return false;
        }
        outbox.record(SuppliesTopics.EVENTS, new StockLevelCrossed(site.id, site.areaCode, site.kind.name(), item.code,
                item.critical, stock.level.name(), level.name(), stock.onHand, cover.daysOfCover(), now()));
        stock.level = level;
        return true;
    }

    private void recordChanged(StockSite site, Item item, Stock stock, String cause) {
        Cover cover = cover(stock);
        outbox.record(SuppliesTopics.EVENTS, new StockChanged(site.id, site.areaCode, site.kind.name(), item.code,
                item.critical, stock.onHand, stock.inTransit, stock.rate, stock.forecastRate, cover.daysOfCover(),
                stock.level.name(), cause, stock.updatedAt));
    }

    /** The 409 for taking more than a lot or a stock holds: names what is missing. */
    public static ProblemException shortfall(StockSite site, Item item, long available, long requested) {
        long missing = requested - available;
        return new ProblemException(409, "insufficient-stock", "Insufficient stock",
                "Only " + available + " " + item.unit + " of " + item.code + " on hand at " + site.name + "; "
                        + requested + " requested, " + missing + " short",
                null).with("itemCode", item.code).with("onHand", available).with("requested", requested)
                .with("shortfall", missing);
    }

    /**
     * The time of a stock row's change: {@code at}, but never at or before the row's previous change (the caller
     * holds the row's lock). A posting takes its time before it waits for the lock, so without this a posting that
     * waited behind a forecast update would announce a {@code changedAt} older than the forecast's, though it
     * committed later — and readers that keep the newest change per site and item (the gateway's picture) would drop
     * it: a stock-out lost (found by the drill, issue 15). So {@code StockChanged.changedAt} orders a row's changes as
     * they committed.
     */
    static OffsetDateTime notBefore(OffsetDateTime at, OffsetDateTime previous) {
        return previous != null && !at.isAfter(previous) ? previous.plusNanos(1_000) : at;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static LocalDate toDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static void positive(long quantity) {
        if (quantity <= 0) {
            throw ProblemException.badRequest("Invalid quantity", "quantity must be a positive whole number",
                    "quantity");
        }
    }

    private static void requireKind(LedgerPosting.Kind kind, LedgerPosting.Kind... allowed) {
        for (LedgerPosting.Kind k : allowed) {
            if (k == kind) {
                return;
            }
        }
        throw new IllegalArgumentException(kind + " is not one of " + java.util.Arrays.toString(allowed));
    }
}
