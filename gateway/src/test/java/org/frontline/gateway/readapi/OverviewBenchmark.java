package org.frontline.gateway.readapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The city overview from the rolled-up kpi_day against the same figures aggregated on the fly from the raw facts, in
 * one run: a bench city 3198 of 16 districts × 19 streets × 20 communities (6,080) × 30 days. kpi_day holds what the
 * projection would write (community rows and their street, district and city roll-ups); {@code bench_screening} holds
 * one row per screening (outcome NORMAL, FEVER, SUSPECTED, or QUARANTINED for a person put under quarantine that day),
 * with the same counts.
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -o -pl gateway verify -Dtest=OverviewBenchmark -DskipITs -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@FrontlineTest
class OverviewBenchmark {

    static final String CITY = "3198";
    static final int DISTRICTS = 16;
    static final int STREETS = 19;
    static final int COMMUNITIES = 20;
    static final int DAYS = 30;
    static final LocalDate LAST = LocalDate.of(2026, 11, 20);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void cityOverviewFromTheProjectionAgainstOnTheFlyAggregation() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        long t0 = System.nanoTime();
        fill(db);
        long filled = System.nanoTime() - t0;
        long rawRows = db.count("select count(*) from bench_screening");
        long kpiRows = db.count("select count(*) from kpi_day where area_code like '3198%'");

        String coordinator = TestTokens.token("bench", "coordinator", CITY);
        int warmup = Integer.getInteger("bench.warmup", 100);
        int requests = Integer.getInteger("bench.requests", 300);
        JsonPath body = null;
        for (int i = 0; i < warmup; i++) {
            body = overview(coordinator, LAST.minusDays(i % DAYS));
        }
        long[] http = new long[requests];
        for (int i = 0; i < requests; i++) {
            LocalDate day = LAST.minusDays(i % DAYS);
            long start = System.nanoTime();
            overview(coordinator, day);
            http[i] = System.nanoTime() - start;
        }

        String onTheFly = """
                select substr(community_code, 1, 6) as district,
                       count(*) filter (where day = ?) as screened,
                       count(*) filter (where day = ? and outcome = 'FEVER') as fever,
                       count(*) filter (where day = ? and outcome = 'SUSPECTED') as suspected,
                       count(*) filter (where outcome = 'QUARANTINED') as in_quarantine
                from bench_screening where community_code like '3198%' and day <= ?
                group by 1 order by 1
                """;
        int sqlWarmup = Integer.getInteger("bench.sql-warmup", 3);
        int sqlRuns = Integer.getInteger("bench.sql-runs", 30);
        List<Map<String, Object>> raw = null;
        for (int i = 0; i < sqlWarmup; i++) {
            raw = onTheFly(db, onTheFly, LAST);
        }
        long[] sql = new long[sqlRuns];
        for (int i = 0; i < sqlRuns; i++) {
            LocalDate day = LAST.minusDays(i % DAYS);
            long start = System.nanoTime();
            onTheFly(db, onTheFly, day);
            sql[i] = System.nanoTime() - start;
        }

        // the same figures both ways
        body = overview(coordinator, LAST);
        raw = onTheFly(db, onTheFly, LAST);
        assertThat(body.getList("children")).hasSize(DISTRICTS);
        for (Map<String, Object> row : raw) {
            String district = (String) row.get("district");
            assertThat(body.getDouble("children.find { it.code == '" + district + "' }.figures.screened"))
                    .isEqualTo(((Number) row.get("screened")).doubleValue());
            assertThat(body.getDouble("children.find { it.code == '" + district + "' }.figures.fever"))
                    .isEqualTo(((Number) row.get("fever")).doubleValue());
            assertThat(body.getDouble("children.find { it.code == '" + district + "' }.figures.inQuarantine"))
                    .isEqualTo(((Number) row.get("in_quarantine")).doubleValue());
        }

        double httpP50 = percentile(http, 50), httpP99 = percentile(http, 99);
        double sqlP50 = percentile(sql, 50), sqlP99 = percentile(sql, 99);
        String result = String.format(java.util.Locale.ROOT, """
                communities=%d days=%d kpi_day rows (bench city)=%d raw rows=%d fill=%.1fs
                overview over HTTP: %d requests after %d warm-up: p50 %.1f ms, p99 %.1f ms, max %.1f ms
                on the fly (SQL only, no HTTP): %d runs after %d warm-up: p50 %.1f ms, p99 %.1f ms
                ratio on-the-fly p50 / overview p50 = %.1f×; on-the-fly p50 / overview p99 = %.1f×
                """, DISTRICTS * STREETS * COMMUNITIES, DAYS, kpiRows, rawRows, filled / 1e9, requests, warmup, httpP50,
                httpP99, percentile(http, 100), sqlRuns, sqlWarmup, sqlP50, sqlP99, sqlP50 / httpP50, sqlP50 / httpP99);
        System.out.println("OverviewBenchmark\n" + result);
        Path out = Path.of("target", "benchmarks", "overview.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, result, StandardCharsets.UTF_8);
    }

    private static JsonPath overview(String token, LocalDate day) {
        return given().auth().oauth2(token).queryParam("area", CITY).queryParam("date", day.toString())
                .when().get("/api/v1/overview").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> onTheFly(TestDatabase db, String sql, LocalDate day) {
        return db.query(sql, day, day, day, day);
    }

    /** Raw facts first, then kpi_day from them exactly as the projection rolls up (community → street → district → city). */
    private static void fill(TestDatabase db) {
        db.execute("drop table if exists bench_screening");
        db.execute("create table bench_screening (community_code varchar(12) not null, day date not null, "
                + "outcome varchar(12) not null)");
        db.execute("delete from kpi_day where area_code like '3198%'");
        db.execute("delete from area where code like '3198%'");
        db.execute("""
                insert into bench_screening (community_code, day, outcome)
                select c.code, d.day,
                       case when n % 17 = 0 then 'FEVER' when n % 41 = 0 then 'SUSPECTED'
                            when n % 53 = 0 then 'QUARANTINED' else 'NORMAL' end
                from (select '3198' || lpad(dd::text, 2, '0') || lpad(s::text, 3, '0') || lpad(k::text, 3, '0') as code
                      from generate_series(1, ?) dd, generate_series(1, ?) s, generate_series(1, ?) k) c
                cross join (select cast(? as date) - i as day from generate_series(0, ? - 1) i) d
                cross join lateral generate_series(1, 4 + abs(hashtext(c.code || d.day)) % 18) n
                """, DISTRICTS, STREETS, COMMUNITIES, LAST, DAYS);
        db.execute("create index bench_screening_day on bench_screening (day, community_code)");
        db.execute("analyze bench_screening");
        db.execute("""
                insert into kpi_day (area_code, metric, day, value)
                select community_code, m.metric, day, count(*) filter (where m.metric = 'screened'
                           or (m.metric = 'fever' and outcome = 'FEVER') or (m.metric = 'suspected' and outcome = 'SUSPECTED')
                           or (m.metric = 'inQuarantine' and outcome = 'QUARANTINED'))
                from bench_screening cross join (values ('screened'), ('fever'), ('suspected'), ('inQuarantine')) m(metric)
                group by community_code, m.metric, day
                """);
        for (int length : new int[] {9, 6, 4}) {
            db.execute("""
                    insert into kpi_day (area_code, metric, day, value)
                    select substr(area_code, 1, ?), metric, day, sum(value) from kpi_day
                    where area_code like '3198%' and length(area_code) = ?
                    group by 1, metric, day
                    """, length, length == 9 ? 12 : length == 6 ? 9 : 6);
        }
        db.execute("""
                insert into area (code, parent, level)
                select distinct substr(community_code, 1, l.len),
                       case l.len when 4 then '31' when 6 then substr(community_code, 1, 4)
                                  when 9 then substr(community_code, 1, 6) else substr(community_code, 1, 9) end,
                       case l.len when 4 then 'city' when 6 then 'district' when 9 then 'street' else 'community' end
                from bench_screening cross join (values (4), (6), (9), (12)) l(len)
                on conflict (code) do nothing
                """);
        db.execute("insert into area (code, parent, level) values ('31', null, 'province') on conflict (code) do nothing");
        db.execute("analyze kpi_day");
        db.execute("analyze area");
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

}
