package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.rest.StockViews.StockView;

/**
 * Levels of a stock and its consumption history (README "Levels", "Consumption series"). The site is already
 * checked against the caller's area by the resource.
 */
@ApplicationScoped
public class CoverService {

    /** The cause of a StockChanged that new levels made. */
    public static final String LEVELS = "LEVELS";
    /** The cause of a StockChanged the daily re-evaluation made (the windows moved). */
    public static final String RATE = "RATE";
    static final BigDecimal MAX_DAYS = BigDecimal.valueOf(365);
    static final int MAX_SERIES_DAYS = 366;

    private final EntityManager em;
    private final Ledger ledger;
    private final Clock clock;

    public CoverService(EntityManager em, Ledger ledger, Clock clock) {
        this.em = em;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Sets the levels of an item at a site (creating the stock row if the site holds none yet) and re-evaluates
     * its level: a crossing the new levels cause is announced once. The row is locked for the change; a
     * concurrent writer of the same row that read it unlocked loses on its {@code @Version} (409).
     */
    @Transactional
    public StockView setLevels(StockSite site, String itemCode, BigDecimal minDays, BigDecimal maxDays,
            BigDecimal emergencyDays) {
        checkLevels(minDays, maxDays, emergencyDays);
        Item item = item(itemCode);
        Stock stock = ledger.lock(site, item);
        stock.minDays = minDays;
        stock.maxDays = maxDays;
        stock.emergencyDays = emergencyDays;
        ledger.reevaluate(site, item, null, LEVELS);
        em.flush();
        return view(site, item, stock);
    }

    /** 0 &lt; emergency ≤ min ≤ max ≤ 365, at most one decimal. */
    static void checkLevels(BigDecimal min, BigDecimal max, BigDecimal emergency) {
        for (var e : List.of(Map.entry("minDays", min), Map.entry("maxDays", max),
                Map.entry("emergencyDays", emergency))) {
            if (e.getValue().stripTrailingZeros().scale() > 1) {
                throw ProblemException.badRequest("Invalid levels", "days have at most one decimal", e.getKey());
            }
        }
        if (emergency.signum() <= 0) {
            throw ProblemException.badRequest("Invalid levels", "emergencyDays must be more than 0", "emergencyDays");
        }
        if (emergency.compareTo(min) > 0) {
            throw ProblemException.badRequest("Invalid levels", "emergencyDays must not exceed minDays", "emergencyDays");
        }
        if (min.compareTo(max) > 0) {
            throw ProblemException.badRequest("Invalid levels", "minDays must not exceed maxDays", "minDays");
        }
        if (max.compareTo(MAX_DAYS) > 0) {
            throw ProblemException.badRequest("Invalid levels", "maxDays must not exceed 365", "maxDays");
        }
    }

    /** One city day of an item at a site. */
    public record Day(LocalDate date, long issued, long received, long closing, boolean stockOut) {
    }

    /** The days of a series and the rate of the stock now. */
    public record Series(LocalDate from, LocalDate to, BigDecimal rate, List<Day> days) {
    }

    /**
     * Per city day from {@code from} to {@code to} (both included, at most 366 days, never past today): issued,
     * received, the closing balance and whether it was a stock-out day (its lowest balance 0, or no postings after
     * a day that closed at 0). Days without postings carry the last closing balance; days before the first
     * posting are 0 and not stock-out (nothing was held yet).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Series consumption(StockSite site, String itemCode, LocalDate from, LocalDate to) {
        Item item = item(itemCode);
        LocalDate today = LocalDate.now(clock);
        LocalDate end = to != null ? to : today;
        LocalDate start = from != null ? from : end.minusDays(29);
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("Invalid range", "from must not be after to", "from");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_SERIES_DAYS) {
            throw ProblemException.badRequest("Invalid range", "a series has at most " + MAX_SERIES_DAYS + " days",
                    "to");
        }
        if (end.isAfter(today)) {
            end = today;
        }
        Stock stock = Stock.findById(new Stock.Key(site.id, item.code));
        List<Day> days = new ArrayList<>();
        if (start.isAfter(end)) {
            return new Series(start, end, stock == null ? BigDecimal.ZERO : stock.rate, days);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select city_date, issued, received, closing, low from stock_day
                where site_id = ?1 and item_code = ?2 and city_date >= ?3 and city_date <= ?4""")
                .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, start).setParameter(4, end)
                .getResultList();
        Map<LocalDate, Object[]> byDate = new HashMap<>();
        for (Object[] r : rows) {
            byDate.put(r[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[0], r);
        }
        @SuppressWarnings("unchecked")
        List<Object> before = em.createNativeQuery("""
                select closing from stock_day where site_id = ?1 and item_code = ?2 and city_date < ?3
                order by city_date desc limit 1""")
                .setParameter(1, site.id).setParameter(2, item.code).setParameter(3, start).getResultList();
        LocalDate firstDay = stock == null ? null : stock.firstDay;
        long balance = before.isEmpty() ? 0 : ((Number) before.get(0)).longValue();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            Object[] r = byDate.get(d);
            if (r != null) {
                balance = ((Number) r[3]).longValue();
                days.add(new Day(d, ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), balance,
                        ((Number) r[4]).longValue() == 0));
            } else {
                boolean held = firstDay != null && !d.isBefore(firstDay);
                days.add(new Day(d, 0, 0, held ? balance : 0, held && balance == 0));
            }
        }
        return new Series(start, end, stock == null ? BigDecimal.ZERO : stock.rate, days);
    }

    /** A stock as the API shows it, with its lots. */
    public StockView view(StockSite site, Item item, Stock stock) {
        List<StockLot> lots = StockLot.find("id.siteId = ?1 and id.itemCode = ?2 and onHand > 0 order by expiresOn nulls last, id.lotCode",
                site.id, item.code).list();
        return StockView.of(site, item, stock, ledger.cover(stock), lots);
    }

    private static Item item(String itemCode) {
        Item item = Item.findById(itemCode);
        if (item == null) {
            throw ProblemException.notFound("Item", itemCode);
        }
        return item;
    }

    /**
     * Re-evaluates one page of stocks not re-evaluated today ({@code rate_on} before today) in the caller's
     * transaction (the job's {@code ClusterJob.runOnce}, one per page); returns how many it looked at (fewer than
     * {@code pageSize}: none left). The page's rows are locked together through {@link Ledger#lockAll}.
     */
    @Transactional
    public int reevaluatePage(int pageSize) {
        LocalDate today = LocalDate.now(clock);
        @SuppressWarnings("unchecked")
        List<Object[]> keys = em.createNativeQuery("""
                select site_id, item_code from stock where rate_on is null or rate_on < ?1
                order by site_id, item_code limit ?2""")
                .setParameter(1, today).setParameter(2, pageSize).getResultList();
        Map<UUID, StockSite> sites = new HashMap<>();
        Map<String, Item> items = new HashMap<>();
        List<Ledger.StockRef> refs = new ArrayList<>();
        for (Object[] k : keys) {
            refs.add(new Ledger.StockRef(sites.computeIfAbsent((UUID) k[0], id -> StockSite.findById(id)),
                    items.computeIfAbsent((String) k[1], code -> Item.findById(code))));
        }
        ledger.lockAll(refs);
        for (Ledger.StockRef ref : refs) {
            ledger.reevaluate(ref.site(), ref.item(), null, RATE);
        }
        return keys.size();
    }

    /**
     * Applies the forecast of one page of stores whose forecast is due ({@link ForecastService#storesDue}: locked
     * with skip locked, so replicas and a norm change never apply one store twice at once), in the caller's
     * transaction or a new one; the stores one at a time in id order, each locking its rows through lockAll.
     * Returns how many stores it applied (fewer than {@code pageSize}: none left).
     */
    @Transactional
    public int forecastPage(ForecastService forecast, int pageSize) {
        List<UUID> due = new ArrayList<>(forecast.storesDue(pageSize));
        due.sort(java.util.Comparator.comparing(UUID::toString));
        for (UUID id : due) {
            forecast.apply(StockSite.findById(id));
        }
        return due.size();
    }
}
