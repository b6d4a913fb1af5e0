import java.io.File;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The command-centre page in a real headless Chromium against the running local stack (deploy/local/frontline
 * run): logs in on Keycloak's form (authorization code + PKCE through the page's own OIDC module), waits for the KPI
 * tiles, records a screening through the gateway's proxy and waits for the page's screened figure to change over
 * SSE, downloads an XLSX report with the page's button, checks the page raised no Content-Security-Policy
 * violation, and saves a 1920×1080 screenshot. Run by {@code deploy/local/frontline page-check [screenshot.png]}
 * with the tools' jars (Selenium) on the class path; Debian's chromium and chromium-driver must be installed.
 *
 * <pre>
 * java -cp '.frontline/tools/lib/*' deploy/local/page-check/PageCheck.java [--gateway URL] [--keycloak URL]
 *      [--user officer.xuhui] [--worker worker.tianping] [--password frontline] [--screenshot file.png]
 *      [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver]
 * </pre>
 * Prints PASS/FAIL per step; exits 1 when a step failed (the screenshot is still taken).
 */
public class PageCheck {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static int passed;
    static final List<String> failed = new ArrayList<>();

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("gateway", "http://127.0.0.1:8080", "keycloak",
                "http://127.0.0.1:8180", "user", "officer.xuhui", "worker", "worker.tianping", "password", "frontline",
                "chromium", "/usr/bin/chromium", "chromedriver", "/usr/bin/chromedriver", "community", "310104012001"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        String gateway = a.get("gateway");
        Path downloads = Files.createTempDirectory("page-check-downloads");
        for (String bin : new String[] {a.get("chromium"), a.get("chromedriver")}) {
            if (!Files.isExecutable(Path.of(bin))) {
                System.err.println("page-check: " + bin + " is missing; install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver fonts-wqy-microhei)");
                System.exit(2);
            }
        }
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(a.get("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1920,1080", "--lang=zh-CN");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("download.directory_upgrade", true);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(a.get("chromedriver"))).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        List<String> console = new ArrayList<>();
        try {
            run(driver, a, gateway, downloads, console);
        } catch (Exception | AssertionError e) {
            fail("the page check ran to its end", e.toString());
        } finally {
            try {
                collectConsole(driver, console);
                List<String> csp = console.stream().filter(l -> l.contains("Content Security Policy")).toList();
                if (csp.isEmpty()) {
                    pass("no Content-Security-Policy violation in the browser console");
                } else {
                    fail("no Content-Security-Policy violation in the browser console", String.join("\n", csp));
                }
                String shot = a.get("screenshot");
                if (shot != null) {
                    Path target = Path.of(shot).toAbsolutePath();
                    Files.createDirectories(target.getParent());
                    // the download button scrolled the page: the screenshot shows it from the top, focus off the button
                    ((JavascriptExecutor) driver).executeScript(
                            "window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();");
                    Thread.sleep(500);
                    Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
                    Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
                    System.out.println("      screenshot: " + target);
                }
            } finally {
                driver.quit();
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed.size());
        if (!failed.isEmpty()) {
            System.out.println("Failed: " + String.join("; ", failed));
            System.exit(1);
        }
    }

    static void run(WebDriver driver, Map<String, String> a, String gateway, Path downloads, List<String> console)
            throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        JavascriptExecutor js = (JavascriptExecutor) driver;

        // 1. the page, its CSP, the login button
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        check(page.statusCode() == 200 && csp.contains("default-src 'self'") && csp.contains(a.get("keycloak")),
                "the page is served with a strict Content-Security-Policy naming Keycloak", "HTTP " + page.statusCode()
                        + ", CSP: " + csp);
        driver.get(gateway + "/");
        // the window includes the browser's frame: size it so the page itself is 1920×1080
        Number frame = (Number) js.executeScript("return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(1920, 1080 + frame.intValue()));
        wait.until(d -> "login".equals(state(d)));
        pass("the page asks for a login");

        // 2. Keycloak's form, and back with a code (PKCE)
        driver.findElement(By.id("login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(a.get("keycloak")));
        check(driver.getCurrentUrl().contains("code_challenge_method=S256"),
                "the browser is sent to Keycloak with a PKCE S256 challenge", driver.getCurrentUrl());
        driver.findElement(By.id("username")).sendKeys(a.get("user"));
        driver.findElement(By.id("password")).sendKeys(a.get("password"));
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().startsWith(gateway)
                && List.of("ready", "error").contains(state(d)));
        String user = driver.findElement(By.id("user")).getText();
        check(!user.isBlank() && !driver.getCurrentUrl().contains("code="),
                "logged in as " + a.get("user") + " (code exchanged, URL cleaned)", "user '" + user + "', URL "
                        + driver.getCurrentUrl());

        // 3. the KPI tiles (needs the gateway's overview, series, open-alerts, stream and reports APIs)
        String error = text(driver, "error");
        if (!"ready".equals(state(driver)) || !error.isBlank()) {
            fail("the page shows the area's KPIs, series, open alerts and reports", "the page says: " + error);
        }
        boolean tiles = waitFor(Duration.ofSeconds(30), () -> !screened(driver).isBlank());
        check(tiles, "the KPI tiles show figures (screened " + screened(driver) + ")",
                "no figure on the screened tile; the page says: " + text(driver, "error"));
        System.out.println("      area: " + text(driver, "area-name") + ", live: " + text(driver, "live"));

        // 4. a screening through the gateway's proxy; the figure changes over SSE
        String officerToken = token(a, a.get("user"));
        String workerToken = token(a, a.get("worker"));
        HttpResponse<String> proxied = get(gateway + "/api/v1/alerts/alerts", officerToken);
        check(proxied.statusCode() == 200, "the gateway's proxy answers /api/v1/alerts/alerts with the officer's token",
                "HTTP " + proxied.statusCode() + ": " + abbreviate(proxied.body()));
        HttpResponse<String> doc = get(gateway + "/openapi/screening", null);
        check(doc.statusCode() == 200 && doc.body().contains("openapi"), "the gateway serves screening's OpenAPI document",
                "HTTP " + doc.statusCode());
        String before = screened(driver);
        String household = id(post(gateway + "/api/v1/screening/households", workerToken, "{\"communityCode\":\""
                + a.get("community") + "\",\"building\":\"9\",\"room\":\"" + (100 + (int) (Math.random() * 800)) + "\"}"));
        String resident = id(post(gateway + "/api/v1/screening/residents", workerToken, "{\"householdId\":\""
                + household + "\",\"name\":\"Page Check\",\"phone\":\"13900000001\"}"));
        HttpResponse<String> screening = post(gateway + "/api/v1/screening/screenings", workerToken,
                "{\"residentId\":\"" + resident + "\",\"channel\":\"DOOR_TO_DOOR\",\"temperatureCelsius\":36.6,"
                        + "\"screenedAt\":\"" + Instant.now().minusSeconds(5).toString() + "\"}");
        check(screening.statusCode() == 201, "a screening is recorded through the gateway's proxy (201)",
                "HTTP " + screening.statusCode() + ": " + abbreviate(screening.body()));
        boolean changed = tiles && waitFor(Duration.ofSeconds(60), () -> !screened(driver).equals(before));
        check(changed, "the page's screened figure changes over SSE (" + before + " → " + screened(driver) + ")",
                "still " + screened(driver) + " after 60 s; live: " + text(driver, "live"));

        // 5. a report downloaded with the page's button
        List<WebElement> buttons = driver.findElements(By.cssSelector(".report-download[data-format='xlsx']"));
        if (buttons.isEmpty()) {
            fail("an XLSX report downloads with the page's button", "no report buttons; the page says: "
                    + text(driver, "error"));
        } else {
            WebElement button = buttons.get(0);
            js.executeScript("arguments[0].scrollIntoView({block:'center'})", button);
            button.click();
            Path[] file = new Path[1];
            boolean arrived = waitFor(Duration.ofSeconds(30), () -> {
                try (Stream<Path> s = Files.list(downloads)) {
                    file[0] = s.filter(p -> p.toString().endsWith(".xlsx")).findFirst().orElse(null);
                    return file[0] != null && Files.size(file[0]) > 0;
                } catch (Exception e) {
                    return false;
                }
            });
            check(arrived, "an XLSX report downloads with the page's button ("
                    + (file[0] == null ? "-" : file[0].getFileName() + ", " + Files.size(file[0]) + " bytes") + ")",
                    "nothing in " + downloads + "; button state " + button.getDomAttribute("data-state")
                            + "; the page says: " + text(driver, "error"));
        }
    }

    static String state(WebDriver d) {
        return d.findElement(By.tagName("body")).getDomAttribute("data-state");
    }

    static String text(WebDriver d, String id) {
        try {
            return d.findElement(By.id(id)).getText();
        } catch (Exception e) {
            return "";
        }
    }

    static String screened(WebDriver d) {
        try {
            String v = d.findElement(By.cssSelector(".kpi[data-metric='screened']")).getDomAttribute("data-value");
            return v == null ? "" : v;
        } catch (Exception e) {
            return "";
        }
    }

    static boolean waitFor(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    static String token(Map<String, String> a, String user) throws Exception {
        String form = "grant_type=password&client_id=frontline-web&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(a.get("password"), StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.get("keycloak")
                + "/realms/frontline/protocol/openid-connect/token")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no token for " + user + ": HTTP " + r.statusCode());
        }
        return m.group(1);
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String id(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("expected 201 with an id, got HTTP " + r.statusCode() + ": "
                    + abbreviate(r.body()));
        }
        return m.group(1);
    }

    static void collectConsole(WebDriver driver, List<String> console) {
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(e.getLevel() + " " + e.getMessage());
            }
        } catch (Exception e) {
            console.add("(browser log unavailable: " + e + ")");
        }
        console.stream().filter(l -> l.startsWith("SEVERE")).forEach(l -> System.out.println("      console: " + abbreviate(l)));
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
