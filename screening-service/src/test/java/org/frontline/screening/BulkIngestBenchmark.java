package org.frontline.screening;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sustained bulk ingest of screening records through the public API (validation, PostgreSQL, outbox, relay
 * to Kafka) against the raw ceiling of inserting the same rows with plain JDBC batches, in one run.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -pl screening-service -am verify -Dtest=BulkIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@FrontlineTest
class BulkIngestBenchmark {

    static final String COMMUNITY = "310104012009";
    static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    @Test
    void bulkIngestAgainstRawJdbc() throws Exception {
        int requests = Integer.getInteger("bench.requests", 40);
        int warmup = 5;
        String worker = TestTokens.token("bench", "community-worker", COMMUNITY);
        List<String> residents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            residents.add(Fixtures.resident(worker, COMMUNITY));
        }
        TestDatabase db = new TestDatabase(dataSource);

        // --- the API: 1,000 records a request, sequential client ------------------------------------
        long[] latencies = new long[requests];
        long t0 = 0;
        for (int r = -warmup; r < requests; r++) {
            String body = mapper.writeValueAsString(Map.of("records", batch(residents, r)));
            if (r == 0) {
                t0 = System.nanoTime();
            }
            long start = System.nanoTime();
            given().auth().oauth2(worker).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/screenings/bulk").then().statusCode(200);
            if (r >= 0) {
                latencies[r] = System.nanoTime() - start;
            }
        }
        double acceptSeconds = (System.nanoTime() - t0) / 1e9;
        while (db.count("select count(*) from outbox where status = 'PENDING'") > 0) {
            Thread.sleep(20);
        }
        double publishedSeconds = (System.nanoTime() - t0) / 1e9;
        long records = (long) requests * BATCH;
        Arrays.sort(latencies);
        double p50 = latencies[(int) Math.floor(0.50 * (requests - 1))] / 1e6;
        double p99 = latencies[(int) Math.ceil(0.99 * (requests - 1))] / 1e6;

        // --- the ceiling: the same rows, plain JDBC batches of 1,000, one transaction each ----------------
        long t1 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("""
                    insert into screening_record (id, community_code, resident_id, channel, temperature_celsius, outcome,
                        screened_at, recorded_by, created_at, symptoms, travel_history, contact_with_case, idempotency_key)
                    values (?, ?, ?, 'DOOR_TO_DOOR', ?, 'NORMAL', ?, 'bench', now(), '', false, false, ?)
                    """)) {
                for (int r = 0; r < requests; r++) {
                    for (int i = 0; i < BATCH; i++) {
                        st.setObject(1, UUID.randomUUID());
                        st.setString(2, COMMUNITY);
                        st.setObject(3, UUID.fromString(residents.get(i % residents.size())));
                        st.setBigDecimal(4, new java.math.BigDecimal("36.6"));
                        st.setTimestamp(5, Timestamp.from(OffsetDateTime.now().minusMinutes(5).toInstant()));
                        st.setString(6, "raw-" + r + "-" + i);
                        st.addBatch();
                    }
                    st.executeBatch();
                    c.commit();
                }
            }
        }
        double rawSeconds = (System.nanoTime() - t1) / 1e9;

        double accepted = records / acceptSeconds;
        double published = records / publishedSeconds;
        double raw = records / rawSeconds;
        String report = String.format(
                "records=%d in %d requests of %d%n"
                        + "api accepted: %.0f records/s (%.2fs), request latency p50=%.0f ms p99=%.0f ms%n"
                        + "api accepted and published to Kafka: %.0f records/s (%.2fs)%n"
                        + "raw JDBC batch insert (ceiling): %.0f records/s (%.2fs)%n"
                        + "ratio accepted/raw=%.2f published/raw=%.2f (targets: >= 3000 records/s, >= 0.40 of raw)%n",
                records, requests, BATCH, accepted, acceptSeconds, p50, p99, published, publishedSeconds, raw, rawSeconds,
                accepted / raw, published / raw);
        System.out.println("[bench]\n" + report);
        Path out = Path.of("target", "benchmarks", "bulk-ingest.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
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
