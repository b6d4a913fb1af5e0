package org.frontline.screening;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.ScreeningTopics;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Sustained bulk ingest of screening records through the public API (validation, PostgreSQL, outbox, relay
 * to Kafka) against two raw ceilings in the same run: the screening rows alone, and the screening rows with
 * their outbox rows, both as plain JDBC batches. See docs/benchmarks.md.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -pl screening-service -am verify -Dtest=BulkIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.requests=150 "-Dtest.jvm.args=-Xmx1g -XX:+UseParallelGC"} ({@code -Dbench.clients=N} for N uploaders).
 */
@QuarkusTest
@FrontlineTest
class BulkIngestBenchmark {

    static final String COMMUNITY = "310104012009";
    static final int BATCH = 1000;

    @TestHTTPResource("/")
    URL url;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void bulkIngestAgainstRawJdbc() throws Exception {
        int requests = Integer.getInteger("bench.requests", 40);
        int clients = Integer.getInteger("bench.clients", 1);
        int warmup = 5;
        String worker = TestTokens.token("bench", "community-worker", COMMUNITY);
        List<String> residents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            residents.add(Fixtures.resident(worker, COMMUNITY));
        }
        TestDatabase db = new TestDatabase(dataSource);

        // --- the API: 1,000 records a request, `clients` uploaders at once ----------------------------
        // A plain JDK HTTP client with the bodies serialised beforehand: the client should cost the two cores
        // as little as a tablet on another machine would.
        List<byte[]> bodies = new ArrayList<>();
        for (int r = -warmup; r < requests; r++) {
            bodies.add(mapper.writeValueAsBytes(Map.of("records", batch(residents, r))));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI bulk = URI.create(url + "api/v1/screenings/bulk");
        for (int r = 0; r < warmup; r++) {
            post(http, bulk, worker, bodies.get(r));
        }
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        inParallel(clients, () -> {
            for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                long start = System.nanoTime();
                post(http, bulk, worker, bodies.get(r + warmup));
                latencies[r] = System.nanoTime() - start;
            }
        });
        double acceptSeconds = (System.nanoTime() - t0) / 1e9;
        while (db.count("select count(*) from outbox where status = 'PENDING'") > 0) {
            Thread.sleep(20);
        }
        double publishedSeconds = (System.nanoTime() - t0) / 1e9;
        long records = (long) requests * BATCH;
        Arrays.sort(latencies);
        double p50 = latencies[(int) Math.floor(0.50 * (requests - 1))] / 1e6;
        double p99 = latencies[(int) Math.ceil(0.99 * (requests - 1))] / 1e6;

        // --- the ceilings: the same rows with plain JDBC batches of 1,000, one transaction each, on as many
        // connections as there were clients. (1) the screening rows alone; (2) the screening rows and the
        // outbox rows of their events, written together: the least any design with a transactional outbox
        // (DESIGN.md: nothing is lost) must insert. Neither does HTTP, JSON, validation, lookups or Kafka.
        double raw = records / ceiling(requests, clients, residents, false);
        double rawWithOutbox = records / ceiling(requests, clients, residents, true);

        double accepted = records / acceptSeconds;
        double published = records / publishedSeconds;
        String report = String.format(
                "records=%d in %d requests of %d, %d clients (raw: %d connections)%n"
                        + "api accepted: %.0f records/s (%.2fs), request latency p50=%.0f ms p99=%.0f ms%n"
                        + "api accepted and published to Kafka: %.0f records/s (%.2fs)%n"
                        + "ceiling 1, raw JDBC batch insert of the screening rows: %.0f records/s%n"
                        + "ceiling 2, raw JDBC batch insert of the screening rows and their outbox rows: %.0f records/s%n"
                        + "ratio accepted/ceiling 1=%.2f accepted/ceiling 2=%.2f published/ceiling 1=%.2f "
                        + "(targets: >= 3000 records/s, >= 0.40 of raw)%n",
                records, requests, BATCH, clients, clients, accepted, acceptSeconds, p50, p99, published,
                publishedSeconds, raw, rawWithOutbox, accepted / raw, accepted / rawWithOutbox, published / raw);
        System.out.println("[bench]\n" + report);
        Path out = Path.of("target", "benchmarks", "bulk-ingest.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** Seconds to insert {@code requests} batches of rows as plain JDBC batches, one transaction a batch. */
    private double ceiling(int requests, int clients, List<String> residents, boolean withOutbox) throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        // a copy of the outbox table (same columns, defaults, indexes) that the relay does not read
        db.execute("drop table if exists outbox_ceiling");
        db.execute("create table outbox_ceiling (like outbox including all)");
        AtomicInteger next = new AtomicInteger();
        String tag = withOutbox ? "raw2-" : "raw1-";
        long t1 = System.nanoTime();
        inParallel(clients, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement st = c.prepareStatement("""
                        insert into screening_record (id, community_code, resident_id, channel, temperature_celsius,
                            outcome, screened_at, recorded_by, symptoms, idempotency_key, campaign_id, travel_history,
                            contact_with_case, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """); PreparedStatement ob = c.prepareStatement("""
                        insert into outbox_ceiling (event_id, topic, record_key, event_type, source, subject, occurred_at, payload)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)) {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                        OffsetDateTime now = OffsetDateTime.now();
                        OffsetDateTime at = now.minusMinutes(10);
                        for (int i = 0; i < BATCH; i++) {
                            boolean fever = i % 25 == 0;
                            UUID id = UUID.randomUUID();
                            UUID resident = UUID.fromString(residents.get(i % residents.size()));
                            BigDecimal temperature = new BigDecimal(fever ? "37.8" : "36.6");
                            st.setObject(1, id);
                            st.setString(2, COMMUNITY);
                            st.setObject(3, resident);
                            st.setString(4, "DOOR_TO_DOOR");
                            st.setBigDecimal(5, temperature);
                            st.setString(6, fever ? "FEVER" : "NORMAL");
                            st.setObject(7, at);
                            st.setString(8, "bench");
                            st.setString(9, "");
                            st.setString(10, tag + r + "-" + i);
                            st.setObject(11, null, Types.OTHER);
                            st.setBoolean(12, false);
                            st.setBoolean(13, false);
                            st.setObject(14, now);
                            st.addBatch();
                            if (withOutbox) {
                                addOutboxRow(ob, "ResidentScreened", at, mapper.writeValueAsString(new ResidentScreened(id,
                                        resident, COMMUNITY, "DOOR_TO_DOOR", temperature, fever ? "FEVER" : "NORMAL", at)));
                                if (fever) {
                                    addOutboxRow(ob, "FeverDetected", at, mapper.writeValueAsString(
                                            new FeverDetected(id, resident, COMMUNITY, temperature, at)));
                                }
                            }
                        }
                        st.executeBatch();
                        if (withOutbox) {
                            ob.executeBatch();
                        }
                        c.commit();
                    }
                }
            }
        });
        double seconds = (System.nanoTime() - t1) / 1e9;
        db.execute("drop table outbox_ceiling");
        return seconds;
    }

    private static void addOutboxRow(PreparedStatement ob, String type, OffsetDateTime at, String payload)
            throws Exception {
        ob.setObject(1, UUID.randomUUID());
        ob.setString(2, ScreeningTopics.EVENTS);
        ob.setString(3, COMMUNITY);
        ob.setString(4, "frontline.screening." + type + ".v1");
        ob.setString(5, "/screening");
        ob.setString(6, COMMUNITY);
        ob.setObject(7, at);
        ob.setString(8, payload);
        ob.addBatch();
    }

    interface Work {
        void run() throws Exception;
    }

    /** Runs the work on {@code threads} threads at once and waits for all; the first failure fails the run. */
    private static void inParallel(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void post(HttpClient http, URI uri, String token, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("bulk request answered " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    private static List<Map<String, Object>> batch(List<String> residents, int request) {
        List<Map<String, Object>> records = new ArrayList<>(BATCH);
        String at = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(10).toString();
        for (int i = 0; i < BATCH; i++) {
            records.add(Map.of("residentId", residents.get(i % residents.size()), "channel", "DOOR_TO_DOOR",
                    "temperatureCelsius", i % 25 == 0 ? "37.8" : "36.6", "screenedAt", at,
                    "idempotencyKey", "bench-" + request + "-" + i));
        }
        return records;
    }
}
