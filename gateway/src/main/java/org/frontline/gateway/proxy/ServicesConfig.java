package org.frontline.gateway.proxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Where the services behind the one entry point run: {@code frontline.gateway.services.<name>.url} for
 * {@code screening}, {@code roster}, {@code supplies} and {@code alert}: one base URL, or a comma-separated list of
 * the base URLs of a service's replicas (taken in turn, one that cannot be reached passed over: {@link Replicas}).
 * Defaults fit the local run.
 */
@ConfigMapping(prefix = "frontline.gateway")
public interface ServicesConfig {

    /** The four services by short name. */
    Services services();

    /** How long the gateway waits for a TCP connection to a service before answering 502. */
    @WithName("proxy.connect-timeout")
    @WithDefault("2s")
    Duration connectTimeout();

    interface Services {
        @WithName("screening.url")
        @WithDefault("http://127.0.0.1:8081")
        String screening();

        @WithName("roster.url")
        @WithDefault("http://127.0.0.1:8082")
        String roster();

        @WithName("supplies.url")
        @WithDefault("http://127.0.0.1:8083")
        String supplies();

        @WithName("alert.url")
        @WithDefault("http://127.0.0.1:8084")
        String alert();

        /** Short name → base URL (or comma-separated base URLs), in a stable order. */
        default Map<String, String> byName() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("screening", screening());
            m.put("roster", roster());
            m.put("supplies", supplies());
            m.put("alert", alert());
            return m;
        }
    }
}
