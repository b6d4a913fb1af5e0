package org.frontline.platform.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code frontline.idempotency.*}: how long a key is remembered. */
@ConfigMapping(prefix = "frontline.idempotency")
public interface IdempotencyConfig {

    /** A key older than this is forgotten; a retry after that is a new request. Phones sync within days. */
    @WithDefault("P7D")
    Duration retention();

    /** How often the expired keys are pruned (once across replicas). */
    @WithDefault("1h")
    Duration pruneInterval();
}
