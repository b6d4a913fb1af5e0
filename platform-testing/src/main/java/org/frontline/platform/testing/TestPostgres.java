package org.frontline.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the test JVM: embedded binaries from Maven (no Docker, no server started by
 * hand), one server per JVM shared across Quarkus restarts, one database per module.
 *
 * <p>If {@code FRONTLINE_TEST_PG_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD} are set (for example
 * by a CI script that started one server for all modules), that server is used instead.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    public record Coordinates(String host, int port, String user, String password) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public static synchronized Coordinates ensureStarted() {
        String externalHost = JvmWide.env("FRONTLINE_TEST_PG_HOST");
        if (externalHost != null) {
            return new Coordinates(externalHost, Integer.parseInt(JvmWide.env("FRONTLINE_TEST_PG_PORT")),
                    JvmWide.env("FRONTLINE_TEST_PG_USER"), JvmWide.env("FRONTLINE_TEST_PG_PASSWORD"));
        }
        String port = JvmWide.get("pg.port");
        if (port == null) {
            try {
                var dataDir = JvmWide.workDir().resolve("postgres");
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(true)
                        .setOverrideWorkingDirectory(JvmWide.workDir().resolve("postgres-bin").toFile())
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (Exception ignored) {
                        // the JVM is going away; nothing else to do
                    }
                }, "frontline-test-postgres-stop"));
                port = Integer.toString(pg.getPort());
                JvmWide.set("pg.port", port);
            } catch (Exception e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e);
            }
        }
        return new Coordinates("127.0.0.1", Integer.parseInt(port), "postgres", "postgres");
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public static String database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        Coordinates c = ensureStarted();
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl("postgres"), c.user(), c.password());
                Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("create database " + name);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return c.jdbcUrl(name);
    }
}
