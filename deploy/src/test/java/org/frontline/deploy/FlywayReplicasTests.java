package org.frontline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.frontline.platform.testing.TestPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Database migrations run safely with several replicas: every service runs Flyway at startup
 * ({@code quarkus.flyway.migrate-at-start=true}), so a rollout of N replicas starts N migrations against one
 * database at once. Flyway serialises them with a PostgreSQL advisory lock; this proves it for each service's real
 * migrations (platform's db/platform plus the service's db/migration, the settings of the platform's
 * microprofile-config.properties): two migrations started together both succeed, each migration is applied
 * exactly once, and the schema equals that of a single migration.
 */
class FlywayReplicasTests {

    private static final Path ROOT = Repository.root();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "screening-service", "roster-service", "supplies-service", "alert-service", "gateway" })
    @DisplayName("two replicas migrating one fresh database at once both start, each migration applied once")
    void twoReplicasMigrateOneDatabase(String service) throws Exception {
        String db = service.replace("-service", "").replace('-', '_');
        String concurrentUrl = freshDatabase("flyway_pair_" + db);
        String singleUrl = freshDatabase("flyway_single_" + db);
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();

        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                results.add(replicas.submit(() -> {
                    Flyway flyway = flyway(service, concurrentUrl, pg);
                    ready.countDown();
                    go.await();
                    return flyway.migrate();
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "both replicas configured");
            go.countDown();
            int applied = 0;
            for (Future<MigrateResult> f : results) {
                // a failure here (an exception from migrate) is the finding: a second replica would crash-loop
                MigrateResult r = f.get(90, TimeUnit.SECONDS);
                assertTrue(r.success, service + ": a replica's migration did not succeed: " + r.warnings);
                applied += r.migrationsExecuted;
            }
            int available = migrationFiles(service).size();
            assertEquals(available, applied,
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

    /**
     * The service's Flyway settings as Quarkus sees them (platform's microprofile-config.properties, overridden by
     * the service's application.properties): migrate-at-start, out-of-order and the locations, each classpath
     * location read from the source folder that holds it (platform or the service).
     */
    private static Flyway flyway(String service, String url, TestPostgres.Coordinates pg) throws Exception {
        Properties config = Repository.config(Repository.PLATFORM_CONFIG, service + "/src/main/resources/application.properties");
        assertEquals("true", config.getProperty("quarkus.flyway.migrate-at-start"),
                service + ": Flyway runs at startup (so every replica migrates)");
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
