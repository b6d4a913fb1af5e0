package org.frontline.platform.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * {@code frontline.rate-limit.<name>.requests} requests per {@code frontline.rate-limit.<name>.window}, per caller;
 * a limit not configured allows 60 per hour. {@code frontline.rate-limit.prune-interval}: how often ended windows
 * are deleted (default 10 minutes).
 */
@ConfigMapping(prefix = "frontline.rate-limit")
public interface RateLimitConfig {

    @WithParentName
    Map<String, Limit> limits();

    Optional<Duration> pruneInterval();

    interface Limit {
        @WithDefault("60")
        int requests();

        @WithDefault("1h")
        Duration window();
    }
}
