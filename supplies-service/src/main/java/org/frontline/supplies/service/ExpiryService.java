package org.frontline.supplies.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.jobs.ClusterJob;
import org.frontline.platform.security.ScopeFilter;
import org.frontline.supplies.config.SuppliesConfig;
import org.frontline.supplies.events.StockEvents.LotExpiring;
import org.frontline.supplies.events.SuppliesTopics;

import io.quarkus.scheduler.Scheduled;

/**
 * Lots with stock on hand that expire within the notice period ({@code supplies.expiry.notice}; lots already
 * expired included): listed per area, and announced once per lot ({@code LotExpiring}) by a scan that runs once
 * across replicas and marks each lot it announces ({@code stock_lot.expiry_announced_at}) with a conditional update.
 */
@ApplicationScoped
public class ExpiryService {

    /** A lot expiring soon at a site. {@code daysLeft} from today (negative: already expired). */
    public record ExpiringLot(UUID siteId, String areaCode, String siteName, String itemCode, String lotCode,
            LocalDate expiresOn, long daysLeft, long onHand, OffsetDateTime announcedAt) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final SuppliesConfig config;
    private final Clock clock;
    private final ClusterJob jobs;

    public ExpiryService(EntityManager em, Outbox outbox, SuppliesConfig config, Clock clock, ClusterJob jobs) {
        this.em = em;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.jobs = jobs;
    }

    public long defaultDays() {
        return config.expiry().notice().toDays();
    }

    /** Lots in the scope (a filter on {@code s.areaCode}, the site's area) expiring by today + withinDays, the earliest first. */
    @Transactional
    public List<ExpiringLot> expiring(ScopeFilter filter, long withinDays) {
        LocalDate today = LocalDate.now(clock);
        var query = em.createQuery("""
                select l, s from StockLot l, StockSite s
                where s.id = l.id.siteId and l.onHand > 0 and l.expiresOn is not null and l.expiresOn <= :until
                  and """ + filter.query() + """
                 order by l.expiresOn, s.areaCode, l.id.itemCode, l.id.lotCode""", Object[].class)
                .setParameter("until", today.plusDays(withinDays)).setMaxResults(1000);
        filter.params().forEach(query::setParameter);
        List<Object[]> rows = query.getResultList();
        List<ExpiringLot> result = new ArrayList<>();
        for (Object[] row : rows) {
            var l = (org.frontline.supplies.StockLot) row[0];
            var s = (org.frontline.supplies.StockSite) row[1];
            result.add(new ExpiringLot(s.id, s.areaCode, s.name, l.id.itemCode(), l.lotCode(), l.expiresOn,
                    java.time.temporal.ChronoUnit.DAYS.between(today, l.expiresOn), l.onHand, l.expiryAnnouncedAt));
        }
        return result;
    }

    @Scheduled(every = "${supplies.expiry.scan-interval:1h}", delayed = "${supplies.expiry.scan-delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        jobs.runOnce("supplies.expiry-scan", this::scan);
    }

    /**
     * Announces every lot with stock expiring within the notice that was not announced yet; returns how many.
     * The mark is a conditional update, so a scan right after another replica's finds nothing more to announce.
     */
    @Transactional
    public int scan() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate until = LocalDate.now(clock).plusDays(defaultDays());
        em.flush();
        List<Object[]> rows = em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            List<Object[]> out = new ArrayList<>();
            try (var st = c.prepareStatement("""
                    update stock_lot l set expiry_announced_at = ?
                    from stock s
                    where s.site_id = l.site_id and s.item_code = l.item_code
                      and l.on_hand > 0 and l.expires_on is not null and l.expires_on <= ?
                      and l.expiry_announced_at is null
                    returning l.site_id, s.area_code, l.item_code, l.lot_code, l.expires_on, l.on_hand""")) {
                st.setObject(1, now);
                st.setObject(2, until);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getObject(5, LocalDate.class), rs.getLong(6)});
                    }
                }
            }
            return out;
        });
        rows.sort(java.util.Comparator.comparing((Object[] r) -> (LocalDate) r[4]).thenComparing(r -> (String) r[3]));
        for (Object[] r : rows) {
            outbox.record(SuppliesTopics.EVENTS, new LotExpiring((UUID) r[0], (String) r[1], (String) r[2],
                    (String) r[3], (LocalDate) r[4], (long) (Long) r[5], now));
        }
        return rows.size();
    }
}
