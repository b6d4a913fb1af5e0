package org.frontline.screening.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code screening.read-audit.*}: how long the read audit is kept, and how often older rows are deleted. */
@ConfigMapping(prefix = "screening.read-audit")
public interface ReadAuditConfig {

    /** Rows older than this are deleted (once across replicas). */
    @WithDefault("P400D")
    Duration retention();

    @WithDefault("1h")
    Duration pruneInterval();
}
