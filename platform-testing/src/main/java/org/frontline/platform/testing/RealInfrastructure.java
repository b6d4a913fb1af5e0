package org.frontline.platform.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Test resource that gives a Quarkus app a real PostgreSQL database and a real Kafka broker.
 *
 * <p>Both are started once per test JVM and shared by every app restart in it; each module gets its own
 * database, named by the {@code database} init argument or, by default, after the module folder
 * ({@code screening-service} → {@code screening_service}). Init argument {@code topics} (comma-separated)
 * creates topics beyond the standard ones of the design.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database;
    private java.util.List<String> extraTopics = java.util.List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database",
                Path.of("").toAbsolutePath().getFileName().toString().replace('-', '_'));
        String topics = initArgs.get("topics");
        if (topics != null && !topics.isBlank()) {
            extraTopics = java.util.Arrays.stream(topics.split(",")).map(String::trim).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String jdbcUrl = TestPostgres.database(database);
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.username", pg.user());
        config.put("quarkus.datasource.password", pg.password());
        config.put("kafka.bootstrap.servers", TestKafka.ensureStarted());
        if (!extraTopics.isEmpty()) {
            TestKafka.createTopics(extraTopics, 3);
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared for the whole JVM: stopped by a shutdown hook, not after each app.
    }
}
