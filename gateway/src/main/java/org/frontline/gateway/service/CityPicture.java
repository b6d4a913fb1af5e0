package org.frontline.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;

/**
 * Applies one event to the read model. Called through the inbox, so each event counts once. The subject is the
 * community code, or for a fact about a wider area (a district depot, a district-wide alert) that area's code
 * prefix; such an event counts for the area itself, not for each of its communities.
 */
@ApplicationScoped
public class CityPicture {

    private final EntityManager em;

    public CityPicture(EntityManager em) {
        this.em = em;
    }

    public void apply(InboundEvent event) {
        if (!AreaCodes.isCommunityCode(event.subject()) && !isWiderArea(event.subject())) {
            throw new PoisonMessageException("event " + event.id() + " has neither a community code nor an area "
                    + "code prefix (2, 4, 6 or 9 digits) as subject: " + event.subject());
        }
        em.createNativeQuery("""
                insert into community_activity (area_code, event_type, events, last_event_at)
                values (?1, ?2, 1, ?3)
                on conflict (area_code, event_type) do update
                set events = community_activity.events + 1,
                    last_event_at = greatest(community_activity.last_event_at, excluded.last_event_at)
                """)
                .setParameter(1, event.subject())
                .setParameter(2, event.type())
                .setParameter(3, event.time())
                .executeUpdate();
    }

    private static boolean isWiderArea(String subject) {
        return AreaCodes.isAreaPrefix(subject) && subject.length() < 12;
    }
}
