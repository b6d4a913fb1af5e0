package org.frontline.alert.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The CAP 1.2 feed (README "CAP feed"). */
@ConfigMapping(prefix = "alert.cap")
public interface CapConfig {

    /** Closed alerts stay in the feed this long after closing. */
    @WithDefault("P7D")
    Duration recent();

    /** CAP {@code sender}: this system's identifier (no spaces, commas or '<' / '&'). */
    @WithDefault("frontline.alert-service")
    String sender();

    @WithDefault("Frontline alert-service")
    String senderName();

    /** At most this many entries in one feed (newest first). */
    @WithDefault("500")
    int maxEntries();
}
