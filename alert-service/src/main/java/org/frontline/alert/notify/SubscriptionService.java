package org.frontline.alert.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.config.NotifyConfig;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/** Subscriptions' writes (the resource checks the caller's area first). */
@ApplicationScoped
public class SubscriptionService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Notifications notifications;
    private final NotifyConfig config;

    public SubscriptionService(Clock clock, Notifications notifications, NotifyConfig config) {
        this.clock = clock;
        this.notifications = notifications;
        this.config = config;
    }

    /** 400 naming {@code url} when its host resolves to an address webhooks may not reach ({@link WebhookAddresses}). */
    public void checkAddress(String url) {
        checkAddress(url, config.allowPrivateAddresses());
    }

    public static void checkAddress(String url, boolean allowPrivate) {
        String refusal = WebhookAddresses.refusal(url, allowPrivate);
        if (refusal != null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("url",
                    "must resolve to public addresses only (not loopback, link-local, private or cluster-internal): "
                            + refusal)));
        }
    }

    /** The settings of a subscription, validated by {@link #settings}. */
    public record Settings(String url, String areaPrefix, Alert.Level minLevel, Set<String> eventKinds,
            String description) {
    }

    /** Defaults (minLevel YELLOW, every kind) filled in; a bad URL or kind is a 400 naming the field. */
    public static Settings settings(String url, String areaPrefix, Alert.Level minLevel, Set<String> eventKinds,
            String description) {
        String u = url == null ? null : url.strip();
        if (u == null || !validUrl(u)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("url",
                    "must be an absolute http or https URL with a host, at most 2000 characters")));
        }
        Set<String> kinds = eventKinds == null || eventKinds.isEmpty() ? Subscription.KINDS : eventKinds;
        for (String kind : kinds) {
            if (!Subscription.KINDS.contains(kind)) {
                throw ProblemException.validation(List.of(new Problem.FieldError("eventKinds",
                        "must be a subset of " + String.join(", ", Subscription.KINDS.stream().sorted().toList()))));
            }
        }
        return new Settings(u, areaPrefix, minLevel == null ? Alert.Level.YELLOW : minLevel, kinds, description);
    }

    private static boolean validUrl(String url) {
        if (url.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** 32 random bytes as hex: the secret when the caller sends none. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Transactional
    public Subscription create(Settings settings, String secret, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        apply(s, settings);
        s.secret = secret == null ? newSecret() : secret;
        s.createdBy = by;
        s.createdAt = now;
        s.updatedAt = now;
        s.persist();
        return s;
    }

    /**
     * Locks a subscription the caller has read (plainly) and found in its area, and reloads it: the caller checks
     * the area first, so a caller outside it never waits on (or learns from) another's lock.
     */
    public Subscription lock(Subscription s) {
        Subscription.getEntityManager().refresh(s, LockModeType.PESSIMISTIC_WRITE);
        return s;
    }

    @Transactional
    public Subscription update(Subscription s, long expectedVersion, Settings settings) {
        stale(s, expectedVersion);
        requireActive(s);
        apply(s, settings);
        s.updatedAt = OffsetDateTime.now(clock);
        Subscription.getEntityManager().flush(); // the answer carries the new version
        return s;
    }

    @Transactional
    public Subscription rotate(Subscription s, String secret) {
        requireActive(s);
        s.secret = secret == null ? newSecret() : secret;
        s.updatedAt = OffsetDateTime.now(clock);
        return s;
    }

    /**
     * Deactivates; deliveries not yet finished are CANCELLED — PENDING ones and IN_FLIGHT ones (a send under way
     * records its attempt but leaves the delivery CANCELLED: {@link DeliveryWorker}) — and waiting digest events are
     * dropped. The log stays.
     */
    @Transactional
    public void deactivate(Subscription s) {
        if (!s.active) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        s.active = false;
        s.deactivatedAt = now;
        s.updatedAt = now;
        Delivery.update("status = ?1, finishedAt = ?2 where subscriptionId = ?3 and status in ?4",
                Delivery.Status.CANCELLED, now, s.id, List.of(Delivery.Status.PENDING, Delivery.Status.IN_FLIGHT));
        DigestItem.delete("subscriptionId", s.id);
    }

    /** Queues a {@code Ping} to the subscription now: {"id", "type": "frontline.alert.Ping.v1", "time", "data"}. */
    @Transactional
    public Delivery ping(Subscription s, String by) {
        requireActive(s);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriptionId", s.id);
        data.put("areaPrefix", s.areaPrefix);
        data.put("note", "a test delivery; no alert");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID());
        body.put("type", "frontline.alert.Ping.v1");
        body.put("time", now);
        body.put("data", data);
        Delivery d = notifications.queue(s.id, null, "Ping", notifications.json(body), now);
        notifications.wakeAfterCommit();
        return d;
    }

    private static void stale(Subscription s, long expectedVersion) {
        if (s.version != expectedVersion) {
            throw ProblemException.conflict("Stale version", "The subscription is at version " + s.version
                    + ", not " + expectedVersion + "; reload it and try again").with("currentVersion", s.version);
        }
    }

    private static void requireActive(Subscription s) {
        if (!s.active) {
            throw ProblemException.conflict("Subscription deleted", "The subscription was deleted");
        }
    }

    private static void apply(Subscription s, Settings settings) {
        s.url = settings.url();
        s.areaPrefix = settings.areaPrefix();
        s.minLevel = settings.minLevel();
        s.kinds(settings.eventKinds());
        s.description = settings.description();
    }
}
