package org.frontline.screening.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
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

import org.frontline.screening.Campaign;
import org.frontline.screening.Household;
import org.frontline.screening.Quarantine;
import org.frontline.screening.Resident;
import org.frontline.screening.config.ScreeningConfig;
import org.hibernate.jpa.HibernateHints;

/**
 * A community's work for today, for the field app to cache and use offline: its open door-to-door campaign with the
 * households not reached yet, its households with their residents, and the quarantine periods that still need
 * today's check-in. A fixed number of statements whatever the size of the community (no query per household).
 */
@ApplicationScoped
public class WorklistService {

    /**
     * The newest open campaign, its coverage, the target households not reached yet, and all its targets (a
     * household registered after the campaign opened is none: a visit to it would be refused).
     */
    public record OpenCampaign(Campaign campaign, CampaignService.Coverage coverage, List<UUID> unreachedHouseholdIds,
            java.util.Set<UUID> targetHouseholdIds) {
    }

    /** A period due for today's check-in; {@code lastDay}: today is its planned end (the exit check). */
    public record QuarantineDue(UUID id, UUID residentId, UUID householdId, Quarantine.Kind kind, LocalDate startDate,
            LocalDate plannedEndDate, boolean lastDay, OffsetDateTime lastCheckInAt) {
    }

    public record Worklist(String community, LocalDate day, OffsetDateTime generatedAt, OpenCampaign campaign,
            List<Household> households, Map<UUID, List<Resident>> residents, long totalHouseholds, boolean truncated,
            List<QuarantineDue> quarantinesDue) {
    }

    private final EntityManager em;
    private final CampaignService campaigns;
    private final ScreeningConfig config;
    private final Clock clock;

    public WorklistService(EntityManager em, CampaignService campaigns, ScreeningConfig config, Clock clock) {
        this.em = em;
        this.campaigns = campaigns;
        this.config = config;
        this.clock = clock;
    }

    /** The work of {@code community} today; the caller has checked the community is in its area. */
    @Transactional
    public Worklist today(String community) {
        LocalDate today = LocalDate.now(clock);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int max = config.worklist().maxHouseholds();

        List<Household> households = em.createQuery("""
                select h from Household h where h.communityCode = :community
                order by h.grid nulls first, h.building nulls first, h.unit nulls first, h.room nulls first, h.id
                """, Household.class)
                .setParameter("community", community).setMaxResults(max + 1)
                .setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
        boolean truncated = households.size() > max;
        long total = households.size();
        if (truncated) {
            households = households.subList(0, max);
            total = em.createQuery("select count(h) from Household h where h.communityCode = :community", Long.class)
                    .setParameter("community", community).getSingleResult();
        }

        // one statement for all residents of the community (not one per household), ordered as the app lists them
        Map<UUID, List<Resident>> residents = new HashMap<>();
        em.createQuery("select r from Resident r where r.communityCode = :community order by r.householdId, r.name, r.id",
                Resident.class)
                .setParameter("community", community).setHint(HibernateHints.HINT_READ_ONLY, true).getResultList()
                .forEach(r -> residents.computeIfAbsent(r.householdId, k -> new ArrayList<>()).add(r));

        OpenCampaign open = em.createQuery("""
                select c from Campaign c where c.communityCode = :community and c.status = :open
                order by c.createdAt desc, c.id desc
                """, Campaign.class)
                .setParameter("community", community).setParameter("open", Campaign.Status.OPEN).setMaxResults(1)
                .getResultStream().findFirst()
                .map(c -> new OpenCampaign(c, campaigns.coverage(c.id), campaigns.unreachedIds(c.id), targets(c.id)))
                .orElse(null);

        return new Worklist(community, today, now, open, households, residents, total, truncated,
                quarantinesDue(community, today));
    }

    @SuppressWarnings("unchecked")
    private java.util.Set<UUID> targets(UUID campaignId) {
        return new java.util.HashSet<UUID>(em.createNativeQuery(
                "select household_id from campaign_target where campaign_id = ?1").setParameter(1, campaignId)
                .getResultList());
    }

    /**
     * Periods of the community whose days include today and that have no check-in for today yet: the active ones,
     * and one the scan completed today (its planned end day still takes the exit check).
     */
    private List<QuarantineDue> quarantinesDue(String community, LocalDate today) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            List<QuarantineDue> due = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    select q.id, q.resident_id, r.household_id, q.kind, q.start_date, q.planned_end_date,
                        (select max(ci.checked_in_at) from quarantine_check_in ci where ci.quarantine_id = q.id)
                    from quarantine q join resident r on r.id = q.resident_id
                    where q.community_code = ? and q.start_date <= ? and q.planned_end_date >= ?
                      and (q.status = 'ACTIVE' or q.end_reason = 'COMPLETED')
                      and not exists (select 1 from quarantine_check_in ci where ci.quarantine_id = q.id and ci.day = ?)
                    order by q.start_date, q.id
                    """)) {
                st.setString(1, community);
                st.setObject(2, today);
                st.setObject(3, today);
                st.setObject(4, today);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        LocalDate end = rs.getObject(6, LocalDate.class);
                        due.add(new QuarantineDue(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class), Quarantine.Kind.valueOf(rs.getString(4)),
                                rs.getObject(5, LocalDate.class), end, end.equals(today),
                                rs.getObject(7, OffsetDateTime.class)));
                    }
                }
            }
            return due;
        });
    }
}
