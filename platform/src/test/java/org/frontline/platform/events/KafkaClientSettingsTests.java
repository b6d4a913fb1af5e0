package org.frontline.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The relay's own Kafka clients get the security settings the messaging channels get. */
class KafkaClientSettingsTests {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"screening\" password=\"secret\";";

    SmallRyeConfig config = new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(Map.of(
                    "kafka.bootstrap.servers", "kafka-0.kafka:9093",
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", JAAS,
                    "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                    "kafka.client.dns.lookup", "use_all_dns_ips",
                    "kafka.acks", "1",
                    // the channels' consumer settings: not for the relay's producer and admin client
                    "kafka.isolation.level", "read_committed",
                    "kafka.group.id", "screening",
                    "mp.messaging.incoming.notes.topic", "testapp.events"), "application", 250))
            // as the environment spells them (a Kubernetes secret, say)
            .withSources(new PropertiesConfigSource(Map.of("KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit",
                    // Kubernetes' service links for a Service named kafka: not Kafka settings at all
                    "KAFKA_PORT", "tcp://10.96.0.12:9092",
                    "KAFKA_PORT_9092_TCP_ADDR", "10.96.0.12",
                    "KAFKA_SERVICE_HOST", "10.96.0.12"), "env", 300))
            .build();

    @Test
    void theChannelsKafkaSettingsReachTheRelaysProducer() {
        Map<String, Object> producer = OutboxSender.producerSettings(KafkaClientSettings.from(config), "screening",
                Duration.ofSeconds(30));

        assertThat(producer)
                .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .doesNotContainKey("mp.messaging.incoming.notes.topic")
                .doesNotContainKeys("isolation.level", "group.id", "port", "port.9092.tcp.addr", "service.host");
        // the relay's own settings go on top: its guarantees do not depend on what the channels use
        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("transactional.id", "screening-outbox-relay");
    }

    @Test
    void theAdminClientThatLooksUpTopicsGetsThemToo() {
        Map<String, Object> admin = OutboxSender.adminSettings(KafkaClientSettings.from(config), "screening",
                Duration.ofSeconds(30));

        assertThat(admin)
                .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("client.id", "screening-outbox-relay-admin")
                .doesNotContainKeys("isolation.level", "group.id", "port", "port.9092.tcp.addr", "service.host",
                        "acks");
    }
}
