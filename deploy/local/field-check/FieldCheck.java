import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The field app (/field/, gateway) in a real headless Chromium at a phone's size (360×640, zh-CN) against the
 * running local stack (deploy/local/frontline run), through the app's DOM contract and its test hooks
 * ({@code window.frontlineField}) only. Data is prepared through the public API as the sample worker.
 *
 * <p>The network is switched through a second DevTools connection to the browser itself, attached to every page and
 * every service worker, setting {@code Network.emulateNetworkConditions} on each. That is not enough for a service
 * worker's own fetches: with Chromium 156 a worker woken by Background Sync reached the server while its page was
 * emulated offline (seen here and in CI). So these browsers refuse Background Sync (a content setting: the app's
 * registration is refused and it relies on its other triggers), the app hands Background Sync to a visible page of
 * its own anyway (the worker sends only with none open), and the restart "still offline" runs a browser whose every
 * request goes to a closed port (a proxy, loopback included) from its first instant. Background Sync itself is not
 * exercised here. A response that left the server can be cut off (the Fetch
 * domain) — what a network dropping mid-request does to a phone.
 *
 * <pre>
 * java -cp '.frontline/tools/lib/*' deploy/local/field-check/FieldCheck.java [check | bench | screenshots DIR]
 *      [--gateway http://127.0.0.1:8080] [--keycloak http://127.0.0.1:8180] [--user worker.tianping]
 *      [--password frontline] [--community 310104012001] [--chromium /usr/bin/chromium]
 *      [--chromedriver /usr/bin/chromedriver] [--records 500] [--keep-profiles]
 * </pre>
 * <ul>
 * <li>{@code check} (default), the acceptance of issue 16: 50 screenings across 10 fresh households recorded offline
 * through the household screen, the browser closed and opened again still offline, then online: exactly 50 records
 * reach screening-service with the times they were taken, each once, each with a receipt, and the gateway's
 * {@code screened} figure of the community rises by exactly 50; a record with an invalid value (45.0 °C) shows the
 * server's message on its field (in Chinese) while the 49 others go through; a sync cut off mid-batch (slow link,
 * then the network drops after the server stored a batch but before the answer arrived) completes later with no
 * duplicate; sign-out is refused while the outbox is not empty.</li>
 * <li>{@code bench}: N queued records (500) synced over an emulated slow network (400 kbit/s down and up, 300 ms
 * round trip): the time from going online to the status bar's "all sent" (target ≤ 60 s).</li>
 * <li>{@code screenshots DIR}: DIR/field-app-worklist.png, field-app-household.png, field-app-outbox.png at 360×640
 * (records two screenings of the demo city's sample community on the way).</li>
 * </ul>
 * Prints PASS/FAIL per step; exits 1 when a step failed, 2 when chromium or chromedriver is missing.
 */
public class FieldCheck {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final String BULK = "*/api/v1/screening/screenings/bulk*";
    static int passed;
    static final List<String> failed = new ArrayList<>();
    static final List<Path> profiles = new ArrayList<>();
    static Map<String, String> a;
    static String gateway;
    static String community;
    /** a tag unique to this run: in names, rooms and grids */
    static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36).toUpperCase(Locale.ROOT);

    public static void main(String[] argv) throws Exception {
        a = new HashMap<>(Map.of("gateway", "http://127.0.0.1:8080", "keycloak", "http://127.0.0.1:8180",
                "user", "worker.tianping", "password", "frontline", "community", "310104012001",
                "chromium", "/usr/bin/chromium", "chromedriver", "/usr/bin/chromedriver", "records", "500"));
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                usage();
                return;
            } else if (argv[i].equals("--keep-profiles")) {
                a.put("keep-profiles", "true");
            } else if (argv[i].startsWith("--") && i + 1 < argv.length) {
                a.put(argv[i].substring(2), argv[++i]);
            } else {
                positional.add(argv[i]);
            }
        }
        String mode = positional.isEmpty() ? "check" : positional.get(0);
        if (!List.of("check", "bench", "screenshots").contains(mode) || mode.equals("screenshots") && positional.size() < 2) {
            usage();
            System.exit(2);
        }
        gateway = a.get("gateway");
        community = a.get("community");
        for (String bin : new String[] {a.get("chromium"), a.get("chromedriver")}) {
            if (!Files.isExecutable(Path.of(bin))) {
                System.err.println("field-check: " + bin + " is missing; install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver fonts-wqy-microhei)");
                System.exit(2);
            }
        }
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
        try {
            switch (mode) {
                case "check" -> check();
                case "bench" -> bench(Integer.parseInt(a.get("records")));
                default -> screenshots(Path.of(positional.get(1)));
            }
        } catch (Exception | AssertionError e) {
            fail("the field check (" + mode + ") ran to its end", e.toString());
            e.printStackTrace(System.out);
        } finally {
            if (!a.containsKey("keep-profiles")) {
                for (Path p : profiles) {
                    deleteTree(p);
                }
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed.size());
        if (!failed.isEmpty()) {
            System.out.println("Failed: " + String.join("; ", failed));
            System.exit(1);
        }
        System.exit(0);
    }

    static void usage() {
        System.out.println("""
                usage: FieldCheck [check | bench | screenshots DIR] [--gateway URL] [--keycloak URL] [--user LOGIN]
                                  [--password P] [--community CODE] [--chromium PATH] [--chromedriver PATH]
                                  [--records N (bench, default 500)] [--keep-profiles]
                  check        the acceptance of the field app (offline recording, restart, sync, invalid record,
                               interrupted sync, sign-out refused); about 3 minutes
                  bench        N queued records synced over 400 kbit/s with 300 ms round trip: time to "all sent"
                  screenshots  DIR/field-app-worklist.png, field-app-household.png, field-app-outbox.png (360×640)""");
    }

    // --- check -----------------------------------------------------------------------------------------------

    static void check() throws Exception {
        Instant t0 = Instant.now().minusSeconds(60);
        List<Household> households = prepare(10, 5, "A");
        Set<String> residents = residentIds(households);
        pass("prepared 10 households with 5 residents each through the public API (run " + RUN + ")");

        // 1. sign in, the work list online, then 50 screenings offline through the household screen
        Browser b = new Browser(newProfile());
        Map<String, Instant[]> saveWindows = new HashMap<>();
        try {
            b.signIn();
            b.worklist(households);
            b.offline();
            int screens = 0;
            for (int h = 0; h < households.size(); h++) {
                Instant[] window = b.recordHousehold(households.get(h), h);
                if (window != null) {
                    saveWindows.put(households.get(h).id, window);
                    screens++;
                }
            }
            check(screens == 10, "50 screenings entered offline through 10 household screens, each 'saved' after its "
                    + "IndexedDB commit", screens + " of 10 household screens saved");
            // with records waiting and no network the status bar says so (with nothing waiting it says all sent)
            check(b.waitFor(Duration.ofSeconds(10), () -> "offline".equals(b.statusState())),
                    "the status bar says offline while records wait without a network", "data-state " + b.statusState());
            List<JsonNode> queued = b.records("screening", residents);
            check(queued.size() == 50 && queued.stream().allMatch(r -> "waiting".equals(r.path("state").asText())),
                    "the outbox holds 50 screenings, all waiting (status bar: " + b.statusText() + ")",
                    queued.size() + " screenings, states " + states(queued));
            // a sync asked for while offline really tries to send what waits (frontlineField.sync() does not look at
            // navigator.onLine) and the emulated network stops it: it answers offline, and the server still has none
            String forced = b.forcedSync();
            List<JsonNode> onServer = serverScreenings(residents, t0);
            check(onServer.isEmpty() && forced.contains("\"offline\":true"),
                    "none reached screening-service while offline (a sync forced offline answered " + forced + ")",
                    onServer.size() + " did; the forced sync answered " + forced);
        } finally {
            b.quit();
        }
        int kpiBefore = screenedToday();

        // 2. the browser again, same profile, still offline: all 50 are there, waiting. Offline for the whole browser
        // from its first instant: a service worker woken at start by its pending Background Sync fetches before any
        // DevTools connection can emulate its network, so this browser's only proxy is a closed port (loopback
        // included); the page is emulated offline too, as before
        Set<String> ids = new HashSet<>();
        Browser c = new Browser(b.profile, true);
        try {
            c.cdp.network(Cdp.conditions(true, 0, -1, -1));
            c.open("#/outbox");
            c.waitVisible("[data-test=outbox]", Duration.ofSeconds(20));
            List<JsonNode> kept = c.records("screening", residents);
            kept.forEach(r -> ids.add(r.path("id").asText()));
            boolean listed = c.waitFor(Duration.ofSeconds(10), () -> c.domRecords(ids, "waiting") == 50);
            check(kept.size() == 50 && listed, "after the browser was closed and opened again offline, the outbox screen "
                    + "lists all 50 as waiting (status bar: " + c.statusText() + ")", kept.size()
                    + " screenings in IndexedDB, " + c.domRecords(ids, "waiting") + " listed waiting");
            check(serverScreenings(residents, t0).isEmpty(), "still none on the server after the restart offline",
                    "some reached screening-service");

            c.printConsole();
        } finally {
            c.quit();
        }

        // 3. the browser once more, same profile, with the network: the app sends at start (and the service worker's
        // Background Sync, pending since the offline tries, may too: the Web Lock keeps them apart) — exactly 50,
        // each once, with the times they were taken, receipts, the gateway's picture
        Browser d = new Browser(b.profile, false);
        try {
            Instant online = Instant.now();
            d.open("#/outbox");
            boolean allSent = d.waitFor(Duration.ofSeconds(120), () -> "all-sent".equals(d.statusState()));
            check(allSent, "online again: the status bar reaches all-sent in "
                    + Duration.between(online, Instant.now()).toMillis() / 1000.0 + " s (" + d.statusText() + ")",
                    "data-state " + d.statusState() + ", pending " + d.statusPending() + ": " + d.statusText());
            List<JsonNode> server = serverScreenings(residents, t0);
            List<JsonNode> local = d.records("screening", residents);
            verifyArrived(local, server, 50, saveWindows);
            boolean receipts = d.waitFor(Duration.ofSeconds(10), () -> d.domReceipts(ids) == 50);
            check(receipts && local.stream().allMatch(r -> "sent".equals(r.path("state").asText())),
                    "every record is sent and shows its receipt on the outbox screen", d.domReceipts(ids)
                            + " receipts shown; states " + states(local));
            int expected = kpiBefore + 50;
            boolean counted = waitFor(Duration.ofSeconds(60), () -> screenedToday() >= expected);
            Thread.sleep(3000);
            int kpiAfter = screenedToday();
            check(counted && kpiAfter == expected, "the gateway's picture counts them: " + community
                    + " screened today " + kpiBefore + " → " + kpiAfter, "expected " + expected + ", got " + kpiAfter
                    + " (another writer in this community meanwhile would explain more)");
            d.printConsole();
        } finally {
            d.quit();
        }

        invalidRecord(t0);
        interruptedSync(t0);
    }

    /** 49 valid screenings and one with 45.0 °C (through the test hook, as an older app would have queued it). */
    static void invalidRecord(Instant t0) throws Exception {
        List<Household> households = prepare(10, 5, "B");
        Set<String> residents = residentIds(households);
        Browser b = new Browser(newProfile());
        try {
            b.signIn();
            b.offline();
            List<String[]> targets = targets(households, 1);
            String invalidResident = targets.get(targets.size() - 1)[1];
            List<JsonNode> added = b.queue(targets, invalidResident);
            String invalidId = added.stream().filter(r -> r.path("residentId").asText().equals(invalidResident))
                    .map(r -> r.path("id").asText()).findFirst().orElse("");
            b.online();
            b.syncNow();
            boolean settled = b.waitFor(Duration.ofSeconds(60), () -> b.records("screening", residents).stream()
                    .noneMatch(r -> "waiting".equals(r.path("state").asText())));
            List<JsonNode> local = b.records("screening", residents);
            JsonNode invalid = local.stream().filter(r -> r.path("id").asText().equals(invalidId)).findFirst().orElse(null);
            check(settled && invalid != null && "refused".equals(invalid.path("state").asText()),
                    "the record with 45.0 °C is refused by the server", "settled " + settled + ", its state "
                            + (invalid == null ? "-" : invalid.path("state").asText()) + "; states " + states(local));
            List<JsonNode> server = serverScreenings(residents, t0);
            long valid = local.stream().filter(r -> "sent".equals(r.path("state").asText())).count();
            check(valid == 49 && server.size() == 49 && server.stream().noneMatch(s -> s.path("residentId").asText()
                    .equals(invalidResident)), "the 49 others reach the server (" + server.size() + ")",
                    valid + " sent in the app, " + server.size() + " on the server");
            b.open("#/outbox");
            String selector = "[data-test=record][data-record-id='" + invalidId + "'] [data-test=error][data-field=temperatureCelsius]";
            boolean shown = b.waitFor(Duration.ofSeconds(10), () -> !b.texts(selector).isEmpty()
                    && !b.texts(selector).get(0).isBlank());
            String message = shown ? b.texts(selector).get(0) : "";
            check(shown && message.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN),
                    "its record shows the server's message on temperatureCelsius, in Chinese: \"" + message + "\"",
                    shown ? "not Chinese: " + message : "no [data-test=error][data-field=temperatureCelsius] on record "
                            + invalidId + "; its error: " + (invalid == null ? "-" : invalid.path("error")));
            b.printConsole();
        } finally {
            b.quit();
        }
    }

    /**
     * 150 screenings queued offline (two batches); a slow link; the first batch's answer is cut off after the
     * server stored it, the network dropping at that moment; later online: all arrive once.
     */
    static void interruptedSync(Instant t0) throws Exception {
        List<Household> households = prepare(10, 5, "C");
        Set<String> residents = residentIds(households);
        int kpiBefore = screenedToday();
        Browser b = new Browser(newProfile());
        try {
            b.signIn();
            b.offline();
            List<JsonNode> added = b.queue(targets(households, 3), null);
            check(added.size() == 150, "150 screenings queued offline", added.size() + " queued");

            b.click("[data-test=sign-out]");
            boolean refused = b.waitFor(Duration.ofSeconds(5), () -> b.visible("[data-test=sign-out-refused]"));
            check(refused && !b.visible("[data-test=sign-in]"), "sign-out is refused while the outbox is not empty",
                    "refusal shown " + refused + ", sign-in button shown " + b.visible("[data-test=sign-in]"));

            AtomicInteger storedAtDrop = new AtomicInteger(-1);
            AtomicInteger answers = new AtomicInteger();
            CompletableFuture<Void> dropped = new CompletableFuture<>();
            b.cdp.intercept(BULK, (session, paused) -> {
                String request = paused.path("requestId").asText();
                try {
                    if (answers.incrementAndGet() == 1 && paused.path("responseStatusCode").asInt() / 100 == 2) {
                        // the server has stored the batch and answered; the phone loses the network right now
                        storedAtDrop.set(serverScreenings(residents, t0).size());
                        b.cdp.network(Cdp.conditions(true, 0, -1, -1));
                        b.cdp.send(session, "Fetch.failRequest", Map.of("requestId", request, "errorReason",
                                "InternetDisconnected"));
                        dropped.complete(null);
                    } else {
                        b.cdp.send(session, "Fetch.continueRequest", Map.of("requestId", request));
                    }
                } catch (Exception e) {
                    dropped.completeExceptionally(e);
                }
            });
            // a slow link: 1.5 s round trip, 50 kB/s each way
            b.cdp.network(Cdp.conditions(false, 1500, 50_000, 50_000));
            b.syncNow();
            boolean cut = waitFor(Duration.ofSeconds(90), dropped::isDone) && !dropped.isCompletedExceptionally();
            check(cut, "a sync over a slow link started and the network dropped mid-batch (the first batch's answer "
                    + "lost: " + storedAtDrop.get() + " of 150 already stored by the server)", "no batch reached the "
                    + "server within 90 s (" + answers.get() + " answers seen)" + (dropped.isCompletedExceptionally()
                            ? ": " + dropped.handle((v, e) -> e.toString()).join() : ""));
            Thread.sleep(3000);
            List<JsonNode> meanwhile = b.records("screening", residents);
            long sentMeanwhile = meanwhile.stream().filter(r -> "sent".equals(r.path("state").asText())).count();
            System.out.println("      after the drop: " + sentMeanwhile + " sent in the app, " + serverScreenings(residents, t0).size()
                    + " on the server, status bar " + b.statusState() + " (" + b.statusText() + ")");
            b.cdp.intercept(null, null);
            b.online();
            boolean allSent = b.waitFor(Duration.ofSeconds(120), () -> "all-sent".equals(b.statusState()));
            List<JsonNode> local = b.records("screening", residents);
            check(allSent && local.stream().allMatch(r -> "sent".equals(r.path("state").asText())),
                    "online again: the interrupted sync completes (all-sent)", "data-state " + b.statusState()
                            + ", states " + states(local));
            List<JsonNode> server = serverScreenings(residents, t0);
            verifyArrived(local, server, 150, null);
            // the one run whose resends met DUPLICATE answers: the picture still counts each record once
            int expected = kpiBefore + 150;
            boolean counted = b.waitFor(Duration.ofSeconds(60), () -> screenedToday() >= expected);
            Thread.sleep(3000);
            int kpiAfter = screenedToday();
            check(counted && kpiAfter == expected, "the gateway's picture counts the 150 once: " + community
                    + " screened today " + kpiBefore + " → " + kpiAfter, "expected " + expected + ", got " + kpiAfter);
            b.printConsole();
        } finally {
            b.quit();
        }
    }

    /**
     * The server's records against the app's: {@code expected} of them, one per idempotency key, each the app's key,
     * its screenedAt the time the app stored (within a second) and inside the save's window when given, its
     * receipt naming the server's id.
     */
    static void verifyArrived(List<JsonNode> local, List<JsonNode> server, int expected, Map<String, Instant[]> windows) {
        Map<String, JsonNode> byKey = new HashMap<>();
        int repeated = 0;
        for (JsonNode s : server) {
            if (byKey.put(s.path("idempotencyKey").asText(), s) != null) {
                repeated++;
            }
        }
        check(server.size() == expected && repeated == 0, "exactly " + expected + " records reached screening-service, "
                + "each once (one per idempotency key)", server.size() + " on the server, " + repeated + " keys twice");
        long maxSkewMs = 0;
        int matched = 0;
        int receiptsRight = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode r : local) {
            JsonNode s = byKey.get(r.path("idempotencyKey").asText());
            if (s == null) {
                wrong.add(r.path("id").asText() + ": not on the server");
                continue;
            }
            Instant taken = OffsetDateTime.parse(r.path("body").path("screenedAt").asText(r.path("createdAt").asText())).toInstant();
            Instant stored = OffsetDateTime.parse(s.path("screenedAt").asText()).toInstant();
            long skew = Math.abs(Duration.between(taken, stored).toMillis());
            maxSkewMs = Math.max(maxSkewMs, skew);
            Instant[] window = windows == null ? null : windows.get(r.path("householdId").asText());
            boolean inWindow = window == null || !stored.isBefore(window[0].minusSeconds(1)) && !stored.isAfter(window[1].plusSeconds(1));
            if (skew < 1000 && inWindow && s.path("residentId").asText().equals(r.path("residentId").asText(
                    r.path("body").path("residentId").asText()))) {
                matched++;
            } else if (wrong.size() < 5) {
                wrong.add(r.path("id").asText() + ": app " + taken + ", server " + stored + (inWindow ? "" : " (outside the save "
                        + Arrays.toString(window) + ")"));
            }
            if (s.path("id").asText().equals(r.path("receipt").path("serverId").asText())) {
                receiptsRight++;
            }
        }
        check(matched == expected && local.size() == expected, "each with the time it was taken (screenedAt as the app "
                + "stored it when saved; largest difference " + maxSkewMs + " ms)", matched + " of " + local.size()
                + " match: " + String.join("; ", wrong));
        check(receiptsRight == expected, "each record's receipt names the server's id", receiptsRight + " of " + expected);
    }

    // --- bench -----------------------------------------------------------------------------------------------

    static void bench(int n) throws Exception {
        Instant t0 = Instant.now().minusSeconds(60);
        int perResident = (n + 49) / 50;
        List<Household> households = prepare(10, 5, "D");
        Set<String> residents = residentIds(households);
        Browser b = new Browser(newProfile());
        try {
            b.signIn();
            b.offline();
            List<String[]> targets = targets(households, perResident).subList(0, n);
            List<JsonNode> added = b.queue(targets, null);
            check(added.size() == n, n + " screenings queued offline", added.size() + " queued");
            // 400 kbit/s each way (50,000 bytes a second), 300 ms round trip
            b.cdp.network(Cdp.conditions(true, 300, 50_000, 50_000));
            Thread.sleep(500);
            long start = System.nanoTime();
            b.cdp.network(Cdp.conditions(false, 300, 50_000, 50_000));
            boolean done = b.waitFor(Duration.ofSeconds(300), () -> "all-sent".equals(b.statusState()));
            double seconds = (System.nanoTime() - start) / 1e9;
            b.cdp.network(Cdp.conditions(false, 0, -1, -1));
            int onServer = serverScreenings(residents, t0).size();
            // what the emulated link must have carried at least: the bulk requests' bodies (batches of 100), each
            // batch one round trip — a time below that would mean the emulation was not in force
            long bytes = 0;
            for (int i = 0; i < added.size(); i += 100) {
                List<JsonNode> batch = added.subList(i, Math.min(added.size(), i + 100));
                bytes += JSON.writeValueAsBytes(Map.of("records", batch.stream().map(r -> r.path("body")).toList())).length;
            }
            int batches = (added.size() + 99) / 100;
            double floor = bytes / 50_000.0 + batches * 0.3;
            System.out.printf(Locale.ROOT, "bench: %d records over 400 kbit/s down and up, 300 ms round trip: "
                    + "online → all sent in %.1f s (%d on the server; %d request bytes in %d batches: the link's floor "
                    + "%.1f s; Chromium %s)%n", n, seconds, onServer, bytes, batches, floor, b.version);
            check(seconds >= floor * 0.9, String.format(Locale.ROOT,
                    "the emulated link was in force (%.1f s ≥ its floor %.1f s for %d bytes)", seconds, floor, bytes),
                    "faster than the emulated link allows: the network emulation did not apply");
            check(done && onServer == n, "all " + n + " reached the server once and the status bar says all sent",
                    "done " + done + ", " + onServer + " on the server, status " + b.statusState());
            check(seconds <= 60, String.format(Locale.ROOT, "%d records synced in %.1f s (target ≤ 60 s)", n, seconds),
                    "slower than the target");
            b.printConsole();
        } finally {
            b.quit();
        }
    }

    // --- screenshots -----------------------------------------------------------------------------------------

    static void screenshots(Path dir) throws Exception {
        Files.createDirectories(dir);
        Browser b = new Browser(newProfile());
        try {
            b.signIn();
            b.open("#/");
            b.waitVisible("[data-test=worklist]", Duration.ofSeconds(30));
            b.waitFor(Duration.ofSeconds(15), () -> !b.driver.findElements(By.cssSelector("[data-test=household]")).isEmpty());
            Thread.sleep(1000);
            b.shot(dir.resolve("field-app-worklist.png"));
            // the first two households of the list (unreached ones first): one sent, one waiting offline
            List<String> ids = new ArrayList<>();
            for (String selector : List.of("[data-test=household]:has([data-test=unreached])", "[data-test=household]")) {
                for (WebElement e : b.driver.findElements(By.cssSelector(selector))) {
                    String id = e.getDomAttribute("data-household-id");
                    if (id != null && !ids.contains(id)) {
                        ids.add(id);
                    }
                }
            }
            check(ids.size() >= 2, "the work list shows households (" + ids.size() + ")", "fewer than 2");
            for (int i = 0; i < Math.min(2, ids.size()); i++) {
                if (i == 1) {
                    b.offline();
                }
                b.openHousehold(ids.get(i));
                List<WebElement> people = b.driver.findElements(By.cssSelector("[data-test=resident]"));
                for (int j = 0; j < people.size() && j < 3; j++) {
                    WebElement t = people.get(j).findElement(By.cssSelector("input[name=temperature]"));
                    t.clear();
                    t.sendKeys(j == 1 && i == 0 ? "37.6" : "36." + (4 + j));
                    if (j == 1 && i == 0) {
                        b.clickIn(people.get(j), "input[type=checkbox][name=symptom][value=COUGH]");
                    }
                }
                if (i == 0) {
                    Thread.sleep(500);
                    b.js.executeScript("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();");
                    b.shot(dir.resolve("field-app-household.png"));
                }
                b.click("[data-test=save]");
                b.waitVisible("[data-test=saved]", Duration.ofSeconds(15));
                if (i == 0) {
                    b.waitFor(Duration.ofSeconds(30), () -> "all-sent".equals(b.statusState()));
                }
            }
            b.open("#/outbox");
            b.waitVisible("[data-test=outbox]", Duration.ofSeconds(10));
            Thread.sleep(1000);
            b.shot(dir.resolve("field-app-outbox.png"));
            b.online();
            check(b.waitFor(Duration.ofSeconds(60), () -> "all-sent".equals(b.statusState())),
                    "the screenshots' records are sent afterwards", "status " + b.statusState());
        } finally {
            b.quit();
        }
    }

    // --- the browser -----------------------------------------------------------------------------------------

    static final class Browser {
        final Path profile;
        final ChromeDriver driver;
        final JavascriptExecutor js;
        final Cdp cdp;
        final String version;
        final List<String> console = new ArrayList<>();

        Browser(Path profile) throws Exception {
            this(profile, false);
        }

        /** unreachable: every request of this browser (service workers included) goes to a closed port */
        Browser(Path profile, boolean unreachable) throws Exception {
            this.profile = profile;
            ChromeOptions options = new ChromeOptions();
            options.setBinary(a.get("chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                    "--lang=zh-CN", "--user-data-dir=" + profile);
            if (unreachable) {
                options.addArguments("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>");
            }
            // a phone: 360×640 CSS pixels, touch
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", 360, "height", 640, "pixelRatio", 1.0, "touch", true)));
            // Background Sync refused (the app then relies on its other triggers: start, online, visible, timer,
            // the button): a worker woken by it fetches outside DevTools' network emulation (seen with Chromium 156,
            // in CI: the 50 reached the server while the page was emulated offline), which would defeat "offline"
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh,en",
                    "profile.default_content_setting_values.background_sync", 2));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(a.get("chromedriver"))).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            js = driver;
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            version = String.valueOf(driver.getCapabilities().getBrowserVersion());
            Map<?, ?> chrome = (Map<?, ?>) driver.getCapabilities().getCapability("goog:chromeOptions");
            cdp = new Cdp((String) chrome.get("debuggerAddress"));
        }

        void quit() {
            collectConsole();
            // the browser first, DevTools after: closing the DevTools connection first lifts the emulated offline
            // network while the page still runs, the page gets an 'online' event and its sync sends what waits —
            // cut off by the quit a moment later, but already stored (seen in CI: "still none on the server after
            // the restart offline" failed, the gateway logged a stream reset of a bulk request at the first quit)
            try {
                driver.quit();
            } finally {
                cdp.close();
            }
        }

        void open(String hash) throws Exception {
            driver.get(gateway + "/field/" + hash);
            ready();
        }

        /** the app's test hooks are there and {@code frontlineField.ready} resolved */
        void ready() throws Exception {
            boolean there = waitFor(Duration.ofSeconds(30), () -> Boolean.TRUE.equals(js.executeScript(
                    "return !!(window.frontlineField && window.frontlineField.ready)")));
            if (!there) {
                throw new IllegalStateException("window.frontlineField.ready never appeared on " + driver.getCurrentUrl());
            }
            js.executeAsyncScript("const done = arguments[arguments.length - 1]; "
                    + "window.frontlineField.ready.then(() => done(true), e => done(String(e)))");
        }

        void signIn() throws Exception {
            open("");
            waitVisible("[data-test=sign-in]", Duration.ofSeconds(20));
            click("[data-test=sign-in]");
            waitFor(Duration.ofSeconds(20), () -> driver.getCurrentUrl().startsWith(a.get("keycloak")));
            boolean pkce = driver.getCurrentUrl().contains("code_challenge_method=S256");
            driver.findElement(By.id("username")).sendKeys(a.get("user"));
            driver.findElement(By.id("password")).sendKeys(a.get("password"));
            driver.findElement(By.id("kc-login")).click();
            waitFor(Duration.ofSeconds(30), () -> driver.getCurrentUrl().startsWith(gateway + "/field/")
                    && !driver.getCurrentUrl().contains("code="));
            ready();
            boolean in = waitFor(Duration.ofSeconds(20), () -> !visible("[data-test=sign-in]")
                    && !"sign-in-needed".equals(statusState()));
            check(pkce && in, "signed in as " + a.get("user") + " on Keycloak's form (code + PKCE S256), back on /field/",
                    "PKCE " + pkce + ", URL " + driver.getCurrentUrl() + ", status " + statusState() + " " + statusText());
        }

        /** the work list online shows the given households (and the demo city's campaign and quarantines) */
        void worklist(List<Household> households) throws Exception {
            open("#/");
            waitVisible("[data-test=worklist]", Duration.ofSeconds(20));
            BooleanSupplier all = () -> households.stream().allMatch(h -> !driver.findElements(By.cssSelector(
                    "[data-test=household][data-household-id='" + h.id + "']")).isEmpty());
            if (!waitFor(Duration.ofSeconds(15), all)) {
                click("[data-test=refresh-work]");
            }
            boolean shown = waitFor(Duration.ofSeconds(20), all);
            int unreached = driver.findElements(By.cssSelector("[data-test=unreached]")).size();
            int quarantines = driver.findElements(By.cssSelector("[data-test=quarantine]")).size();
            check(shown, "the work list online shows the 10 new households (and " + unreached + " unreached in the "
                    + "campaign, " + quarantines + " quarantines due)", "not all 10 listed");
        }

        /** One household's screen: a temperature per resident (one fever, a cough), save, 'saved'. */
        Instant[] recordHousehold(Household h, int index) throws Exception {
            open("#/");
            waitVisible("[data-test=worklist]", Duration.ofSeconds(20));
            click("[data-test=household][data-household-id='" + h.id + "']");
            waitVisible("[data-test=household-screen][data-household-id='" + h.id + "']", Duration.ofSeconds(10));
            List<String> outcomes = new ArrayList<>();
            for (int j = 0; j < h.residents.size(); j++) {
                WebElement r = driver.findElement(By.cssSelector("[data-test=resident][data-resident-id='"
                        + h.residents.get(j) + "']"));
                WebElement t = r.findElement(By.cssSelector("input[name=temperature]"));
                t.clear();
                t.sendKeys(temperature(index, j));
                if (j == 1) {
                    clickIn(r, "input[type=checkbox][name=symptom][value=COUGH]");
                }
                if (index == 0 && j == 2) {
                    clickIn(r, "input[type=checkbox][name=travelHistory]");
                }
                outcomes.add(r.findElement(By.cssSelector("[data-test=outcome]")).getText());
            }
            if (outcomes.stream().anyMatch(String::isBlank)) {
                fail("the derived outcome shows as typed (household " + (index + 1) + ")", "outcomes " + outcomes);
            }
            // typing hid an earlier confirmation: the one awaited below is this save's
            waitFor(Duration.ofSeconds(3), () -> !visible("[data-test=saved]"));
            Instant before = Instant.now();
            click("[data-test=save]");
            boolean saved = waitVisible("[data-test=saved]", Duration.ofSeconds(15));
            Instant after = Instant.now();
            if (!saved) {
                fail("household " + (index + 1) + " saved", "no [data-test=saved]; " + statusText());
                return null;
            }
            if (index == 0) {
                System.out.println("      outcomes shown: " + outcomes);
            }
            return new Instant[] {before, after};
        }

        /** Screenings through {@code frontlineField.outbox.add}, one per target (resident id, household id). */
        List<JsonNode> queue(List<String[]> targets, String invalidResident) throws Exception {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                String[] t = targets.get(i);
                boolean invalid = t[1].equals(invalidResident);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("residentId", t[1]);
                body.put("channel", "DOOR_TO_DOOR");
                body.put("temperatureCelsius", invalid ? new BigDecimal("45.0") : new BigDecimal(temperature(i, i % 5)));
                body.put("symptoms", List.of());
                body.put("travelHistory", false);
                body.put("contactWithCase", false);
                items.add(Map.of("body", body, "extra", Map.of("community", community, "householdId", t[0],
                        "residentId", t[1])));
            }
            Object result = js.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const items = JSON.parse(arguments[0]).map(it => ({ kind: 'screening', body: it.body, extra: it.extra }));
                    // one transaction through the same code path as the forms (ids, keys, times, the commit)
                    window.frontlineField.outbox.addAll(items)
                      .then(out => done(JSON.stringify(out)), e => done('ERROR ' + e));""", JSON.writeValueAsString(items));
            String text = String.valueOf(result);
            if (text.startsWith("ERROR")) {
                throw new IllegalStateException("frontlineField.outbox.add: " + text);
            }
            List<JsonNode> added = new ArrayList<>();
            JSON.readTree(text).forEach(added::add);
            return added;
        }

        /** the outbox's records of one kind for these residents, through the hook */
        List<JsonNode> records(String kind, Set<String> residents) {
            try {
                Object text = js.executeAsyncScript("const done = arguments[arguments.length - 1]; "
                        + "window.frontlineField.outbox.list().then(l => done(JSON.stringify(l)), e => done('ERROR ' + e))");
                if (String.valueOf(text).startsWith("ERROR")) {
                    throw new IllegalStateException(String.valueOf(text));
                }
                List<JsonNode> out = new ArrayList<>();
                for (JsonNode r : JSON.readTree(String.valueOf(text))) {
                    String resident = r.path("residentId").asText(r.path("body").path("residentId").asText());
                    if (kind.equals(r.path("kind").asText()) && residents.contains(resident)) {
                        out.add(r);
                    }
                }
                return out;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** frontlineField.sync() awaited, its result as JSON text */
        String forcedSync() {
            Object r = js.executeAsyncScript("const done = arguments[arguments.length - 1]; "
                    + "window.frontlineField.sync().then(x => done(JSON.stringify(x)), e => done('ERROR ' + e))");
            return String.valueOf(r);
        }

        void syncNow() {
            try {
                click("[data-test=sync]");
            } catch (Exception e) {
                js.executeScript("window.frontlineField.sync()");
            }
        }

        int domRecords(Set<String> ids, String state) {
            int n = 0;
            for (WebElement e : driver.findElements(By.cssSelector("[data-test=record][data-state='" + state + "']"))) {
                n += ids.contains(e.getDomAttribute("data-record-id")) ? 1 : 0;
            }
            return n;
        }

        int domReceipts(Set<String> ids) {
            Object n = js.executeScript("""
                    const ids = new Set(arguments[0]); let n = 0;
                    for (const r of document.querySelectorAll('[data-test=record]')) {
                      const receipt = r.querySelector('[data-test=receipt]');
                      if (ids.has(r.dataset.recordId) && receipt && receipt.textContent.trim()) n++;
                    }
                    return n;""", new ArrayList<>(ids));
            return ((Number) n).intValue();
        }

        void offline() throws Exception {
            cdp.network(Cdp.conditions(true, 0, -1, -1));
        }

        void online() throws Exception {
            cdp.network(Cdp.conditions(false, 0, -1, -1));
        }

        void openHousehold(String id) throws Exception {
            open("#/");
            waitVisible("[data-test=worklist]", Duration.ofSeconds(20));
            click("[data-test=household][data-household-id='" + id + "']");
            waitVisible("[data-test=household-screen][data-household-id='" + id + "']", Duration.ofSeconds(10));
        }

        String statusState() {
            return attribute("[data-test=status]", "data-state");
        }

        String statusPending() {
            return attribute("[data-test=status]", "data-pending");
        }

        String statusText() {
            List<String> t = texts("[data-test=status]");
            return t.isEmpty() ? "" : t.get(0);
        }

        String attribute(String selector, String name) {
            try {
                return driver.findElement(By.cssSelector(selector)).getDomAttribute(name);
            } catch (Exception e) {
                return null;
            }
        }

        List<String> texts(String selector) {
            try {
                return driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
            } catch (Exception e) {
                return List.of();
            }
        }

        boolean visible(String selector) {
            try {
                return driver.findElements(By.cssSelector(selector)).stream().anyMatch(WebElement::isDisplayed);
            } catch (Exception e) {
                return false;
            }
        }

        boolean waitVisible(String selector, Duration timeout) throws InterruptedException {
            return waitFor(timeout, () -> visible(selector));
        }

        boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
            return FieldCheck.waitFor(timeout, () -> {
                try {
                    return condition.getAsBoolean();
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }

        void click(String selector) throws Exception {
            WebElement e = null;
            if (!waitFor(Duration.ofSeconds(10), () -> !driver.findElements(By.cssSelector(selector)).isEmpty())) {
                throw new IllegalStateException("nothing matches " + selector + " on " + driver.getCurrentUrl());
            }
            e = driver.findElement(By.cssSelector(selector));
            clickElement(e);
        }

        void clickIn(WebElement parent, String selector) {
            clickElement(parent.findElement(By.cssSelector(selector)));
        }

        void clickElement(WebElement e) {
            js.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
            try {
                e.click();
            } catch (Exception notClickable) { // a styled checkbox under its label, a sticky bar over it
                js.executeScript("arguments[0].click()", e);
            }
        }

        void shot(Path target) throws Exception {
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
            System.out.println("      screenshot: " + target.toAbsolutePath());
        }

        void collectConsole() {
            try {
                for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                    console.add(e.getLevel() + " " + e.getMessage());
                }
            } catch (Exception e) {
                console.add("(browser log unavailable: " + e + ")");
            }
        }

        void printConsole() {
            collectConsole();
            console.stream().filter(l -> l.startsWith("SEVERE") && !l.contains("ERR_INTERNET_DISCONNECTED"))
                    .distinct().limit(10).forEach(l -> System.out.println("      console: " + abbreviate(l)));
        }
    }

    // --- the network of every page and service worker --------------------------------------------------------

    /**
     * A second DevTools connection, to the browser itself (chromedriver's debuggerAddress), auto-attached to every
     * target; new ones wait (waitForDebuggerOnStart) until the current network conditions are set on them.
     */
    static final class Cdp implements java.net.http.WebSocket.Listener {
        final java.net.http.WebSocket socket;
        final AtomicLong ids = new AtomicLong();
        final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        /** session id → target type (page, service_worker, ...) */
        final Map<String, String> sessions = new ConcurrentHashMap<>();
        final StringBuilder partial = new StringBuilder();
        volatile Map<String, Object> conditions = conditions(false, 0, -1, -1);
        volatile BiConsumer<String, JsonNode> paused;
        volatile Map<String, Object> fetchPatterns;

        Cdp(String debuggerAddress) throws Exception {
            String version = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + debuggerAddress + "/json/version"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            String ws = JSON.readTree(version).get("webSocketDebuggerUrl").asText();
            socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(ws), this).get(10, TimeUnit.SECONDS);
            send(null, "Target.setDiscoverTargets", Map.of("discover", true));
            send(null, "Target.setAutoAttach", Map.of("autoAttach", true, "waitForDebuggerOnStart", true, "flatten", true));
        }

        /** Chromium's emulation: latency is the round trip added, throughputs in bytes a second (-1: unlimited). */
        static Map<String, Object> conditions(boolean offline, int latencyMs, int downBytesPerSecond, int upBytesPerSecond) {
            return Map.of("offline", offline, "latency", latencyMs, "downloadThroughput", downBytesPerSecond,
                    "uploadThroughput", upBytesPerSecond);
        }

        /** the network of every page and service worker, now and of those that start later */
        void network(Map<String, Object> c) throws Exception {
            conditions = c;
            for (Map.Entry<String, String> s : sessions.entrySet()) {
                if (emulated(s.getValue())) {
                    apply(s.getKey());
                }
            }
        }

        /** responses of URLs matching the pattern pause and go to the handler (null: no more interception) */
        void intercept(String urlPattern, BiConsumer<String, JsonNode> handler) throws Exception {
            paused = handler;
            fetchPatterns = urlPattern == null ? null
                    : Map.of("patterns", List.of(Map.of("urlPattern", urlPattern, "requestStage", "Response")));
            for (Map.Entry<String, String> s : sessions.entrySet()) {
                if (emulated(s.getValue())) {
                    ignoreGone(s.getKey(), () -> send(s.getKey(), fetchPatterns == null ? "Fetch.disable" : "Fetch.enable",
                            fetchPatterns == null ? Map.of() : fetchPatterns));
                }
            }
        }

        static boolean emulated(String type) {
            return List.of("page", "service_worker", "worker", "shared_worker").contains(type);
        }

        void apply(String session) throws Exception {
            ignoreGone(session, () -> {
                send(session, "Network.enable", Map.of());
                send(session, "Network.emulateNetworkConditions", conditions);
                if (fetchPatterns != null) {
                    send(session, "Fetch.enable", fetchPatterns);
                }
                return null;
            });
        }

        void ignoreGone(String session, java.util.concurrent.Callable<?> action) throws Exception {
            try {
                action.call();
            } catch (Exception e) {
                if (sessions.containsKey(session)) { // a target that went away meanwhile is no failure
                    throw e;
                }
            }
        }

        JsonNode send(String session, String method, Map<String, Object> params) throws Exception {
            long id = ids.incrementAndGet();
            Map<String, Object> message = new HashMap<>(Map.of("id", id, "method", method, "params", params));
            if (session != null) {
                message.put("sessionId", session);
            }
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode reply = answer.get(15, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.get("error"));
            }
            return reply.get("result");
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    on(JSON.readTree(text));
                } catch (Exception e) {
                    System.out.println("      (devtools message: " + e + ")");
                }
            }
            ws.request(1);
            return null;
        }

        void on(JsonNode m) {
            if (m.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(m.get("id").asLong());
                if (answer != null) {
                    answer.complete(m);
                }
                return;
            }
            String method = m.path("method").asText();
            JsonNode params = m.path("params");
            if (method.equals("Target.attachedToTarget")) {
                String session = params.path("sessionId").asText();
                String type = params.path("targetInfo").path("type").asText();
                sessions.put(session, type);
                // set up off this reader thread (the answers arrive through it), then let the target run
                CompletableFuture.runAsync(() -> {
                    try {
                        if (emulated(type)) {
                            apply(session);
                        }
                    } catch (Exception e) {
                        System.out.println("      (devtools: could not set up a " + type + ": " + e.getMessage() + ")");
                    } finally {
                        later(session, "Runtime.runIfWaitingForDebugger", Map.of());
                    }
                });
            } else if (method.equals("Target.detachedFromTarget")) {
                sessions.remove(params.path("sessionId").asText());
            } else if (method.equals("Fetch.requestPaused")) {
                BiConsumer<String, JsonNode> handler = paused;
                String session = m.path("sessionId").asText();
                if (handler != null) {
                    CompletableFuture.runAsync(() -> handler.accept(session, params));
                } else {
                    later(session, "Fetch.continueRequest", Map.of("requestId", params.path("requestId").asText()));
                }
            }
        }

        void later(String session, String method, Map<String, Object> params) {
            CompletableFuture.runAsync(() -> {
                try {
                    send(session, method, params);
                } catch (Exception e) {
                    if (sessions.containsKey(session)) {
                        System.out.println("      (devtools " + method + ": " + e.getMessage() + ")");
                    }
                }
            });
        }

        void close() {
            try {
                socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    // --- the API -----------------------------------------------------------------------------------------------

    record Household(String id, List<String> residents) {
    }

    /** households with residents through the gateway, as the worker (unique names per run) */
    static List<Household> prepare(int households, int residentsEach, String group) throws Exception {
        List<Household> out = new ArrayList<>();
        for (int h = 1; h <= households; h++) {
            String key = "field-check/" + RUN + "/" + group + "/" + h;
            String household = created(post("/api/v1/screening/households", Map.of("communityCode", community,
                    "grid", "外勤检查", "building", "FC" + RUN, "room", group + h, "idempotencyKey", key)));
            List<String> residents = new ArrayList<>();
            for (int r = 1; r <= residentsEach; r++) {
                residents.add(created(post("/api/v1/screening/residents", Map.of("householdId", household,
                        "name", "外勤检查 " + RUN + " " + group + h + "-" + r, "phone", String.format("139%08d", h * 100 + r),
                        "birthYear", 1950 + (h * 7 + r * 11) % 60, "idempotencyKey", key + "/" + r))));
            }
            out.add(new Household(household, residents));
        }
        return out;
    }

    static Set<String> residentIds(List<Household> households) {
        return households.stream().flatMap(h -> h.residents.stream()).collect(Collectors.toSet());
    }

    /** (household id, resident id) pairs: every resident {@code each} times, round after round */
    static List<String[]> targets(List<Household> households, int each) {
        List<String[]> out = new ArrayList<>();
        for (int round = 0; round < each; round++) {
            for (Household h : households) {
                for (String r : h.residents) {
                    out.add(new String[] {h.id, r});
                }
            }
        }
        return out;
    }

    /** normal temperatures, one fever in the first household */
    static String temperature(int household, int resident) {
        if (household == 0 && resident == 3) {
            return "37.8";
        }
        return String.format(Locale.ROOT, "%.1f", 36.2 + ((household * 5 + resident) % 9) / 10.0);
    }

    /** the worker's screenings in the community since {@code from} of these residents (all pages) */
    static List<JsonNode> serverScreenings(Set<String> residents, Instant from) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (int page = 0; page < 100; page++) {
                JsonNode body = JSON.readTree(get("/api/v1/screening/screenings?area=" + community + "&from="
                        + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&size=500&page=" + page));
                JsonNode items = body.path("items");
                for (JsonNode s : items) {
                    if (residents.contains(s.path("residentId").asText())) {
                        out.add(s);
                    }
                }
                if (items.size() < 500) {
                    break;
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** the gateway's picture: the community's screened figure today (city date) */
    static int screenedToday() {
        try {
            JsonNode o = JSON.readTree(get("/api/v1/overview?area=" + community + "&date=" + LocalDate.now(CITY)));
            return o.path("area").path("figures").path("screened").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token;
    static Instant tokenAt = Instant.EPOCH;

    static synchronized String token() throws Exception {
        if (Duration.between(tokenAt, Instant.now()).toSeconds() < 60) {
            return token;
        }
        String form = "grant_type=password&client_id=frontline-web&username=" + URLEncoder.encode(a.get("user"),
                StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(a.get("password"), StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.get("keycloak")
                + "/realms/frontline/protocol/openid-connect/token")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token for " + a.get("user") + ": HTTP " + r.statusCode());
        }
        token = JSON.readTree(r.body()).path("access_token").asText();
        tokenAt = Instant.now();
        return token;
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return r.body();
    }

    static HttpResponse<String> post(String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String created(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException(r.request().uri().getPath() + ": HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    // --- small things ------------------------------------------------------------------------------------------

    static Path newProfile() throws Exception {
        Path p = Files.createTempDirectory("field-check-profile");
        profiles.add(p);
        return p;
    }

    static String states(List<JsonNode> records) {
        Map<String, Long> byState = records.stream().collect(Collectors.groupingBy(r -> r.path("state").asText(),
                java.util.TreeMap::new, Collectors.counting()));
        return byState.toString();
    }

    static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temporary profile
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    static void check(boolean ok, String what, String why) {
        if (ok) {
            pass(what);
        } else {
            fail(what, why);
        }
    }

    static void pass(String what) {
        System.out.println("PASS  " + what);
        passed++;
    }

    static void fail(String what, String why) {
        System.out.println("FAIL  " + what);
        if (why != null && !why.isBlank()) {
            System.out.println("      " + why.replace("\n", "\n      "));
        }
        failed.add(what);
    }
}
