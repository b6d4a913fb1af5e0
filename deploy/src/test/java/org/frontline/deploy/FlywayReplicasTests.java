package org.frontline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.frontline.platform.testing.TestPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Database migrations run safely with several replicas: every service runs Flyway at startup
 * ({@code quarkus.flyway.migrate-at-start=true}), so a rollout of N replicas starts N migrations against one
 * database at once. Flyway serialises them with a PostgreSQL advisory lock; this proves it for each service's real
 * migrations (platform's db/platform plus the service's db/migration, the settings of the platform's
 * microprofile-config.properties, including the lock wait {@code frontline.flyway.lock-retry-count}): replica A holds
 * the lock (a callback sleeps inside its first migration) while replica B starts; B waits for it, both succeed, each
 * migration is applied exactly once, and the schema equals that of a single migration.
 */
class FlywayReplicasTests {

    private static final Path ROOT = Repository.root();

    /** How long replica A keeps the migration lock (sleeping inside its first migration) while B starts. */
    static final long HOLD_MILLIS = 2000;

    /** The five services, as docs/configuration.md's rules know them. */
    static List<String> services() {
        return ConfigurationTable.SERVICES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    @DisplayName("a replica starting while another migrates waits for its lock, then both run; each migration applied once")
    void twoReplicasMigrateOneDatabase(String service) throws Exception {
        String db = service.replace("-service", "").replace('-', '_');
        String concurrentUrl = freshDatabase("flyway_pair_" + db);
        String singleUrl = freshDatabase("flyway_single_" + db);
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();

        // A holds Flyway's lock: a callback sleeps inside A's first migration (its transaction, under the lock)
        CountDownLatch aInside = new CountDownLatch(1);
        AtomicLong holdEnds = new AtomicLong();
        Callback hold = new HoldFirstMigration(aInside, holdEnds, HOLD_MILLIS);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Flyway a = flyway(service, concurrentUrl, pg, hold);
            Flyway b = flyway(service, concurrentUrl, pg);
            Future<MigrateResult> first = replicas.submit(a::migrate);
            assertTrue(aInside.await(60, TimeUnit.SECONDS), service + ": replica A never started its first migration");
            Future<long[]> second = replicas.submit(() -> {
                long start = System.nanoTime();
                MigrateResult r = b.migrate();
                long end = System.nanoTime();
                assertTrue(r.success, service + ": replica B's migration did not succeed: " + r.warnings);
                return new long[] { start, end, r.migrationsExecuted };
            });
            // a failure here (an exception from migrate) is the finding: the second replica would crash-loop
            MigrateResult ra = first.get(120, TimeUnit.SECONDS);
            long[] rb = second.get(120, TimeUnit.SECONDS);
            assertTrue(ra.success, service + ": replica A's migration did not succeed: " + ra.warnings);
            assertTrue(rb[0] < holdEnds.get(), service + ": replica B started only after A let go of the lock: no contention shown");
            assertTrue(rb[1] >= holdEnds.get(), service + ": replica B finished " + (holdEnds.get() - rb[1]) / 1_000_000
                    + " ms before replica A let go of the lock: it did not wait for A's migration");
            assertTrue(rb[1] - rb[0] >= TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS) / 2,
                    service + ": replica B took " + (rb[1] - rb[0]) / 1_000_000 + " ms, A held the lock " + HOLD_MILLIS + " ms");
            int available = migrationFiles(service).size();
            assertEquals(available, ra.migrationsExecuted + (int) rb[2],
                    service + ": the two replicas together applied each of the " + available + " migrations once");
        } finally {
            replicas.shutdownNow();
        }

        Map<String, Integer> history = history(concurrentUrl, pg);
        for (String version : migrationFiles(service)) {
            assertEquals(1, history.getOrDefault(version, 0),
                    service + ": migration V" + version + " in flyway_schema_history (successful rows) " + history);
        }
        assertEquals(migrationFiles(service).size(), history.size(),
                service + ": flyway_schema_history holds exactly the available migrations " + history);
        assertEquals(0, failedRows(concurrentUrl, pg), service + ": no failed row in flyway_schema_history");

        flyway(service, singleUrl, pg).migrate();
        assertEquals(schema(singleUrl, pg), schema(concurrentUrl, pg),
                service + ": the schema after two concurrent migrations equals a single migration's");
    }

    @Test
    @DisplayName("the lock wait is the retry count: a replica allowed one retry gives up while another holds the lock")
    void theLockWaitIsTheRetryCount() throws Exception {
        // why the platform sets frontline.flyway.lock-retry-count: Flyway retries once a second, lockRetryCount
        // times, then throws; with Flyway's 50 a replica behind a migration longer than ~50 s crash-loops
        String url = freshDatabase("flyway_retry");
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();
        CountDownLatch aInside = new CountDownLatch(1);
        ExecutorService replicas = Executors.newSingleThreadExecutor();
        try {
            Future<MigrateResult> a = replicas.submit(
                    flyway("gateway", url, pg, new HoldFirstMigration(aInside, new AtomicLong(), 4000))::migrate);
            assertTrue(aInside.await(60, TimeUnit.SECONDS), "replica A never started its first migration");
            Flyway impatient = Flyway.configure().configuration(flyway("gateway", url, pg).getConfiguration())
                    .lockRetryCount(1).load();
            FlywayException e = assertThrows(FlywayException.class, impatient::migrate);
            assertTrue(String.valueOf(e.getMessage()).contains("Number of retries exceeded"), e.getMessage());
            assertTrue(a.get(120, TimeUnit.SECONDS).success, "replica A still finishes");
        } finally {
            replicas.shutdownNow();
        }
    }

    /**
     * Sleeps {@code millis} (the tests: {@link #HOLD_MILLIS}) before the first migration of one replica, inside that migration's transaction and
     * so under Flyway's PostgreSQL advisory lock; signals when it is inside and records when the sleep ended.
     */
    private static final class HoldFirstMigration implements Callback {
        private final CountDownLatch inside;
        private final AtomicLong holdEnds;
        private final long millis;
        private final AtomicBoolean done = new AtomicBoolean();

        HoldFirstMigration(CountDownLatch inside, AtomicLong holdEnds, long millis) {
            this.inside = inside;
            this.holdEnds = holdEnds;
            this.millis = millis;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (done.compareAndSet(false, true)) {
                inside.countDown();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                holdEnds.set(System.nanoTime());
            }
        }

        @Override
        public String getCallbackName() {
            return "hold-first-migration";
        }
    }

    /**
     * The service's Flyway settings as Quarkus sees them (platform's microprofile-config.properties, overridden by
     * the service's application.properties): migrate-at-start, out-of-order and the locations, each classpath
     * location read from the source folder that holds it (platform or the service).
     */
    private static Flyway flyway(String service, String url, TestPostgres.Coordinates pg, Callback... callbacks)
            throws Exception {
        Properties config = Repository.config(Repository.PLATFORM_CONFIG, service + "/src/main/resources/application.properties");
        assertEquals("true", config.getProperty("quarkus.flyway.migrate-at-start"),
                service + ": Flyway runs at startup (so every replica migrates)");
        assertTrue(config.getProperty("frontline.flyway.lock-retry-count") != null,
                service + ": the platform sets frontline.flyway.lock-retry-count (Flyway's own 50 s crash-loops a waiting replica)");
        List<String> locations = new ArrayList<>();
        for (String location : config.getProperty("quarkus.flyway.locations", "db/migration").split(",")) {
            for (String module : List.of("platform", service)) {
                Path dir = ROOT.resolve(module + "/src/main/resources/" + location.trim());
                if (Files.isDirectory(dir)) {
                    locations.add("filesystem:" + dir);
                }
            }
        }
        return Flyway.configure()
                .dataSource(url, pg.user(), pg.password())
                .locations(locations.toArray(String[]::new))
                .outOfOrder(Boolean.parseBoolean(config.getProperty("quarkus.flyway.out-of-order", "false")))
                // what the platform's FlywayLockWait sets: how long a replica waits for another's migration
                .lockRetryCount(Integer.parseInt(config.getProperty("frontline.flyway.lock-retry-count").trim()))
                .callbacks(callbacks)
                .load();
    }

    private static String freshDatabase(String name) throws Exception {
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        }
        return TestPostgres.database(name);
    }

    /** Versions ("0.1", "1", ...) of the migration files the service ships. */
    private static List<String> migrationFiles(String service) throws Exception {
        List<String> versions = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("platform/src/main/resources/db/platform"),
                ROOT.resolve(service + "/src/main/resources/db/migration"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9_.]+__.*\\.sql"))
                        .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.')).forEach(versions::add);
            }
        }
        return versions;
    }

    private static Map<String, Integer> history(String url, TestPostgres.Coordinates pg) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select version, count(*) from flyway_schema_history where success and version is not null group by version")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private static int failedRows(String url, TestPostgres.Coordinates pg) throws Exception {
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from flyway_schema_history where not success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Tables, columns with type/nullability/default, and indexes of the public schema, in a stable order. */
    private static List<String> schema(String url, TestPostgres.Coordinates pg) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    select table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
                    from information_schema.columns where table_schema = 'public'
                    order by table_name, column_name""")) {
                while (rs.next()) {
                    rows.add("column " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " null="
                            + rs.getString(4) + " default=" + rs.getString(5));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname")) {
                while (rs.next()) {
                    rows.add("index " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint
                    where connamespace = 'public'::regnamespace order by 1, 2""")) {
                while (rs.next()) {
                    rows.add("constraint " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new AssertionError("no tables in " + url + ": the migrations did not run");
        }
        return rows;
    }
}
