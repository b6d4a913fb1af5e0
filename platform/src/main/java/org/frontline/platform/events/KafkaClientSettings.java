package org.frontline.platform.events;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.Config;

/**
 * The {@code kafka.*} settings the messaging channels get (bootstrap servers, {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, {@code client.dns.lookup} …), for the Kafka clients the platform creates itself.
 * Read the way Quarkus reads them for the channels: every property named {@code kafka.x.y} or, from the
 * environment, {@code KAFKA_X_Y}, becomes {@code x.y}. A client sets its own settings on top.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    public static Map<String, Object> from(Config config) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            String key = null;
            if (name.startsWith("kafka.")) {
                key = name.substring("kafka.".length());
            } else if (name.startsWith("KAFKA_")) {
                key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key != null && !key.isEmpty()) {
                String finalKey = key;
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.putIfAbsent(finalKey, value));
            }
        }
        return settings;
    }
}
