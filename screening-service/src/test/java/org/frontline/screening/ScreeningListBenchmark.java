package org.frontline.screening;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.rest.Cursor;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The screenings list at a city's size: fills {@code screening_record} with {@code bench.rows} rows (SQL
 * generate_series into the real schema: 400 communities of two districts, 60 days), then measures p50/p99 of
 * {@code GET /api/v1/screenings} through HTTP with real tokens: the first page by number (a count per page, as
 * before) and by cursor, deep pages by number (offset) and by cursor, for a community worker and a coordinator of
 * the whole city. See docs/benchmarks.md.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -o -pl screening-service verify -DskipITs -Dtest=ScreeningListBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows=10000000 -Dbench.requests=200
 * "-Dtest.jvm.args=-Xmx1g -XX:+UseParallelGC"}. A scenario stops early after {@code bench.seconds} (60) of
 * requests (but measures at least 3); the report says how many it measured. {@code -Dbench.callers=worker} (or
 * {@code coordinator}) measures one caller only.
 */
@QuarkusTest
@FrontlineTest
class ScreeningListBenchmark {

    static final String DISTRICT_A = "310104";
    static final String DISTRICT_B = "310105";
    static final int COMMUNITIES = 400;
    static final String WORKERS_COMMUNITY = "310104001001";

    @TestHTTPResource("/")
    URL url;
    @Inject
    AgroalDataSource dataSource;

    final StringBuilder report = new StringBuilder();

    @Test
    void listsAtCitySize() throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        int requests = Integer.getInteger("bench.requests", 200);
        double budget = Double.parseDouble(System.getProperty("bench.seconds", "60"));
        TestDatabase db = new TestDatabase(dataSource);
        fill(db, rows);
        long all = db.count("select count(*) from screening_record");
        long workers = db.count("select count(*) from screening_record where community_code = ?", WORKERS_COMMUNITY);
        line("rows=%d (the worker's community: %d), requests per scenario=%d (at most %.0f s each), size=50", all, workers,
                requests, budget);
        line("postgres: %s; lc_collate=%s", db.query("select version() v").get(0).get("v"),
                db.query("select datcollate from pg_database where datname = current_database()").get(0).get("datcollate"));

        // a fresh token for every request (made outside the timing): a slow scenario outlives a test token
        java.util.function.Supplier<String> coordinator = () -> TestTokens.token("bench-city", "coordinator", "3101");
        java.util.function.Supplier<String> worker = () -> TestTokens.token("bench-worker", "community-worker", WORKERS_COMMUNITY);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        String callers = System.getProperty("bench.callers", "coordinator,worker");
        for (var caller : List.of(Map.entry("coordinator 3101", coordinator), Map.entry("community worker", worker))) {
            String who = caller.getKey();
            if (!callers.contains(who.startsWith("coordinator") ? "coordinator" : "worker")) {
                continue;
            }
            java.util.function.Supplier<String> token = caller.getValue();
            long visible = who.startsWith("coordinator") ? all : workers;
            line("-- %s (%d rows visible)", who, visible);
            measure(http, token, who + ": first page by number (count per page)", "page=0&size=50", requests, budget);
            measure(http, token, who + ": first page by cursor", "cursor=&size=50", requests, budget);
            measure(http, token, who + ": first page by cursor, total=true", "cursor=&size=50&total=true", requests, budget);
            for (long depth : java.util.stream.LongStream.of(200_000L, visible / 2, 5_000_000L).distinct().toArray()) {
                if (depth >= visible - 50 || depth < 50) {
                    continue;
                }
                String where = who.startsWith("coordinator") ? "true" : "community_code = '" + WORKERS_COMMUNITY + "'";
                var key = db.query("select screened_at, id from screening_record where " + where
                        + " order by screened_at desc, id desc offset ? limit 1", depth - 1).get(0);
                String cursor = Cursor.encode("screenings", toOffset(key.get("screened_at")), (UUID) key.get("id"));
                measure(http, token, who + ": page at row " + depth + " by number (offset)",
                        "page=" + depth / 50 + "&size=50", requests, budget);
                measure(http, token, who + ": page at row " + depth + " by cursor",
                        "size=50&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), requests, budget);
            }
        }
        try {
            explain(db, "coordinator, deep cursor", "community_code like '3101%'", all / 2);
            explain(db, "worker, deep cursor", "community_code = '" + WORKERS_COMMUNITY + "'", workers / 2);
        } catch (RuntimeException e) {
            line("EXPLAIN failed: %s", e);
        }
        System.out.println("[bench]\n" + report);
        Path out = Path.of("target", "benchmarks", "screening-list.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static OffsetDateTime toOffset(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    /**
     * Rows into the real table, fast: the secondary indexes are dropped, the rows inserted in chunks by
     * generate_series, the indexes made again as the migrations define them, then ANALYZE.
     */
    private void fill(TestDatabase db, long rows) {
        long have = db.count("select count(*) from screening_record");
        if (have >= rows) {
            return;
        }
        long t0 = System.nanoTime();
        List<String> indexes = db.query("""
                select indexname, indexdef from pg_indexes where tablename = 'screening_record'
                and indexname <> 'screening_record_pkey'
                """).stream().map(r -> (String) r.get("indexdef")).toList();
        db.query("select indexname from pg_indexes where tablename = 'screening_record' and indexname <> 'screening_record_pkey'")
                .forEach(r -> db.execute("drop index " + r.get("indexname")));
        long chunk = 1_000_000L;
        for (long from = have; from < rows; from += chunk) {
            long to = Math.min(rows, from + chunk) - 1;
            // community: 2 districts x 20 streets x 10 communities; time: 60 days back from 2026-11-29, to the
            // microsecond, so equal timestamps are rare (ties are in the tests)
            db.execute("""
                    insert into screening_record (id, community_code, resident_id, channel, temperature_celsius, outcome,
                        screened_at, recorded_by, symptoms, travel_history, contact_with_case, created_at)
                    select gen_random_uuid(),
                        case when c < 200 then '310104' else '310105' end || lpad(((c % 200) / 10 + 1)::text, 3, '0')
                            || lpad((c % 10 + 1)::text, 3, '0'),
                        gen_random_uuid(), 'DOOR_TO_DOOR', case when g % 25 = 0 then 37.8 else 36.6 end,
                        case when g % 25 = 0 then 'FEVER' else 'NORMAL' end,
                        timestamptz '2026-11-29 20:00:00+08' - random() * interval '60 days', 'bench', '', false, false, now()
                    from (select g, (g * 7919) % ? as c from generate_series(?::bigint, ?::bigint) g) s
                    """, COMMUNITIES, from, to);
            System.out.printf("[bench] filled %d rows, %.0f s%n", to + 1, (System.nanoTime() - t0) / 1e9);
        }
        for (String index : indexes) {
            db.execute(index);
        }
        db.execute("analyze screening_record");
        line("filled %d rows in %.0f s (indexes made again after the insert)", rows - have, (System.nanoTime() - t0) / 1e9);
    }

    private void measure(HttpClient http, java.util.function.Supplier<String> tokens, String name, String query,
            int requests, double budget) throws Exception {
        URI uri = URI.create(url + "api/v1/screenings?" + query);
        // warm-up: 5 requests, or fewer when they are slow (2 s)
        long warm = System.nanoTime();
        for (int i = 0; i < 5 && (System.nanoTime() - warm) / 1e9 < 2; i++) {
            get(http, uri, tokens.get());
        }
        long[] latencies = new long[requests];
        int n = 0;
        long start = System.nanoTime();
        while (n < requests && (n < 3 || (System.nanoTime() - start) / 1e9 < budget)) {
            String token = tokens.get();
            long t = System.nanoTime();
            get(http, uri, token);
            latencies[n++] = System.nanoTime() - t;
        }
        long[] measured = Arrays.copyOf(latencies, n);
        Arrays.sort(measured);
        line("%-70s n=%3d p50=%8.1f ms p99=%8.1f ms", name, n, measured[(int) Math.floor(0.50 * (n - 1))] / 1e6,
                measured[(int) Math.ceil(0.99 * (n - 1))] / 1e6);
    }

    private static void get(HttpClient http, URI uri, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    /** The plan of the deep cursor query as Hibernate sends it (the scope's LIKE, the keyset condition). */
    private void explain(TestDatabase db, String name, String scope, long depth) {
        var key = db.query("select screened_at, id from screening_record where " + scope
                + " order by screened_at desc, id desc offset ? limit 1", depth).get(0);
        List<String> plan = new ArrayList<>();
        db.query("explain (analyze, buffers) select * from screening_record where (" + scope
                + ") and screened_at <= ? and (screened_at < ? or id < ?) order by screened_at desc, id desc limit 51",
                key.get("screened_at"), key.get("screened_at"), key.get("id"))
                .forEach(r -> plan.add(String.valueOf(r.values().iterator().next())));
        line("EXPLAIN %s:%n  %s", name, String.join("\n  ", plan));
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.append(text).append('\n');
        System.out.println("[bench] " + text);
    }
}
