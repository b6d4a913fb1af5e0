package org.frontline.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;

/** Applies one event to the read model. Called through the inbox, so each event counts once. */
@ApplicationScoped
public class CityPicture {

    private final EntityManager em;

    public CityPicture(EntityManager em) {
        this.em = em;
    }

    public void apply(InboundEvent event) {
        if (!AreaCodes.isCommunityCode(event.subject())) {
            throw new PoisonMessageException("event " + event.id() + " has no community code as subject");
        }
        em.createNativeQuery("""
                insert into community_activity (community_code, event_type, events, last_event_at)
                values (?1, ?2, 1, ?3)
                on conflict (community_code, event_type) do update
                set events = community_activity.events + 1,
                    last_event_at = greatest(community_activity.last_event_at, excluded.last_event_at)
                """)
                .setParameter(1, event.subject())
                .setParameter(2, event.type())
                .setParameter(3, event.time())
                .executeUpdate();
    }
}
