package org.frontline.screening.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.frontline.platform.security.ScopeFilter;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.ResidentNotice;
import org.frontline.screening.messaging.PlanRequests.NoticePublished;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Notices to residents (README "Notices to residents"): our copy of alert-service's notices, the residents'
 * confirmations that they read one, and who in an area has not confirmed yet.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ResidentNoticeService {

    /** The area lengths a notice may have: a community's code and its 2, 4, 6 and 9 digit prefixes. */
    private static final int[] AREA_LENGTHS = {2, 4, 6, 9, 12};

    private final EntityManager em;
    private final Clock clock;

    public ResidentNoticeService(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Stores the notice, or replaces our copy with a later one of the same noticeId. */
    @Transactional
    public void store(NoticePublished n) {
        em.createNativeQuery("""
                insert into resident_notice (id, area_code, alert_id, headline_zh, headline_en, what_happened_zh,
                  what_happened_en, what_to_do_zh, what_to_do_en, where_to_get_help_zh, where_to_get_help_en,
                  published_at, expires_at, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                on conflict (id) do update set area_code = excluded.area_code, alert_id = excluded.alert_id,
                  headline_zh = excluded.headline_zh, headline_en = excluded.headline_en,
                  what_happened_zh = excluded.what_happened_zh, what_happened_en = excluded.what_happened_en,
                  what_to_do_zh = excluded.what_to_do_zh, what_to_do_en = excluded.what_to_do_en,
                  where_to_get_help_zh = excluded.where_to_get_help_zh, where_to_get_help_en = excluded.where_to_get_help_en,
                  published_at = excluded.published_at, expires_at = excluded.expires_at, received_at = excluded.received_at
                """).setParameter(1, n.noticeId()).setParameter(2, n.communityCode()).setParameter(3, n.alertId())
                .setParameter(4, n.headlineZh()).setParameter(5, n.headlineEn()).setParameter(6, n.whatHappenedZh())
                .setParameter(7, n.whatHappenedEn()).setParameter(8, n.whatToDoZh()).setParameter(9, n.whatToDoEn())
                .setParameter(10, n.whereToGetHelpZh()).setParameter(11, n.whereToGetHelpEn())
                .setParameter(12, n.publishedAt()).setParameter(13, n.expiresAt())
                .setParameter(14, OffsetDateTime.now(clock)).executeUpdate();
    }

    /** The areas that cover a community: the community itself and each of its prefixes. */
    static List<String> areasCovering(String communityCode) {
        List<String> areas = new ArrayList<>();
        for (int length : AREA_LENGTHS) {
            if (communityCode.length() >= length) {
                areas.add(communityCode.substring(0, length));
            }
        }
        return areas;
    }

    /** A notice with the resident's confirmation (null until they confirm). */
    public record ForResident(ResidentNotice notice, OffsetDateTime readAt) {
    }

    public record ResidentPage(List<ForResident> items, long total) {
    }

    /** The notices for the resident's community that have not expired, newest first then by id. */
    @SuppressWarnings("unchecked")
    public ResidentPage forResident(Resident resident, int page, int size) {
        var query = ResidentNotice.<ResidentNotice>find("areaCode in ?1 and (expiresAt is null or expiresAt > ?2)",
                Sort.descending("publishedAt").and("id"), areasCovering(resident.communityCode),
                OffsetDateTime.now(clock)).page(Page.of(page, size));
        List<ResidentNotice> notices = query.list();
        Map<UUID, OffsetDateTime> reads = new HashMap<>();
        if (!notices.isEmpty()) {
            List<Object[]> rows = em.createNativeQuery(
                    "select notice_id, read_at from resident_notice_read where resident_id = ?1 and notice_id in (?2)")
                    .setParameter(1, resident.id).setParameter(2, notices.stream().map(n -> n.id).toList())
                    .getResultList();
            rows.forEach(r -> reads.put((UUID) r[0], time(r[1])));
        }
        return new ResidentPage(notices.stream().map(n -> new ForResident(n, reads.get(n.id))).toList(), query.count());
    }

    /** The notice if it is for the resident's community (expired or not); empty for one elsewhere or unknown. */
    public Optional<ResidentNotice> forResident(Resident resident, UUID noticeId) {
        ResidentNotice notice = ResidentNotice.findById(noticeId);
        return notice != null && resident.communityCode.startsWith(notice.areaCode) ? Optional.of(notice)
                : Optional.empty();
    }

    /** When the resident confirmed reading the notice; null if they have not. */
    public OffsetDateTime readAt(Resident resident, ResidentNotice notice) {
        java.util.List<?> found = em.createNativeQuery(
                "select read_at from resident_notice_read where notice_id = ?1 and resident_id = ?2")
                .setParameter(1, notice.id).setParameter(2, resident.id).getResultList();
        return found.isEmpty() ? null : time(found.get(0));
    }

    /**
     * Records that the resident read the notice, once: a second confirmation (or two at once) keeps the first time.
     * Returns the time of the confirmation that counts.
     */
    @Transactional
    public OffsetDateTime confirm(Resident resident, ResidentNotice notice) {
        em.createNativeQuery("""
                insert into resident_notice_read (notice_id, resident_id, read_at) values (?1, ?2, ?3)
                on conflict (notice_id, resident_id) do nothing
                """).setParameter(1, notice.id).setParameter(2, resident.id).setParameter(3, OffsetDateTime.now(clock))
                .executeUpdate();
        return readAt(resident, notice); // this confirmation's time, or the earlier one's
    }

    /** How many residents (in the notice's area and the caller's scope) have confirmed, and how many not. */
    public record Status(long residents, long confirmed) {
        public long notConfirmed() {
            return residents - confirmed;
        }
    }

    /**
     * {@code scope}: the caller's scope (narrowed to the requested area) as a condition on {@code r.community_code},
     * from {@code AreaScope.filter("r.community_code", area)}.
     */
    public Status status(ResidentNotice notice, ScopeFilter scope) {
        Object[] row = (Object[]) bind(em.createNativeQuery("""
                select count(*), count(rd.resident_id) from resident r
                left join resident_notice_read rd on rd.resident_id = r.id and rd.notice_id = :notice
                where r.community_code like :noticeArea and\s""" + scope.query()), notice, scope).getSingleResult();
        return new Status(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** One page of residents who have not confirmed the notice, with their households and whether they have a login. */
    public record Unread(List<Resident> residents, Map<UUID, Household> households, long total) {
    }

    private static final String UNREAD = """
             from resident r join household h on h.id = r.household_id
            where r.community_code like :noticeArea and (cast(:grid as varchar) is null or h.grid = :grid)
              and not exists (select 1 from resident_notice_read rd where rd.notice_id = :notice and rd.resident_id = r.id)
              and\s""";

    /**
     * The residents (in the notice's area and the caller's scope, optionally one grid) who have not confirmed, ordered
     * by grid, building, unit, room, resident id (missing parts first), so paging neither repeats nor skips one.
     */
    @SuppressWarnings("unchecked")
    public Unread unread(ResidentNotice notice, ScopeFilter scope, String grid, int page, int size) {
        long total = ((Number) bind(em.createNativeQuery("select count(*)" + UNREAD + scope.query()), notice, scope)
                .setParameter("grid", grid).getSingleResult()).longValue();
        List<UUID> ids = bind(em.createNativeQuery("select r.id" + UNREAD + scope.query()
                + " order by h.grid nulls first, h.building nulls first, h.unit nulls first, h.room nulls first, r.id"
                + " offset :offset limit :limit"), notice, scope).setParameter("grid", grid)
                .setParameter("offset", (long) page * size).setParameter("limit", size).getResultList();
        if (ids.isEmpty()) {
            return new Unread(List.of(), Map.of(), total);
        }
        Map<UUID, Resident> residents = new HashMap<>();
        Resident.<Resident>list("id in ?1", ids).forEach(r -> residents.put(r.id, r));
        Map<UUID, Household> households = new HashMap<>();
        Household.<Household>list("id in ?1", residents.values().stream().map(r -> r.householdId).distinct().toList())
                .forEach(h -> households.put(h.id, h));
        return new Unread(ids.stream().map(residents::get).toList(), households, total);
    }

    private static Query bind(Query query, ResidentNotice notice, ScopeFilter scope) {
        query.setParameter("notice", notice.id).setParameter("noticeArea", notice.areaCode + "%");
        scope.params().forEach(query::setParameter);
        return query;
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
