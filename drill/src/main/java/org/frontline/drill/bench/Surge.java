package org.frontline.drill.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import org.frontline.drill.api.Response;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.bench.OpenLoopSchedule.Batch;
import org.frontline.drill.bench.OpenLoopSchedule.Phase;
import org.frontline.drill.city.City;
import org.frontline.drill.play.RegisteredCity;
import org.frontline.drill.play.TimeModel;
import org.frontline.drill.scenario.Scenario;
import org.frontline.drill.truth.Facts;
import org.frontline.drill.truth.GroundTruth;
import org.frontline.drill.truth.Metrics;

/**
 * The peak-load part of a scenario with a {@code load} section (citywide-surge), played after the player registered the
 * city and played its day. Through the gateway, with the drill's token:
 * <ul>
 * <li><b>Load</b>: screenings (CHECKPOINT, 36.x °C, no symptom: each one {@code screened}, never {@code fever}, now) of
 * the city's residents through {@code POST /api/v1/screening/screenings/bulk}, on the {@link OpenLoopSchedule} (each
 * rate for {@code stepSeconds}, the last for {@code sustainSeconds}) by {@code concurrency} senders. Each record has its
 * own idempotency key (run id, batch, index); a batch whose answer is lost (no answer, 5xx) is sent again with the same
 * body, so its records are stored once and the first 2xx says how many ({@code created} + the {@code DUPLICATE}s an
 * earlier attempt of that batch stored). Every accepted record goes into the ground truth.</li>
 * <li><b>Lag</b>: {@code lagSamplesPerSecond} single screenings ({@code POST /api/v1/screening/screenings}) into
 * dedicated sample communities (the city's last ones, left out of the load), one poster each, while the gateway's
 * SSE stream of their streets is read here ({@link SseStream}, {@link LagMatcher}).</li>
 * <li><b>Latency, errors, memory</b> per second and per phase ({@link Tally}); memory from /proc ({@link ProcMemory}).</li>
 * </ul>
 * Returns the {@link Benchmark} (the result's {@code benchmark}) and draws its chart next to the result file.
 */
public final class Surge {

    /** Attempts per write: the client's number ({@link SuiteClient#ATTEMPTS}). */
    static final int ATTEMPTS = SuiteClient.ATTEMPTS;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int DRAIN_SECONDS = 60;
    static final int LAG_WAIT_SECONDS = 30;
    static final int SETTLE_SECONDS = 60;
    /** how long the queue may drain after the plan, and how long the senders are then awaited (tests shorten them) */
    static volatile int drainSeconds = DRAIN_SECONDS;
    static volatile long joinMillis = REQUEST_TIMEOUT.toMillis() * ATTEMPTS;

    private final SuiteClient client;
    private final Scenario scenario;
    private final RegisteredCity city;
    private final GroundTruth truth;
    private final Path resultFile;
    private final PrintStream out;
    private final OpenLoopSchedule schedule;
    private final int concurrency;
    private final int lagRate;
    private final String runId;
    private final String keyPrefix;
    private final Tally tally = new Tally();
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong shortAnswers = new AtomicLong();
    private final LiveLine live;
    private final LocalDate today = LocalDate.now(TimeModel.CITY_ZONE);

    private final List<String[]> pool = new ArrayList<>(); // {residentId, community}
    private final AtomicLong cursor = new AtomicLong();
    private final List<String> sampleCommunities = new ArrayList<>();
    private final Map<String, List<String>> sampleResidents = new LinkedHashMap<>();
    private final List<SseStream> streams = new ArrayList<>();
    private LagMatcher matcher = new LagMatcher(Map.of());

    private final AtomicLongArray liveAccepted;
    private final AtomicLongArray liveErrors;
    private final Recorder liveLatency = new Recorder(3);
    /** the live line's p99: the bulk latencies (from due) of the last 5 ticks */
    private final Histogram[] recentLatency = new Histogram[5];
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    /** guards the ground truth's updates and {@link #truthClosed} */
    private final Object truthLock = new Object();
    private boolean truthClosed;
    /** records sent (or being sent) whose outcome is not yet in the truth: in doubt if the truth closes first */
    private final AtomicLong recordsInFlight = new AtomicLong();
    private volatile long t0;
    private volatile String liveText = "";
    private Consumer<Supplier<String>> shared;

    private Surge(SuiteClient client, Scenario scenario, RegisteredCity city, GroundTruth truth, Path resultFile,
            PrintStream out) {
        this.client = client;
        this.scenario = scenario;
        this.city = city;
        this.truth = truth;
        this.resultFile = resultFile;
        this.out = out;
        Scenario.Load load = scenario.load();
        this.schedule = OpenLoopSchedule.of(load, scenario.screening() == null ? null : scenario.screening().batchSize());
        this.concurrency = load.concurrency() == null ? 4 : load.concurrency();
        this.lagRate = load.lagSamplesPerSecond() == null ? 5 : load.lagSamplesPerSecond();
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("load.concurrency must be 1 … 256, not " + concurrency);
        }
        if (lagRate < 0 || lagRate > 200) {
            throw new IllegalArgumentException("load.lagSamplesPerSecond must be 0 … 200, not " + lagRate);
        }
        this.runId = truth != null && truth.runId != null ? truth.runId : UUID.randomUUID().toString();
        // idempotency keys are at most 100 characters: a long run id is shortened to a name-based UUID
        this.keyPrefix = runId.length() <= 60 ? runId : UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).toString();
        this.live = new LiveLine(out);
        int slots = schedule.seconds() + DRAIN_SECONDS + LAG_WAIT_SECONDS + 10;
        this.liveAccepted = new AtomicLongArray(slots);
        this.liveErrors = new AtomicLongArray(slots);
    }

    /**
     * Plays {@code scenario.load} against the suite: see the class comment. {@code resultFile}: where the run writes its
     * result (the chart goes beside it as {@code .png}; null: no chart). Returns a {@link Benchmark}.
     */
    public static Object run(SuiteClient client, Scenario scenario, RegisteredCity city, GroundTruth truth,
            Path resultFile, PrintStream out) {
        return run(client, scenario, city, truth, resultFile, out, null);
    }

    /**
     * The same, showing its live figures through the caller's progress line: {@code progress} receives a supplier of the
     * benchmark's part of the line (e.g. {@code progress::extra} of the player's {@code Progress}); null: the
     * benchmark's own line on {@code out}.
     */
    public static Object run(SuiteClient client, Scenario scenario, RegisteredCity city, GroundTruth truth,
            Path resultFile, PrintStream out, Consumer<Supplier<String>> progress) {
        Surge surge = new Surge(client, scenario, city, truth, resultFile, out);
        if (progress != null) {
            surge.shared = progress;
            progress.accept(() -> surge.liveText);
        }
        try {
            return surge.play();
        } finally {
            if (progress != null) {
                progress.accept(() -> "");
            }
        }
    }

    /** Where the chart of a result goes: the result's name with {@code .png} for {@code .json}. */
    public static Path chartPath(Path resultFile) {
        String name = resultFile.getFileName().toString();
        String png = name.endsWith(".json") ? name.substring(0, name.length() - 5) + ".png" : name + ".png";
        return resultFile.resolveSibling(png);
    }

    private Benchmark play() {
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        pickCommunities();
        out.printf(Locale.ROOT, "benchmark: %s; %,d records in %d s into %d communities (%,d residents), %d sender(s), "
                        + "batches of up to %d; lag: %d sample(s)/s into %d communities%n",
                describe(), schedule.records(), schedule.seconds(), pool.stream().map(r -> r[1]).distinct().count(),
                pool.size(), concurrency, schedule.batchSize(), sampleCommunities.isEmpty() ? 0 : lagRate,
                sampleCommunities.size());
        if (!sampleCommunities.isEmpty()) {
            openLagProbe();
        }
        ProcMemory memory = new ProcMemory(ProcMemory.stateDir());
        String memoryNote = memoryNote(memory);

        List<Batch> batches = schedule.batches();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::sendLoop, "bulk-" + i);
            t.setDaemon(true);
            senders.add(t);
        }
        List<Thread> posters = new ArrayList<>();
        if (!streams.isEmpty()) {
            for (int c = 0; c < sampleCommunities.size(); c++) {
                int index = c;
                Thread t = new Thread(() -> postSamples(index), "lag-" + c);
                t.setDaemon(true);
                posters.add(t);
            }
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        t0 = System.nanoTime();
        long planNanos = schedule.seconds() * 1_000_000_000L;
        ticker.scheduleAtFixedRate(() -> tick(memoryNote == null ? memory : null), 1000, 1000, TimeUnit.MILLISECONDS);
        senders.forEach(Thread::start);
        posters.forEach(Thread::start);
        try {
            for (Batch b : batches) {
                sleepUntil(t0 + b.dueNanos());
                queue.add(b);
            }
            sleepUntil(t0 + planNanos);
            long drainUntil = System.nanoTime() + drainSeconds * 1_000_000_000L;
            while ((!queue.isEmpty() || inFlight.get() > 0) && System.nanoTime() < drainUntil) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("interrupted: the plan was cut short");
        }
        stopping = true;
        List<Batch> left = new ArrayList<>();
        queue.drainTo(left);
        long gaveUp = System.nanoTime() - t0;
        left.forEach(b -> tally.unsent(b.dueNanos(), gaveUp));
        if (!left.isEmpty()) {
            notes.add(left.size() + " batches (" + left.stream().mapToInt(Batch::size).sum() + " records) were still "
                    + "waiting for a sender " + drainSeconds + " s after the plan ended: never sent");
        }
        long joinUntil = System.currentTimeMillis() + joinMillis;
        join(senders, joinUntil);
        join(posters, joinUntil);
        long alive = senders.stream().filter(Thread::isAlive).count() + posters.stream().filter(Thread::isAlive).count();
        long leftInDoubt = closeTruth(); // from here on no sender touches the ground truth (it is written out next)
        if (leftInDoubt > 0 || alive > 0) {
            tally.inDoubt.addAndGet(leftInDoubt);
            notes.add(alive + " sender(s) still busy " + joinMillis / 1000 + " s after the queue was "
                    + "given up: the ground truth was closed with " + leftInDoubt + " records still being sent — left in "
                    + "doubt, not in the truth (counted in the records in doubt)");
        }
        waitForLag();
        streams.forEach(SseStream::close);
        ticker.shutdownNow();
        live.done();

        double seconds = (System.nanoTime() - t0) / 1e9;
        List<LagMatcher.Sample> samples = matcher.samples();
        int lastSecond = tally.requests.stream().mapToInt(r -> Tally.second(r.doneNanos())).max().orElse(0);
        int rows = Math.max(schedule.seconds(), lastSecond + 1);
        List<Benchmark.Second> series = tally.series(schedule, samples, t0, rows);
        List<Benchmark.Step> steps = tally.steps(schedule, series, samples, t0);
        long reconnects = streams.stream().mapToLong(SseStream::reconnects).sum();
        long resyncs = streams.stream().mapToLong(SseStream::resyncs).sum();
        Benchmark.Totals totals = tally.totals(samples, matcher.early(), reconnects, resyncs, seconds);
        if (totals.unexpectedDuplicates() > 0) {
            notes.add(totals.unexpectedDuplicates() + " records were answered DUPLICATE on their first attempt (an idempotency"
                    + " key used before this run?): not added to the ground truth");
        }
        if (totals.inDoubt() > 0) {
            notes.add(totals.inDoubt() + " records got no definite answer after " + ATTEMPTS + " attempts: they may or may "
                    + "not be stored, so the ground truth cannot say (the verifier's screening count may differ by up to that)");
        }
        if (shortAnswers.get() > 0) {
            notes.add(shortAnswers.get() + " bulk answers (2xx) did not list one item per record");
        }
        streams.stream().filter(s -> s.problem() != null).forEach(s -> notes.add("stream: " + s.problem()));
        Scenario.Load load = scenario.load();
        List<Integer> rates = schedule.phases().stream().filter(p -> p.name().startsWith("step")).map(Phase::rate).toList();
        int step = schedule.phases().get(0).seconds();
        int sustain = schedule.phases().stream().filter(p -> p.name().equals("sustain")).mapToInt(Phase::seconds).sum();
        Benchmark.Plan plan = new Benchmark.Plan(rates, step, sustain, schedule.batchSize(), concurrency,
                sampleCommunities.isEmpty() ? 0 : lagRate, (int) pool.stream().map(r -> r[1]).distinct().count(),
                pool.size(), List.copyOf(sampleCommunities), streams.isEmpty() ? List.of()
                        : sampleCommunities.stream().map(c -> c.substring(0, 9)).distinct().toList());
        Path chart = resultFile == null ? null : chartPath(resultFile);
        Benchmark b = new Benchmark(scenario.name(), runId, city.city().code(), startedAt,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), plan, steps, totals,
                Tally.targets(steps, totals), tally.memory(memoryNote), series, MachineFacts.collect(),
                List.copyOf(notes), chart == null ? null : chart.toString());
        if (chart != null) {
            try {
                BenchChart.write(b, chart);
            } catch (IOException | RuntimeException | Error e) {
                b = new Benchmark(b.scenario(), b.runId(), b.cityCode(), b.startedAt(), b.finishedAt(), b.plan(),
                        b.steps(), b.totals(), b.targets(), b.memory(), b.series(), b.machine(),
                        append(b.notes(), "chart not drawn: " + e), null);
            }
        }
        BenchReport.print(b, out);
        return b;
    }

    private String describe() {
        StringBuilder s = new StringBuilder();
        for (Phase p : schedule.phases()) {
            s.append(s.length() == 0 ? "" : ", ").append(p.name()).append(' ').append(p.rate()).append("/s × ")
                    .append(p.seconds()).append(" s");
        }
        return s.toString();
    }

    private static List<String> append(List<String> list, String more) {
        List<String> l = new ArrayList<>(list);
        l.add(more);
        return l;
    }

    // --- communities -------------------------------------------------------------------------------------------

    /** The sample communities (the city's last ones, left out of the load) and the load's residents, interleaved. */
    private void pickCommunities() {
        List<String> codes = city.city().communities().map(City.Community::code)
                .filter(c -> !city.residentIds(c).isEmpty()).toList();
        if (codes.isEmpty()) {
            throw new IllegalStateException("the city has no registered resident: nothing to screen");
        }
        int n = lagRate == 0 ? 0 : Math.min(Math.max(2, 2 * lagRate), Math.min(10, codes.size() - 1));
        if (lagRate > 0 && n < 1) {
            notes.add("lag not measured: the city needs at least 2 communities (one for the load, one for the samples)");
        }
        List<String> bulk = codes.subList(0, codes.size() - Math.max(0, n));
        for (String c : codes.subList(codes.size() - Math.max(0, n), codes.size())) {
            sampleCommunities.add(c);
            sampleResidents.put(c, city.residentIds(c));
        }
        List<List<String>> ids = bulk.stream().map(city::residentIds).toList();
        int longest = ids.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int c = 0; c < ids.size(); c++) {
                if (i < ids.get(c).size()) {
                    pool.add(new String[] {ids.get(c).get(i), bulk.get(c)});
                }
            }
        }
    }

    // --- the load ----------------------------------------------------------------------------------------------

    private void sendLoop() {
        while (!stopping) {
            Batch b;
            try {
                b = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (b == null) {
                continue;
            }
            inFlight.incrementAndGet();
            try {
                sendBatch(b);
            } catch (RuntimeException e) {
                // its records stay in flight: in doubt (the suite may have stored them, the truth does not say)
                notes.add("a sender failed on batch " + b.seq() + ": " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void sendBatch(Batch b) {
        OffsetDateTime at = OffsetDateTime.now(TimeModel.CITY_ZONE).truncatedTo(ChronoUnit.MILLIS);
        LocalDate day = at.toLocalDate();
        ObjectNode body = SuiteClient.JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        String[] community = new String[b.size()];
        for (int i = 0; i < b.size(); i++) {
            long n = cursor.getAndIncrement();
            String[] r = pool.get((int) (n % pool.size()));
            community[i] = r[1];
            records.add(screening(r[0], (360 + n % 10) / 10.0, at, keyPrefix + "-s" + b.seq() + "-" + i));
        }
        tally.recordsSent.addAndGet(b.size());
        recordsInFlight.addAndGet(b.size());
        Sent sent = send(true, b.dueNanos(), b.size(), "/api/v1/screening/screenings/bulk", write(body));
        if (sent.answer == null) {
            settle(b.size(), sent.inDoubt ? () -> tally.inDoubt.addAndGet(b.size()) : null);
            return;
        }
        JsonNode items = sent.answer.body().path("items");
        Map<String, Integer> perCommunity = new HashMap<>();
        int accepted = 0;
        for (int i = 0; i < b.size(); i++) {
            JsonNode item = items.isArray() ? items.path(i) : null;
            boolean duplicate = item != null && "DUPLICATE".equals(item.path("status").asText());
            if (duplicate && sent.attempts == 1) {
                tally.unexpectedDuplicates.incrementAndGet();
                continue;
            }
            accepted++;
            perCommunity.merge(community[i], 1, Integer::sum);
        }
        if (!items.isArray() || items.size() != b.size()) {
            shortAnswers.incrementAndGet(); // counted in as sent: the answer was 2xx (all or nothing)
        }
        int stored = accepted;
        settle(b.size(), () -> {
            if (truth != null) {
                perCommunity.forEach((c, n) -> truth.kpi(c, day, Metrics.SCREENED, n));
                truth.fact(Facts.SCREENINGS, stored);
            }
        });
        tally.add(new Tally.Req(true, b.dueNanos(), sent.sentNanos, sent.doneNanos, b.size(), accepted,
                sent.answer.status(), null, true));
        slot(liveAccepted, sent.doneNanos, accepted);
    }

    /**
     * The outcome of {@code records} sent records is known: {@code update} (the truth's and the tally's part; null:
     * none) runs unless the truth was closed, in which case those records were already counted in doubt. Returns
     * whether it ran.
     */
    private boolean settle(int records, Runnable update) {
        synchronized (truthLock) {
            recordsInFlight.addAndGet(-records);
            if (truthClosed) {
                return false;
            }
            if (update != null) {
                update.run();
            }
            return true;
        }
    }

    /** Stops every later update of the ground truth; returns the records still in flight (left in doubt). */
    private long closeTruth() {
        synchronized (truthLock) {
            truthClosed = true;
            return Math.max(0, recordsInFlight.get());
        }
    }

    /** One screening (CHECKPOINT, no symptom) as the screening API takes it, alone or in a bulk's {@code records}. */
    static ObjectNode screening(String residentId, double celsius, OffsetDateTime at, String idempotencyKey) {
        ObjectNode r = SuiteClient.JSON.createObjectNode();
        r.put("residentId", residentId).put("channel", "CHECKPOINT").put("temperatureCelsius", celsius)
                .put("screenedAt", at.toString()).put("idempotencyKey", idempotencyKey);
        return r;
    }

    private static String write(JsonNode body) {
        try {
            return SuiteClient.JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a screening body", e);
        }
    }

    /** The outcome of one write: its 2xx answer (null: none), how many attempts, when the last one went and came back. */
    private record Sent(Response answer, int attempts, long sentNanos, long doneNanos, boolean inDoubt) {
    }

    /**
     * Sends a write until it has a definite answer: a 2xx (returned; the caller logs it), a 4xx (nothing stored: the
     * records are lost), or {@value #ATTEMPTS} attempts without one (no answer, 5xx, 429: the records are in doubt).
     * Every attempt carries the same body, so the same idempotency keys. Each failed attempt goes into the benchmark's
     * own tally (the "0 errors" target); the run's {@code Stats.errors} counts only a write that ends without a 2xx
     * after its retries (as {@code SuiteClient} does), its retries go to {@code Stats.transportRetries}.
     */
    private Sent send(boolean bulk, long dueNanos, int records, String path, String json) {
        long sent;
        long done;
        for (int attempt = 1; ; attempt++) {
            sent = System.nanoTime() - t0;
            int status;
            String body = null;
            String error;
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(client.target().baseUrl + path))
                        .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + client.token())
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
                HttpResponse<String> r = client.http().send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = r.statusCode();
                body = r.body();
                error = status / 100 == 2 ? null : "HTTP " + status;
            } catch (IOException | RuntimeException e) {
                status = 0;
                error = "no answer (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 0;
                error = "no answer (interrupted)";
            }
            done = System.nanoTime() - t0;
            client.stats().requests.incrementAndGet();
            if (error == null) {
                if (bulk) {
                    liveLatency.recordValue(Math.max(1, (done - dueNanos) / 1000));
                }
                return new Sent(new Response(status, SuiteClient.parse(body), body, (done - sent) / 1000), attempt, sent,
                        done, false);
            }
            boolean retry = status == 0 || status >= 500 || status == 429;
            boolean last = !retry || attempt == ATTEMPTS || Thread.currentThread().isInterrupted();
            tally.add(new Tally.Req(bulk, dueNanos, sent, done, records, 0, status, error, last));
            slot(liveErrors, done, 1);
            if (!last) {
                client.stats().transportRetries.incrementAndGet();
                try {
                    Thread.sleep(200L << (attempt - 1));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // the write ends without a 2xx: one error of the run; a refused write (4xx) is lost, the others in doubt
            if (bulk) {
                liveLatency.recordValue(Math.max(1, (done - dueNanos) / 1000));
            }
            client.stats().errors.incrementAndGet();
            tally.failedWrites.incrementAndGet();
            if (!retry) {
                tally.recordsLost.addAndGet(records);
            }
            return new Sent(null, attempt, sent, done, retry);
        }
    }

    private void slot(AtomicLongArray a, long nanos, long delta) {
        int s = Tally.second(nanos);
        if (s >= 0 && s < a.length()) {
            a.addAndGet(s, delta);
        }
    }

    // --- the lag probe -----------------------------------------------------------------------------------------

    private void openLagProbe() {
        Map<String, Long> base = new LinkedHashMap<>();
        try {
            long deadline = System.nanoTime() + SETTLE_SECONDS * 1_000_000_000L; // one wait for all of them
            for (String c : sampleCommunities) {
                long expected = truth == null ? 0 : Math.round(truth.expected(c, today, Metrics.SCREENED));
                long shown = screened(c);
                while (shown < expected && System.nanoTime() < deadline) {
                    Thread.sleep(500); // the picture is still applying the player's day
                    shown = screened(c);
                }
                if (shown < expected) {
                    notes.add("sample community " + c + " showed " + shown + " screened of the " + expected
                            + " the player injected after " + SETTLE_SECONDS + " s: its lag includes that backlog");
                }
                base.put(c, Math.max(expected, shown));
            }
            matcher = new LagMatcher(base);
            for (String street : sampleCommunities.stream().map(c -> c.substring(0, 9)).distinct().toList()) {
                SseStream s = new SseStream(client, street, e -> onEvent(street, e));
                s.open();
                streams.add(s);
            }
        } catch (IOException | RuntimeException e) {
            streams.forEach(SseStream::close);
            streams.clear();
            notes.add("lag not measured: " + e.getMessage());
            out.println("benchmark: lag not measured: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The community's screened figure for today in the gateway's overview (0 when it has none yet). */
    private long screened(String community) {
        Response r = client.get("/api/v1/overview?area=" + community + "&date=" + today);
        if (!r.ok()) {
            throw new IllegalStateException("the overview of " + community + " answered " + r.status() + ": " + r.problem());
        }
        return Math.round(r.body().path("area").path("figures").path("screened").asDouble(0));
    }

    private void onEvent(String street, SseParser.Event e) {
        if ("resync".equals(e.name())) {
            resync(street, e);
            return;
        }
        if (!"kpi".equals(e.name())) {
            return;
        }
        long now = System.nanoTime();
        try {
            JsonNode data = SuiteClient.JSON.readTree(e.data());
            JsonNode area = data.path("area");
            String code = area.isTextual() ? area.asText() : area.path("code").asText();
            JsonNode screened = data.path("figures").path("screened");
            if (matcher.tracks(code) && today.toString().equals(data.path("day").asText()) && screened.isNumber()) {
                matcher.seen(code, Math.round(screened.asDouble()), now);
            }
        } catch (IOException ignored) {
            // not JSON: not a kpi event we can read
        }
    }

    /**
     * The gateway's {@code resync} on the stream of {@code street}: the changes it missed cannot be replayed, so the
     * sample communities' figures are reloaded from the overview (as the README tells a client to), the samples they
     * count that no event had are marked resynced (lag unknown), and the stream goes on from the resync's latestId.
     */
    private void resync(String street, SseParser.Event e) {
        long marked = 0;
        String failed = null;
        for (String c : sampleCommunities) {
            if (!c.startsWith(street) || !matcher.tracks(c)) {
                continue;
            }
            try {
                marked += matcher.resynced(c, screened(c));
            } catch (RuntimeException ex) {
                failed = ex.getMessage();
            }
        }
        String reason = SuiteClient.parse(e.data()).path("reason").asText("?");
        notes.add("stream of " + street + ": the gateway sent resync (" + reason + "), reopened from latestId "
                + SseStream.latestId(e) + "; " + marked + " sample(s) counted only by the reloaded overview are marked "
                + "resynced (their lag is unknown)" + (failed == null ? "" : "; the reload failed: " + failed));
    }

    /** Poster {@code c}: samples c, c + n, c + 2n … of the plan (n sample communities), each after the last one's answer. */
    private void postSamples(int c) {
        String community = sampleCommunities.get(c);
        List<String> residents = sampleResidents.get(community);
        int n = sampleCommunities.size();
        long interval = 1_000_000_000L / lagRate;
        long planNanos = schedule.seconds() * 1_000_000_000L;
        int k = 0;
        for (long i = c; !stopping; i += n) {
            long due = i * interval;
            if (due >= planNanos) {
                return;
            }
            sleepUntil(t0 + due);
            OffsetDateTime at = OffsetDateTime.now(TimeModel.CITY_ZONE).truncatedTo(ChronoUnit.MILLIS);
            String json = write(screening(residents.get((int) (i / n % residents.size())), 36.6, at,
                    keyPrefix + "-lag-" + community + "-" + i));
            recordsInFlight.incrementAndGet();
            Sent sent = send(false, due, 1, "/api/v1/screening/screenings", json);
            if (sent.answer == null) {
                if (sent.inDoubt) {
                    if (settle(1, () -> tally.inDoubt.incrementAndGet())) {
                        notes.add("sample community " + community + ": a sample got no definite answer; its samples stop");
                    }
                    return; // the k-th count of this community is no longer known
                }
                settle(1, null);
                continue;
            }
            k++;
            matcher.accepted(community, k, t0 + sent.doneNanos);
            settle(1, () -> {
                if (truth != null) {
                    truth.kpi(community, at.toLocalDate(), Metrics.SCREENED, 1);
                    truth.fact(Facts.SCREENINGS, 1);
                }
            });
            tally.add(new Tally.Req(false, due, sent.sentNanos, sent.doneNanos, 1, 1, sent.answer.status(), null, true));
        }
    }

    private void waitForLag() {
        long deadline = System.nanoTime() + LAG_WAIT_SECONDS * 1_000_000_000L;
        while (!streams.isEmpty() && matcher.pending() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // --- memory and the live line ------------------------------------------------------------------------------

    private String memoryNote(ProcMemory memory) {
        String host = URI.create(client.target().baseUrl).getHost();
        if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"))) {
            return "not measured: the suite at " + client.target().baseUrl + " is not on this machine";
        }
        if (memory.components().isEmpty()) {
            return "not measured: no readable pid of the local run in " + ProcMemory.stateDir().resolve("pids")
                    + " (set FRONTLINE_STATE to the run's .frontline directory)";
        }
        return null;
    }

    private void tick(ProcMemory memory) {
        try {
            int now = Tally.second(System.nanoTime() - t0);
            int last = now - 1;
            if (memory != null) {
                tally.memory.put(now, memory.sample());
            }
            if (last < 0 || last >= liveAccepted.length()) {
                return;
            }
            int p = schedule.phaseAt(last);
            String phase = p < 0 ? "drain" : schedule.phases().get(p).name();
            recentLatency[now % recentLatency.length] = liveLatency.getIntervalHistogram();
            Histogram lat = new Histogram(3);
            for (Histogram h : recentLatency) {
                if (h != null) {
                    lat.add(h);
                }
            }
            long recent = System.nanoTime() - 5_000_000_000L;
            Histogram lag = new Histogram(3);
            matcher.samples().stream().filter(s -> s.seen() && s.seenNanos() >= recent)
                    .forEach(s -> lag.recordValue(Math.max(1, s.lagMicros())));
            long errors = 0;
            for (int i = 0; i <= last; i++) {
                errors += liveErrors.get(i);
            }
            String text = String.format(Locale.ROOT, "%-8s %4d/%d s  target %,d/s  accepted %,d/s  p99 from due (5 s) %s  lag p99 (5 s) %s  "
                            + "errors %d (total %d)  queued %d", phase, last + 1, schedule.seconds(),
                    schedule.targetAt(last), liveAccepted.get(last), msOrDash(lat), msOrDash(lag), liveErrors.get(last),
                    errors, queue.size());
            liveText = text;
            if (shared == null) {
                live.update(text);
            }
        } catch (RuntimeException e) {
            // the live line never stops the benchmark
        }
    }

    private static String msOrDash(Histogram h) {
        return h.getTotalCount() == 0 ? "—" : String.format(Locale.ROOT, "%,.0f ms", h.getValueAtPercentile(99) / 1000.0);
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void join(List<Thread> threads, long deadline) {
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
