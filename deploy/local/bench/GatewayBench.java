import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.HdrHistogram.Histogram;

/**
 * The gateway's city picture on the local run (docs/benchmarks.md, "Gateway on the local run"), through the public
 * APIs only, with real tokens from Keycloak:
 *
 * <ol>
 * <li><b>projection throughput beside bulk ingest, in one run</b>: RECORDS screenings (1,000 a request, none with
 * fever: one ResidentScreened each) uploaded to screening-service's bulk endpoint for the communities of a fresh
 * street, while the gateway's overview of that street ({@code GET /api/v1/overview?area=&date=},
 * {@code area.figures.screened}) and the projection's admin state ({@code GET /api/v1/admin/projection},
 * {@code eventsApplied}) are polled every 200 ms. <b>accepted/s</b> = RECORDS from the first request to the last 2xx;
 * <b>applied/s</b> = RECORDS from the first request until the street's picture shows them all; <b>catch-up</b> = how
 * long after the last 2xx that happened.</li>
 * <li><b>event-to-dashboard lag under steady load</b>: the gateway's SSE stream of a second fresh street
 * ({@code GET /api/v1/stream?area=}) is read in this process while SAMPLES screenings are posted at a steady rate
 * (single-record endpoint) into several communities of that street in turn, each community's one at a time by its
 * own poster; lag = from the k-th screening of a community's 2xx to the first {@code kpi} event of that community
 * for the day whose {@code figures.screened} counts k (one clock: same process).</li>
 * </ol>
 *
 * Communities live in the bench district 310197 of the demo city 3101, a fresh random street per part and run.
 *
 * <pre>deploy/local/frontline bench gateway [RECORDS] [SAMPLES] [--rate N] [--posters N] [--clients N] [--timeout S]</pre>
 */
public class GatewayBench {

    static final String USAGE = """
            usage: deploy/local/frontline bench gateway [RECORDS] [SAMPLES] [options]
              RECORDS            screenings bulk-uploaded for the throughput part (default 100000; 0 skips it)
              SAMPLES            screenings posted one by one for the SSE lag part (default 300; 0 skips it)
              --rate N           screenings per second in the lag part (default 20)
              --posters N        communities of the lag street, each with its own poster posting one screening at a
                                 time, in turn (default 8): the rate holds while a post takes under N / rate
              --clients N        concurrent bulk uploads in the throughput part (default 1)
              --communities N    communities of the throughput street (default 20, 5 residents each)
              --timeout SECONDS  how long to wait for the picture to show every record (default 600)
              --help             this text
            Environment: FRONTLINE_KEYCLOAK_PORT (8180), FRONTLINE_GATEWAY_URL (http://127.0.0.1:8080),
                         FRONTLINE_SCREENING_URL (http://127.0.0.1:8081). Needs a running local stack
                         (deploy/local/frontline run); logs in as 'seeder' (coordinator, community-worker, area 3101).
            """;

    static final ZoneOffset CITY = ZoneOffset.ofHours(8);
    static final String DISTRICT = "310197";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Random random = new Random();
    final String keycloak = "http://127.0.0.1:" + env("FRONTLINE_KEYCLOAK_PORT", "8180");
    final String gateway = env("FRONTLINE_GATEWAY_URL", "http://127.0.0.1:8080");
    final String screening = env("FRONTLINE_SCREENING_URL", "http://127.0.0.1:8081");
    volatile String token;
    volatile String lastRefusal;
    boolean failed;

    int records = 100_000;
    int samples = 300;
    double rate = 20;
    int clients = 1;
    int communities = 20;
    int timeoutSeconds = 600;
    int posters = 8;

    public static void main(String[] args) throws Exception {
        GatewayBench bench = new GatewayBench();
        try {
            if (!bench.parse(args)) {
                return;
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        bench.login();
        System.out.printf("machine: %d cores, %s, JDK %s; gateway %s, screening-service %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                System.getProperty("java.version"), bench.gateway, bench.screening);
        List<String> used = new ArrayList<>();
        if (bench.records > 0) {
            try {
                bench.throughput(bench.freshStreet(used));
            } catch (IllegalStateException e) {
                bench.failed = true;
                System.out.println("throughput: FAILED: " + e.getMessage());
            }
        }
        if (bench.samples > 0) {
            try {
                bench.lag(bench.freshStreet(used));
            } catch (IllegalStateException e) {
                bench.failed = true;
                System.out.println("lag: FAILED: " + e.getMessage());
            }
        }
        System.exit(bench.failed ? 1 : 0);
    }

    boolean parse(String[] args) {
        List<Integer> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return false;
                }
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, a));
                case "--communities" -> communities = Integer.parseInt(value(args, ++i, a));
                case "--timeout" -> timeoutSeconds = Integer.parseInt(value(args, ++i, a));
                case "--posters" -> posters = Integer.parseInt(value(args, ++i, a));
                default -> {
                    if (!a.matches("[0-9_,]+")) {
                        throw new IllegalArgumentException("unknown argument " + a + "\n" + USAGE);
                    }
                    positional.add(Integer.parseInt(a.replaceAll("[_,]", "")));
                }
            }
        }
        if (positional.size() > 0) {
            records = positional.get(0);
        }
        if (positional.size() > 1) {
            samples = positional.get(1);
        }
        if (positional.size() > 2 || rate <= 0 || clients < 1 || communities < 1 || communities > 999
                || posters < 1 || posters > 999) {
            throw new IllegalArgumentException("bad arguments\n" + USAGE);
        }
        return true;
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    String freshStreet(List<String> used) {
        String street;
        do {
            street = DISTRICT + String.format("%03d", 1 + random.nextInt(999));
        } while (used.contains(street));
        used.add(street);
        return street;
    }

    // --- 1. throughput ---------------------------------------------------------------------------------------

    record Sample(long at, long screened, long eventsApplied) {
    }

    void throughput(String street) throws Exception {
        List<String> residents = new ArrayList<>();
        for (int c = 1; c <= communities; c++) {
            residents.addAll(residents(street + String.format("%03d", c), 5));
        }
        OffsetDateTime at = OffsetDateTime.now(CITY).minusMinutes(5);
        LocalDate day = at.toLocalDate();
        ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
        for (int r = 0; r < records; r += 1000) {
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 1000 && r + i < records; i++) {
                body.append(i == 0 ? "" : ",").append("{\"residentId\":\"")
                        .append(residents.get(random.nextInt(residents.size())))
                        .append("\",\"channel\":\"CHECKPOINT\",\"temperatureCelsius\":36.5,\"screenedAt\":\"")
                        .append(at).append("\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        String overview = gateway + "/api/v1/overview?area=" + street + "&date=" + day;
        String admin = gateway + "/api/v1/admin/projection";
        long baseline = Math.max(0, screened(overview));
        long target = baseline + records;
        System.out.printf(Locale.ROOT, "throughput: %,d screenings into %d communities of street %s (%s), %d client(s)%n",
                records, communities, street, day, clients);

        List<Sample> polled = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> pollProblem = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long next = System.nanoTime() + 200_000_000L;
                try {
                    long s = screened(overview);
                    long seenAt = System.nanoTime(); // when the street's figure was read
                    long e = eventsApplied(admin);
                    polled.add(new Sample(seenAt, s, e));
                    if (s < 0 && e < 0) {
                        pollProblem.set("neither the overview nor the admin projection state answered 200; "
                                + lastRefusal);
                    }
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                } catch (InterruptedException stop) {
                    return;
                } catch (Exception e) {
                    pollProblem.set(e.toString());
                }
            }
        }, "poller");

        AtomicLong lastOk = new AtomicLong();
        AtomicReference<String> uploadProblem = new AtomicReference<>();
        List<Thread> uploaders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            uploaders.add(new Thread(() -> {
                String body;
                while (uploadProblem.get() == null && (body = bodies.poll()) != null) {
                    try {
                        HttpResponse<String> r = send("POST", screening + "/api/v1/screenings/bulk", body);
                        if (r.statusCode() != 200) {
                            uploadProblem.set("bulk answered " + r.statusCode() + ": " + r.body());
                        }
                        lastOk.accumulateAndGet(System.nanoTime(), Math::max);
                    } catch (Exception e) {
                        uploadProblem.set(e.toString());
                    }
                }
            }, "upload-" + c));
        }
        poller.start();
        Thread.sleep(400); // two samples before the first request: the starting figures
        long t0 = System.nanoTime();
        uploaders.forEach(Thread::start);
        for (Thread u : uploaders) {
            u.join();
        }
        if (uploadProblem.get() != null) {
            poller.interrupt();
            throw new IllegalStateException(uploadProblem.get());
        }
        long accepted = lastOk.get();
        System.out.printf(Locale.ROOT, "  accepted by screening-service in %.1f s; waiting for the picture (up to %d s)%n",
                (accepted - t0) / 1e9, timeoutSeconds);

        // the street's screened figure is the measure; the admin eventsApplied only when the overview is missing
        long deadline = accepted + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Sample shown = null;
        boolean byOverview = true;
        while (shown == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            List<Sample> copy = snapshot(polled);
            boolean overviewAnswers = copy.stream().anyMatch(s -> s.screened() >= 0);
            byOverview = overviewAnswers || copy.stream().noneMatch(s -> s.eventsApplied() >= 0);
            long e0 = copy.stream().filter(s -> s.at() <= t0 && s.eventsApplied() >= 0)
                    .mapToLong(Sample::eventsApplied).reduce((a, b) -> b).orElse(-1);
            for (Sample s : copy) {
                if (s.at() >= t0 && (byOverview ? s.screened() >= target
                        : e0 >= 0 && s.eventsApplied() - e0 >= records)) {
                    shown = s;
                    break;
                }
            }
            if (!overviewAnswers && copy.size() > 25 && copy.stream().noneMatch(s -> s.eventsApplied() >= 0)) {
                break; // five seconds and the gateway answers neither: not there yet
            }
        }
        poller.interrupt();
        poller.join();
        List<Sample> polls = snapshot(polled);
        if (shown == null) {
            failed = true;
            long best = polls.stream().mapToLong(Sample::screened).max().orElse(-1);
            System.out.printf(Locale.ROOT, "  NOT CAUGHT UP: the street's picture shows %s of %,d records %.1f s after the last 2xx%s%n",
                    best < 0 ? "nothing (overview unavailable)" : String.format("%,d", best - baseline), records,
                    (System.nanoTime() - accepted) / 1e9,
                    pollProblem.get() == null ? "" : " (last problem: " + pollProblem.get() + ")");
        }
        double acceptedSeconds = (accepted - t0) / 1e9;
        double acceptedRate = records / acceptedSeconds;
        double appliedRate = shown == null ? Double.NaN : records / ((shown.at() - t0) / 1e9);
        double catchUp = shown == null ? Double.NaN : Math.max(0, (shown.at() - accepted) / 1e9);
        // how far behind at the last 2xx: the last poll before it
        long behind = -1;
        for (Sample s : polls) {
            if (s.at() <= accepted && s.screened() >= 0) {
                behind = target - s.screened();
            }
        }
        // the projection's own rate over the window, all events (the rest of the city's too), from eventsApplied
        Sample first = null;
        for (Sample s : polls) {
            if (s.at() <= t0 && s.eventsApplied() >= 0) {
                first = s;
            }
        }
        Sample last = shown;
        double eventsRate = first == null || last == null || last.eventsApplied() < 0 ? Double.NaN
                : (last.eventsApplied() - first.eventsApplied()) / ((last.at() - t0) / 1e9);
        // best one-second window of the street's figure: the projection's pace while it had a backlog
        double peak = Double.NaN;
        for (int i = 0; i < polls.size(); i++) {
            for (int j = i + 1; j < polls.size(); j++) {
                Sample a = polls.get(i);
                Sample b = polls.get(j);
                if (b.at() - a.at() >= 1_000_000_000L) {
                    if (a.screened() >= 0 && b.screened() >= 0) {
                        double r = (b.screened() - a.screened()) / ((b.at() - a.at()) / 1e9);
                        peak = Double.isNaN(peak) ? r : Math.max(peak, r);
                    }
                    break;
                }
            }
        }
        System.out.println();
        System.out.println("| accepted rec/s | applied rec/s | applied / accepted | catch-up after the last 2xx | behind at the last 2xx | best 1 s of the projection | eventsApplied/s (all events) |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", num(acceptedRate), num(appliedRate),
                Double.isNaN(appliedRate) ? "—" : String.format(Locale.ROOT, "%.2f", appliedRate / acceptedRate),
                Double.isNaN(catchUp) ? "not caught up" : String.format(Locale.ROOT, "%.1f s", catchUp),
                behind < 0 ? "—" : String.format(Locale.ROOT, "%,d records", Math.max(0, behind)), num(peak),
                num(eventsRate));
        if (!byOverview) {
            System.out.println("(the overview did not answer: applied measured from the admin eventsApplied, which also counts"
                    + " the rest of the city's events)");
        }
        System.out.printf(Locale.ROOT, "  accepted: %,d records in %.1f s; shown: %s; polls: %d%n%n", records,
                acceptedSeconds, shown == null ? "—" : String.format(Locale.ROOT, "%.1f s after the first request",
                        (shown.at() - t0) / 1e9), polls.size());
    }

    static List<Sample> snapshot(List<Sample> polled) {
        synchronized (polled) {
            return new ArrayList<>(polled);
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** The area's {@code figures.screened} of the day in the overview; -1 when the overview does not answer 200. */
    long screened(String overviewUrl) throws Exception {
        HttpResponse<String> r = send("GET", overviewUrl, null);
        if (r.statusCode() != 200) {
            lastRefusal = "GET " + overviewUrl + " answered " + r.statusCode();
            return -1;
        }
        JsonNode n = JSON.readTree(r.body()).path("area").path("figures").path("screened");
        return n.isNumber() ? n.asLong() : 0;
    }

    long eventsApplied(String adminUrl) throws Exception {
        HttpResponse<String> r = send("GET", adminUrl, null);
        if (r.statusCode() != 200) {
            lastRefusal = "GET " + adminUrl + " answered " + r.statusCode();
            return -1;
        }
        JsonNode n = JSON.readTree(r.body()).path("eventsApplied");
        return n.isNumber() ? n.asLong() : -1;
    }

    // --- 2. event-to-dashboard lag ---------------------------------------------------------------------------

    void lag(String street) throws Exception {
        int n = posters;
        List<String> codes = new ArrayList<>();
        List<List<String>> residentsOf = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
            codes.add(street + String.format("%03d", c));
            residentsOf.add(residents(codes.get(c - 1), 5));
        }
        login(); // a fresh token for the stream and the posts
        OffsetDateTime at = OffsetDateTime.now(CITY).minusMinutes(1);
        LocalDate day = at.toLocalDate();
        long[] base = new long[n];
        for (int c = 0; c < n; c++) {
            base[c] = Math.max(0, screened(gateway + "/api/v1/overview?area=" + codes.get(c) + "&date=" + day));
        }
        long baseStreet = Math.max(0, screened(gateway + "/api/v1/overview?area=" + street + "&date=" + day));
        int warmup = Math.min(10, samples);
        int total = warmup + samples;
        // sample i (1-based, in posting order) goes to community (i-1) % n as that community's ((i-1) / n + 1)-th
        int[] count = new int[n];
        for (int i = 1; i <= total; i++) {
            count[(i - 1) % n]++;
        }
        long[][] acceptedAt = new long[n][];
        long[][] seenAt = new long[n][];
        long[][] sentAt = new long[n][];
        long[] seen = new long[n];
        for (int c = 0; c < n; c++) {
            acceptedAt[c] = new long[count[c] + 1];
            sentAt[c] = new long[count[c] + 1];
            seenAt[c] = new long[count[c] + 1];
        }
        SseReader reader = new SseReader(gateway + "/api/v1/stream?area=" + street, event -> {
            if (!"kpi".equals(event.name())) {
                return;
            }
            long now = System.nanoTime();
            JsonNode data;
            try {
                data = JSON.readTree(event.data());
            } catch (IOException e) {
                return;
            }
            JsonNode area = data.path("area");
            String code = area.isTextual() ? area.asText() : area.path("code").asText();
            JsonNode screened = data.path("figures").path("screened");
            if (!day.toString().equals(data.path("day").asText()) || !screened.isNumber()) {
                return;
            }
            int c = codes.indexOf(code);
            long k;
            if (c >= 0) {
                k = screened.asLong() - base[c];
            } else if (n == 1 && code.equals(street)) { // one community: the street's figure counts the same posts
                c = 0;
                k = screened.asLong() - baseStreet;
            } else {
                return;
            }
            synchronized (seenAt) {
                for (long i = seen[c] + 1; i <= Math.min(k, count[c]); i++) {
                    seenAt[c][(int) i] = now;
                }
                seen[c] = Math.max(seen[c], Math.min(k, count[c]));
            }
        });
        reader.open();
        System.out.printf(Locale.ROOT, "lag: %d screenings (+%d warm-up) at %.0f/s into %d communit%s of street %s "
                + "(one poster each, in turn), SSE stream of the street%n", samples, warmup, rate, n, n == 1 ? "y" : "ies",
                street);
        long interval = (long) (1e9 / rate);
        AtomicReference<String> problem = new AtomicReference<>();
        AtomicLong busy = new AtomicLong();
        long start = System.nanoTime() + 100_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int community = c;
            threads.add(new Thread(() -> {
                for (int k = 1; k <= count[community] && problem.get() == null; k++) {
                    long i = (long) (k - 1) * n + community; // 0-based posting order
                    try {
                        long wait = start + i * interval - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        long sent = System.nanoTime();
                        sentAt[community][k] = sent;
                        List<String> rs = residentsOf.get(community);
                        HttpResponse<String> r = send("POST", screening + "/api/v1/screenings", "{\"residentId\":\""
                                + rs.get(k % rs.size()) + "\",\"channel\":\"DOOR_TO_DOOR\",\"temperatureCelsius\":36.6,"
                                + "\"screenedAt\":\"" + at + "\"}");
                        acceptedAt[community][k] = System.nanoTime();
                        busy.addAndGet(acceptedAt[community][k] - sent);
                        if (r.statusCode() != 201) {
                            problem.set("screening answered " + r.statusCode() + ": " + r.body());
                        }
                    } catch (InterruptedException stop) {
                        return;
                    } catch (Exception e) {
                        problem.set(e.toString());
                    }
                }
            }, "poster-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (problem.get() != null) {
            reader.close();
            throw new IllegalStateException(problem.get());
        }
        long lastAccepted = 0;
        for (long[] a : acceptedAt) {
            for (long t : a) {
                lastAccepted = Math.max(lastAccepted, t);
            }
        }
        double achieved = total / ((lastAccepted - start) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            synchronized (seenAt) {
                for (int c = 0; c < n; c++) {
                    all &= seen[c] >= count[c];
                }
            }
            if (all) {
                break;
            }
            Thread.sleep(50);
        }
        reader.close();
        Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram fromSend = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        int missing = 0;
        int early = 0;
        synchronized (seenAt) {
            for (int c = 0; c < n; c++) {
                for (int k = 1; k <= count[c]; k++) {
                    if ((long) (k - 1) * n + c < warmup) {
                        continue; // the first posts overall warm the path up
                    }
                    if (seenAt[c][k] == 0) {
                        missing++;
                        continue;
                    }
                    long us = (seenAt[c][k] - acceptedAt[c][k]) / 1000;
                    if (us < 0) {
                        early++; // the event arrived before the poster read its 2xx: lag 0
                    }
                    micros.recordValue(Math.min(Math.max(0, us), micros.getHighestTrackableValue()));
                    fromSend.recordValue(Math.min(Math.max(0, (seenAt[c][k] - sentAt[c][k]) / 1000),
                            fromSend.getHighestTrackableValue()));
                }
            }
        }
        System.out.println();
        System.out.println("| samples (achieved rate) | seen on the stream | lag p50 | p90 | p99 | max | reconnects |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %d (%.1f/s) | %d | %s | %s | %s | %s | %d |%n", samples, achieved,
                samples - missing, ms(micros, 50), ms(micros, 90), ms(micros, 99),
                micros.getTotalCount() == 0 ? "—" : String.format(Locale.ROOT, "%.0f ms", micros.getMaxValue() / 1000.0),
                reader.reconnects.get());
        double postMs = busy.get() / 1e6 / total;
        System.out.printf(Locale.ROOT, "  from sending the post instead of its 2xx (includes screening-service's own "
                + "answer time, %.0f ms on average): p50 %s, p99 %s%n", postMs, ms(fromSend, 50), ms(fromSend, 99));
        if (achieved < 0.9 * rate) {
            System.out.printf(Locale.ROOT, "  the rate of %.0f/s was not held: a post took %.0f ms on average with %d poster(s) "
                    + "(more with --posters)%n", rate, postMs, n);
        }
        if (early > 0) {
            System.out.printf("  %d event(s) arrived before the poster read the 2xx: counted as 0 ms%n", early);
        }
        if (missing > 0) {
            failed = true;
            System.out.printf("  %d of %d screenings never showed on the stream within 30 s (stream: %s)%n", missing,
                    samples, reader.problem.get() == null ? "open" : reader.problem.get());
        }
    }

    static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "—"
                : String.format(Locale.ROOT, "%.0f ms", h.getValueAtPercentile(percentile) / 1000.0);
    }

    record SseEvent(String id, String name, String data) {
    }

    /** Reads a Server-Sent Events stream line by line; reconnects with Last-Event-ID when the stream ends. */
    final class SseReader {
        final String url;
        final java.util.function.Consumer<SseEvent> onEvent;
        final AtomicLong reconnects = new AtomicLong();
        final AtomicReference<String> problem = new AtomicReference<>();
        volatile boolean open = true;
        volatile String lastId;
        volatile Stream<String> lines;
        Thread thread;

        SseReader(String url, java.util.function.Consumer<SseEvent> onEvent) {
            this.url = url;
            this.onEvent = onEvent;
        }

        /** Connects; returns once the first response's headers arrived with 200 (the subscription is live). */
        void open() throws Exception {
            lines = connect();
            thread = new Thread(() -> {
                while (open) {
                    try {
                        consume(lines);
                    } catch (UncheckedIOException | IllegalStateException e) {
                        problem.set(e.toString());
                    }
                    if (!open) {
                        return;
                    }
                    try {
                        Thread.sleep(100);
                        reconnects.incrementAndGet();
                        lines = connect();
                    } catch (InterruptedException stop) {
                        return;
                    } catch (Exception e) {
                        problem.set(e.toString());
                    }
                }
            }, "sse");
            thread.setDaemon(true);
            thread.start();
        }

        Stream<String> connect() throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET()
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
            if (lastId != null) {
                b.header("Last-Event-ID", lastId);
            }
            HttpResponse<Stream<String>> r = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                    .get(30, TimeUnit.SECONDS);
            if (r.statusCode() != 200) {
                String body = String.join("\n", r.body().limit(20).toList());
                throw new IllegalStateException("the stream answered " + r.statusCode() + ": " + body);
            }
            return r.body();
        }

        void consume(Stream<String> stream) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (Iterator<String> it = stream.iterator(); open && it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) { // dispatch
                    if (id != null) {
                        lastId = id;
                    }
                    if (data != null) {
                        onEvent.accept(new SseEvent(id, name == null ? "message" : name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    continue; // a comment (keep-alive)
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
        }

        void close() {
            open = false;
            Stream<String> s = lines;
            if (s != null) {
                s.close(); // cancels the subscription: the connection closes
            }
        }
    }

    // --- data and HTTP ---------------------------------------------------------------------------------------

    List<String> residents(String community, int count) throws Exception {
        String household = id(send("POST", screening + "/api/v1/households", "{\"communityCode\":\"" + community
                + "\",\"building\":\"1\",\"room\":\"101\"}"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(id(send("POST", screening + "/api/v1/residents", "{\"householdId\":\"" + household
                    + "\",\"name\":\"Bench Resident\"}")));
        }
        return ids;
    }

    static String id(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    /** One request with the current token; a 401 (the token expired during a long run) logs in again once. */
    HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpResponse<String> r = sendOnce(method, url, body);
        if (r.statusCode() == 401) {
            login();
            r = sendOnce(method, url, body);
        }
        return r;
    }

    HttpResponse<String> sendOnce(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    synchronized void login() throws Exception {
        String form = "grant_type=password&client_id=frontline-web&username=seeder&password="
                + URLEncoder.encode("frontline", StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/realms/frontline/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode t = JSON.readTree(r.body()).path("access_token");
        if (r.statusCode() != 200 || !t.isTextual()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        token = t.asText();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
