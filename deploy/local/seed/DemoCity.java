import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo city: a synthetic but plausible city loaded through the public APIs, so every fact travels the
 * real path (service → outbox → Kafka → gateway). Deterministic: the same seed gives the same city.
 *
 * <p>Shape: city 3101, three districts (310104 Xuhui, 310105 Changning, 310107 Putuo), two streets each,
 * five communities per street — 30 communities with 12-digit codes. Per community: staff and volunteers,
 * a community store, households with their residents (valid, made-up ID numbers), four weeks of
 * door-to-door screening of those residents with a planted fever outbreak in 310104012003 over the last three
 * days (alert-service's detectors, configured here for the city, open its alert); per district a depot; an
 * alert raised by hand.
 *
 * <p>Each domain adds its part in one method below ({@code roster}, {@code supplies}, {@code screening},
 * {@code alerts}); a later domain adds a method and a line in {@code main}.
 *
 * <p>Safety: it refuses to run against anything but loopback addresses, so it can never fill a real
 * deployment with made-up people.
 *
 * <pre>java deploy/local/seed/DemoCity.java --keycloak http://127.0.0.1:8180 --screening http://127.0.0.1:8081 ...</pre>
 */
public class DemoCity {

    static final long SEED = 20261128L;
    static final ZoneOffset CITY_TIME = ZoneOffset.ofHours(8);
    static final String[][] DISTRICTS = {{"310104", "Xuhui"}, {"310105", "Changning"}, {"310107", "Putuo"}};
    static final String[] STREETS = {"012", "013"};
    static final int COMMUNITIES_PER_STREET = 5;
    static final int HOUSEHOLDS_PER_COMMUNITY = 8;
    static final int SCREENING_DAYS = 3;
    static final int SCREENINGS_PER_COMMUNITY_DAY = 6;
    /** Days of door-to-door history before the last {@link #SCREENING_DAYS}, uploaded in bulk. */
    static final int HISTORY_DAYS = 28;
    /** The community with a planted fever outbreak over the last three days (alert-service opens its alert). */
    static final String OUTBREAK = "310104012003";
    /** Extra fever screenings in {@link #OUTBREAK}: two days ago, yesterday, today. */
    static final int[] OUTBREAK_FEVERS = {2, 4, 6};
    static final String[] SURNAMES = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
            "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo"};
    static final String[] GIVEN = {"Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Ping", "Hua", "Xia", "Tao",
            "Ying", "Gang", "Hong", "Lin", "Qiang", "Na", "Li", "Bo", "Yun"};

    final Map<String, String> urls;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Random random = new Random(SEED);
    final Map<String, Integer> counts = new LinkedHashMap<>();
    final Map<String, List<String>> residentsByCommunity = new LinkedHashMap<>();
    final Map<String, List<String>> peopleByCommunity = new LinkedHashMap<>();
    /** The city template and the outbreak community's adaptation (response plans). */
    String templatePlan;
    String outbreakPlan;
    int idSerial;
    String token;

    DemoCity(Map<String, String> urls) {
        this.urls = urls;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            urls.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : List.of("keycloak", "screening", "roster", "supplies", "alert")) {
            if (!urls.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required + " URL");
            }
        }
        for (String url : urls.values()) {
            String host = URI.create(url).getHost();
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
                System.err.println("Refusing to seed " + url + ": the demo city is only for a local run on loopback.");
                System.exit(3);
            }
        }
        long start = System.nanoTime();
        DemoCity city = new DemoCity(urls);
        city.login();
        List<String> communities = communities();
        city.roster(communities);
        city.teams();
        city.supplies(communities);
        city.residents(communities);
        city.detectors(communities);
        city.plans();
        city.history(communities);
        city.screening(communities);
        city.quarantines();
        city.campaigns(communities);
        city.alerts();
        city.response();
        city.picture(communities);
        System.out.printf(Locale.ROOT, "seeded %d communities: %s in %.1fs%n", communities.size(), city.counts,
                (System.nanoTime() - start) / 1e9);
    }

    static List<String> communities() {
        List<String> codes = new ArrayList<>();
        for (String[] district : DISTRICTS) {
            for (String street : STREETS) {
                for (int c = 1; c <= COMMUNITIES_PER_STREET; c++) {
                    codes.add(district[0] + street + String.format("%03d", c));
                }
            }
        }
        return codes;
    }

    // --- domains --------------------------------------------------------------------------------------

    /**
     * People with qualifications (some expiring within the month) and availability, and next week's shifts of every
     * community, staffed by the planner (one run per district, lending consenting people) and published — with the
     * gaps the planner could not fill (screeners need infection-control and PPE training, which few hold).
     */
    void roster(List<String> communities) throws Exception {
        LocalDate today = LocalDate.now(CITY_TIME);
        String[][] weekly = {{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}, {"SATURDAY", "SUNDAY"}};
        for (String community : communities) {
            int staff = 2 + random.nextInt(2);
            int volunteers = 3 + random.nextInt(4);
            for (int i = 0; i < staff + volunteers; i++) {
                boolean isStaff = i < staff;
                String body = json("communityCode", community, "kind", isStaff ? "STAFF" : "VOLUNTEER",
                        "displayName", name(), "phone", "13" + String.format("%09d", random.nextInt(1_000_000_000)),
                        "lendConsent", Boolean.toString(!isStaff && random.nextBoolean()),
                        "idempotencyKey", "seed-person-" + community + "-" + i);
                if (isStaff) {
                    body = body.substring(0, body.length() - 1) + ",\"unitCode\":\"" + community + "\"}";
                }
                String person = id(post("roster", "/api/v1/people", body));
                peopleByCommunity.computeIfAbsent(community, c -> new ArrayList<>()).add(person);
                counts.merge(isStaff ? "staff" : "volunteers", 1, Integer::sum);
                if (isStaff) {
                    // every staff member: infection control and PPE; the first of each street's first community
                    // has PPE running out in 12 days (the expiring-soon list shows them)
                    boolean expiring = i == 0 && community.endsWith("001");
                    qualification(person, "infection-control", today.minusDays(200), today.plusDays(165));
                    qualification(person, "ppe", today.minusDays(353), expiring ? today.plusDays(12) : today.plusDays(165));
                    if (i == 0) {
                        qualification(person, "first-aid", today.minusDays(400), today.plusDays(330));
                    }
                    counts.merge("expiring qualifications", expiring ? 1 : 0, Integer::sum);
                } else {
                    // volunteers offer weekday mornings and evenings, or weekends
                    StringBuilder windows = new StringBuilder("[");
                    for (String day : weekly[i % 2]) {
                        if (windows.length() > 1) {
                            windows.append(',');
                        }
                        windows.append(i % 2 == 0
                                ? "{\"dayOfWeek\":\"" + day + "\",\"start\":\"08:00\",\"end\":\"12:00\"},"
                                        + "{\"dayOfWeek\":\"" + day + "\",\"start\":\"18:00\",\"end\":\"22:00\"}"
                                : "{\"dayOfWeek\":\"" + day + "\",\"start\":\"08:00\",\"end\":\"22:00\"}");
                    }
                    send("roster", "PUT", "/api/v1/people/" + person + "/availability", windows.append(']').toString(), 200);
                }
            }
            // next week: a screener and a guard every morning, a temperature checkpoint and a guard every evening
            String[][] daily = {{"screener", "08:00", "16:00"}, {"guard", "08:00", "12:00"},
                    {"temperature-checkpoint", "16:00", "22:00"}, {"guard", "18:00", "22:00"}};
            for (int d = 1; d <= 7; d++) {
                LocalDate day = today.plusDays(d);
                for (String[] shift : daily) {
                    post("roster", "/api/v1/shifts", json("communityCode", community, "dutyCode", shift[0],
                            "startAt", day.atTime(java.time.LocalTime.parse(shift[1])).atOffset(CITY_TIME).toString(),
                            "endAt", day.atTime(java.time.LocalTime.parse(shift[2])).atOffset(CITY_TIME).toString(),
                            "requiredHeadcount", "1",
                            "idempotencyKey", "seed-shift-" + community + "-" + day + "-" + shift[0] + "-" + shift[1]));
                    counts.merge("shifts", 1, Integer::sum);
                }
            }
        }
        for (String[] district : DISTRICTS) {
            plan(district[0], today.plusDays(1), today.plusDays(8));
        }
    }

    void qualification(String person, String code, LocalDate issued, LocalDate expires) throws Exception {
        post("roster", "/api/v1/people/" + person + "/qualifications",
                json("code", code, "issuedOn", issued.toString(), "expiresOn", expires.toString(),
                        // a re-seed (the same person: its registration is idempotent too) records nothing twice
                        "idempotencyKey", "seed-qualification-" + person + "-" + code + "-" + issued));
    }

    /** One planning run for a district's week: requested, awaited, then published as a district officer would. */
    void plan(String district, LocalDate from, LocalDate to) throws Exception {
        String run = id(send("roster", "POST", "/api/v1/plans", json("area", district, "from", from.toString(),
                "to", to.toString(), "timeLimitSeconds", "10"), 202).body());
        String status = "";
        String body = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!status.equals("DONE") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            body = get("roster", "/api/v1/plans/" + run).body();
            status = field(body, "status");
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException("planning run for " + district + " ended " + status + ": " + body);
            }
        }
        if (!status.equals("DONE")) {
            throw new IllegalStateException("planning run for " + district + " did not finish in 3 minutes: " + body);
        }
        send("roster", "POST", "/api/v1/plans/" + run + "/publish", "{\"version\":" + field(body, "version") + "}", 200);
        counts.merge("plans published", 1, Integer::sum);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    /**
     * A store per community, a depot per district and the city's reserve depot; each community's population;
     * depots receive lots (one of N95 and one of antigen kits expire within the month, so they are announced);
     * every store is stocked by a transfer from its district depot (one arrives two pairs of gloves short) and
     * has used masks, gloves and respirators on each of the last seven days (recorded late, on the day they were
     * used), so the rate and days of cover are real; the sample community 310104012001 is close to running out of
     * N95 and has an open requisition to its depot. Keys make a second seed replay instead of doubling stock.
     */
    void supplies(List<String> communities) throws Exception {
        LocalDate today = LocalDate.now(CITY_TIME);
        Map<String, String> stores = new LinkedHashMap<>();
        for (String community : communities) {
            stores.put(community, site(community, "COMMUNITY_STORE", "Community store " + community.substring(9)));
            send("supplies", "PUT", "/api/v1/communities/" + community + "/profile",
                    "{\"population\":" + (1800 + random.nextInt(4000)) + "}", 200);
        }
        String cityDepot = site("3101", "CITY_DEPOT", "City reserve depot");
        receipt(cityDepot, "n95-respirator", "N95-C-2027-09", today.plusMonths(10), 20000);
        receipt(cityDepot, "isolation-gown", "GOWN-C-2028-01", today.plusMonths(14), 5000);
        Map<String, String> depots = new LinkedHashMap<>();
        for (String[] district : DISTRICTS) {
            String depot = site(district[0], "DISTRICT_DEPOT", district[1] + " district depot");
            depots.put(district[0], depot);
            String d = district[0];
            receipt(depot, "n95-respirator", "N95-" + d + "-A", today.plusDays(20), 1200);   // expires this month
            receipt(depot, "n95-respirator", "N95-" + d + "-B", today.plusMonths(9), 3000);
            receipt(depot, "surgical-mask", "SM-" + d + "-A", today.plusMonths(12), 30000);
            receipt(depot, "isolation-gown", "GOWN-" + d + "-A", today.plusMonths(18), 1500);
            receipt(depot, "nitrile-gloves", "GLV-" + d + "-A", today.plusMonths(24), 12000);
            receipt(depot, "disinfectant", "DIS-" + d + "-A", today.plusMonths(11), 800);
            receipt(depot, "antigen-test-kit", "AG-" + d + "-A", today.plusDays(25), 3000);    // expires this month
            receipt(depot, "antigen-test-kit", "AG-" + d + "-B", today.plusMonths(6), 5000);
        }
        for (String community : communities) {
            String store = stores.get(community);
            boolean sample = community.equals("310104012001");
            String transfer = id(post("supplies", "/api/v1/transfers", "{\"fromSiteId\":\"" + depots.get(community.substring(0, 6))
                    + "\",\"toSiteId\":\"" + store + "\",\"idempotencyKey\":\"seed-stock-" + community + "\",\"lines\":["
                    + line("n95-respirator", sample ? 90 : 160) + "," + line("surgical-mask", 900) + ","
                    + line("isolation-gown", 40) + "," + line("nitrile-gloves", 500) + "," + line("disinfectant", 24) + ","
                    + line("antigen-test-kit", 120) + "]}"));
            counts.merge("transfers", 1, Integer::sum);
            String receipt = community.endsWith("013005")
                    ? "{\"lines\":[{\"itemCode\":\"nitrile-gloves\",\"lotCode\":\"GLV-" + community.substring(0, 6) + "-A\",\"received\":498}]}"
                    : "{}";
            HttpResponse<String> received = send("supplies", "/api/v1/transfers/" + transfer + "/receipt", receipt);
            if (received.statusCode() != 200 && received.statusCode() != 409) { // 409: received by an earlier seed
                throw new IllegalStateException("receipt of transfer " + transfer + ": " + received.statusCode() + " " + received.body());
            }
            // the last seven days' use, recorded late on the day it happened
            for (int daysAgo = 7; daysAgo >= 1; daysAgo--) {
                issue(store, community, "surgical-mask", 40 + random.nextInt(30), today.minusDays(daysAgo));
                issue(store, community, "nitrile-gloves", 20 + random.nextInt(20), today.minusDays(daysAgo));
                issue(store, community, "n95-respirator", sample ? 10 : 4 + random.nextInt(6), today.minusDays(daysAgo));
            }
        }
        // the sample community: 90 − 7 × 10 = 20 N95 left at 10 a day → 2 days of cover (emergency below 3);
        // it asks its district depot for more
        post("supplies", "/api/v1/requisitions", "{\"siteId\":\"" + stores.get("310104012001") + "\",\"depotId\":\""
                + depots.get("310104") + "\",\"note\":\"N95 for the fever post, two days left\","
                + "\"idempotencyKey\":\"seed-requisition-310104012001\",\"lines\":[" + line("n95-respirator", 400).replace("quantity", "requested")
                + "," + line("isolation-gown", 60).replace("quantity", "requested") + "]}");
        counts.merge("requisitions", 1, Integer::sum);
    }

    /** A site's id: registered now, or found by its name when an earlier seed registered it. */
    String site(String area, String kind, String name) throws Exception {
        HttpResponse<String> response = send("supplies", "/api/v1/sites", json("areaCode", area, "kind", kind, "name", name));
        counts.merge("stock sites", 1, Integer::sum);
        if (response.statusCode() == 201) {
            return id(response.body());
        }
        String list = get("supplies", "/api/v1/sites?area=" + area + "&size=100").body();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"areaCode\":\"" + area + "\",\"kind\":\"" + kind
                + "\",\"name\":\"" + Pattern.quote(name) + "\"").matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("site " + name + " in " + area + ": " + response.statusCode() + " " + response.body());
        }
        return m.group(1);
    }

    void receipt(String site, String item, String lot, LocalDate expiresOn, long quantity) throws Exception {
        post("supplies", "/api/v1/sites/" + site + "/receipts", "{\"itemCode\":\"" + item + "\",\"lotCode\":\"" + lot
                + "\",\"expiresOn\":\"" + expiresOn + "\",\"quantity\":" + quantity + ",\"idempotencyKey\":\"seed-receipt-"
                + site + "-" + lot + "\"}");
        counts.merge("receipts", 1, Integer::sum);
    }

    void issue(String store, String community, String item, long quantity, LocalDate usedOn) throws Exception {
        post("supplies", "/api/v1/sites/" + store + "/issues", "{\"itemCode\":\"" + item + "\",\"quantity\":" + quantity
                + ",\"usedOn\":\"" + usedOn + "\",\"idempotencyKey\":\"seed-issue-" + community + "-" + item + "-" + usedOn + "\"}");
        counts.merge("issues", 1, Integer::sum);
    }

    static String line(String item, long quantity) {
        return "{\"itemCode\":\"" + item + "\",\"quantity\":" + quantity + "}";
    }

    void residents(List<String> communities) throws Exception {
        for (String community : communities) {
            List<String> ids = new ArrayList<>();
            for (int h = 1; h <= HOUSEHOLDS_PER_COMMUNITY; h++) {
                String household = id(post("screening", "/api/v1/households", json("communityCode", community,
                        "grid", "Grid " + (1 + (h - 1) / 4), "building", Integer.toString(1 + random.nextInt(20)),
                        "unit", Integer.toString(1 + random.nextInt(3)), "room", Integer.toString(101 + random.nextInt(1500)))));
                counts.merge("households", 1, Integer::sum);
                int members = 1 + random.nextInt(3);
                for (int m = 0; m < members; m++) {
                    int birthYear = 1935 + random.nextInt(85);
                    boolean elderlyAlone = members == 1 && birthYear < 1956;
                    // the sample login resident.tianping is this community's first resident, so they can self-report
                    boolean sampleResident = community.equals("310104012001") && h == 1 && m == 0;
                    String body = json("householdId", household, "name", name(),
                            "phone", "13" + String.format("%09d", random.nextInt(1_000_000_000)),
                            "idNumber", idNumber(community, birthYear), "birthYear", Integer.toString(birthYear),
                            "sex", random.nextBoolean() ? "FEMALE" : "MALE",
                            "elderlyAlone", Boolean.toString(elderlyAlone),
                            "chronicIllness", Boolean.toString(random.nextInt(6) == 0));
                    if (sampleResident) {
                        body = body.substring(0, body.length() - 1) + ",\"account\":\"resident.tianping\"}";
                    }
                    ids.add(id(post("screening", "/api/v1/residents", body)));
                    counts.merge("residents", 1, Integer::sum);
                }
            }
            residentsByCommunity.put(community, ids);
        }
    }

    /** A valid (checksummed) 18-character ID number, unique within the demo city. */
    String idNumber(String community, int birthYear) {
        idSerial++;
        String first17 = community.substring(0, 6) + birthYear + String.format("%02d", 1 + idSerial % 12)
                + String.format("%02d", 1 + (idSerial / 12) % 28) + String.format("%03d", idSerial % 1000);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /**
     * The city's detectors (a city's first configuration step; alert-service README, "Detectors" and "Rules"), and
     * each community's population for the rate rules. Created before the history, so detection looks at every day
     * the history adds.
     */
    void detectors(List<String> communities) throws Exception {
        String[][] detectors = {
            // name, signal, method, level, params
            {"fever-c2", "fever-screenings", "ears-c2", "YELLOW", "{\"baseline\":7,\"alpha\":0.001,\"minSigma\":1}"},
            {"fever-c3", "fever-screenings", "ears-c3", "ORANGE", "{\"baseline\":7,\"threshold\":2,\"minSigma\":1}"},
            {"positive-any", "positive-tests", "rule", "YELLOW",
                "{\"windowDays\":1,\"threshold\":1,\"comparison\":\"atLeast\"}"},
            {"positive-cluster", "positive-tests", "rule", "ORANGE",
                "{\"windowDays\":7,\"threshold\":3,\"comparison\":\"atLeast\"}"},
            {"critical-stock-out", "items-stock-out", "rule", "ORANGE",
                "{\"windowDays\":1,\"threshold\":1,\"comparison\":\"atLeast\"}"},
        };
        for (String[] d : detectors) {
            String body = "{\"areaCode\":\"3101\",\"name\":\"" + d[0] + "\",\"signal\":\"" + d[1]
                    + "\",\"method\":\"" + d[2] + "\",\"level\":\"" + d[3] + "\",\"params\":" + d[4] + "}";
            post("alert", "/api/v1/detectors", body);
            counts.merge("detectors", 1, Integer::sum);
        }
        for (String community : communities) {
            send("alert", "PUT", "/api/v1/populations/" + community,
                    "{\"residents\":" + (3000 + random.nextInt(6000)) + "}", 200);
        }
    }

    /**
     * Four weeks of door-to-door rounds before the recent days, in bulk (1,000 records a request, each with an
     * idempotency key, so a second seed stores nothing twice): a quiet city — a fever here and there, never two in
     * a community on one day — and {@link #OUTBREAK}'s planted cluster over the last three days.
     */
    void history(List<String> communities) throws Exception {
        LocalDate today = LocalDate.now(CITY_TIME);
        OffsetDateTime now = OffsetDateTime.now(CITY_TIME);
        List<String> records = new ArrayList<>();
        for (int back = HISTORY_DAYS + SCREENING_DAYS - 1; back >= SCREENING_DAYS; back--) {
            LocalDate date = today.minusDays(back);
            for (String community : communities) {
                boolean fever = random.nextInt(12) == 0; // about one community-day in twelve has a single fever
                for (int i = 0; i < SCREENINGS_PER_COMMUNITY_DAY; i++) {
                    OffsetDateTime at = date.atTime(8 + random.nextInt(10), random.nextInt(60)).atOffset(CITY_TIME);
                    records.add(historyRecord(community, "h" + back + "-" + i, at, fever && i == 0));
                }
            }
        }
        for (int d = 0; d < OUTBREAK_FEVERS.length; d++) {
            int back = OUTBREAK_FEVERS.length - 1 - d;
            for (int i = 0; i < OUTBREAK_FEVERS[d]; i++) {
                OffsetDateTime at = today.minusDays(back).atTime(8 + i, 15).atOffset(CITY_TIME);
                if (at.isAfter(now)) {
                    at = now.minusMinutes(1 + i);
                }
                records.add(historyRecord(OUTBREAK, "o" + back + "-" + i, at, true));
            }
        }
        for (int from = 0; from < records.size(); from += 1000) {
            List<String> batch = records.subList(from, Math.min(records.size(), from + 1000));
            send("screening", "POST", "/api/v1/screenings/bulk", "{\"records\":[" + String.join(",", batch) + "]}",
                    200);
        }
        counts.merge("history screenings", records.size(), Integer::sum);
    }

    String historyRecord(String community, String key, OffsetDateTime at, boolean fever) {
        List<String> residents = residentsByCommunity.get(community);
        double temperature = fever ? 37.6 + random.nextInt(12) / 10.0
                : Math.min(37.2, 36.1 + Math.abs(random.nextGaussian()) * 0.4);
        if (fever) {
            counts.merge("history fevers", 1, Integer::sum);
        }
        return json("residentId", residents.get(random.nextInt(residents.size())), "channel", "DOOR_TO_DOOR",
                "temperatureCelsius", String.format(Locale.ROOT, "%.1f", temperature), "screenedAt", at.toString(),
                // the key names the day the seed ran: a second seed that day stores nothing twice; one on a later day
                // loads a later history (the record bodies differ, so reusing the keys would be refused)
                "idempotencyKey", "demo-history-" + LocalDate.now(CITY_TIME) + "-" + community + "-" + key);
    }

    void screening(List<String> communities) throws Exception {
        LocalDate today = LocalDate.now(CITY_TIME);
        for (int day = SCREENING_DAYS - 1; day >= 0; day--) {
            LocalDate date = today.minusDays(day);
            for (String community : communities) {
                for (int i = 0; i < SCREENINGS_PER_COMMUNITY_DAY; i++) {
                    OffsetDateTime at = date.atTime(8 + random.nextInt(10), random.nextInt(60)).atOffset(CITY_TIME);
                    int minutesAgo = 1 + random.nextInt(60); // drawn every time, so the sequence never depends on the clock
                    if (at.isAfter(OffsetDateTime.now(CITY_TIME))) {
                        at = OffsetDateTime.now(CITY_TIME).minusMinutes(minutesAgo);
                    }
                    double temperature = random.nextDouble() < 0.04
                            ? 37.3 + random.nextInt(17) / 10.0               // a fever, 37.3–38.9
                            : Math.min(37.2, 36.1 + Math.abs(random.nextGaussian()) * 0.4);
                    String channel = random.nextInt(5) == 0 ? "CHECKPOINT" : "DOOR_TO_DOOR";
                    List<String> residents = residentsByCommunity.get(community);
                    post("screening", "/api/v1/screenings", json(
                            "residentId", residents.get(random.nextInt(residents.size())),
                            "channel", channel,
                            "temperatureCelsius", String.format(Locale.ROOT, "%.1f", temperature),
                            "screenedAt", at.toString()));
                    counts.merge("screenings", 1, Integer::sum);
                    if (temperature >= 37.3) {
                        counts.merge("fevers", 1, Integer::sum);
                    }
                }
            }
        }
    }

    /** A few residents of each district's first community in home quarantine or health monitoring. */
    void quarantines() throws Exception {
        for (String[] district : DISTRICTS) {
            List<String> residents = residentsByCommunity.get(district[0] + STREETS[0] + "001");
            for (int i = 0; i < 2; i++) {
                String body = json("residentId", residents.get(i), "kind", i == 0 ? "HOME" : "HEALTH_MONITORING");
                HttpResponse<String> response = send("screening", "/api/v1/quarantines", body);
                if (response.statusCode() == 201) {
                    counts.merge("quarantines", 1, Integer::sum);
                } else if (response.statusCode() != 409) { // 409: already in one from an earlier seed
                    throw new IllegalStateException("quarantine answered " + response.statusCode() + ": " + response.body());
                }
            }
        }
    }

    /** One door-to-door campaign per street's first community, about two thirds visited. */
    void campaigns(List<String> communities) throws Exception {
        for (String community : communities) {
            if (!community.endsWith("001")) {
                continue;
            }
            String campaign = id(post("screening", "/api/v1/campaigns", json("communityCode", community,
                    "title", "Door-to-door round " + LocalDate.now(CITY_TIME))));
            counts.merge("campaigns", 1, Integer::sum);
            // a page of households with their residents: take the household ids only
            HttpResponse<String> unreached = get("screening", "/api/v1/campaigns/" + campaign + "/unreached?size=500");
            Matcher m = Pattern.compile("\"householdId\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(unreached.body());
            while (m.find()) {
                if (random.nextInt(3) == 0) {
                    continue; // not visited yet
                }
                String[] results = {"SCREENED", "SCREENED", "SCREENED", "NOBODY_HOME", "REFUSED"};
                send("screening", "/api/v1/campaigns/" + campaign + "/visits",
                        json("householdId", m.group(1), "result", results[random.nextInt(results.length)]));
                counts.merge("visits", 1, Integer::sum);
            }
        }
    }

    // --- response plans (alert-service README "Response plans") ------------------------------------------

    /** The emergency teams (应急队伍) of the outbreak community and the sample community, and a counsellor there. */
    void teams() throws Exception {
        LocalDate today = LocalDate.now(CITY_TIME);
        for (String community : List.of(OUTBREAK, "310104012001")) {
            List<String> people = peopleByCommunity.get(community);
            String team = id(post("roster", "/api/v1/teams", json("communityCode", community,
                    "name", "Emergency team", "purpose", "emergency", "idempotencyKey", "seed-team-" + community)));
            send("roster", "PUT", "/api/v1/teams/" + team + "/members",
                    "{\"personIds\":[\"" + String.join("\",\"", people) + "\"]}", 200);
            counts.merge("emergency teams", 1, Integer::sum);
            // the first staff member also holds the psychological-counsellor duty (its qualification)
            qualification(people.get(0), "psych-counselling", today.minusDays(30), today.plusDays(1000));
        }
    }

    static String action(String key, String title, String responsible, String due, String extra) {
        return "{\"key\":\"" + key + "\",\"title\":\"" + title + "\",\"responsible\":\"" + responsible
                + "\",\"dueWithin\":\"" + due + "\"" + (extra == null ? "" : "," + extra) + "}";
    }

    /**
     * The checklist of the city template; {@code adapted}: the outbreak community's adaptation, which adds a report
     * to the district due one minute after activation (so the demo shows an overdue task).
     */
    static String planDefinition(boolean adapted) {
        String brief = action("brief-team", "Brief the community's staff and volunteers on the warning",
                "role:community-worker", "PT4H", null);
        String fevers = action("daily-fever-review", "Review the fever screenings of the community every day",
                "role:community-worker", "P1D", null);
        String report = adapted ? action("report-to-district", "Report the case list to the district command",
                "role:community-worker", "PT1M", null) + "," : "";
        String counselling = action("counselling-call",
                "Psychological follow-up call to each resident released from quarantine",
                "duty:psychological-counsellor", "P3D", "\"perReleasedResident\":true");
        String restore = action("restore-services", "Restore normal services and lift the temporary measures",
                "role:community-worker", "P2D", null);
        String response = report
                + action("activate-team", "Activate the community emergency team", "team:emergency", "PT2H", null) + ","
                + action("command-post", "Set up the community emergency command post", "role:community-worker",
                        "PT2H", null) + ","
                + action("surge-shifts", "Ask roster for the level's surge shifts", "role:district-officer", "PT1H",
                        "\"system\":\"SURGE_SHIFTS\"") + ","
                + action("raise-stock", "Raise the store's minimum stock to 14 days of cover", "role:district-officer",
                        "PT1H", "\"system\":\"RAISE_MIN_STOCK\",\"minDays\":14") + ","
                + action("open-campaign", "Open a door-to-door campaign in Grid 1", "role:community-worker", "PT1H",
                        "\"system\":\"OPEN_CAMPAIGN\",\"grid\":\"Grid 1\"") + ","
                + action("second-round", "Second door-to-door round in the affected grid", "team:emergency", "P1D",
                        null) + ","
                + action("inform-residents", "Publish a notice to the residents", "role:community-worker", "PT4H",
                        null);
        String red = response + "," + action("district-command", "District command joins the community command post",
                "role:district-officer", "PT1H", null);
        return "{\"levels\":{"
                + "\"YELLOW\":{\"warning\":[" + brief + "," + fevers + "],\"response\":[" + report
                + action("extra-round", "Extra door-to-door screening round", "team:emergency", "P1D", null)
                + "],\"recovery\":[" + counselling + "]},"
                + "\"ORANGE\":{\"warning\":[" + brief + "],\"response\":[" + response + "],\"recovery\":["
                + counselling + "," + restore + "]},"
                + "\"RED\":{\"warning\":[" + brief + "],\"response\":[" + red + "],\"recovery\":[" + counselling
                + "," + restore + "]}},"
                + "\"recurring\":["
                + "{\"key\":\"hazard-check\",\"title\":\"Hazard check of every building\","
                + "\"responsible\":\"role:community-worker\",\"every\":\"P1M\",\"dueWithin\":\"P7D\"},"
                + "{\"key\":\"fever-post-stock\",\"title\":\"Check the fever post's stock\","
                + "\"responsible\":\"role:community-worker\",\"every\":\"P7D\",\"dueWithin\":\"P2D\"}]}";
    }

    /** The city's response plan template and the outbreak community's adaptation of it (before the history). */
    void plans() throws Exception {
        templatePlan = planOf("3101");
        if (templatePlan == null) {
            templatePlan = id(post("alert", "/api/v1/response-plans", "{\"areaCode\":\"3101\",\"name\":\"epidemic-response\","
                    + "\"title\":\"Epidemic response plan (city template)\",\"definition\":" + planDefinition(false) + "}"));
            counts.merge("response plans", 1, Integer::sum);
        }
        outbreakPlan = planOf(OUTBREAK);
        if (outbreakPlan == null) {
            outbreakPlan = id(post("alert", "/api/v1/response-plans/" + templatePlan + "/adaptations",
                    json("areaCode", OUTBREAK, "title", "Epidemic response plan (Xuhui 012-003)")));
            String current = get("alert", "/api/v1/response-plans/" + outbreakPlan).body();
            send("alert", "PUT", "/api/v1/response-plans/" + outbreakPlan, "{\"version\":" + field(current, "version")
                    + ",\"title\":\"Epidemic response plan (Xuhui 012-003)\",\"active\":true,\"definition\":"
                    + planDefinition(true) + "}", 200);
            counts.merge("response plans", 1, Integer::sum);
        }
    }

    /** The id of the plan of exactly this area that answers for ORANGE there, or null. */
    String planOf(String area) throws Exception {
        HttpResponse<String> r = get("alert", "/api/v1/response-plans/match?area=" + area + "&level=ORANGE");
        if (r.statusCode() != 200 || !field(r.body(), "areaCode").equals(area)) {
            return null;
        }
        return field(r.body(), "id");
    }

    /**
     * The outbreak alert's plan at work: waits for its activation, has the team do two tasks, waits until the report
     * due one minute after activation is overdue; a finished drill in the sample community; a notice to residents.
     */
    void response() throws Exception {
        String activation = await("the outbreak alert's plan activation", () -> {
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(
                    get("alert", "/api/v1/plan-activations?area=" + OUTBREAK + "&drill=false").body());
            return m.find() ? m.group(1) : null;
        });
        String alert = field(get("alert", "/api/v1/plan-activations/" + activation).body(), "alertId");
        // the area's tasks, whichever activation holds them (a rise YELLOW → ORANGE keeps the YELLOW ones)
        String tasksPath = "/api/v1/tasks?area=" + OUTBREAK + "&drill=false&size=200";
        String body = get("alert", tasksPath).body();
        int done = 0;
        for (String key : List.of("activate-team", "command-post", "brief-team")) {
            String task = taskOf(body, key);
            if (task != null && finish(task, "Done during the demo seed: " + key)) {
                done++;
            }
        }
        counts.merge("plan tasks done", done, Integer::sum);
        await("the report to the district overdue", () -> {
            String t = taskOf(get("alert", tasksPath).body(), "report-to-district");
            return t != null && get("alert", "/api/v1/tasks/" + t).body().contains("\"overdueAt\":\"") ? t : null;
        });
        counts.merge("overdue tasks", 1, Integer::sum);

        String sample = "310104012001";
        String drill = id(post("alert", "/api/v1/drills", json("planId", templatePlan, "areaCode", sample,
                "level", "ORANGE", "title", "Quarterly emergency-team drill", "grantsQualification", "first-aid",
                "idempotencyKey", "seed-drill-" + LocalDate.now(CITY_TIME))));
        String drillBody = get("alert", "/api/v1/plan-activations/" + drill).body();
        if (!drillBody.contains("\"status\":\"COMPLETED\"")) {
            Matcher tasks = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"[^{}]*\"status\"\\s*:\\s*\"(OPEN|ACKNOWLEDGED)\"")
                    .matcher(get("alert", "/api/v1/tasks?activationId=" + drill + "&size=100").body());
            while (tasks.find()) {
                finish(tasks.group(1), "Drill: done");
            }
            String current = get("alert", "/api/v1/drills/" + drill).body();
            List<String> team = peopleByCommunity.get(sample);
            send("alert", "POST", "/api/v1/drills/" + drill + "/complete", "{\"version\":" + field(current, "version")
                    + ",\"attendeeIds\":[\"" + String.join("\",\"", team) + "\"]}", 200);
        }
        counts.merge("drills", 1, Integer::sum);

        post("alert", "/api/v1/notices", "{\"areaCode\":\"310104012\",\"alertId\":\"" + alert + "\","
                + "\"headline\":{\"zh\":\"天平街道发现发热聚集\",\"en\":\"A cluster of fevers in Tianping street\"},"
                + "\"whatHappened\":{\"zh\":\"近三天012-003社区发热人数明显增加。\","
                + "\"en\":\"Fevers in community 012-003 rose sharply over the last three days.\"},"
                + "\"whatToDo\":{\"zh\":\"请每日自测体温并上报；如有发热请留在家中并联系社区。\","
                + "\"en\":\"Take your temperature daily and report it; if you have a fever, stay home and call the community.\"},"
                + "\"whereToGetHelp\":{\"zh\":\"社区服务站，24小时值守。\",\"en\":\"The community service desk, staffed around the clock.\"},"
                + "\"idempotencyKey\":\"seed-notice-" + LocalDate.now(CITY_TIME) + "\"}");
        counts.merge("notices", 1, Integer::sum);
    }

    /** The id of the task of {@code actionKey} in an activation's answer, or null. */
    static String taskOf(String activation, String actionKey) {
        Matcher m = Pattern.compile("\\{[^{}]*\"actionKey\"\\s*:\\s*\"" + actionKey + "\"[^{}]*\\}").matcher(activation);
        return m.find() ? field(m.group(), "id") : null;
    }

    /** Acknowledges and completes an open task; false when it was done already (an earlier seed). */
    boolean finish(String task, String note) throws Exception {
        String body = get("alert", "/api/v1/tasks/" + task).body();
        if (body.contains("\"status\":\"DONE\"")) {
            return false;
        }
        send("alert", "POST", "/api/v1/tasks/" + task + "/done", "{\"version\":" + field(body, "version")
                + ",\"note\":\"" + note + "\"}", 200);
        return true;
    }

    interface Probe {
        String get() throws Exception;
    }

    /** Polls up to two minutes for a non-null answer. */
    static String await(String what, Probe probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            String value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited two minutes for " + what);
            }
            Thread.sleep(2000);
        }
    }

    HttpResponse<String> get(String service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(urls.get(service) + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void alerts() throws Exception {
        // the outbreak's alert is opened by the detectors from the history; this one comes from a phone call
        post("alert", "/api/v1/alerts", json("communityCode", "310107013002", "level", "BLUE",
                "title", "Masks below two days of cover", "description", "Community store reports low stock of masks"));
        counts.merge("alerts raised by hand", 1, Integer::sum);
    }

    // --- the city picture (gateway README) ----------------------------------------------------------------

    /** Chinese and English names of the demo city's areas; events carry codes only, the gateway keeps the names. */
    static final String[][] AREA_NAMES = {
            {"3101", "上海市", "Shanghai"},
            {"310104", "徐汇区", "Xuhui"}, {"310105", "长宁区", "Changning"}, {"310107", "普陀区", "Putuo"},
            {"310104012", "天平路街道", "Tianping Road"}, {"310104013", "湖南路街道", "Hunan Road"},
            {"310105012", "华阳路街道", "Huayang Road"}, {"310105013", "虹桥街道", "Hongqiao"},
            {"310107012", "曹杨新村街道", "Caoyang Xincun"}, {"310107013", "长风新村街道", "Changfeng Xincun"}};

    /**
     * What the command-centre page shows beyond the other domains: positive tests in the outbreak community, a
     * critical item used up at one store (a stock-out), and the names of every area; then waits until the gateway's
     * picture reflects the city (screenings and an open alert), so the run command ends with a complete picture.
     */
    void picture(List<String> communities) throws Exception {
        List<String> outbreakResidents = residentsByCommunity.get(OUTBREAK);
        String[] results = {"POSITIVE", "POSITIVE", "NEGATIVE"};
        for (int i = 0; i < results.length; i++) {
            post("screening", "/api/v1/test-results", json("residentId", outbreakResidents.get(i), "kind", "ANTIGEN",
                    "result", results[i], "idempotencyKey", "seed-test-" + LocalDate.now(CITY_TIME) + "-" + i));
            counts.merge("test results", 1, Integer::sum);
        }
        // the last store of Putuo uses up its disinfectant today: a critical item at stock-out
        String store = storeOf("310107013005");
        HttpResponse<String> stock = get("supplies", "/api/v1/sites/" + store + "/stock/disinfectant");
        Matcher held = Pattern.compile("\"onHand\":(\\d+)").matcher(stock.body());
        if (held.find() && Long.parseLong(held.group(1)) > 0) {
            issue(store, "310107013005", "disinfectant", Long.parseLong(held.group(1)), LocalDate.now(CITY_TIME));
            counts.merge("stock-outs", 1, Integer::sum);
        }
        // next week's shifts are planned; today each street's first community also has an evening guard post of two,
        // one of them staffed: shift slots, people on duty and uncovered hours on today's picture
        OffsetDateTime start = OffsetDateTime.now(CITY_TIME).plusMinutes(5).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        if (!start.toLocalDate().equals(LocalDate.now(CITY_TIME))) {
            // seeded in the city's last minutes of the day: the post starts today (the picture counts a shift on the
            // day it starts), a few minutes ago rather than after midnight
            start = LocalDate.now(CITY_TIME).atTime(23, 50).atOffset(CITY_TIME);
        }
        for (String community : communities) {
            if (!community.endsWith("001")) {
                continue;
            }
            String shift = id(post("roster", "/api/v1/shifts", json("communityCode", community, "dutyCode", "guard",
                    "startAt", start.toString(), "endAt", start.plusHours(2).toString(), "requiredHeadcount", "2",
                    "idempotencyKey", "seed-today-shift-" + community + "-" + LocalDate.now(CITY_TIME))));
            send("roster", "/api/v1/shifts/" + shift + "/assignments",
                    json("personId", peopleByCommunity.get(community).get(0))); // 409 on a re-seed: assigned already
            HttpResponse<String> published = send("roster", "/api/v1/shifts/" + shift + "/publish", "{}");
            if (published.statusCode() != 200) {
                throw new IllegalStateException("publishing today's shift in " + community + ": "
                        + published.statusCode() + " " + published.body());
            }
            counts.merge("shifts today", 1, Integer::sum);
        }
        for (String[] area : AREA_NAMES) {
            send("gateway", "PUT", "/api/v1/areas/" + area[0], json("name", area[1], "nameEn", area[2]), 200);
        }
        for (String community : communities) {
            String street = Arrays.stream(AREA_NAMES).filter(a -> a[0].equals(community.substring(0, 9)))
                    .findFirst().orElseThrow()[1];
            int number = Integer.parseInt(community.substring(9));
            send("gateway", "PUT", "/api/v1/areas/" + community,
                    json("name", street + "第" + number + "居委会", "nameEn", "Community " + number), 200);
        }
        counts.merge("area names", AREA_NAMES.length + communities.size(), Integer::sum);
        await("the gateway's picture of the city (screenings and an open alert)", () -> {
            String overview = get("gateway", "/api/v1/overview?area=3101").body();
            Matcher screened = Pattern.compile("\"screened\":(\\d+)").matcher(overview);
            Matcher open = Pattern.compile("\"openAlerts\":(\\d+)").matcher(overview);
            return screened.find() && Integer.parseInt(screened.group(1)) > 0 && open.find()
                    && Integer.parseInt(open.group(1)) > 0 ? overview : null;
        });
    }

    /** The id of a community's store (registered by {@link #supplies}). */
    String storeOf(String community) throws Exception {
        String list = get("supplies", "/api/v1/sites?area=" + community + "&size=100").body();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"areaCode\":\"" + community
                + "\",\"kind\":\"COMMUNITY_STORE\"").matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("no store in " + community + ": " + list);
        }
        return m.group(1);
    }

    // --- plumbing -------------------------------------------------------------------------------------

    String name() {
        return SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)];
    }

    /** A password grant for the local realm's seeding user (direct grants are enabled in the local realm only). */
    void login() throws Exception {
        String form = "grant_type=password&client_id=frontline-web&username=seeder&password="
                + URLEncoder.encode("frontline", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get("keycloak")
                        + "/realms/frontline/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
        }
        token = m.group(1);
    }

    /** The {@code id} of a created resource, or the {@code existingId} of a 409 (an earlier seed made it). */
    static String id(String responseBody) {
        Matcher m = Pattern.compile("\"(?:existingId|id)\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(responseBody);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + responseBody);
        }
        return m.group(1);
    }

    HttpResponse<String> send(String service, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and insists on {@code expected}; anything else stops the seed with the answer. */
    HttpResponse<String> send(String service, String method, String path, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(service + " " + method + " " + path + " answered " + response.statusCode()
                    + ": " + response.body() + "\n  for " + body);
        }
        return response;
    }

    String post(String service, String path, String body) throws Exception {
        HttpResponse<String> response = send(service, path, body);
        if (response.statusCode() == 409 || response.statusCode() == 200) {
            return response.body(); // already there from an earlier seed (a conflict, or a replayed idempotency key)
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException(service + " " + path + " answered " + response.statusCode() + ": "
                    + response.body() + "\n  for " + body);
        }
        return response.body();
    }

    static String json(String... pairs) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1].replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
