package org.frontline.alert.plan;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Who carries out a task, from roster-service's teams and duty holders as alert-service last heard of them
 * ({@code roster_team}, {@code roster_person}, kept by the roster directory consumer):
 * <ul>
 * <li>{@code role:<role>}: nobody by name; every user of that role in the area sees the task;</li>
 * <li>{@code team:<x>}: the members of the area's emergency team whose purpose or name is {@code x} (case ignored;
 * of several, the one whose community is the area itself, then by name);</li>
 * <li>{@code duty:<code>}: the active people of the area who hold that duty today (its qualifications valid).</li>
 * </ul>
 * Nobody found leaves the owners empty: the task is then the community workers' of the area, and its log says so.
 */
@ApplicationScoped
public class Owners {

    /** The resolved owners: the team (if a team was named and found) and the person ids. */
    public record Resolved(UUID teamId, UUID[] personIds) {
        public boolean nobody() {
            return personIds.length == 0;
        }
    }

    private final EntityManager em;

    public Owners(EntityManager em) {
        this.em = em;
    }

    public Resolved resolve(String areaCode, String responsible, LocalDate today) {
        int colon = responsible.indexOf(':');
        String kind = responsible.substring(0, colon);
        String value = responsible.substring(colon + 1);
        return switch (kind) {
            case "team" -> team(areaCode, value);
            case "duty" -> duty(areaCode, value, today);
            default -> new Resolved(null, new UUID[0]);
        };
    }

    @SuppressWarnings("unchecked")
    private Resolved team(String areaCode, String value) {
        List<Object[]> rows = em.createNativeQuery("""
                select team_id, member_ids from roster_team
                where community_code like concat(?1, '%') and (lower(purpose) = lower(?2) or lower(team_name) = lower(?2))
                order by (community_code = ?1) desc, team_name, team_id
                limit 1
                """).setParameter(1, areaCode).setParameter(2, value).getResultList();
        if (rows.isEmpty()) {
            return new Resolved(null, new UUID[0]);
        }
        Object[] row = rows.get(0);
        return new Resolved((UUID) row[0], uuids(row[1]));
    }

    /** A native uuid[] column as Hibernate hands it over (UUID[], Object[] or a JDBC array). */
    public static UUID[] uuids(Object value) {
        try {
            Object v = value instanceof java.sql.Array a ? a.getArray() : value;
            if (v == null) {
                return new UUID[0];
            }
            Object[] items = (Object[]) v;
            UUID[] out = new UUID[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = items[i] instanceof UUID u ? u : UUID.fromString(items[i].toString());
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read a uuid[] column", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Resolved duty(String areaCode, String dutyCode, LocalDate today) {
        List<UUID> ids = em.createNativeQuery("""
                select p.person_id from roster_person p
                where p.community_code like concat(?1, '%') and p.active
                  and exists (select 1 from jsonb_array_elements(p.duties) d
                              where d ->> 'dutyCode' = ?2
                                and (d ->> 'validUntil' is null or cast(d ->> 'validUntil' as date) >= ?3))
                order by p.person_id
                """).setParameter(1, areaCode).setParameter(2, dutyCode).setParameter(3, today).getResultList();
        return new Resolved(null, ids.toArray(UUID[]::new));
    }
}
