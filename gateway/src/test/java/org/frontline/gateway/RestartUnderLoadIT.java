package org.frontline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.frontline.platform.testing.AppProcess;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TestPostgres;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, fault 3: a routine restart of a consumer must not lose events. The packaged gateway runs as a child
 * process against the test PostgreSQL and Kafka; several thousand events arrive on {@code screening.events} as
 * a service's relay publishes them; the gateway gets SIGTERM while it applies them, exits, and starts again.
 * Every event must then be applied exactly once, and none may be on the dead-letter topic.
 */
class RestartUnderLoadIT {

    static final int EVENTS = 6000;
    static final String TYPE = "frontline.screening.ResidentScreened.v1";

    @Test
    void aGatewayStoppedWhileApplyingTheStreamAppliesEveryEventOnceAfterItsRestart() throws Exception {
        String bootstrap = TestKafka.ensureStarted();
        TestPostgres.Coordinates pg = TestPostgres.ensureStarted();
        String jdbcUrl = TestPostgres.database("gateway_restart_it");
        Map<String, String> config = Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", pg.user(),
                "quarkus.datasource.password", pg.password(),
                "kafka.bootstrap.servers", bootstrap,
                // no token is needed here (the test reads the database); the gateway must not wait for an OIDC server
                "quarkus.oidc.tenant-enabled", "false");
        Set<String> sent = new HashSet<>();

        try (AppProcess gateway = AppProcess.builder("gateway").config(config).start()) {
            gateway.awaitReady(Duration.ofSeconds(120));
            publish(bootstrap, sent);
            // stop it once it is well into the stream
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> applied(jdbcUrl, pg) >= EVENTS / 20);
            gateway.stop(Duration.ofSeconds(90));
            long beforeRestart = applied(jdbcUrl, pg);
            assertThat(beforeRestart).as("SIGTERM landed in the middle of the stream (else this test proves nothing)")
                    .isLessThan(EVENTS);
        }

        try (AppProcess gateway = AppProcess.builder("gateway").config(config).start()) {
            gateway.awaitReady(Duration.ofSeconds(120));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(applied(jdbcUrl, pg)).isEqualTo(EVENTS));
            // and stays there: nothing applied twice
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(counted(jdbcUrl, pg)).isEqualTo(EVENTS));
            assertThat(applied(jdbcUrl, pg)).isEqualTo(EVENTS);
            gateway.stop(Duration.ofSeconds(90));
        }
        assertThat(TopicReader.readAll("screening.events.dlq"))
                .as("nothing dead-lettered").noneMatch(r -> sent.contains(TopicReader.header(r, "ce_id")));
    }

    /** As a service's relay publishes: key and subject the community, CloudEvents binary headers, JSON data. */
    private static void publish(String bootstrap, Set<String> ids) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                String community = "3101210190" + String.format("%02d", 1 + i % 30);
                String id = UUID.randomUUID().toString();
                ids.add(id);
                var record = new ProducerRecord<>("screening.events", community,
                        "{\"screeningId\":\"" + UUID.randomUUID() + "\",\"communityCode\":\"" + community
                        + "\",\"outcome\":\"NORMAL\",\"screenedAt\":\"2026-11-29T08:00:00Z\"}");
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", id);
                header(record, "ce_source", "/screening");
                header(record, "ce_type", TYPE);
                header(record, "ce_subject", community);
                header(record, "ce_time", "2026-11-29T08:00:00Z");
                header(record, "content-type", "application/json");
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Events the gateway's inbox recorded as applied. */
    private static long applied(String url, TestPostgres.Coordinates pg) throws Exception {
        return count(url, pg, "select count(*) from inbox where consumer = 'city-picture'");
    }

    /** Screenings the city picture counted (the street's kpi_day row holds its 30 communities). */
    private static long counted(String url, TestPostgres.Coordinates pg) throws Exception {
        return count(url, pg, "select coalesce(sum(value), 0) from kpi_day where area_code = '310121019'"
                + " and metric = 'screened'");
    }

    private static long count(String url, TestPostgres.Coordinates pg, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the app has not migrated yet
            }
            throw e;
        }
    }
}
