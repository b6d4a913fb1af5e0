package org.frontline.alert.service;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.alert.Population;

@ApplicationScoped
@Transactional
public class PopulationService {

    private final EntityManager em;
    private final Clock clock;

    public PopulationService(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Sets the residents of a community (an upsert: two officers at once both succeed, the later one stands). */
    public Population set(String communityCode, int residents, String by) {
        em.createNativeQuery("""
                insert into population (community_code, residents, updated_by, updated_at) values (?1, ?2, ?3, ?4)
                on conflict (community_code) do update set residents = excluded.residents,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """).setParameter(1, communityCode).setParameter(2, residents).setParameter(3, by)
                .setParameter(4, OffsetDateTime.now(clock)).executeUpdate();
        Population p = Population.findById(communityCode);
        em.refresh(p);
        return p;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Integer residents(String communityCode) {
        Population p = Population.findById(communityCode);
        return p == null ? null : p.residents;
    }
}
