package org.frontline.gateway.picture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Names of areas: events carry codes only, so a coordinator names them once and the overview, the stream and every
 * report show the names. An area the picture has not seen yet is created with its wider areas, as the projection
 * would create it (the projection's own insert skips an existing row, so the names stay).
 */
@ApplicationScoped
public class AreaNames {

    private final EntityManager em;
    private final KpiReader reader;

    public AreaNames(EntityManager em, KpiReader reader) {
        this.em = em;
        this.reader = reader;
    }

    @Transactional
    public KpiReader.AreaInfo name(String code, String name, String nameEn) {
        // widest first, ascending codes, as the projection inserts areas: no lock-order deadlock with it
        List<String> chain = new ArrayList<>(Areas.selfAndAncestors(code));
        Collections.reverse(chain);
        for (String area : chain) {
            em.createNativeQuery("""
                    insert into area (code, parent, level) values (?1, ?2, ?3) on conflict (code) do nothing
                    """)
                    .setParameter(1, area).setParameter(2, Areas.parent(area)).setParameter(3, Areas.level(area))
                    .executeUpdate();
        }
        em.createNativeQuery("update area set name = ?2, name_en = ?3 where code = ?1")
                .setParameter(1, code).setParameter(2, name).setParameter(3, nameEn).executeUpdate();
        return reader.area(code);
    }
}
