package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.UsageNorm;
import org.frontline.supplies.config.SuppliesConfig;
import org.jboss.logging.Logger;

/**
 * The forecast of consumption from the shifts planned in roster-service (README "Forecast"):
 *
 * <pre>
 * forecastRate(store, item) = Σ_{shift of the community, start ∈ [today 00:00, today + forecastDays)} required × perShift(duty, item)
 *                             ÷ forecastDays
 * </pre>
 *
 * Shifts arrive as {@code ShiftPublished} / {@code ShiftStaffingChanged} (required 0 = cancelled) and are kept in
 * {@code planned_shift}, the newest version of each shift winning; then the community's store gets its new rates
 * through {@link Ledger#reevaluate}. A community without a store keeps its shifts; they apply when the store is
 * registered ({@link #applyToNewStore}) or at the daily re-evaluation. Applying a store's forecast sets its
 * {@code stock_site.forecast_on}: the job re-applies every store whose forecast is not of today (the window moved),
 * whatever was posted there meanwhile.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ForecastService {

    private static final Logger LOG = Logger.getLogger(ForecastService.class);

    /** The cause of a StockChanged a forecast change made. */
    public static final String CAUSE = "FORECAST";

    private final EntityManager em;
    private final Ledger ledger;
    private final SuppliesConfig config;
    private final Clock clock;

    public ForecastService(EntityManager em, Ledger ledger, SuppliesConfig config, Clock clock) {
        this.em = em;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /** One roster event (tolerant reader): the shift is kept, the community's forecast applied. */
    public void onRosterEvent(InboundEvent event) {
        String name = event.name();
        if (!"ShiftPublished".equals(name) && !"ShiftStaffingChanged".equals(name)) {
            return; // other roster facts say nothing about consumption
        }
        JsonNode d = event.data();
        UUID shiftId = uuid(d, "shiftId");
        String community = text(d, "communityCode");
        String duty = text(d, "dutyCode");
        OffsetDateTime start = time(d, "startAt");
        OffsetDateTime end = time(d, "endAt");
        int required = d.path("required").asInt(-1);
        if (required < 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " has no valid 'required'");
        }
        OffsetDateTime version = event.time() != null ? event.time() : OffsetDateTime.now(clock);
        // upsert, the newest version of a shift wins (an older event redelivered late changes nothing)
        int changed = em.createNativeQuery("""
                insert into planned_shift (shift_id, community_code, duty_code, start_at, end_at, required, updated_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                on conflict (shift_id) do update set community_code = excluded.community_code,
                    duty_code = excluded.duty_code, start_at = excluded.start_at, end_at = excluded.end_at,
                    required = excluded.required, updated_at = excluded.updated_at
                where planned_shift.updated_at <= excluded.updated_at""")
                .setParameter(1, shiftId).setParameter(2, community).setParameter(3, duty).setParameter(4, start)
                .setParameter(5, end).setParameter(6, required).setParameter(7, version).executeUpdate();
        if (changed > 0) {
            applyToCommunity(community);
        }
    }

    /** Applies the current forecast of a community to its store (nothing when it has none yet). */
    public void applyToCommunity(String communityCode) {
        StockSite store = StockSite.find("areaCode = ?1 and kind = ?2", communityCode, StockSite.Kind.COMMUNITY_STORE)
                .firstResult();
        if (store != null) {
            apply(store);
        }
    }

    /** A store just registered: the shifts already planned in its community apply at once. */
    public void applyToNewStore(StockSite store) {
        if (store.kind == StockSite.Kind.COMMUNITY_STORE) {
            em.flush(); // the stock rows reference the new site
            apply(store);
        }
    }

    /**
     * A usage norm changed: the stores of every community with a shift of that duty in the window are marked as
     * due ({@code forecast_on} cleared), to be applied again page by page ({@link CoverService#forecastPage}).
     * Returns how many stores were marked.
     */
    public int markDuty(String dutyCode) {
        LocalDate today = LocalDate.now(clock);
        return em.createNativeQuery("""
                update stock_site set forecast_on = null where id in (
                    select t.id from stock_site t
                    where t.kind = 'COMMUNITY_STORE' and t.area_code in (
                        select community_code from planned_shift
                        where duty_code = ?1 and start_at >= ?2 and start_at < ?3)
                    order by t.id for update)""")
                .setParameter(1, dutyCode).setParameter(2, startOf(today))
                .setParameter(3, startOf(today.plusDays(config.cover().forecastDays()))).executeUpdate();
    }

    /**
     * Up to {@code limit} stores whose forecast is due — not applied today ({@code forecast_on} null or before
     * today) while they have a shift in the window or a forecast above 0 still to drop — locked
     * ({@code for update skip locked}: a store another transaction is applying is left to it), in id order.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> storesDue(int limit) {
        LocalDate today = LocalDate.now(clock);
        return em.createNativeQuery("""
                select t.id from stock_site t
                where t.kind = 'COMMUNITY_STORE' and (t.forecast_on is null or t.forecast_on < ?1)
                  and (exists (select 1 from planned_shift s where s.community_code = t.area_code
                                 and s.start_at >= ?2 and s.start_at < ?3 and s.required > 0)
                       or exists (select 1 from stock k where k.site_id = t.id and k.forecast_rate > 0))
                order by t.id limit ?4
                for update of t skip locked""")
                .setParameter(1, today).setParameter(2, startOf(today))
                .setParameter(3, startOf(today.plusDays(config.cover().forecastDays()))).setParameter(4, limit)
                .getResultList();
    }

    /**
     * The store's forecast rates now, then each applied through the ledger; items whose forecast fell to nothing
     * get 0. The stock rows are locked first, all together, through {@link Ledger#lockAll} (the one lock order).
     * Marks the store's {@code forecast_on} today — first, so the store's row is locked before its stock rows.
     */
    public void apply(StockSite store) {
        // the store's row first, then its stock rows: the order the job's forecast page locks in too (no deadlock
        // between the job and a roster event applying the same store)
        em.createNativeQuery("update stock_site set forecast_on = ?1 where id = ?2")
                .setParameter(1, LocalDate.now(clock)).setParameter(2, store.id).executeUpdate();
        Map<String, BigDecimal> rates = rates(store);
        @SuppressWarnings("unchecked")
        List<String> stale = em.createNativeQuery(
                "select item_code from stock where site_id = ?1 and forecast_rate > 0")
                .setParameter(1, store.id).getResultList();
        for (String item : stale) {
            rates.putIfAbsent(item, BigDecimal.ZERO);
        }
        Map<String, Item> items = new TreeMap<>();
        rates.keySet().forEach(code -> items.put(code, Item.findById(code)));
        // every item here has a forecast above 0 or a stock row already: lockAll creates no empty rows needlessly
        ledger.lockAll(items.values().stream().map(item -> new Ledger.StockRef(store, item)).toList());
        rates.forEach((itemCode, rate) -> ledger.reevaluate(store, items.get(itemCode), rate, CAUSE));
        LOG.debugf("forecast of store %s (%s): %s", store.id, store.areaCode, rates);
    }

    /** Item → forecast rate (units a day, 3 decimals) of a store's community, for the items with a norm in use. */
    public Map<String, BigDecimal> rates(StockSite store) {
        LocalDate today = LocalDate.now(clock);
        int days = config.cover().forecastDays();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select n.item_code, sum(s.required * n.per_shift)
                from planned_shift s join usage_norm n on n.duty_code = s.duty_code
                where s.community_code = ?1 and s.start_at >= ?2 and s.start_at < ?3 and s.required > 0
                group by n.item_code""")
                .setParameter(1, store.areaCode).setParameter(2, startOf(today))
                .setParameter(3, startOf(today.plusDays(days))).getResultList();
        Map<String, BigDecimal> rates = new TreeMap<>();
        for (Object[] r : rows) {
            BigDecimal units = r[1] instanceof BigDecimal b ? b : new BigDecimal(r[1].toString());
            rates.put((String) r[0], units.divide(BigDecimal.valueOf(days), 3, RoundingMode.HALF_UP));
        }
        return rates;
    }

    /** One screening event (tolerant reader): the people in quarantine now, per community, for allocation. */
    public void onScreeningEvent(InboundEvent event) {
        JsonNode d = event.data();
        switch (event.name()) {
            case "QuarantineStarted" -> {
                JsonNode start = d.path("startDate");
                LocalDate started = start.isTextual() ? LocalDate.parse(start.asText())
                        : LocalDate.now(clock);
                em.createNativeQuery("""
                        insert into active_quarantine (quarantine_id, community_code, started_on) values (?1, ?2, ?3)
                        on conflict (quarantine_id) do nothing""")
                        .setParameter(1, uuid(d, "quarantineId")).setParameter(2, text(d, "communityCode"))
                        .setParameter(3, started).executeUpdate();
            }
            case "QuarantineEnded" -> em.createNativeQuery("delete from active_quarantine where quarantine_id = ?1")
                    .setParameter(1, uuid(d, "quarantineId")).executeUpdate();
            default -> {
                // other screening facts are not needed here
            }
        }
    }

    /**
     * Stores a usage norm (its own short transaction) and marks the stores it touches as due; returns whether it
     * was new. {@link UsageNormService} then applies them page by page.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean putNorm(String dutyCode, String itemCode, BigDecimal perShift, String by) {
        if (Item.findById(itemCode) == null) {
            throw ProblemException.notFound("Item", itemCode);
        }
        UsageNorm norm = UsageNorm.findById(new UsageNorm.Key(dutyCode, itemCode));
        boolean created = norm == null;
        if (created) {
            norm = new UsageNorm();
            norm.id = new UsageNorm.Key(dutyCode, itemCode);
        }
        norm.perShift = perShift;
        norm.updatedBy = by;
        norm.updatedAt = OffsetDateTime.now(clock);
        norm.persist();
        em.flush();
        markDuty(dutyCode);
        return created;
    }

    /** Deletes a usage norm (404 if there is none) and marks the stores it touched as due. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deleteNorm(String dutyCode, String itemCode) {
        UsageNorm norm = UsageNorm.findById(new UsageNorm.Key(dutyCode, itemCode));
        if (norm == null) {
            throw ProblemException.notFound("Usage norm", dutyCode + "/" + itemCode);
        }
        norm.delete();
        em.flush();
        markDuty(dutyCode);
    }

    private OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(clock.getZone()).toOffsetDateTime();
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new PoisonMessageException("event data has no '" + field + "'");
        }
        return v.asText();
    }

    private static UUID uuid(JsonNode data, String field) {
        try {
            return UUID.fromString(text(data, field));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("'" + field + "' is not a UUID");
        }
    }

    private static OffsetDateTime time(JsonNode data, String field) {
        try {
            return OffsetDateTime.parse(text(data, field));
        } catch (RuntimeException e) {
            throw new PoisonMessageException("'" + field + "' is not an RFC 3339 time");
        }
    }
}
