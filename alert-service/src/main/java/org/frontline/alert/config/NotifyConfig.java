package org.frontline.alert.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

import org.frontline.alert.Alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook notifications (README "Notifications"): delivery, retries and the daily digest. */
@ConfigMapping(prefix = "alert.notify")
public interface NotifyConfig {

    /** Levels whose events go into the daily digest instead of an immediate delivery. */
    @WithDefault("BLUE")
    Set<Alert.Level> digestLevels();

    /** City time at which the digest of the previous city day is sent. */
    @WithDefault("08:00")
    LocalTime digestTime();

    /** How often the digest job looks whether a digest is due (once across replicas). */
    @WithDefault("1m")
    Duration digestCheck();

    /** The digest job's first run after start. */
    @WithDefault("30s")
    Duration digestDelay();

    /** Subscriptions with due digests handled per digest job run (each run is one short transaction). */
    @WithDefault("200")
    int digestPage();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The longest one request may take, until the response's status and headers. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How long a claimed delivery stays IN_FLIGHT before another replica may take it (a crashed claimer). */
    @WithDefault("60s")
    Duration lease();

    /** First retry delay; doubles per attempt up to {@link #maxBackoff()}, with jitter. */
    @WithDefault("2s")
    Duration baseBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Attempts before a delivery is FAILED (dead). */
    @WithDefault("10")
    int maxAttempts();

    /** Sending threads of this replica (bounded pool). */
    @WithDefault("8")
    int threads();

    /** At most this many deliveries of one subscription in flight at once (one slow endpoint cannot take the pool). */
    @WithDefault("2")
    int perSubscription();

    /** How often the worker looks for due deliveries (it is also woken after every commit that queued some). */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Whether webhooks may point at loopback, link-local, private or cluster-internal addresses
     * ({@code WebhookAddresses}). False in production; true in %dev and %test (their receivers listen on 127.0.0.1) and
     * in the local run through {@code ALERT_NOTIFY_ALLOW_PRIVATE_ADDRESSES=true}.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /**
     * The public URL at which this service's {@code /api/v1} is reached, used in payloads (capUrl) and the CAP feed's
     * links: the service itself by default; behind the gateway's one entry point {@code https://<gateway host>/api/v1/alerts}
     * (the gateway forwards {@code /api/v1/alerts/**} to this service's {@code /api/v1/**}).
     */
    @WithDefault("http://localhost:8084/api/v1")
    String publicApiUrl();
}
