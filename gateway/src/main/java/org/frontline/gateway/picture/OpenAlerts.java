package org.frontline.gateway.picture;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The open alerts of an area from the projection's alert state ({@code fact_state} kind ALERT): the alerts inside the
 * area and those of a wider area that apply to it (a district-wide alert is open for each of its communities), as
 * {@code AreaScope.coversOrApplies} reads a wider area's record.
 */
@ApplicationScoped
public class OpenAlerts {

    public record OpenAlert(String alertId, String areaCode, String level, String status, String stage, String title,
            OffsetDateTime raisedAt, long ageMinutes) {
    }

    private final EntityManager em;
    private final Clock clock;

    public OpenAlerts(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Open alerts inside or applying to any of {@code areas}, newest first. */
    public List<OpenAlert> of(Collection<String> areas) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select fact_id, area_code, state->>'level', state->>'status', state->>'stage', state->>'title',
                       cast(state->>'raisedAt' as timestamptz) as raised
                from fact_state f
                where kind = 'ALERT' and state->>'open' = 'true'
                  and exists (select 1 from unnest(cast(?1 as varchar[])) a(code)
                              where f.area_code like a.code || '%' or a.code like f.area_code || '%')
                order by raised desc nulls last, fact_id
                """)
                .setParameter(1, areas.toArray(String[]::new))
                .getResultList();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return rows.stream().map(row -> {
            OffsetDateTime raised = time(row[6]);
            long age = raised == null ? 0 : Math.max(0, Duration.between(raised, now).toMinutes());
            return new OpenAlert((String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                    (String) row[5], raised, age);
        }).toList();
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        return null;
    }
}
