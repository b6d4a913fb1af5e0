package org.frontline.gateway.readapi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.frontline.gateway.picture.Areas;
import org.frontline.platform.testing.TestDatabase;

/**
 * Rows of the projection's tables written directly, exactly as the projection (package A) writes them per the
 * contracts in COMMON.md: the read APIs are tested without the projection. Districts 310131 and 310132 are ours.
 */
final class PictureRows {

    /** The day the fixed figures are on. */
    static final LocalDate D = LocalDate.of(2026, 11, 20);

    private final TestDatabase db;

    PictureRows(TestDatabase db) {
        this.db = db;
    }

    /** An area and all its prefixes, as the projection inserts them; names only on {@code code}. */
    void area(String code, String name, String nameEn) {
        for (String area : Areas.selfAndAncestors(code)) {
            db.execute("insert into area (code, parent, level) values (?, ?, ?) on conflict (code) do nothing", area,
                    Areas.parent(area), Areas.level(area));
        }
        if (name != null || nameEn != null) {
            db.execute("update area set name = ?, name_en = ? where code = ?", name, nameEn, code);
        }
    }

    void kpi(String area, String metric, LocalDate day, String value) {
        db.execute("""
                insert into kpi_day (area_code, metric, day, value) values (?, ?, ?, ?)
                on conflict (area_code, metric, day) do update set value = excluded.value
                """, area, metric, day, value == null ? null : new BigDecimal(value));
    }

    /**
     * The fixed picture of our districts on {@link #D} (communities, and their roll-ups to streets and districts):
     * <pre>
     * screened   310131001001: 5, 310131001002: 7 → 310131001: 12;  310131002001: 3 → 310131002: 3;  310131: 15
     *            310132001001: 9 → 310132001: 9 → 310132: 9
     * inQuarantine (LEVEL, changes)  310131001001 and its chain: D-2 +4, D -1  (D-1: 4, D: 3)
     * lowestDaysOfCover (LOWEST)     310131: D-3 5.00, D+1 2.00
     * openAlertsRed (LEVEL)          310132 and 310132001: D +1
     * </pre>
     */
    void districts() {
        area("310131001001", null, null);
        area("310131001002", null, null);
        area("310131002001", null, null);
        area("310132001001", null, null);
        area("310131001", "长青街道", "Changqing Street");
        area("310131", "东湖区", "Donghu District");
        flow("screened", D, "310131001001", "5");
        flow("screened", D, "310131001002", "7");
        flow("screened", D, "310131002001", "3");
        flow("screened", D, "310132001001", "9");
        for (String a : Areas.selfAndAncestors("310131001001").subList(0, 3)) {
            kpi(a, "inQuarantine", D.minusDays(2), "4");
            kpi(a, "inQuarantine", D, "-1");
        }
        kpi("310131", "lowestDaysOfCover", D.minusDays(3), "5");
        kpi("310131", "lowestDaysOfCover", D.plusDays(1), "2");
        kpi("310132", "openAlertsRed", D, "1");
        kpi("310132001", "openAlertsRed", D, "1");
    }

    /** A FLOW value of a community, rolled up: street and district rows are the sums of what is below them. */
    private void flow(String metric, LocalDate day, String community, String value) {
        kpi(community, metric, day, value);
        for (String a : Areas.selfAndAncestors(community).subList(1, 3)) {
            db.execute("""
                    insert into kpi_day (area_code, metric, day, value)
                    select ?, ?, ?, sum(value) from kpi_day where metric = ? and day = ? and area_code like ?
                      and length(area_code) = 12
                    on conflict (area_code, metric, day) do update set value = excluded.value
                    """, a, metric, day, metric, day, a + "%");
        }
    }

    /** A change as the projection logs it: under advisory lock 1313, so ids commit in order. Returns its id. */
    long change(String area, String kind, LocalDate day, String payload) {
        return ((Number) db.query("""
                with l as (select pg_advisory_xact_lock(1313))
                insert into picture_change (area_code, kind, day, payload) select ?, ?, ?, cast(? as jsonb) from l
                returning id
                """, area, kind, day, payload).get(0).get("id")).longValue();
    }

    /** The state of an alert as the projection keeps it ({@code fact_state} kind ALERT). */
    void alert(String alertId, String area, String level, boolean open, OffsetDateTime raisedAt) {
        db.execute("""
                insert into fact_state (kind, fact_id, area_code, day, at, state) values ('ALERT', ?, ?, ?, ?, cast(? as jsonb))
                on conflict (kind, fact_id) do update set state = excluded.state
                """, alertId, area, raisedAt.toLocalDate(), raisedAt, """
                {"level":"%s","status":"%s","stage":"RESPONSE","title":"Test alert %s","raisedAt":"%s","open":%s,"changedAt":"%s"}
                """.formatted(level, open ? "ACTIVE" : "CLOSED", alertId, raisedAt, open, raisedAt));
    }

    /** Marks the projection as having applied events, unless it already has (the real projection may run too). */
    void projectionApplied(OffsetDateTime newest) {
        db.execute("""
                update projection_state set newest_event_at = coalesce(newest_event_at, ?),
                       last_applied_at = coalesce(last_applied_at, now()), events_applied = greatest(events_applied, 1)
                where id = 1
                """, newest);
    }

    static List<String> keys(List<java.util.Map<String, Object>> rows, String column) {
        return rows.stream().map(r -> String.valueOf(r.get(column))).toList();
    }
}
