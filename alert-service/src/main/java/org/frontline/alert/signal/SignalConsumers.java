package org.frontline.alert.signal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;

/**
 * The effects of the consumed events on the daily series, in the inbox's transaction. Days are city dates of when
 * the fact happened (screenedAt, sampledAt, startDate, the missed day, the shift's start, the crossing), never of
 * arrival. Every change of {@code signal_day} goes through {@link SignalStore}; the state kept besides it (V3) makes
 * corrections, retractions, restaffing and stock crossings order-tolerant and exactly once. Each effect adds the
 * series days it touched to {@code touched}, for {@link SignalsChanged}.
 */
@ApplicationScoped
public class SignalConsumers {

    /** The event types of each topic the signals read; everything else is skipped unparsed (no inbox row). */
    public static final Set<String> SCREENING_TYPES = types("screening", "FeverDetected", "ScreeningCorrected",
            "ScreeningRetracted", "PositiveTestReported", "TestResultCorrected", "TestResultRetracted",
            "QuarantineStarted", "QuarantineCheckInMissed", "QuarantineCheckInRecovered");
    public static final Set<String> ROSTER_TYPES = types("roster", "ShiftStaffingChanged");
    public static final Set<String> SUPPLIES_TYPES = types("supplies", "StockLevelCrossed");

    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();

    private final EntityManager em;
    private final SignalStore store;
    private final ZoneId zone;

    public SignalConsumers(EntityManager em, SignalStore store, Clock clock) {
        this.em = em;
        this.store = store;
        this.zone = clock.getZone();
    }

    private static Set<String> types(String service, String... names) {
        return java.util.Arrays.stream(names).map(n -> "frontline." + service + "." + n + ".v1")
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** One screening event ({@link #onScreeningBatch} of one). */
    public void onScreening(InboundEvent event, Set<SignalsChanged.Change> touched) {
        onScreeningBatch(List.of(event), touched);
    }

    /**
     * A batch's new screening events, in order, with few statements: runs of first reports (FeverDetected,
     * PositiveTestReported) go to {@code signal_fact} in one statement each, a correction or retraction one by one
     * (after the reports before it), and the series changes of the whole batch in one {@link SignalStore#addAll}.
     */
    public void onScreeningBatch(List<InboundEvent> events, Set<SignalsChanged.Change> touched) {
        Map<SignalsChanged.Change, BigDecimal> deltas = new LinkedHashMap<>();
        List<Reported> reports = new ArrayList<>();
        for (InboundEvent event : events) {
            JsonNode d = event.data();
            switch (event.name()) {
                case "FeverDetected" -> reports.add(new Reported(Signal.FEVER_SCREENINGS, uuid(d, "screeningId"),
                        community(d), day(time(d, "screenedAt"))));
                case "PositiveTestReported" -> reports.add(new Reported(Signal.POSITIVE_TESTS, uuid(d, "testResultId"),
                        community(d), day(time(d, "sampledAt"))));
                default -> {
                    reported(reports, deltas); // the reports before it first: a correction may follow its report
                    onScreeningChange(event, deltas);
                }
            }
        }
        reported(reports, deltas);
        deltas.values().removeIf(v -> v.signum() == 0);
        store.addAll(deltas);
        touched.addAll(deltas.keySet());
    }

    /** A first report of a fact (revision 1). */
    private record Reported(Signal signal, UUID id, String community, LocalDate day) {
    }

    /**
     * First reports count unless the fact is held already: any held revision is at least 1, so a report after its
     * correction or retraction (or a repeat) changes nothing. One statement for the run; the run is emptied.
     */
    private void reported(List<Reported> reports, Map<SignalsChanged.Change, BigDecimal> deltas) {
        if (reports.isEmpty()) {
            return;
        }
        Map<String, Reported> byKey = new LinkedHashMap<>();
        for (Reported r : reports) {
            byKey.putIfAbsent(r.signal().name() + "/" + r.id(), r);
        }
        Collection<Reported> distinct = byKey.values();
        @SuppressWarnings("unchecked")
        List<Object[]> counted = em.createNativeQuery("""
                insert into signal_fact (signal, fact_id, area_code, day, counted, revision)
                select t.signal, cast(t.id as uuid), t.area, cast(t.day as date), true, 1
                from unnest(string_to_array(?1, ','), string_to_array(?2, ','), string_to_array(?3, ','),
                            string_to_array(?4, ',')) as t(signal, id, area, day)
                on conflict (signal, fact_id) do nothing
                returning signal, fact_id
                """).setParameter(1, joined(distinct, r -> r.signal().name()))
                .setParameter(2, joined(distinct, r -> r.id().toString()))
                .setParameter(3, joined(distinct, Reported::community))
                .setParameter(4, joined(distinct, r -> r.day().toString())).getResultList();
        for (Object[] row : counted) {
            Reported r = byKey.get(row[0] + "/" + row[1]);
            delta(deltas, r.signal(), r.community(), r.day(), ONE);
        }
        reports.clear();
    }

    private static <T> String joined(Collection<T> values, java.util.function.Function<T, String> value) {
        return values.stream().map(value).collect(java.util.stream.Collectors.joining(","));
    }

    private void onScreeningChange(InboundEvent event, Map<SignalsChanged.Change, BigDecimal> deltas) {
        JsonNode d = event.data();
        switch (event.name()) {
            case "ScreeningCorrected" -> fact(Signal.FEVER_SCREENINGS, uuid(d, "screeningId"), community(d),
                    day(time(d, "screenedAt")), bool(d, "fever"), revision(d), deltas);
            case "ScreeningRetracted" -> fact(Signal.FEVER_SCREENINGS, uuid(d, "screeningId"), community(d),
                    day(time(d, "screenedAt")), false, revision(d), deltas);
            case "TestResultCorrected" -> fact(Signal.POSITIVE_TESTS, uuid(d, "testResultId"), community(d),
                    day(time(d, "sampledAt")), "POSITIVE".equals(text(d, "result")), revision(d), deltas);
            case "TestResultRetracted" -> fact(Signal.POSITIVE_TESTS, uuid(d, "testResultId"), community(d),
                    day(time(d, "sampledAt")), false, revision(d), deltas);
            case "QuarantineStarted" -> delta(deltas, Signal.NEW_QUARANTINES, community(d), date(d, "startDate"), ONE);
            // a fact per (quarantineId, day): Missed counts it (revision 1), Recovered withdraws it for good
            // (revision 2), so either order and any repeat leave the day's count exact and never below 0
            case "QuarantineCheckInMissed" -> fact(Signal.MISSED_CHECK_INS, missedDay(d), community(d),
                    date(d, "day"), true, 1, deltas);
            case "QuarantineCheckInRecovered" -> fact(Signal.MISSED_CHECK_INS, missedDay(d), community(d),
                    date(d, "day"), false, 2, deltas);
            default -> {
                // not a signal's event (the consumer's type filter keeps these out)
            }
        }
    }

    /** The fact id of one quarantine's missed day: a name-based UUID of (quarantineId, day). */
    static UUID missedDay(JsonNode d) {
        return UUID.nameUUIDFromBytes(("missed-check-in/" + uuid(d, "quarantineId") + "/" + date(d, "day"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void delta(Map<SignalsChanged.Change, BigDecimal> deltas, Signal signal, String community,
            LocalDate day, BigDecimal delta) {
        deltas.merge(new SignalsChanged.Change(signal, community, day), delta, BigDecimal::add);
    }

    /** ShiftStaffingChanged: the shift's uncovered hours replace its earlier contribution to its day. */
    public void onRoster(InboundEvent event, Set<SignalsChanged.Change> touched) {
        if (!"ShiftStaffingChanged".equals(event.name())) {
            return; // ShiftPublished carries no staffing: roster announces ShiftStaffingChanged with it
        }
        JsonNode d = event.data();
        UUID shift = uuid(d, "shiftId");
        String community = community(d);
        OffsetDateTime start = time(d, "startAt");
        OffsetDateTime end = time(d, "endAt");
        int required = integer(d, "required");
        int assigned = integer(d, "assigned");
        LocalDate day = day(start);
        BigDecimal hours = BigDecimal.valueOf(Math.max(0, Duration.between(start, end).toMinutes()))
                .divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP);
        BigDecimal uncovered = hours.multiply(BigDecimal.valueOf(Math.max(0, required - assigned)))
                .setScale(2, RoundingMode.HALF_UP);
        Object[] held = single(em.createNativeQuery(
                "select area_code, day, event_time from signal_shift where shift_id = ?1 for update")
                .setParameter(1, shift).getResultList());
        if (held != null && event.time() != null && held[2] != null
                && event.time().toInstant().isBefore(instant(held[2]))) {
            return; // a redelivered older event: the newer staffing stays
        }
        em.createNativeQuery("""
                insert into signal_shift (shift_id, area_code, day, uncovered_hours, event_time)
                values (?1, ?2, ?3, ?4, cast(?5 as timestamptz))
                on conflict (shift_id) do update set area_code = excluded.area_code, day = excluded.day,
                    uncovered_hours = excluded.uncovered_hours, event_time = excluded.event_time
                """).setParameter(1, shift).setParameter(2, community).setParameter(3, day)
                .setParameter(4, uncovered).setParameter(5, event.time()).executeUpdate();
        if (held != null && (!held[0].equals(community) || !localDate(held[1]).equals(day))) {
            uncoveredHours((String) held[0], localDate(held[1]), touched); // the shift moved away from that day
        }
        uncoveredHours(community, day, touched);
    }

    /**
     * StockLevelCrossed at a community store: the community's counts of items below minimum / critical at stock-out.
     * A day's value is the count as of the END of that day, from every crossing known ({@code signal_stock_crossing}):
     * the crossing's own day is written, and so is every later day that has a value of its own (later crossings'
     * days), because a late crossing changes them too; the days between carry forward. So a late crossing never
     * writes today's count onto its old day, and the same crossings in any order give the same series. A repeated
     * crossing (same site, item and time) changes nothing.
     */
    public void onSupplies(InboundEvent event, Set<SignalsChanged.Change> touched) {
        if (!"StockLevelCrossed".equals(event.name())) {
            return;
        }
        JsonNode d = event.data();
        String area = text(d, "areaCode");
        if (!area.matches("\\d{12}")) {
            return; // a depot (district or city prefix): not a community's series
        }
        UUID site = uuid(d, "siteId");
        String item = text(d, "itemCode");
        boolean critical = bool(d, "critical");
        String level = text(d, "to");
        OffsetDateTime crossedAt = time(d, "crossedAt");
        // one community's stock counts are computed by one transaction at a time (two stores of a community may be
        // on two partitions): otherwise each would count without the other's crossing
        em.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "signal_stock/" + area)
                .getSingleResult();
        int added = em.createNativeQuery("""
                insert into signal_stock_crossing (site_id, item_code, crossed_at, area_code, critical, level)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing
                """).setParameter(1, site).setParameter(2, item).setParameter(3, crossedAt).setParameter(4, area)
                .setParameter(5, critical).setParameter(6, level).executeUpdate();
        if (added == 0) {
            return; // this crossing is known already
        }
        // the latest level of the item (kept for readers of the current state)
        em.createNativeQuery("""
                insert into signal_stock (site_id, item_code, area_code, critical, level, crossed_at)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (site_id, item_code) do update set area_code = excluded.area_code,
                    critical = excluded.critical, level = excluded.level, crossed_at = excluded.crossed_at
                    where signal_stock.crossed_at < excluded.crossed_at
                """).setParameter(1, site).setParameter(2, item).setParameter(3, area).setParameter(4, critical)
                .setParameter(5, level).setParameter(6, crossedAt).executeUpdate();
        LocalDate day = day(crossedAt);
        stockCounts(Signal.ITEMS_BELOW_MINIMUM, area, day, touched);
        if (critical) {
            stockCounts(Signal.ITEMS_STOCK_OUT, area, day, touched);
        }
    }

    /** Writes {@code signal}'s count as of the end of {@code day} and of every later day with a value of its own. */
    private void stockCounts(Signal signal, String area, LocalDate day, Set<SignalsChanged.Change> touched) {
        @SuppressWarnings("unchecked")
        List<Object> later = em.createNativeQuery(
                "select day from signal_day where signal = ?1 and area_code = ?2 and day > ?3 order by day")
                .setParameter(1, signal.name()).setParameter(2, area).setParameter(3, day).getResultList();
        List<LocalDate> days = new ArrayList<>();
        days.add(day);
        later.forEach(v -> days.add(localDate(v)));
        String condition = signal == Signal.ITEMS_STOCK_OUT ? "critical and level = 'STOCK_OUT'"
                : "level in ('BELOW_MIN', 'EMERGENCY', 'STOCK_OUT')";
        for (LocalDate e : days) {
            OffsetDateTime endOfDay = e.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
            Number count = (Number) em.createNativeQuery("""
                    select count(*) from (
                        select distinct on (site_id, item_code) critical, level from signal_stock_crossing
                        where area_code = ?1 and crossed_at < ?2
                        order by site_id, item_code, crossed_at desc) latest
                    where %s
                    """.formatted(condition)).setParameter(1, area).setParameter(2, endOfDay).getSingleResult();
            set(signal, area, e, BigDecimal.valueOf(count.longValue()), touched);
        }
    }

    /**
     * A fact counted (or no longer counted) at a revision: applied only if newer than the revision held; takes back
     * what was counted before (its community and day) and counts the new state. A correction or retraction that
     * arrives before the original leaves its revision behind, so the original (revision 1) is then ignored.
     */
    private void fact(Signal signal, UUID id, String community, LocalDate day, boolean counted, int revision,
            Map<SignalsChanged.Change, BigDecimal> deltas) {
        Object[] held = single(em.createNativeQuery("""
                select area_code, day, counted, revision from signal_fact where signal = ?1 and fact_id = ?2
                for update
                """).setParameter(1, signal.name()).setParameter(2, id).getResultList());
        if (held != null && ((Number) held[3]).intValue() >= revision) {
            return; // we hold this revision or a newer one
        }
        boolean wasCounted = held != null && (Boolean) held[2];
        String heldArea = held == null ? null : (String) held[0];
        LocalDate heldDay = held == null ? null : localDate(held[1]);
        boolean unchanged = wasCounted && counted && community.equals(heldArea) && day.equals(heldDay);
        if (wasCounted && !unchanged) {
            delta(deltas, signal, heldArea, heldDay, MINUS_ONE);
        }
        if (counted && !unchanged) {
            delta(deltas, signal, community, day, ONE);
        }
        em.createNativeQuery("""
                insert into signal_fact (signal, fact_id, area_code, day, counted, revision)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (signal, fact_id) do update set area_code = excluded.area_code, day = excluded.day,
                    counted = excluded.counted, revision = excluded.revision
                """).setParameter(1, signal.name()).setParameter(2, id).setParameter(3, community)
                .setParameter(4, day).setParameter(5, counted).setParameter(6, revision).executeUpdate();
    }

    private void uncoveredHours(String community, LocalDate day, Set<SignalsChanged.Change> touched) {
        BigDecimal sum = (BigDecimal) em.createNativeQuery(
                "select coalesce(sum(uncovered_hours), 0) from signal_shift where area_code = ?1 and day = ?2")
                .setParameter(1, community).setParameter(2, day).getSingleResult();
        set(Signal.UNCOVERED_SHIFT_HOURS, community, day, sum, touched);
    }

    private void set(Signal signal, String community, LocalDate day, BigDecimal value, Set<SignalsChanged.Change> touched) {
        store.set(signal, community, day, value);
        touched.add(new SignalsChanged.Change(signal, community, day));
    }

    private LocalDate day(OffsetDateTime time) {
        return time.atZoneSameInstant(zone).toLocalDate();
    }

    // tolerant reader: the few fields each signal needs; a missing or malformed one makes the event poison (DLQ)

    private static String community(JsonNode d) {
        String code = text(d, "communityCode");
        if (!code.matches("\\d{12}")) {
            throw new PoisonMessageException("communityCode is not a 12-digit community code: " + code);
        }
        return code;
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            throw new PoisonMessageException(field + " is missing");
        }
        return v.asText();
    }

    private static UUID uuid(JsonNode d, String field) {
        try {
            return UUID.fromString(text(d, field));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(field + " is not a UUID");
        }
    }

    private static OffsetDateTime time(JsonNode d, String field) {
        try {
            return OffsetDateTime.parse(text(d, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonMessageException(field + " is not an RFC 3339 time");
        }
    }

    private static LocalDate date(JsonNode d, String field) {
        try {
            return LocalDate.parse(text(d, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonMessageException(field + " is not a date");
        }
    }

    private static int integer(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new PoisonMessageException(field + " is not a number");
        }
        return v.asInt();
    }

    private static int revision(JsonNode d) {
        return integer(d, "revision");
    }

    private static boolean bool(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || !v.isBoolean()) {
            throw new PoisonMessageException(field + " is not a boolean");
        }
        return v.asBoolean();
    }

    private static Object[] single(List<?> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return rows.get(0) instanceof Object[] row ? row : new Object[] { rows.get(0) };
    }

    private static LocalDate localDate(Object value) {
        return SignalSeries.date(value);
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
