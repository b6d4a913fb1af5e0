package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestEvents;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The projection against the real broker and database: a generated data set of every event type the picture
 * reads, produced as the services would; the KPIs read through {@link KpiReader} equal the figures computed here
 * directly from the source facts, for every community, street and district and every day; duplicates and a late
 * event count once on their own day; a poison record is dead-lettered; a rebuild from the topics gives the same rows.
 */
@QuarkusTest
@FrontlineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionTests {

    static final ZoneOffset CITY = ZoneOffset.ofHours(8);
    static final LocalDate FIRST = LocalDate.parse("2026-10-01");
    static final int DAYS = 5;
    static final List<String> COMMUNITIES = List.of("310121001001", "310121001002", "310121002001", "310121002002",
            "310121002003", "310122001001", "310122001002", "310122003001");
    static final String DEPOT_AREA = "310121";

    @Inject
    KpiReader reader;

    @Inject
    EntityManager em;

    /** Every stored metric's expected figure per (area, day), computed from the facts below. */
    static final class Expected {
        final Map<String, Map<Metric, BigDecimal>> figures = new TreeMap<>();

        void add(String area, Metric metric, LocalDate from, LocalDate to, BigDecimal amount) {
            for (String code : chain(area)) {
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    figures.computeIfAbsent(code + "|" + d, k -> zeros()).merge(metric, amount, BigDecimal::add);
                }
            }
        }

        void add(String area, Metric metric, LocalDate day, long amount) {
            add(area, metric, day, day, BigDecimal.valueOf(amount));
        }

        /** A LEVEL amount from a day to the end of the range. */
        void level(String area, Metric metric, LocalDate from, long amount) {
            add(area, metric, from, FIRST.plusDays(DAYS + 2), BigDecimal.valueOf(amount));
        }

        Map<Metric, BigDecimal> of(String area, LocalDate day) {
            return figures.getOrDefault(area + "|" + day, zeros());
        }

        static Map<Metric, BigDecimal> zeros() {
            Map<Metric, BigDecimal> m = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                if (metric.stored() && metric != Metric.LOWEST_DAYS_OF_COVER) {
                    m.put(metric, BigDecimal.ZERO);
                }
            }
            return m;
        }
    }

    static List<String> chain(String code) {
        List<String> chain = new ArrayList<>();
        for (int length : new int[] {12, 9, 6}) {
            if (code.length() >= length) {
                chain.add(code.substring(0, length));
            }
        }
        return chain;
    }

    static final List<ProducerRecord<String, String>> RECORDS = new ArrayList<>();
    static final Expected EXPECTED = new Expected();
    /** site|item → list of [day, critical, cover] in order (for the lowest days of cover). */
    static final Map<String, List<Object[]>> STOCK = new LinkedHashMap<>();
    static final Map<String, String> SITE_AREA = new HashMap<>();

    static OffsetDateTime at(LocalDate day, int minuteOfDay) {
        return day.atStartOfDay().plusMinutes(minuteOfDay).atOffset(CITY);
    }

    static void emit(String topic, String service, String name, String subject, OffsetDateTime time, String json) {
        RECORDS.add(TestEvents.cloudEvent(topic, UUID.randomUUID().toString(), "/" + service,
                "frontline." + service + "." + name + ".v1", subject, time.toString(), json));
    }

    static String json(Object... kv) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                s.append(',');
            }
            s.append('"').append(kv[i]).append("\":");
            Object v = kv[i + 1];
            s.append(v == null ? "null" : v instanceof Number || v instanceof Boolean ? v.toString() : "\"" + v + "\"");
        }
        return s.append('}').toString();
    }

    /** The generated data set (seeded): events in RECORDS, the figures they must give in EXPECTED. */
    static synchronized void generate() {
        if (!RECORDS.isEmpty()) {
            return;
        }
        Random random = new Random(13);
        String[] outcomes = {"NORMAL", "FEVER", "SUSPECTED", "REFERRED"};
        for (String c : COMMUNITIES) {
            // screenings: outcome, fever, corrections, retractions
            for (int i = 0; i < 30; i++) {
                LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
                OffsetDateTime t = at(day, 360 + random.nextInt(800));
                String id = UUID.randomUUID().toString();
                String outcome = outcomes[random.nextInt(4)];
                boolean fever = random.nextInt(3) == 0;
                emit("screening.events", "screening", "ResidentScreened", c, t, json("screeningId", id, "communityCode", c,
                        "outcome", outcome, "temperatureCelsius", fever ? 38.1 : 36.6, "screenedAt", t));
                if (fever) {
                    emit("screening.events", "screening", "FeverDetected", c, t, json("screeningId", id,
                            "communityCode", c, "temperatureCelsius", 38.1, "screenedAt", t));
                }
                if (random.nextInt(4) == 0) {
                    String corrected = outcomes[random.nextInt(4)];
                    boolean correctedFever = random.nextBoolean();
                    emit("screening.events", "screening", "ScreeningCorrected", c, t.plusMinutes(30), json(
                            "screeningId", id, "communityCode", c, "revision", 2, "outcome", corrected,
                            "previousOutcome", outcome, "fever", correctedFever, "screenedAt", t,
                            "correctedAt", t.plusMinutes(30)));
                    outcome = corrected;
                    fever = correctedFever;
                }
                if (random.nextInt(6) == 0) {
                    emit("screening.events", "screening", "ScreeningRetracted", c, t.plusMinutes(40), json(
                            "screeningId", id, "communityCode", c, "revision", 3, "previousOutcome", outcome,
                            "screenedAt", t, "retractedAt", t.plusMinutes(40)));
                    continue;
                }
                EXPECTED.add(c, Metric.SCREENED, day, 1);
                EXPECTED.add(c, Metric.FEVER, day, fever ? 1 : 0);
                EXPECTED.add(c, Metric.SUSPECTED, day, outcome.equals("SUSPECTED") || outcome.equals("REFERRED") ? 1 : 0);
            }
            // test results
            for (int i = 0; i < 6; i++) {
                LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
                OffsetDateTime t = at(day, 400 + random.nextInt(600));
                String id = UUID.randomUUID().toString();
                boolean positive = random.nextInt(3) > 0;
                if (positive) {
                    emit("screening.events", "screening", "PositiveTestReported", c, t, json("testResultId", id,
                            "communityCode", c, "kind", "ANTIGEN", "sampledAt", t));
                }
                if (random.nextInt(3) == 0) {
                    boolean now = !positive;
                    emit("screening.events", "screening", "TestResultCorrected", c, t.plusHours(1), json("testResultId",
                            id, "communityCode", c, "revision", 2, "kind", "PCR", "result", now ? "POSITIVE" : "NEGATIVE",
                            "previousResult", positive ? "POSITIVE" : "NEGATIVE", "sampledAt", t,
                            "correctedAt", t.plusHours(1)));
                    positive = now;
                }
                if (random.nextInt(5) == 0) {
                    emit("screening.events", "screening", "TestResultRetracted", c, t.plusHours(2), json("testResultId",
                            id, "communityCode", c, "revision", 3, "previousResult", positive ? "POSITIVE" : "NEGATIVE",
                            "sampledAt", t, "retractedAt", t.plusHours(2)));
                    positive = false;
                }
                EXPECTED.add(c, Metric.POSITIVES, day, positive ? 1 : 0);
            }
            // quarantines, missed and recovered check-ins
            for (int i = 0; i < 4; i++) {
                LocalDate start = FIRST.plusDays(random.nextInt(DAYS - 1));
                String id = UUID.randomUUID().toString();
                String kind = i == 0 ? "HEALTH_MONITORING" : "HOME";
                emit("screening.events", "screening", "QuarantineStarted", c, at(start, 600), json("quarantineId", id,
                        "residentId", UUID.randomUUID(), "communityCode", c, "kind", kind, "startDate", start,
                        "plannedEndDate", start.plusDays(7)));
                EXPECTED.level(c, Metric.IN_QUARANTINE, start, 1);
                LocalDate missed = start.plusDays(1);
                emit("screening.events", "screening", "QuarantineCheckInMissed", c, at(missed.plusDays(1), 30),
                        json("quarantineId", id, "communityCode", c, "day", missed));
                if (random.nextBoolean()) {
                    emit("screening.events", "screening", "QuarantineCheckInRecovered", c, at(missed.plusDays(1), 60),
                            json("quarantineId", id, "communityCode", c, "day", missed));
                } else {
                    EXPECTED.add(c, Metric.MISSED_CHECK_INS, missed, 1);
                }
                if (random.nextBoolean()) {
                    LocalDate end = start.plusDays(1 + random.nextInt(3));
                    emit("screening.events", "screening", "QuarantineEnded", c, at(end, 700), json("quarantineId", id,
                            "communityCode", c, "reason", "EARLY_RELEASE", "endedOn", end));
                    EXPECTED.level(c, Metric.IN_QUARANTINE, end, -1);
                }
            }
            // a campaign: progress on several days, maybe closed
            String campaign = UUID.randomUUID().toString();
            long target = 100 + random.nextInt(100);
            long heldTarget = 0;
            long heldReached = 0;
            long reached = 0;
            boolean close = random.nextBoolean();
            for (int d = 0; d < 3; d++) {
                LocalDate day = FIRST.plusDays(d);
                reached += 10 + random.nextInt(20);
                boolean last = d == 2 && close;
                emit("screening.events", "screening", last ? "CampaignClosed" : "CampaignProgressed", c, at(day, 900),
                        json("campaignId", campaign, "communityCode", c, "targetHouseholds", target,
                                "reachedHouseholds", reached, "coveragePercent", 50.0));
                EXPECTED.level(c, Metric.CAMPAIGN_TARGET, day, target - heldTarget);
                EXPECTED.level(c, Metric.CAMPAIGN_REACHED, day, reached - heldReached);
                heldTarget = target;
                heldReached = reached;
                if (last) {
                    EXPECTED.level(c, Metric.CAMPAIGN_TARGET, day.plusDays(1), -target);
                    EXPECTED.level(c, Metric.CAMPAIGN_REACHED, day.plusDays(1), -reached);
                }
            }
            // shifts published and staffed
            for (int i = 0; i < 4; i++) {
                LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
                OffsetDateTime start = at(day, 480);
                int hours = 4 * (1 + random.nextInt(3));
                String id = UUID.randomUUID().toString();
                long required = 1 + random.nextInt(4);
                long assigned = 0;
                OffsetDateTime t = at(day.minusDays(2), 600);
                emit("roster.events", "roster", "ShiftPublished", c, t, json("shiftId", id, "communityCode", c,
                        "dutyCode", "screener", "startAt", start, "endAt", start.plusHours(hours), "required", required));
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    t = t.plusMinutes(10);
                    required = random.nextInt(5);
                    assigned = random.nextInt(5);
                    emit("roster.events", "roster", "ShiftStaffingChanged", c, t, json("shiftId", id, "communityCode", c,
                            "dutyCode", "screener", "startAt", start, "endAt", start.plusHours(hours),
                            "required", required, "assigned", assigned, "qualifiedAssigned", assigned));
                }
                EXPECTED.add(c, Metric.SHIFT_SLOTS_REQUIRED, day, required);
                EXPECTED.add(c, Metric.SHIFT_SLOTS_COVERED, day, Math.min(required, assigned));
                EXPECTED.add(c, Metric.UNCOVERED_HOURS, day, Math.max(0, required - assigned) * hours);
                EXPECTED.add(c, Metric.PEOPLE_ON_DUTY, day, assigned);
            }
            // volunteers, and staff (not counted)
            for (int i = 0; i < 3; i++) {
                LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
                emit("roster.events", "roster", "VolunteerRegistered", c, at(day, 500), json("personId", UUID.randomUUID(),
                        "communityCode", c, "selfRegistered", true, "registeredAt", at(day, 500)));
                EXPECTED.level(c, Metric.VOLUNTEERS, day, 1);
            }
            boolean volunteer = random.nextBoolean();
            emit("roster.events", "roster", "StaffRegistered", c, at(FIRST, 300), json("staffId", UUID.randomUUID(),
                    "communityCode", c, "kind", volunteer ? "VOLUNTEER" : "STAFF", "registeredAt", at(FIRST, 300)));
            EXPECTED.level(c, Metric.VOLUNTEERS, FIRST, volunteer ? 1 : 0);
            // stock of a community store
            stock(random, c, UUID.randomUUID().toString());
            // alerts
            alert(random, c);
        }
        // a district depot and a district-wide alert
        stock(random, DEPOT_AREA, UUID.randomUUID().toString());
        alert(random, DEPOT_AREA);
    }

    static void stock(Random random, String area, String site) {
        SITE_AREA.put(site, area);
        String[] levels = {"OK", "BELOW_MIN", "EMERGENCY", "STOCK_OUT"};
        for (String item : new String[] {"n95-respirator", "antigen-test", "gloves"}) {
            boolean critical = !item.equals("gloves");
            boolean wasOut = false;
            OffsetDateTime t = at(FIRST, 420);
            for (int k = 0; k < 4; k++) {
                t = t.plusMinutes(200 + random.nextInt(1200));
                LocalDate day = t.atZoneSameInstant(CITY).toLocalDate();
                if (day.isAfter(FIRST.plusDays(DAYS - 1))) {
                    break;
                }
                String level = levels[random.nextInt(4)];
                BigDecimal cover = level.equals("STOCK_OUT") ? BigDecimal.ZERO
                        : random.nextInt(5) == 0 ? null : BigDecimal.valueOf(5 + random.nextInt(300), 1);
                emit("supplies.events", "supplies", "StockChanged", area, t, json("siteId", site, "areaCode", area,
                        "siteKind", area.length() == 12 ? "COMMUNITY_STORE" : "DISTRICT_DEPOT", "itemCode", item,
                        "critical", critical, "onHand", 10, "inTransit", 0, "rate", 1.0, "forecastRate", 1.0,
                        "daysOfCover", cover, "level", level, "cause", "ISSUE", "changedAt", t));
                boolean out = level.equals("STOCK_OUT");
                EXPECTED.level(area, Metric.ITEMS_AT_STOCK_OUT, day, (out ? 1 : 0) - (wasOut ? 1 : 0));
                wasOut = out;
                STOCK.computeIfAbsent(site + "|" + item, x -> new ArrayList<>()).add(new Object[] {day, critical, cover});
            }
        }
    }

    static void alert(Random random, String area) {
        String id = UUID.randomUUID().toString();
        String[] levels = {"BLUE", "YELLOW", "ORANGE", "RED"};
        int level = random.nextInt(3);
        LocalDate raised = FIRST.plusDays(random.nextInt(2));
        OffsetDateTime t = at(raised, 600);
        emit("alert.events", "alert", "AlertRaised", area, t, json("alertId", id, "communityCode", area,
                "level", levels[level], "stage", "WARNING", "title", "fever above expected", "raisedAt", t,
                "status", "OPEN"));
        EXPECTED.level(area, Metric.openAlerts(levels[level]), raised, 1);
        OffsetDateTime ack = t.plusHours(1);
        emit("alert.events", "alert", "AlertAcknowledged", area, ack, json("alertId", id, "communityCode", area,
                "level", levels[level], "stage", "WARNING", "status", "ACKNOWLEDGED", "acknowledgedAt", ack));
        LocalDate updated = raised.plusDays(1);
        OffsetDateTime u = at(updated, 700);
        emit("alert.events", "alert", "AlertUpdated", area, u, json("alertId", id, "communityCode", area,
                "level", levels[level + 1], "previousLevel", levels[level], "stage", "WARNING", "status", "ACKNOWLEDGED",
                "firings", 2, "lastSeen", u, "changedAt", u));
        EXPECTED.level(area, Metric.openAlerts(levels[level]), updated, -1);
        EXPECTED.level(area, Metric.openAlerts(levels[level + 1]), updated, 1);
        if (random.nextBoolean()) {
            LocalDate closed = updated.plusDays(1 + random.nextInt(2));
            OffsetDateTime cl = at(closed, 800);
            emit("alert.events", "alert", "AlertClosed", area, cl, json("alertId", id, "communityCode", area,
                    "level", levels[level + 1], "previousStatus", "ACKNOWLEDGED", "stage", "CLOSED", "status", "CLOSED",
                    "firings", 2, "firstSeen", t, "lastSeen", u, "closedAt", cl));
            EXPECTED.level(area, Metric.openAlerts(levels[level + 1]), closed, -1);
        }
    }

    /** The lowest days of cover among the critical items of an area at the end of a day (null: none known). */
    static BigDecimal lowest(String area, LocalDate day) {
        BigDecimal lowest = null;
        boolean any = false;
        for (var entry : STOCK.entrySet()) {
            String site = entry.getKey().substring(0, entry.getKey().indexOf('|'));
            if (!SITE_AREA.get(site).startsWith(area)) {
                continue;
            }
            Object[] latest = null;
            for (Object[] row : entry.getValue()) {
                if (!((LocalDate) row[0]).isAfter(day)) {
                    latest = row; // rows in time order: the last one of a day wins
                }
            }
            if (latest == null) {
                continue;
            }
            any = true;
            if ((Boolean) latest[1] && latest[2] != null) {
                BigDecimal cover = (BigDecimal) latest[2];
                lowest = lowest == null || cover.compareTo(lowest) < 0 ? cover : lowest;
            }
        }
        return any ? lowest : null;
    }

    static List<String> areas() {
        List<String> areas = new ArrayList<>();
        for (String c : COMMUNITIES) {
            for (String a : chain(c)) {
                if (!areas.contains(a)) {
                    areas.add(a);
                }
            }
        }
        return areas;
    }

    static String show(BigDecimal v) {
        return v == null ? "null" : v.stripTrailingZeros().toPlainString();
    }

    Map<String, String> actual() {
        Map<String, String> all = new TreeMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (String area : areas()) {
                for (int d = 0; d < DAYS + 2; d++) {
                    LocalDate day = FIRST.plusDays(d);
                    Map<Metric, BigDecimal> figures = reader.figures(area, day);
                    for (Metric m : Expected.zeros().keySet()) {
                        all.put(area + " " + day + " " + m.key(), show(figures.get(m)));
                    }
                    all.put(area + " " + day + " lowestDaysOfCover", show(figures.get(Metric.LOWEST_DAYS_OF_COVER)));
                }
            }
        });
        return all;
    }

    static Map<String, String> expected() {
        Map<String, String> all = new TreeMap<>();
        for (String area : areas()) {
            for (int d = 0; d < DAYS + 2; d++) {
                LocalDate day = FIRST.plusDays(d);
                EXPECTED.of(area, day).forEach((m, v) -> all.put(area + " " + day + " " + m.key(), show(v)));
                all.put(area + " " + day + " lowestDaysOfCover", show(lowest(area, day)));
            }
        }
        return all;
    }

    @Test
    @Order(1)
    void theKpisEqualTheCountsOfTheSourceEventsWithDuplicatesAndLateEvents() {
        generate();
        String c = COMMUNITIES.get(0);
        // a late fact: a screening of the first day, arriving after everything else
        OffsetDateTime lateAt = at(FIRST, 700);
        ProducerRecord<String, String> late = TestEvents.cloudEvent("screening.events", UUID.randomUUID().toString(),
                "/screening", "frontline.screening.ResidentScreened.v1", c, lateAt.toString(), json("screeningId",
                        UUID.randomUUID(), "communityCode", c, "outcome", "REFERRED", "screenedAt", lateAt));
        try (var producer = TestEvents.producer()) {
            for (int i = 0; i < RECORDS.size(); i++) {
                producer.send(RECORDS.get(i));
                if (i % 7 == 0) {
                    producer.send(RECORDS.get(i)); // a redelivery: the same event id again
                }
            }
            producer.flush();
            producer.send(late);
            producer.send(late);
        }
        EXPECTED.add(c, Metric.SCREENED, FIRST, 1);
        EXPECTED.add(c, Metric.SUSPECTED, FIRST, 1);
        Map<String, String> expected = expected();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(actual()).isEqualTo(expected));
        // and stays there (nothing applied twice)
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(actual()).isEqualTo(expected));
        // open alerts as package B lists them
        long open = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from fact_state where kind = 'ALERT' and area_code like '31012%'"
                        + " and (state ->> 'open')::boolean and state ->> 'level' is not null"
                        + " and state ->> 'raisedAt' is not null")
                .getSingleResult()).longValue());
        assertThat(open).isPositive();
    }

    @Test
    @Order(2)
    void aPoisonEventIsDeadLetteredAndTheRestOfItsBatchApplies() {
        String marker = UUID.randomUUID().toString();
        String c = "310121009001";
        OffsetDateTime t = at(FIRST.plusDays(2), 600);
        try (var producer = TestEvents.producer()) {
            producer.send(TestEvents.cloudEvent("alert.events", marker, "/alert", "frontline.alert.AlertRaised.v1",
                    "not-a-community", t.toString(), json("alertId", UUID.randomUUID(), "communityCode", "x",
                            "level", "RED", "stage", "WARNING", "title", "t", "raisedAt", t)));
            producer.send(TestEvents.cloudEvent("screening.events", UUID.randomUUID().toString(), "/screening",
                    "frontline.screening.ResidentScreened.v1", c, t.toString(), json("screeningId", UUID.randomUUID(),
                            "communityCode", c, "outcome", "NORMAL", "screenedAt", t)));
        }
        EXPECTED.add(c, Metric.SCREENED, FIRST.plusDays(2), 1);
        TopicReader.await("alert.events.dlq", r -> marker.equals(TopicReader.header(r, "ce_id")), 1,
                Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(QuarkusTransaction.requiringNew()
                .call(() -> reader.figures(c, FIRST.plusDays(2)).get(Metric.SCREENED))).isEqualByComparingTo("1"));
    }

    @Test
    @Order(3)
    void aRebuildFromTheTopicsGivesTheSameRows() {
        generate();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(actual()).isEqualTo(expected()));
        List<String> before = rows();
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        // the refusal names no city outside the caller's area
        String refused = given().auth().oauth2(TestTokens.token("zhou", "district-officer", "310121")).when()
                .post("/api/v1/admin/projection/rebuild").then().statusCode(403).extract().path("detail");
        assertThat(refused).doesNotContain("3101");
        // a rebuild left RUNNING by a replica that went away (nobody holds its lock) does not block a new one
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update projection_state set rebuild_status = 'RUNNING' where id = 1").executeUpdate());
        given().auth().oauth2(coordinator).when().post("/api/v1/admin/projection/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(given().auth().oauth2(coordinator).when().get("/api/v1/admin/projection").then()
                        .statusCode(200).extract().path("rebuild.status").toString()).isEqualTo("DONE"));
        assertThat(rows()).isEqualTo(before);
        assertThat(actual()).isEqualTo(expected());
    }

    @SuppressWarnings("unchecked")
    List<String> rows() {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery("""
                select area_code, metric, cast(day as text), cast(value as text) from kpi_day
                where area_code like '310121%' or area_code like '310122%'
                order by area_code, metric, day
                """).getResultList()).stream().map(r -> r[0] + " " + r[1] + " " + r[2] + " " + r[3]).toList());
    }
}
