package org.frontline.gateway.picture;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;

/**
 * The writer of the read model: applies a batch of events (one inbox batch, inside its transaction) to
 * {@code kpi_day}, {@code fact_state}, {@code stock_cover_day}, {@code area}, {@code projection_state} and
 * {@code picture_change}. All effects of the batch are computed in memory first (per fact: the state it needs,
 * loaded once for the batch), then written with a few set-based statements, rows sorted by key so the four
 * channels' transactions never deadlock. The exact definition of every metric is in gateway/README.md
 * "KPIs — exact definitions".
 */
@ApplicationScoped
public class Projection {

    /** Advisory lock key: live batches take it shared (transaction), a rebuild exclusive (session). */
    public static final long REBUILD_LOCK = 1313_0013L;
    /** Advisory lock key under which picture_change rows are written (ids commit in order). */
    public static final long CHANGE_LOCK = 1313L;
    /** Advisory lock key under which stock cover (stock_cover_day and its area figures) is recomputed. */
    public static final long COVER_LOCK = 1313_0017L;

    /** The event names the picture reads (ce_type frontline.&lt;service&gt;.&lt;Name&gt;.v&lt;n&gt;). */
    public static final Set<String> NAMES = Set.of(
            "ResidentScreened", "FeverDetected", "ScreeningCorrected", "ScreeningRetracted",
            "PositiveTestReported", "TestResultCorrected", "TestResultRetracted",
            "QuarantineStarted", "QuarantineEnded", "QuarantineCheckInMissed", "QuarantineCheckInRecovered",
            "CampaignProgressed", "CampaignClosed",
            "ShiftPublished", "ShiftStaffingChanged", "VolunteerRegistered", "StaffRegistered",
            "StockChanged",
            "AlertRaised", "AlertUpdated", "AlertEscalated", "AlertAcknowledged", "AlertPhaseChanged", "AlertClosed");

    private static final Set<String> SUSPECT = Set.of("SUSPECTED", "REFERRED");

    /** Set while a rebuild applies batches on its thread (it holds the exclusive lock itself). */
    static final ThreadLocal<Boolean> REBUILDING = ThreadLocal.withInitial(() -> false);

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final ZoneId zone;
    private final TransactionSynchronizationRegistry transactions;
    /** Area codes known to be in {@code area} (added after the commit that inserted them; rows are never deleted). */
    private final Set<String> knownAreas = ConcurrentHashMap.newKeySet();

    public Projection(EntityManager em, ObjectMapper mapper, Clock clock,
            TransactionSynchronizationRegistry transactions) {
        this.em = em;
        this.mapper = mapper;
        this.zone = clock.getZone();
        this.transactions = transactions;
    }

    /** Whether the picture reads events of this CloudEvents type (the inbox skips the others unparsed). */
    public static boolean relevant(String type) {
        String[] parts = type.split("\\.");
        return parts.length >= 4 && "frontline".equals(parts[0]) && NAMES.contains(parts[parts.length - 2]);
    }

    /** One fact's remembered state (a row of fact_state). */
    private static final class Fact {
        final String kind;
        final String id;
        String area;
        LocalDate day;
        OffsetDateTime at;
        ObjectNode state;
        boolean dirty;

        Fact(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }
    }

    /** What one batch changes, collected before anything is written. */
    private final class Batch {
        final Map<String, Fact> facts = new HashMap<>();
        /** (area, metric, day) → delta, every level of the chain. */
        final TreeMap<String, BigDecimal> deltas = new TreeMap<>();
        final Set<String> areas = new TreeSet<>();
        final TreeMap<String, String[]> cover = new TreeMap<>(); // site:item:day → row
        final Set<String> lowestTouched = new TreeSet<>(); // area|day
        final List<String[]> alertChanges = new ArrayList<>(); // area, payload

        Fact fact(String kind, String id) {
            return facts.get(kind + "|" + id);
        }

        Fact create(String kind, String id, String area) {
            Fact f = new Fact(kind, id);
            f.area = area;
            f.state = mapper.createObjectNode();
            facts.put(kind + "|" + id, f);
            return f;
        }

        void add(String area, Metric metric, LocalDate day, BigDecimal delta) {
            if (delta.signum() == 0) {
                return;
            }
            for (String code : Areas.selfAndAncestors(area)) {
                deltas.merge(code + "|" + metric.key() + "|" + day, delta, BigDecimal::add);
            }
        }

        void add(String area, Metric metric, LocalDate day, long delta) {
            add(area, metric, day, BigDecimal.valueOf(delta));
        }
    }

    /**
     * Takes {@link #REBUILD_LOCK} shared for the current transaction: a running rebuild holds it exclusively, so a live
     * batch waits until the rebuilt picture is complete. Must run before the batch inserts its inbox rows (the inbox's
     * {@code first}): the rebuild replays the same event ids and would wait for those uncommitted rows. Not taken on
     * the rebuild's own replay thread (it holds the lock exclusively itself).
     */
    public void lockForLiveBatch() {
        if (!REBUILDING.get()) {
            em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(?1)) l")
                    .setParameter(1, REBUILD_LOCK).getSingleResult();
        }
    }

    /**
     * Applies the batch's new events (in record order); runs inside the inbox's batch transaction, a live batch after
     * {@link #lockForLiveBatch()}.
     */
    public void apply(List<InboundEvent> events) {
        Batch batch = new Batch();
        for (InboundEvent event : events) {
            String area = event.subject();
            if (area == null || !(AreaCodes.isCommunityCode(area) || (AreaCodes.isAreaPrefix(area) && area.length() < 12))) {
                throw new PoisonMessageException("event " + event.id() + " has neither a community code nor an area "
                        + "code prefix (2, 4, 6 or 9 digits) as subject: " + area);
            }
            batch.areas.addAll(Areas.selfAndAncestors(area));
        }
        loadFacts(batch, events);
        for (InboundEvent event : events) {
            try {
                applyOne(batch, event);
            } catch (PoisonMessageException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PoisonMessageException("event " + event.id() + " (" + event.name()
                        + ") lacks a field the picture needs: " + e);
            }
        }
        write(batch, events);
    }

    private void applyOne(Batch b, InboundEvent e) {
        JsonNode d = e.data();
        String area = e.subject();
        switch (e.name()) {
            case "ResidentScreened" -> {
                LocalDate day = day(d, "screenedAt");
                b.add(area, Metric.SCREENED, day, 1);
                if (SUSPECT.contains(text(d, "outcome"))) {
                    b.add(area, Metric.SUSPECTED, day, 1);
                }
            }
            case "FeverDetected" -> fever(b, area, text(d, "screeningId"), day(d, "screenedAt"), true);
            case "ScreeningCorrected" -> {
                LocalDate day = day(d, "screenedAt");
                fever(b, area, text(d, "screeningId"), day, d.path("fever").asBoolean(false));
                long suspected = (SUSPECT.contains(text(d, "outcome")) ? 1 : 0)
                        - (SUSPECT.contains(text(d, "previousOutcome")) ? 1 : 0);
                b.add(area, Metric.SUSPECTED, day, suspected);
            }
            case "ScreeningRetracted" -> {
                LocalDate day = day(d, "screenedAt");
                b.add(area, Metric.SCREENED, day, -1);
                fever(b, area, text(d, "screeningId"), day, false);
                if (SUSPECT.contains(text(d, "previousOutcome"))) {
                    b.add(area, Metric.SUSPECTED, day, -1);
                }
            }
            case "PositiveTestReported" -> b.add(area, Metric.POSITIVES, day(d, "sampledAt"), 1);
            case "TestResultCorrected" -> b.add(area, Metric.POSITIVES, day(d, "sampledAt"),
                    ("POSITIVE".equals(text(d, "result")) ? 1 : 0) - ("POSITIVE".equals(text(d, "previousResult")) ? 1 : 0));
            case "TestResultRetracted" -> {
                if ("POSITIVE".equals(text(d, "previousResult"))) {
                    b.add(area, Metric.POSITIVES, day(d, "sampledAt"), -1);
                }
            }
            case "QuarantineStarted" -> b.add(area, Metric.IN_QUARANTINE, date(d, "startDate"), 1);
            case "QuarantineEnded" -> b.add(area, Metric.IN_QUARANTINE, date(d, "endedOn"), -1);
            case "QuarantineCheckInMissed", "QuarantineCheckInRecovered" -> {
                LocalDate day = date(d, "day");
                String id = text(d, "quarantineId") + ":" + day;
                Fact f = b.fact("MISSED", id);
                if (f == null) {
                    f = b.create("MISSED", id, area);
                    f.day = day;
                }
                boolean before = f.state.path("missed").asBoolean(false) && !f.state.path("recovered").asBoolean(false);
                f.state.put(e.name().endsWith("Missed") ? "missed" : "recovered", true);
                boolean after = f.state.path("missed").asBoolean(false) && !f.state.path("recovered").asBoolean(false);
                f.dirty = true;
                b.add(f.area, Metric.MISSED_CHECK_INS, day, (after ? 1 : 0) - (before ? 1 : 0));
            }
            case "CampaignProgressed", "CampaignClosed" -> campaign(b, e, area);
            case "ShiftPublished", "ShiftStaffingChanged" -> shift(b, e, area);
            case "VolunteerRegistered" -> b.add(area, Metric.VOLUNTEERS, day(d, "registeredAt"), 1);
            case "StaffRegistered" -> {
                if ("VOLUNTEER".equals(text(d, "kind"))) {
                    b.add(area, Metric.VOLUNTEERS, day(d, "registeredAt"), 1);
                }
            }
            case "StockChanged" -> stock(b, e, area);
            default -> alert(b, e, area);
        }
    }

    /** Sets whether a screening counts as fever now; the difference goes on its day. */
    private void fever(Batch b, String area, String screeningId, LocalDate day, boolean now) {
        Fact f = b.fact("FEVER", screeningId);
        boolean before = f != null && f.state.path("counted").asBoolean(false);
        if (f == null) {
            if (!now) {
                return; // never counted, still not: nothing to remember
            }
            f = b.create("FEVER", screeningId, area);
        }
        f.day = day;
        f.state.put("counted", now);
        f.dirty = true;
        b.add(f.area, Metric.FEVER, day, (now ? 1 : 0) - (before ? 1 : 0));
    }

    private void campaign(Batch b, InboundEvent e, String area) {
        JsonNode d = e.data();
        String id = text(d, "campaignId");
        Fact f = b.fact("CAMPAIGN", id);
        if (f == null) {
            f = b.create("CAMPAIGN", id, area);
        }
        if (f.state.path("closed").asBoolean(false)) {
            return; // a closed campaign stopped counting
        }
        LocalDate day = (e.time() != null ? e.time() : OffsetDateTime.now()).atZoneSameInstant(zone).toLocalDate();
        long target = d.path("targetHouseholds").asLong();
        long reached = d.path("reachedHouseholds").asLong();
        b.add(f.area, Metric.CAMPAIGN_TARGET, day, target - f.state.path("target").asLong(0));
        b.add(f.area, Metric.CAMPAIGN_REACHED, day, reached - f.state.path("reached").asLong(0));
        f.state.put("target", target);
        f.state.put("reached", reached);
        f.day = day;
        f.at = e.time();
        f.dirty = true;
        if ("CampaignClosed".equals(e.name())) {
            b.add(f.area, Metric.CAMPAIGN_TARGET, day.plusDays(1), -target);
            b.add(f.area, Metric.CAMPAIGN_REACHED, day.plusDays(1), -reached);
            f.state.put("closed", true);
        }
    }

    private void shift(Batch b, InboundEvent e, String area) {
        JsonNode d = e.data();
        String id = text(d, "shiftId");
        Fact f = b.fact("SHIFT", id);
        if (f != null && f.at != null && e.time() != null && e.time().isBefore(f.at)) {
            return; // older than what we hold
        }
        OffsetDateTime start = OffsetDateTime.parse(text(d, "startAt"));
        OffsetDateTime end = OffsetDateTime.parse(text(d, "endAt"));
        BigDecimal hours = BigDecimal.valueOf(Duration.between(start, end).toMinutes())
                .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
        long required = d.path("required").asLong();
        long assigned = d.has("assigned") ? d.path("assigned").asLong()
                : f == null ? 0 : f.state.path("assigned").asLong(0);
        if (f == null) {
            f = b.create("SHIFT", id, area);
        } else {
            shiftFigures(b, f.area, f.day, f.state.path("required").asLong(0), f.state.path("assigned").asLong(0),
                    new BigDecimal(f.state.path("hours").asText("0")), -1);
        }
        LocalDate day = start.atZoneSameInstant(zone).toLocalDate();
        shiftFigures(b, f.area, day, required, assigned, hours, 1);
        f.day = day;
        f.at = e.time() != null ? e.time() : f.at;
        f.state.put("required", required);
        f.state.put("assigned", assigned);
        f.state.put("hours", hours.toPlainString());
        f.dirty = true;
    }

    private static void shiftFigures(Batch b, String area, LocalDate day, long required, long assigned,
            BigDecimal hours, int sign) {
        if (day == null) {
            return;
        }
        b.add(area, Metric.SHIFT_SLOTS_REQUIRED, day, sign * required);
        b.add(area, Metric.SHIFT_SLOTS_COVERED, day, sign * Math.min(assigned, required));
        b.add(area, Metric.UNCOVERED_HOURS, day,
                hours.multiply(BigDecimal.valueOf(Math.max(0, required - assigned) * sign)));
        b.add(area, Metric.PEOPLE_ON_DUTY, day, sign * assigned);
    }

    private void stock(Batch b, InboundEvent e, String area) {
        JsonNode d = e.data();
        String site = text(d, "siteId");
        String item = text(d, "itemCode");
        OffsetDateTime changedAt = OffsetDateTime.parse(text(d, "changedAt"));
        LocalDate day = changedAt.atZoneSameInstant(zone).toLocalDate();
        boolean critical = d.path("critical").asBoolean(false);
        JsonNode cover = d.path("daysOfCover");
        String daysOfCover = cover.isNumber() ? cover.decimalValue().toPlainString() : null;
        // the latest of the day per site and item; an older one of the same day loses
        String key = site + "|" + item + "|" + day;
        String[] held = b.cover.get(key);
        if (held == null || !OffsetDateTime.parse(held[6]).isAfter(changedAt)) {
            b.cover.put(key, new String[] {site, item, day.toString(), area, Boolean.toString(critical), daysOfCover,
                    changedAt.toString()});
        }
        for (String code : Areas.selfAndAncestors(area)) {
            b.lowestTouched.add(code + "|" + day);
        }
        String id = site + ":" + item;
        Fact f = b.fact("STOCK", id);
        if (f != null && f.at != null && changedAt.isBefore(f.at)) {
            return; // older than the state held: its level no longer matters
        }
        boolean wasOut = f != null && "STOCK_OUT".equals(f.state.path("level").asText());
        if (f == null) {
            f = b.create("STOCK", id, area);
        }
        boolean isOut = "STOCK_OUT".equals(text(d, "level"));
        b.add(f.area, Metric.ITEMS_AT_STOCK_OUT, day, (isOut ? 1 : 0) - (wasOut ? 1 : 0));
        f.state.put("level", text(d, "level"));
        f.state.put("critical", critical);
        if (daysOfCover == null) {
            f.state.putNull("daysOfCover");
        } else {
            f.state.put("daysOfCover", new BigDecimal(daysOfCover));
        }
        f.state.put("changedAt", changedAt.toString());
        f.day = day;
        f.at = changedAt;
        f.dirty = true;
    }

    private void alert(Batch b, InboundEvent e, String area) {
        JsonNode d = e.data();
        String id = text(d, "alertId");
        String at = switch (e.name()) {
            case "AlertRaised" -> text(d, "raisedAt");
            case "AlertEscalated" -> text(d, "escalatedAt");
            case "AlertAcknowledged" -> text(d, "acknowledgedAt");
            case "AlertClosed" -> text(d, "closedAt");
            default -> text(d, "changedAt");
        };
        LocalDate day = OffsetDateTime.parse(at).atZoneSameInstant(zone).toLocalDate();
        Fact f = b.fact("ALERT", id);
        if (f == null) {
            f = b.create("ALERT", id, area);
            f.state.put("level", text(d, "level"));
            f.state.put("status", d.path("status").asText("OPEN"));
            f.state.put("stage", d.path("stage").asText("WARNING"));
            f.state.put("title", d.path("title").asText(""));
            f.state.put("raisedAt", d.path("raisedAt").asText(at));
            f.state.put("open", false);
        }
        ObjectNode s = f.state;
        boolean open = s.path("open").asBoolean(false);
        String level = s.path("level").asText();
        if ("AlertClosed".equals(e.name())) {
            if (open) {
                b.add(f.area, Metric.openAlerts(level), day, -1);
            }
            s.put("open", false);
            s.put("status", "CLOSED");
            s.put("stage", "CLOSED");
        } else if (open || !s.has("changedAt")) { // a closed alert (seen before, not open) stays closed
            String newLevel = d.path("level").asText(level);
            if (!open) {
                // opened (AlertRaised; an update of an alert raised before the picture existed counts from now)
                b.add(f.area, Metric.openAlerts(newLevel), day, 1);
                s.put("open", true);
            } else if (!newLevel.equals(level)) {
                b.add(f.area, Metric.openAlerts(level), day, -1);
                b.add(f.area, Metric.openAlerts(newLevel), day, 1);
            }
            s.put("level", newLevel);
            if (d.hasNonNull("status")) {
                s.put("status", d.get("status").asText());
            }
            if (d.hasNonNull("stage")) {
                s.put("stage", d.get("stage").asText());
            }
            if (d.hasNonNull("title")) {
                s.put("title", d.get("title").asText());
            }
        }
        s.put("changedAt", at);
        f.day = day;
        f.at = OffsetDateTime.parse(at);
        f.dirty = true;
        ObjectNode payload = mapper.createObjectNode();
        payload.put("type", e.name());
        payload.put("alertId", id);
        payload.put("areaCode", f.area);
        payload.put("level", s.path("level").asText());
        payload.put("status", s.path("status").asText());
        payload.put("stage", s.path("stage").asText());
        payload.put("title", s.path("title").asText());
        payload.put("at", at);
        b.alertChanges.add(new String[] {f.area, payload.toString()});
    }

    // ---------------------------------------------------------------------------------------------- reading state

    private void loadFacts(Batch b, List<InboundEvent> events) {
        List<String> kinds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (InboundEvent e : events) {
            JsonNode d = e.data();
            String kind = null;
            String id = null;
            switch (e.name()) {
                case "FeverDetected", "ScreeningCorrected", "ScreeningRetracted" -> {
                    kind = "FEVER";
                    id = d.path("screeningId").asText(null);
                }
                case "QuarantineCheckInMissed", "QuarantineCheckInRecovered" -> {
                    kind = "MISSED";
                    id = d.path("quarantineId").asText("") + ":" + d.path("day").asText("");
                }
                case "CampaignProgressed", "CampaignClosed" -> {
                    kind = "CAMPAIGN";
                    id = d.path("campaignId").asText(null);
                }
                case "ShiftPublished", "ShiftStaffingChanged" -> {
                    kind = "SHIFT";
                    id = d.path("shiftId").asText(null);
                }
                case "StockChanged" -> {
                    kind = "STOCK";
                    id = d.path("siteId").asText("") + ":" + d.path("itemCode").asText("");
                }
                default -> {
                    if (e.name().startsWith("Alert")) {
                        kind = "ALERT";
                        id = d.path("alertId").asText(null);
                    }
                }
            }
            if (kind != null && id != null) {
                kinds.add(kind);
                ids.add(id);
            }
        }
        if (kinds.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select f.kind, f.fact_id, f.area_code, cast(f.day as text), cast(f.at as text), cast(f.state as text)
                from fact_state f
                join (select distinct k, i from unnest(cast(?1 as text[]), cast(?2 as text[])) as t(k, i)) t
                  on f.kind = t.k and f.fact_id = t.i
                """)
                .setParameter(1, kinds.toArray(String[]::new))
                .setParameter(2, ids.toArray(String[]::new))
                .getResultList();
        for (Object[] row : rows) {
            Fact f = new Fact((String) row[0], (String) row[1]);
            f.area = (String) row[2];
            f.day = row[3] == null ? null : LocalDate.parse((String) row[3]);
            f.at = row[4] == null ? null : parseTimestamp((String) row[4]);
            try {
                f.state = (ObjectNode) mapper.readTree((String) row[5]);
            } catch (Exception ex) {
                throw new IllegalStateException("fact_state " + f.kind + " " + f.id + " is not JSON", ex);
            }
            b.facts.put(f.kind + "|" + f.id, f);
        }
    }

    /** PostgreSQL's text form of a timestamptz ("2026-11-28 09:30:00+08"). */
    private static OffsetDateTime parseTimestamp(String text) {
        String iso = text.replace(' ', 'T');
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        }
        return OffsetDateTime.parse(iso);
    }

    // ---------------------------------------------------------------------------------------------- writing

    private void write(Batch b, List<InboundEvent> events) {
        // areas first (every statement in the same order in every channel: no deadlock between them)
        List<String> codes = b.areas.stream().filter(code -> !knownAreas.contains(code)).toList();
        if (!codes.isEmpty()) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        knownAreas.addAll(codes);
                    }
                }
            });
            em.createNativeQuery("""
                    insert into area (code, parent, level)
                    select t.code, t.parent, t.level
                    from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[])) as t(code, parent, level)
                    order by t.code
                    on conflict (code) do nothing
                    """)
                    .setParameter(1, codes.toArray(String[]::new))
                    .setParameter(2, codes.stream().map(Areas::parent).toArray(String[]::new))
                    .setParameter(3, codes.stream().map(Areas::level).toArray(String[]::new))
                    .executeUpdate();
        }
        Set<String> changed = new TreeSet<>(); // area|day
        List<String> area = new ArrayList<>();
        List<String> metric = new ArrayList<>();
        List<String> day = new ArrayList<>();
        List<String> value = new ArrayList<>();
        // a key whose changes cancel out within the batch is written too (value + 0): every key an event touched
        // has a row, however the events were cut into batches, so a rebuild gives the same rows as the live run
        b.deltas.forEach((key, delta) -> {
            String[] k = key.split("\\|");
            area.add(k[0]);
            metric.add(k[1]);
            day.add(k[2]);
            value.add(delta.toPlainString());
            if (delta.signum() != 0) {
                changed.add(k[0] + "|" + k[2]);
            }
        });
        if (!area.isEmpty()) {
            em.createNativeQuery("""
                    insert into kpi_day (area_code, metric, day, value)
                    select t.a, t.m, cast(t.d as date), cast(t.v as numeric)
                    from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]))
                         as t(a, m, d, v)
                    order by t.a, t.m, t.d
                    on conflict (area_code, metric, day) do update set value = kpi_day.value + excluded.value
                    """)
                    .setParameter(1, area.toArray(String[]::new))
                    .setParameter(2, metric.toArray(String[]::new))
                    .setParameter(3, day.toArray(String[]::new))
                    .setParameter(4, value.toArray(String[]::new))
                    .executeUpdate();
        }
        writeFacts(b);
        if (!b.cover.isEmpty()) {
            writeCover(b, changed);
        }
        OffsetDateTime newest = null;
        for (InboundEvent e : events) {
            if (e.time() != null && (newest == null || e.time().isAfter(newest))) {
                newest = e.time();
            }
        }
        em.createNativeQuery("""
                update projection_state set newest_event_at = greatest(newest_event_at, cast(cast(?1 as text) as timestamptz)),
                    last_applied_at = now(), events_applied = events_applied + ?2
                where id = 1
                """)
                .setParameter(1, newest == null ? null : newest.toString())
                .setParameter(2, events.size())
                .executeUpdate();
        if (changed.isEmpty() && b.alertChanges.isEmpty()) {
            return;
        }
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l").setParameter(1, CHANGE_LOCK)
                .getSingleResult();
        List<String> changeArea = new ArrayList<>();
        List<String> changeKind = new ArrayList<>();
        List<String> changeDay = new ArrayList<>();
        List<String> changePayload = new ArrayList<>();
        for (String c : changed) {
            String[] k = c.split("\\|");
            changeArea.add(k[0]);
            changeKind.add("kpi");
            changeDay.add(k[1]);
            changePayload.add("{}");
        }
        for (String[] a : b.alertChanges) {
            changeArea.add(a[0]);
            changeKind.add("alert");
            changeDay.add(null);
            changePayload.add(a[1]);
        }
        em.createNativeQuery("""
                insert into picture_change (area_code, kind, day, payload)
                select t.a, t.k, cast(t.d as date), cast(t.p as jsonb)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]))
                     with ordinality as t(a, k, d, p, n)
                order by t.n
                """)
                .setParameter(1, changeArea.toArray(String[]::new))
                .setParameter(2, changeKind.toArray(String[]::new))
                .setParameter(3, changeDay.toArray(String[]::new))
                .setParameter(4, changePayload.toArray(String[]::new))
                .executeUpdate();
    }

    private void writeFacts(Batch b) {
        List<Fact> dirty = b.facts.values().stream().filter(f -> f.dirty)
                .sorted((x, y) -> x.kind.equals(y.kind) ? x.id.compareTo(y.id) : x.kind.compareTo(y.kind)).toList();
        if (dirty.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                insert into fact_state (kind, fact_id, area_code, day, at, state)
                select t.k, t.i, t.a, cast(t.d as date), cast(t.t as timestamptz), cast(t.s as jsonb)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[])) as t(k, i, a, d, t, s)
                on conflict (kind, fact_id) do update
                set area_code = excluded.area_code, day = excluded.day, at = excluded.at, state = excluded.state
                """)
                .setParameter(1, dirty.stream().map(f -> f.kind).toArray(String[]::new))
                .setParameter(2, dirty.stream().map(f -> f.id).toArray(String[]::new))
                .setParameter(3, dirty.stream().map(f -> f.area).toArray(String[]::new))
                .setParameter(4, dirty.stream().map(f -> f.day == null ? null : f.day.toString()).toArray(String[]::new))
                .setParameter(5, dirty.stream().map(f -> f.at == null ? null : f.at.toString()).toArray(String[]::new))
                .setParameter(6, dirty.stream().map(f -> f.state.toString()).toArray(String[]::new))
                .executeUpdate();
    }

    /** stock_cover_day, then the LOWEST rows of every (area, day) touched and the area's later LOWEST rows. */
    private void writeCover(Batch b, Set<String> changed) {
        // cover recomputes are serialised: with two replicas each statement (read committed) then sees the other
        // batch's committed sites, so the min(...) written last misses none of them
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l").setParameter(1, COVER_LOCK)
                .getSingleResult();
        List<String[]> rows = new ArrayList<>(b.cover.values());
        em.createNativeQuery("""
                insert into stock_cover_day (site_id, item_code, day, area_code, critical, days_of_cover, changed_at)
                select cast(t.s as uuid), t.i, cast(t.d as date), t.a, cast(t.c as boolean), cast(t.v as numeric),
                       cast(t.t as timestamptz)
                from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                            cast(?5 as text[]), cast(?6 as text[]), cast(?7 as text[])) as t(s, i, d, a, c, v, t)
                order by t.s, t.i, t.d
                on conflict (site_id, item_code, day) do update
                set area_code = excluded.area_code, critical = excluded.critical,
                    days_of_cover = excluded.days_of_cover, changed_at = excluded.changed_at
                where stock_cover_day.changed_at <= excluded.changed_at
                """)
                .setParameter(1, rows.stream().map(r -> r[0]).toArray(String[]::new))
                .setParameter(2, rows.stream().map(r -> r[1]).toArray(String[]::new))
                .setParameter(3, rows.stream().map(r -> r[2]).toArray(String[]::new))
                .setParameter(4, rows.stream().map(r -> r[3]).toArray(String[]::new))
                .setParameter(5, rows.stream().map(r -> r[4]).toArray(String[]::new))
                .setParameter(6, rows.stream().map(r -> r[5]).toArray(String[]::new))
                .setParameter(7, rows.stream().map(r -> r[6]).toArray(String[]::new))
                .executeUpdate();
        List<String> areas = new ArrayList<>();
        List<String> days = new ArrayList<>();
        for (String t : b.lowestTouched) {
            String[] k = t.split("\\|");
            areas.add(k[0]);
            days.add(k[1]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> recomputed = em.createNativeQuery("""
                with touched as (
                    select distinct t.a, x.day
                    from unnest(cast(?1 as text[]), cast(?2 as text[])) as t(a, d)
                    cross join lateral (
                        select cast(t.d as date) as day
                        union
                        select k.day from kpi_day k
                        where k.area_code = t.a and k.metric = 'lowestDaysOfCover' and k.day > cast(t.d as date)
                    ) x
                ), computed as (
                    select touched.a, touched.day,
                        (select min(latest.days_of_cover) from (
                            select distinct on (s.site_id, s.item_code) s.days_of_cover, s.critical
                            from stock_cover_day s
                            where s.area_code like touched.a || '%' and s.day <= touched.day
                            order by s.site_id, s.item_code, s.day desc
                        ) latest where latest.critical) as v
                    from touched
                )
                insert into kpi_day (area_code, metric, day, value)
                select a, 'lowestDaysOfCover', day, v from computed order by a, day
                on conflict (area_code, metric, day) do update set value = excluded.value
                returning area_code, cast(day as text)
                """)
                .setParameter(1, areas.toArray(String[]::new))
                .setParameter(2, days.toArray(String[]::new))
                .getResultList();
        for (Object[] row : recomputed) {
            changed.add(row[0] + "|" + row[1]);
        }
    }

    // ---------------------------------------------------------------------------------------------- fields

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return node.asText();
    }

    private LocalDate day(JsonNode data, String field) {
        return OffsetDateTime.parse(text(data, field)).atZoneSameInstant(zone).toLocalDate();
    }

    private static LocalDate date(JsonNode data, String field) {
        return LocalDate.parse(text(data, field));
    }
}
