package org.frontline.drill.play;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Response;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.city.City;
import org.frontline.drill.city.City.Community;
import org.frontline.drill.city.City.Household;
import org.frontline.drill.city.City.Resident;
import org.frontline.drill.city.City.Worker;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.truth.AlertLevels;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.Metrics;

/**
 * Turns a scenario into real requests against the running suite (through the gateway, with the drill user's token)
 * and records in the {@link GroundTruth} every accepted fact as the gateway's documented rules must show it
 * (gateway/README.md "KPIs — exact definitions"): never what the suite answers, only what it accepted.
 *
 * <p>{@link #setUp()} registers the city: area names, the scenario's detectors on the city, households, residents,
 * staff and volunteers with their qualifications, one store per community with its opening stock. {@link #play}
 * plays the simulated days ({@link TimeModel}); each day every community (on {@code threads} writers) runs its
 * door-to-door round, the outbreak's positive tests and quarantines, the quarantine check-ins, its shifts (absences,
 * assignments, publication) and its stock issues. A {@code network.retryRate} share of the writes is sent twice with
 * the same idempotency key; the repeat must answer the same record (else an error).
 */
public final class Player {

    private static final int MAX_ERRORS_SHOWN = 10;

    private final SuiteClient client;
    private final Scenario scenario;
    private final City city;
    private final GroundTruth truth;
    private final TimeModel time;
    private final String runId;
    private final int threads;
    private final long seed;
    private final double secondsPerDay;
    private final Progress progress;
    private final PrintStream log;
    private final double retryRate;
    private final Outbreak outbreak;
    private final AtomicInteger shownErrors = new AtomicInteger();
    /** item codes the catalogue marks critical (their stock-out is what {@code items-stock-out} counts). */
    private final Set<String> critical = ConcurrentHashMap.newKeySet();
    /** duty code → the items supplies-service's usage norms forecast for a shift of it. */
    private final Map<String, Set<String>> norms = new ConcurrentHashMap<>();

    // per community state (one community is played by one thread at a time)
    private final Map<String, Set<String>> infected = new ConcurrentHashMap<>();
    private final Map<String, List<Quarantine>> quarantines = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> onHand = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> shiftsWorked = new ConcurrentHashMap<>();
    /** community → simulated day → critical items that ran out that day (the items-stock-out signal's changes). */
    private final Map<String, Map<Integer, Integer>> criticalOuts = new ConcurrentHashMap<>();
    /** community → items its store got a stock row for through the forecast alone (nothing on hand). */
    private final Map<String, Set<String>> notHeldYet = new ConcurrentHashMap<>();
    /** The roster's staffing rules as the drill models them (the truth of every assignment). */
    private final StaffingModel staffing;

    record Quarantine(String id, String residentId, int startDay) {
    }

    public Player(SuiteClient client, Scenario scenario, City city, GroundTruth truth, TimeModel time, String runId,
            int threads, long seed, double secondsPerDay, Progress progress, PrintStream log) {
        this.client = client;
        this.scenario = scenario;
        this.city = city;
        this.truth = truth;
        this.time = time;
        this.runId = runId;
        this.threads = Math.max(1, threads);
        this.seed = seed;
        this.secondsPerDay = secondsPerDay;
        this.progress = progress;
        this.log = log;
        this.retryRate = scenario.network() == null || scenario.network().retryRate() == null ? 0
                : scenario.network().retryRate();
        this.outbreak = Outbreak.plan(city, scenario.outbreak(), scenario.days(), seed);
        truth.runId = runId;
        truth.scenario = scenario.name();
        truth.cityCode = city.code();
        truth.seed = seed;
        truth.firstDay = time.firstDay();
        truth.days = scenario.days();
        truth.lastDay = time.lastDay();
        if (truth.startedAt == null) {
            truth.startedAt = Instant.now();
        }
        LocalDate issued = time.firstDay().minusDays(30);
        this.staffing = new StaffingModel(issued, issued.plusMonths(12).minusDays(1));
        truth.communities = city.communities().map(Community::code).toList();
        outbreak.onsets().forEach((community, day) -> truth.outbreak.put(community, time.day(day)));
    }

    public Outbreak outbreak() {
        return outbreak;
    }

    // ------------------------------------------------------------------------------------------------ set up

    /** Registers the city; a refused or unreachable write throws {@link SuiteException}. */
    public RegisteredCity setUp() {
        RegisteredCity rc = new RegisteredCity(city);
        progress.phase("set up " + city.code());
        for (JsonNode item : client.require("GET", "/api/v1/supplies/items?critical=true&size=500", null).body()
                .path("items")) {
            critical.add(item.path("code").asText());
        }
        for (JsonNode n : client.require("GET", "/api/v1/supplies/usage-norms", null).body()) {
            if (n.path("perShift").asDouble() > 0) {
                norms.computeIfAbsent(n.path("dutyCode").asText(), k -> ConcurrentHashMap.newKeySet())
                        .add(n.path("itemCode").asText());
            }
        }
        if (scenario.roster() != null) {
            String duty = dutyCode();
            Response d = client.require("GET", "/api/v1/roster/duties/" + duty, null);
            Set<String> required = new HashSet<>();
            d.body().path("requiredQualifications").forEach(q -> required.add(q.asText()));
            staffing.requires(required);
        }
        client.requireIdempotent("PUT", "/api/v1/areas/" + city.code(), Map.of("name", city.name(), "nameEn",
                "Drill city " + city.code() + " (run " + runId + ")"));
        List<Runnable> names = new ArrayList<>();
        for (City.District d : city.districts()) {
            names.add(() -> client.requireIdempotent("PUT", "/api/v1/areas/" + d.code(), Map.of("name", d.name())));
            for (City.Street s : d.streets()) {
                names.add(() -> client.requireIdempotent("PUT", "/api/v1/areas/" + s.code(), Map.of("name", s.name())));
                for (Community c : s.communities()) {
                    names.add(() -> client.requireIdempotent("PUT", "/api/v1/areas/" + c.code(),
                            Map.of("name", c.name())));
                }
            }
        }
        parallel(names);
        List<Map<String, Object>> detectors = scenario.detection() == null || scenario.detection().detectors() == null
                ? List.of() : scenario.detection().detectors();
        for (Map<String, Object> d : detectors) {
            Map<String, Object> body = new LinkedHashMap<>(d);
            body.put("areaCode", city.code());
            body.putIfAbsent("enabled", true);
            // a repeat of a create that landed answers 409 (the name is taken): safe to send again
            Response r = client.expecting(true, "POST", "/api/v1/alerts/detectors", body, 409);
            if (!r.ok() && r.status() != 409) {
                throw new SuiteException("POST", "/api/v1/alerts/detectors", r);
            }
        }
        // screening-service has no bulk registration: each household, then its residents, one task per household
        List<Runnable> households = new ArrayList<>();
        city.communities().forEach(c -> c.households().forEach(h -> households.add(() -> {
            household(rc, c, h);
            h.residents().forEach(r -> resident(rc, h, r));
        })));
        parallel(households);
        List<Runnable> people = new ArrayList<>();
        city.communities().forEach(c -> c.workers().forEach(w -> people.add(() -> person(rc, c, w))));
        people.addAll(city.communities().map(c -> (Runnable) () -> store(rc, c)).toList());
        parallel(people);
        return rc;
    }

    private Random random(String purpose, String key) {
        return new Random(Objects.hash(seed, purpose, key));
    }

    private String key(String... parts) {
        return runId + ":" + String.join(":", parts);
    }

    private void household(RegisteredCity rc, Community c, Household h) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("communityCode", c.code());
        body.put("grid", h.grid());
        body.put("building", h.building());
        body.put("unit", h.unit());
        body.put("room", h.room());
        body.put("idempotencyKey", key(h.key()));
        String id = create("/api/v1/screening/households", body, random("hh", h.key()), true);
        rc.households().put(h.key(), id);
        truth.fact(Facts.HOUSEHOLDS, 1);
    }

    private void resident(RegisteredCity rc, Household h, Resident r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("householdId", rc.households().get(h.key()));
        body.put("name", r.name());
        body.put("phone", r.phone());
        body.put("idNumber", r.idNumber());
        body.put("birthYear", r.birthYear());
        body.put("sex", r.sex());
        body.put("elderlyAlone", r.elderlyAlone());
        body.put("chronicIllness", r.chronicIllness());
        body.put("pregnant", r.pregnant());
        body.put("disability", r.disability());
        body.put("idempotencyKey", key(r.key()));
        String id = create("/api/v1/screening/residents", body, random("res", r.key()), true);
        rc.residents().put(r.key(), id);
        truth.fact(Facts.RESIDENTS, 1);
    }

    private void person(RegisteredCity rc, Community c, Worker w) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("communityCode", c.code());
        body.put("kind", w.kind());
        if (!w.volunteer()) {
            body.put("unitCode", c.code());
        }
        body.put("displayName", w.displayName());
        body.put("phone", w.phone());
        body.put("skills", String.join(", ", w.skills()));
        body.put("lendConsent", false);
        body.put("idempotencyKey", key(w.key()));
        Random random = random("person", w.key());
        String id = create("/api/v1/roster/people", body, random, true);
        rc.people().put(w.key(), id);
        if (w.volunteer()) {
            // VolunteerRegistered: +1 on day(registeredAt), stamped now by roster-service
            truth.kpi(c.code(), time.today(), Metrics.VOLUNTEERS, 1);
            truth.fact(Facts.VOLUNTEERS, 1);
        }
        LocalDate issued = staffing.issuedOn();
        for (String q : w.qualifications()) {
            Map<String, Object> qb = new LinkedHashMap<>();
            qb.put("code", q);
            qb.put("issuedOn", issued);
            qb.put("expiresOn", staffing.expiresOn());
            qb.put("idempotencyKey", key(w.key(), q));
            create("/api/v1/roster/people/" + id + "/qualifications", qb, random, true);
        }
    }

    private void store(RegisteredCity rc, Community c) {
        Map<String, Object> body = Map.of("areaCode", c.code(), "kind", "COMMUNITY_STORE", "name", c.store().name());
        Response r = client.expecting(true, "POST", "/api/v1/supplies/sites", body, 409);
        String id;
        if (r.ok()) {
            id = r.body().path("id").asText();
        } else if (r.status() == 409) {
            // a transport retry of our own create: the store is there already (a site takes no idempotency key)
            Response sites = client.require("GET", "/api/v1/supplies/sites?area=" + c.code(), null);
            id = sites.body().path("items").path(0).path("id").asText();
            if (id.isEmpty()) {
                throw new SuiteException("POST", "/api/v1/supplies/sites", r);
            }
        } else {
            throw new SuiteException("POST", "/api/v1/supplies/sites", r);
        }
        rc.stores().put(c.code(), id);
        Map<String, Integer> stock = new ConcurrentHashMap<>();
        Random random = random("store", c.code());
        for (var e : c.store().openingStock().entrySet()) {
            Map<String, Object> rb = new LinkedHashMap<>();
            rb.put("itemCode", e.getKey());
            rb.put("lotCode", "DRILL-" + city.code() + "-" + e.getKey());
            rb.put("expiresOn", time.today().plusYears(2));
            rb.put("quantity", e.getValue());
            rb.put("note", "drill " + runId + " opening stock");
            rb.put("idempotencyKey", key(c.code(), "open", e.getKey()));
            idempotent("POST", "/api/v1/supplies/sites/" + id + "/receipts", rb, random, true, Player::postings);
            stock.put(e.getKey(), e.getValue());
        }
        onHand.put(c.code(), stock);
        notHeldYet.put(c.code(), ConcurrentHashMap.newKeySet());
    }

    // ------------------------------------------------------------------------------------------------ play

    /** Plays every simulated day; each takes at least {@code secondsPerDay} of real time. */
    public void play(RegisteredCity rc) {
        progress.phase("play " + scenario.name() + " in " + city.code());
        List<Community> communities = city.communities().toList();
        for (int day = 0; day < scenario.days(); day++) {
            time.checkSameDay();
            progress.day(day, scenario.days());
            long started = System.nanoTime();
            int d = day;
            parallel(communities.stream().map(c -> (Runnable) () -> playDay(rc, c, d)).toList());
            long left = (long) (secondsPerDay * 1000) - (System.nanoTime() - started) / 1_000_000;
            if (left > 0 && day + 1 < scenario.days()) {
                Parallel.sleep(left);
            }
        }
        time.checkSameDay();
        expectAlerts();
    }

    private void playDay(RegisteredCity rc, Community c, int day) {
        Random random = random("day" + day, c.code());
        List<String> newCases = screeningRound(rc, c, day, random);
        for (String residentKey : newCases) {
            testAndQuarantine(rc, c, day, residentKey, random);
        }
        checkIns(c, day, random);
        shifts(rc, c, day, random);
        stockUse(rc, c, day, random);
    }

    /** The door-to-door round; returns the keys of the residents who became cases today. */
    private List<String> screeningRound(RegisteredCity rc, Community c, int day, Random random) {
        Scenario.Screening s = scenario.screening();
        double coverage = s == null || s.coverage() == null ? 1.0 : s.coverage();
        double feverRate = s == null || s.feverRate() == null ? 0 : s.feverRate();
        int batchSize = s == null || s.batchSize() == null ? 500 : Math.max(1, Math.min(1000, s.batchSize()));
        Set<String> sick = infected.computeIfAbsent(c.code(), k -> ConcurrentHashMap.newKeySet());
        List<Resident> healthy = c.residents().filter(r -> !sick.contains(r.key())).toList();
        int cases = Math.min(outbreak.newCases(c.code(), day), healthy.size());
        // the new cases: the first healthy residents in a seeded shuffle
        List<Resident> shuffled = new ArrayList<>(healthy);
        java.util.Collections.shuffle(shuffled, random);
        Set<String> caseKeys = new HashSet<>();
        for (int i = 0; i < cases; i++) {
            caseKeys.add(shuffled.get(i).key());
        }
        List<Map<String, Object>> records = new ArrayList<>();
        List<double[]> truthOf = new ArrayList<>(); // temperature, suspected (0/1)
        for (Resident r : healthy) {
            boolean isCase = caseKeys.contains(r.key());
            boolean screened = random.nextDouble() < coverage;
            boolean fever = random.nextDouble() < feverRate;
            double jitter = random.nextDouble();
            if (!isCase && !screened) {
                continue;
            }
            double temperature;
            List<String> symptoms;
            boolean contact;
            if (isCase) {
                temperature = 38.0 + Math.round(jitter * 8) / 10.0; // 38.0 … 38.8: SUSPECTED below 38.5, else REFERRED
                symptoms = List.of("COUGH");
                contact = true;
            } else if (fever) {
                temperature = 37.4 + Math.round(jitter * 8) / 10.0; // 37.4 … 38.2: FEVER
                symptoms = List.of();
                contact = false;
            } else {
                temperature = 36.2 + Math.round(jitter * 8) / 10.0; // 36.2 … 37.0: NORMAL
                symptoms = List.of();
                contact = false;
            }
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("residentId", rc.residents().get(r.key()));
            rec.put("channel", "DOOR_TO_DOOR");
            rec.put("temperatureCelsius", temperature);
            rec.put("symptoms", symptoms);
            rec.put("travelHistory", false);
            rec.put("contactWithCase", contact);
            rec.put("screenedAt", time.at(day, random.nextDouble() * 0.5));
            rec.put("idempotencyKey", key(r.key(), "s" + day));
            records.add(rec);
            String outcome = Outcome.of(temperature, symptoms, false, contact);
            truthOf.add(new double[] {temperature, Outcome.suspected(outcome) ? 1 : 0});
        }
        LocalDate date = time.day(day);
        for (int from = 0; from < records.size(); from += batchSize) {
            List<Map<String, Object>> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            Response r = idempotent("POST", "/api/v1/screening/screenings/bulk", Map.of("records", batch), random,
                    false, Player::bulkIds);
            if (r == null) {
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                double[] t = truthOf.get(from + i);
                truth.kpi(c.code(), date, Metrics.SCREENED, 1);
                if (Outcome.fever(t[0])) {
                    truth.kpi(c.code(), date, Metrics.FEVER, 1);
                }
                if (t[1] > 0) {
                    truth.kpi(c.code(), date, Metrics.SUSPECTED, 1);
                }
            }
            truth.fact(Facts.SCREENINGS, batch.size());
        }
        sick.addAll(caseKeys);
        return healthy.stream().map(Resident::key).filter(caseKeys::contains).toList();
    }

    private void testAndQuarantine(RegisteredCity rc, Community c, int day, String residentKey, Random random) {
        String residentId = rc.residents().get(residentKey);
        LocalDate date = time.day(day);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("residentId", residentId);
        test.put("kind", "PCR");
        test.put("result", "POSITIVE");
        test.put("sampledAt", time.at(day, 0.55 + random.nextDouble() * 0.1));
        test.put("idempotencyKey", key(residentKey, "pcr"));
        if (create("/api/v1/screening/test-results", test, random, false) != null) {
            truth.kpi(c.code(), date, Metrics.POSITIVES, 1);
            truth.fact(Facts.POSITIVE_TESTS, 1);
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("residentId", residentId);
        q.put("kind", "HOME");
        q.put("startDate", date);
        q.put("idempotencyKey", key(residentKey, "hq"));
        String id = create("/api/v1/screening/quarantines", q, random, false);
        if (id != null) {
            truth.kpi(c.code(), date, Metrics.IN_QUARANTINE, 1);
            truth.fact(Facts.QUARANTINES, 1);
            quarantines.computeIfAbsent(c.code(), k -> new ArrayList<>()).add(new Quarantine(id, residentId, day));
        }
    }

    /**
     * Check-ins of the periods started on an earlier day, each with {@code checkInRate}. A skipped day is not
     * reported missed during the run: the suite reports only whole days after the period was recorded (today).
     */
    private void checkIns(Community c, int day, Random random) {
        double rate = scenario.quarantine() == null || scenario.quarantine().checkInRate() == null ? 1.0
                : scenario.quarantine().checkInRate();
        for (Quarantine q : quarantines.getOrDefault(c.code(), List.of())) {
            if (q.startDay() >= day || random.nextDouble() >= rate) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("temperatureCelsius", 36.6);
            body.put("symptoms", List.of());
            body.put("checkedInAt", time.at(day, 0.1 + random.nextDouble() * 0.3));
            body.put("idempotencyKey", key(q.id(), "ci" + day));
            idempotent("POST", "/api/v1/screening/quarantines/" + q.id() + "/check-ins", body, random, false,
                    r -> "");
        }
    }

    private String dutyCode() {
        return scenario.roster() == null || scenario.roster().dutyCode() == null ? "temperature-checkpoint"
                : scenario.roster().dutyCode();
    }

    /**
     * The day's shifts of the community. Who is assigned is the drill's own decision, checked against its model of
     * roster-service's hard rules ({@link StaffingModel}: qualified on the shift's date, not absent, no overlap, 11 h
     * rest, 48 h in 7 days): the least worked valid staff first. The truth records what the model says — an
     * assignment the model allows that the suite refuses is an error, never an uncovered slot. Each shift's figures
     * go on the city day of its {@code startAt} (gateway and alert-service count them there).
     */
    private void shifts(RegisteredCity rc, Community c, int day, Random random) {
        Scenario.Roster roster = scenario.roster();
        if (roster == null) {
            return;
        }
        String duty = dutyCode();
        int perDay = roster.shiftsPerDay() == null ? 1 : roster.shiftsPerDay();
        int hours = roster.hours() == null ? 8 : roster.hours();
        int required = roster.requiredHeadcount() == null ? 1 : roster.requiredHeadcount();
        boolean outbreakHere = outbreak.active(c.code(), day);
        double absence = outbreakHere && roster.outbreakAbsenceRate() != null ? roster.outbreakAbsenceRate()
                : roster.absenceRate() == null ? 0 : roster.absenceRate();
        List<Worker> staff = c.workers().stream().filter(w -> !w.volunteer()).toList();
        OffsetDateTime dayStart = time.startOf(day);
        List<Worker> present = new ArrayList<>();
        for (Worker w : staff) {
            if (random.nextDouble() < absence) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("from", dayStart);
                a.put("to", dayStart.plusDays(1));
                a.put("reason", "SICK");
                a.put("idempotencyKey", key(w.key(), "abs" + day));
                if (create("/api/v1/roster/people/" + rc.people().get(w.key()) + "/absences", a, random, false)
                        != null) {
                    staffing.absent(w.key(), dayStart.toInstant(), dayStart.plusDays(1).toInstant());
                }
            } else {
                present.add(w);
            }
        }
        Map<String, Integer> worked = shiftsWorked.computeIfAbsent(c.code(), k -> new HashMap<>());
        for (int s = 0; s < perDay; s++) {
            OffsetDateTime start = time.shiftStart(day).plusHours((long) s * hours);
            OffsetDateTime end = start.plusHours(hours);
            LocalDate date = TimeModel.cityDay(start);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("communityCode", c.code());
            body.put("dutyCode", duty);
            body.put("startAt", start);
            body.put("endAt", end);
            body.put("requiredHeadcount", required);
            body.put("idempotencyKey", key(c.code(), "shift" + day + "-" + s));
            String shiftId = create("/api/v1/roster/shifts", body, random, false);
            if (shiftId == null) {
                continue;
            }
            // the least worked first, so the hours stay spread; each one the model allows is assigned
            List<Worker> candidates = new ArrayList<>(present);
            candidates.sort((a, b) -> Integer.compare(worked.getOrDefault(a.key(), 0), worked.getOrDefault(b.key(), 0)));
            int assigned = 0;
            for (Worker w : candidates) {
                if (assigned >= required) {
                    break;
                }
                String refusal = staffing.refusal(w, date, start.toInstant(), end.toInstant());
                if (refusal != null) {
                    continue; // the suite must refuse it (the model's rule): not asked
                }
                assign(rc, shiftId, w);
                assigned++;
                worked.merge(w.key(), 1, Integer::sum);
                staffing.book(w.key(), start.toInstant(), end.toInstant());
            }
            Response p = client.sendIdempotent("POST", "/api/v1/roster/shifts/" + shiftId + "/publish", null);
            if (!p.ok()) {
                error("publish shift " + shiftId, p); // counted; the truth still says what the suite must show
            }
            truth.fact(Facts.SHIFTS, 1);
            forecastStockOuts(c, duty, day);
            truth.kpi(c.code(), date, Metrics.SHIFT_SLOTS_REQUIRED, required);
            truth.kpi(c.code(), date, Metrics.SHIFT_SLOTS_COVERED, Math.min(assigned, required));
            double uncovered = Math.max(0, required - assigned) * (double) hours;
            truth.kpi(c.code(), date, Metrics.UNCOVERED_HOURS, uncovered);
            truth.kpi(c.code(), date, Metrics.PEOPLE_ON_DUTY, assigned);
            if (uncovered > 0) {
                truth.uncovered(c.code(), date, uncovered);
            }
        }
    }

    /**
     * Assigns {@code w} (valid by the model) to the shift. An assignment carries no idempotency key, so after a
     * transport failure the shift's assignments are read to learn whether it landed before it is sent once more. A
     * refusal is a discrepancy with the model: counted as an error.
     */
    private void assign(RegisteredCity rc, String shiftId, Worker w) {
        String path = "/api/v1/roster/shifts/" + shiftId + "/assignments";
        String personId = rc.people().get(w.key());
        Map<String, Object> body = Map.of("personId", personId);
        Response r;
        try {
            r = client.expecting("POST", path, body, 409);
        } catch (SuiteException e) {
            if (!(e.getCause() instanceof IOException)) {
                throw e;
            }
            Response list = client.require("GET", path, null);
            if (assigned(list.body(), personId)) {
                return;
            }
            r = client.expecting("POST", path, body, 409);
        }
        if (r.status() == 502 && SuiteClient.maybeDelivered(r.raw())) {
            // the replica went away after the request was sent (gateway: upstream-connection-lost): it may have landed
            Response list = client.require("GET", path, null);
            if (assigned(list.body(), personId)) {
                client.stats().errors.decrementAndGet(); // the 502 was counted; the assignment is there
                return;
            }
            r = client.expecting("POST", path, body, 409);
        }
        if (r.status() == 409) {
            discrepancy("roster-service refused the assignment of " + w.key() + " to shift " + shiftId
                    + ", which its rules allow (qualified, present, rested, within 48 h)", r);
        } else if (!r.ok()) {
            error("assignment of " + w.key() + " to shift " + shiftId, r); // counted by the client
        }
    }

    private static boolean assigned(JsonNode list, String personId) {
        JsonNode items = list.isArray() ? list : list.path("items");
        for (JsonNode a : items) {
            if (personId.equals(a.path("personId").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * supplies-service forecasts use from the published shifts starting today or later (supplies-service/README.md
     * "Consumers": a stock row is created for a non-zero forecast): an item the duty's usage norm names that the store
     * never held gets a stock row with nothing on hand — a STOCK_OUT (level = STOCK_OUT when on hand is 0), on today.
     */
    private void forecastStockOuts(Community c, String duty, int day) {
        if (day < todayIndex() || !notHeldYet.containsKey(c.code())) {
            return;
        }
        for (String item : norms.getOrDefault(duty, Set.of())) {
            if (!c.store().openingStock().containsKey(item) && notHeldYet.get(c.code()).add(item)) {
                stockOut(c, item);
            }
        }
    }

    private void stockUse(RegisteredCity rc, Community c, int day, Random random) {
        Scenario.Supplies supplies = scenario.supplies();
        String site = rc.stores().get(c.code());
        if (supplies == null || supplies.dailyUse() == null || site == null) {
            return;
        }
        double multiplier = outbreak.active(c.code(), day) && supplies.outbreakMultiplier() != null
                ? supplies.outbreakMultiplier() : 1.0;
        Map<String, Integer> stock = onHand.get(c.code());
        String duty = scenario.roster() == null || scenario.roster().dutyCode() == null ? null
                : scenario.roster().dutyCode();
        for (var use : supplies.dailyUse().entrySet()) {
            String item = use.getKey();
            int left = stock.getOrDefault(item, 0);
            int wanted = (int) Math.round(use.getValue() * multiplier);
            if (left <= 0 || wanted <= 0) {
                continue; // ran out earlier: nothing left to issue
            }
            String path = "/api/v1/supplies/sites/" + site + "/issues";
            Map<String, Object> body = issue(item, wanted, duty, day, key(c.code(), "use" + day, item));
            int issued;
            if (wanted <= left) {
                issued = idempotent("POST", path, body, random, false, Player::postings) == null ? 0 : wanted;
            } else {
                // more than on hand: the suite refuses it (409 insufficient-stock) — then what is left is issued
                Response r = client.expecting("POST", path, body, 409);
                if (r.ok()) {
                    discrepancy("issue of " + wanted + " " + item + " beyond the stock of " + left + " at " + c.code()
                            + " was accepted (expected 409 insufficient-stock)", r);
                } else if (r.status() != 409) {
                    error("issue beyond the stock at " + c.code() + " (expected 409)", r); // counted by the client
                } else {
                    int reported = r.body().path("onHand").asInt(left);
                    if (reported != left) {
                        discrepancy("onHand of " + item + " at " + c.code() + " is " + reported + ", the drill holds "
                                + left, r);
                    }
                }
                Map<String, Object> rest = issue(item, left, duty, day, key(c.code(), "use" + day, item, "rest"));
                issued = idempotent("POST", path, rest, random, false, Player::postings) == null ? 0 : left;
            }
            if (issued > 0) {
                truth.fact(Facts.ISSUES, 1);
            }
            stock.put(item, left - issued);
            if (issued > 0 && left - issued == 0) {
                stockOut(c, item);
            }
        }
    }

    /**
     * An item of the community's store became STOCK_OUT now: {@code StockChanged} is stamped now ({@code changedAt}),
     * so +1 {@code itemsAtStockOut} on today (LEVEL); a critical item also counts in alert-service's
     * {@code items-stock-out} from today on.
     */
    private void stockOut(Community c, String item) {
        truth.kpi(c.code(), time.today(), Metrics.ITEMS_AT_STOCK_OUT, 1);
        truth.stockOut(c.code(), item);
        if (critical.contains(item)) {
            criticalOuts.computeIfAbsent(c.code(), k -> new ConcurrentHashMap<>()).merge(todayIndex(), 1, Integer::sum);
        }
    }

    private Map<String, Object> issue(String item, int quantity, String duty, int day, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("itemCode", item);
        body.put("quantity", quantity);
        if (duty != null) {
            body.put("dutyCode", duty);
        }
        body.put("usedOn", time.day(day));
        body.put("idempotencyKey", key);
        return body;
    }

    private int todayIndex() {
        return (int) (time.today().toEpochDay() - time.firstDay().toEpochDay());
    }

    // ------------------------------------------------------------------------------------------------ alerts

    /**
     * The alerts the scenario's rule detectors must open, from the truth's own series (alert-service/README.md
     * "Signals", "Rules", "Detection run"): per community and signal the rule's value on day D is the sum of the
     * signal over the {@code windowDays} days up to D; it fires on D when that is ≥ {@code threshold} on each of the
     * last {@code consecutiveDays} days; only days D within the 3-day lookback (today and the two days before) fire.
     * The expected level is the highest that fires; the onset the first day the signal is non-zero; the alert must be
     * observed by max(onset, first lookback day) + {@code maxDaysToAlert}.
     */
    void expectAlerts() {
        List<Map<String, Object>> detectors = scenario.detection() == null || scenario.detection().detectors() == null
                ? List.of() : scenario.detection().detectors();
        int maxDays = scenario.detection() == null || scenario.detection().maxDaysToAlert() == null ? 1
                : scenario.detection().maxDaysToAlert();
        int days = scenario.days();
        int firstLookback = Math.max(0, todayIndex() - (Rules.LOOKBACK_DAYS - 1));
        for (String community : truth.communities) {
            Map<String, double[]> series = new HashMap<>();
            for (Map<String, Object> d : detectors) {
                String signal = String.valueOf(d.get("signal"));
                if (!"rule".equals(d.get("method"))) {
                    log.println("drill: detector " + d.get("name") + " (" + d.get("method")
                            + ") is not predicted by the drill's truth; only rules are");
                    continue;
                }
                double[] s = series.computeIfAbsent(signal, k -> signal(community, k, days));
                if (s == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) d.getOrDefault("params", Map.of());
                int window = ((Number) params.getOrDefault("windowDays", 1)).intValue();
                double threshold = ((Number) params.getOrDefault("threshold", 1)).doubleValue();
                int consecutive = ((Number) params.getOrDefault("consecutiveDays", 1)).intValue();
                boolean below = "below".equals(params.get("comparison"));
                if (Boolean.TRUE.equals(params.get("per10000")) || below) {
                    continue; // not predicted: populations are not set by the drill; "below" fires on quiet days
                }
                Integer fired = Rules.firstAlarm(s, window, threshold, consecutive, todayIndex());
                if (fired == null) {
                    continue;
                }
                int onset = 0;
                while (onset < days && s[onset] == 0) {
                    onset++;
                }
                String level = String.valueOf(d.get("level"));
                LocalDate onsetDay = time.day(Math.min(onset, days - 1));
                LocalDate latest = time.day(Math.max(onset, firstLookback)).plusDays(maxDays);
                upgrade(new GroundTruth.ExpectedAlert(community, signal, level, onsetDay, latest));
            }
        }
    }

    private void upgrade(GroundTruth.ExpectedAlert alert) {
        synchronized (truth) {
            for (int i = 0; i < truth.alerts.size(); i++) {
                GroundTruth.ExpectedAlert a = truth.alerts.get(i);
                if (a.community().equals(alert.community()) && a.signal().equals(alert.signal())) {
                    if (AlertLevels.rank(alert.level()) > AlertLevels.rank(a.level())) {
                        truth.alerts.set(i, new GroundTruth.ExpectedAlert(a.community(), a.signal(), alert.level(),
                                a.onsetDay(), a.latestDay()));
                    }
                    return;
                }
            }
            truth.expectAlert(alert);
        }
    }

    /** alert-service's daily series of {@code signal} in {@code community} over the run, from the truth; null: unknown. */
    private double[] signal(String community, String signal, int days) {
        double[] s = new double[days];
        switch (signal) {
            case "positive-tests" -> fill(s, community, Metrics.POSITIVES);
            case "fever-screenings" -> fill(s, community, Metrics.FEVER);
            case "new-quarantines" -> fill(s, community, Metrics.IN_QUARANTINE);
            case "uncovered-shift-hours" -> fill(s, community, Metrics.UNCOVERED_HOURS);
            case "missed-check-ins" -> { }
            case "items-stock-out" -> {
                int level = 0;
                Map<Integer, Integer> outs = criticalOuts.getOrDefault(community, Map.of());
                for (int d = 0; d < days; d++) {
                    level += outs.getOrDefault(d, 0);
                    s[d] = level;
                }
            }
            default -> {
                log.println("drill: signal " + signal + " is not predicted by the drill's truth");
                return null;
            }
        }
        return s;
    }

    private void fill(double[] s, String community, String metric) {
        var byDay = truth.kpi.getOrDefault(community, Map.of());
        for (int d = 0; d < s.length; d++) {
            s[d] = byDay.getOrDefault(time.day(d), Map.of()).getOrDefault(metric, 0.0);
        }
    }

    // ------------------------------------------------------------------------------------------------ requests

    /** A create with an idempotency key; its id, or null (an error, counted) — {@code required}: throw instead. */
    private String create(String path, Map<String, Object> body, Random random, boolean required) {
        Response r = idempotent("POST", path, body, random, required, Player::id);
        return r == null ? null : id(r);
    }

    /**
     * Sends a write; with {@code retryRate} sends it once more with the same body (the same idempotency key), as a
     * phone does when the answer was lost: the repeat must name the same record ({@code identity}), else an error.
     * Returns the first answer, or null when it was not 2xx.
     */
    private Response idempotent(String method, String path, Object body, Random random, boolean required,
            java.util.function.Function<Response, String> identity) {
        boolean again = random.nextDouble() < retryRate;
        Response r = client.send(method, path, body);
        if (!r.ok()) {
            if (required) {
                throw new SuiteException(method, path, r);
            }
            error(method + " " + path, r);
            return null;
        }
        if (again) {
            client.stats().deliberateRetries.incrementAndGet();
            Response repeat = client.send(method, path, body);
            if (!repeat.ok()) {
                error("repeat of " + method + " " + path, repeat);
            } else if (!Objects.equals(identity.apply(r), identity.apply(repeat))) {
                client.stats().errors.incrementAndGet();
                warn("the repeat of " + method + " " + path + " answered another record: " + identity.apply(r)
                        + " / " + identity.apply(repeat));
            }
        }
        return r;
    }

    private static String id(Response r) {
        return r.body().path("id").asText(null);
    }

    private static String bulkIds(Response r) {
        StringBuilder b = new StringBuilder();
        r.body().path("items").forEach(i -> b.append(i.path("id").asText()).append(','));
        return b.toString();
    }

    private static String postings(Response r) {
        StringBuilder b = new StringBuilder();
        r.body().path("postings").forEach(p -> b.append(p.path("id").asText(p.toString())).append(','));
        return b.toString();
    }

    /** A non-2xx the client already counted as an error: shown. */
    private void error(String what, Response r) {
        warn(what + " → " + r.status() + ": " + r.problem());
    }

    /** An answer that contradicts what the drill knows (its own model): counted as an error and shown. */
    private void discrepancy(String what, Response r) {
        client.stats().errors.incrementAndGet();
        warn(what + " → " + r.status() + (r.ok() ? "" : ": " + r.problem()));
    }

    private void warn(String message) {
        if (shownErrors.incrementAndGet() <= MAX_ERRORS_SHOWN) {
            log.println("\ndrill: " + message);
        }
    }

    private void parallel(Collection<Runnable> tasks) {
        Parallel.run(tasks, threads, Duration.ofSeconds(60), () -> log.println("\ndrill: writers still running after 60 s"),
                "interrupted", RuntimeException::new);
    }
}
