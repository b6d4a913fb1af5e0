package org.frontline.alert.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.alert.config.NotifyConfig;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends due deliveries (README "Notifications", delivery). Each round claims due rows in one short statement
 * ({@code for update skip locked}, so replicas never take the same row), marking them IN_FLIGHT with a lease
 * ({@code claimed_until}; a crashed replica's claim expires and another takes the row). Sending happens outside any
 * transaction on a bounded pool, each request with a timeout; the outcome and the attempt are written in one
 * statement. No endpoint can starve the others: a round takes at most {@code per-subscription} rows of one
 * subscription, counting those still in flight, so a hanging endpoint holds at most that many threads.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    static final int MAX_ERROR = 500;

    private final NotifyConfig config;
    private final AgroalDataSource dataSource;
    private final HttpClient client;
    private final ExecutorService senders;
    private final ExecutorService claimer;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    public DeliveryWorker(NotifyConfig config, AgroalDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        this.senders = Executors.newFixedThreadPool(config.threads(), daemon("frontline-webhook-"));
        this.claimer = Executors.newSingleThreadExecutor(daemon("frontline-webhook-claim-"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        claimer.shutdownNow();
        senders.shutdownNow();
    }

    @Scheduled(every = "${alert.notify.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /** Runs a round soon on the claiming thread (coalesced: at most one round waits). */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                claimer.execute(() -> {
                    wakeQueued.set(false);
                    round();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false); // shutting down
            }
        }
    }

    /** Claims as many due deliveries as there are free sending threads and hands them to the pool. */
    void round() {
        int free = config.threads() - busy.get();
        if (free <= 0) {
            return;
        }
        List<Claimed> claimed;
        try {
            claimed = claim(free);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not claim webhook deliveries: %s", e.getMessage());
            return;
        }
        for (Claimed c : claimed) {
            busy.incrementAndGet();
            senders.execute(() -> {
                try {
                    send(c);
                } finally {
                    busy.decrementAndGet();
                }
                wake(); // a thread is free: there may be more due rows
            });
        }
    }

    record Claimed(UUID id, UUID token, int attempt, String kind, String body, String url, String secret) {
    }

    private List<Claimed> claim(int limit) throws SQLException {
        // rows of one subscription ranked by due time, after those of it still in flight: a round never lets one
        // subscription hold more than per-subscription sending threads
        String sql = """
                with busy as (
                    select subscription_id, count(*) as n from delivery
                    where status = 'IN_FLIGHT' and claimed_until >= now() group by subscription_id),
                candidate as (
                    select d.id, d.next_attempt_at,
                        row_number() over (partition by d.subscription_id order by d.next_attempt_at, d.id)
                            + coalesce(b.n, 0) as pos
                    from delivery d
                    join subscription s on s.id = d.subscription_id and s.active
                    left join busy b on b.subscription_id = d.subscription_id
                    where (d.status = 'PENDING' and d.next_attempt_at <= now())
                       or (d.status = 'IN_FLIGHT' and d.claimed_until < now())),
                picked as (
                    select d.id from delivery d
                    where d.id in (select id from candidate where pos <= ? order by next_attempt_at limit ?)
                      and ((d.status = 'PENDING' and d.next_attempt_at <= now())
                        or (d.status = 'IN_FLIGHT' and d.claimed_until < now()))
                    for update of d skip locked)
                update delivery d set status = 'IN_FLIGHT', claimed_until = now() + ? * interval '1 millisecond',
                    claim_token = gen_random_uuid(), attempts = d.attempts + 1
                from picked p, subscription s
                where d.id = p.id and s.id = d.subscription_id
                returning d.id, d.claim_token, d.attempts, d.event_kind, d.body, s.url, s.secret
                """;
        List<Claimed> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, config.perSubscription());
            st.setInt(2, limit);
            st.setLong(3, config.lease().toMillis());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return result;
    }

    void send(Claimed c) {
        long start = System.nanoTime();
        Integer code = null;
        String error = null;
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        CompletableFuture<HttpResponse<Void>> call = null;
        try {
            // again at send time, against what the host resolves to now (DNS may have changed since the create)
            String refusal = WebhookAddresses.refusal(c.url(), config.allowPrivateAddresses());
            if (refusal != null) {
                error = refusal.equals(WebhookAddresses.REFUSED) ? refusal : "connect failed";
            } else {
                HttpRequest request = HttpRequest.newBuilder(URI.create(c.url()))
                        .timeout(config.requestTimeout())
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "frontline-alert-webhooks/1")
                        .header("X-Frontline-Event", c.kind())
                        .header("X-Frontline-Delivery", c.id().toString())
                        .header("X-Frontline-Timestamp", timestamp)
                        .header("X-Frontline-Signature", "sha256=" + sign(c.secret(), timestamp, c.body()))
                        .POST(HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.UTF_8))
                        .build();
                call = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                // the request timeout covers the status and headers; this also bounds connecting and a body that drags
                long limit = config.requestTimeout().plus(config.connectTimeout()).toMillis() + 1000;
                code = call.get(limit, TimeUnit.MILLISECONDS).statusCode();
            }
        } catch (TimeoutException e) {
            error = "timeout";
        } catch (ExecutionException e) {
            error = coarse(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            error = "send failed";
        } finally {
            if (call != null && !call.isDone()) {
                call.cancel(true);
            }
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        try {
            record(c, code, error, durationMs);
        } catch (SQLException | RuntimeException e) {
            // the lease expires and another round sends it again: receivers dedupe on X-Frontline-Delivery
            LOG.warnf("Could not record delivery %s: %s", c.id(), e.getMessage());
        }
    }

    /**
     * The error as the delivery log shows it: a class of failure, never the exception's text (which names hosts,
     * ports and resolver answers: an oracle for probing the internal network through webhooks).
     */
    static String coarse(Throwable cause) {
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "timeout"; // also HttpConnectTimeoutException
        }
        if (cause instanceof java.net.ConnectException || cause instanceof java.nio.channels.UnresolvedAddressException
                || cause instanceof java.net.UnknownHostException) {
            return "connect failed";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "TLS failed";
        }
        if (cause instanceof java.io.IOException) {
            return "connection failed";
        }
        return "send failed";
    }

    private void record(Claimed c, Integer code, String error, long durationMs) throws SQLException {
        boolean delivered = code != null && code >= 200 && code < 300;
        if (!delivered && error == null) {
            error = "HTTP " + code;
        }
        if (error != null && error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR);
        }
        boolean dead = !delivered && c.attempt() >= config.maxAttempts();
        String status = delivered ? "DELIVERED" : dead ? "FAILED" : "PENDING";
        long delay = delivered || dead ? 0 : backoff(c.attempt());
        // a subscription deleted meanwhile: its delivery ends CANCELLED (unless this send got through), no retry
        try (Connection conn = dataSource.getConnection(); PreparedStatement st = conn.prepareStatement("""
                with attempt as (
                    insert into delivery_attempt (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
                    values (?, ?, now(), ?, ?, ?))
                update delivery d set
                    status = case when ? or s.active then ? else 'CANCELLED' end,
                    next_attempt_at = now() + ? * interval '1 millisecond',
                    claimed_until = null, claim_token = null, last_status_code = ?, last_error = ?,
                    finished_at = case when ? or not s.active then now() end
                from subscription s
                where s.id = d.subscription_id and d.id = ? and d.claim_token = ?
                """)) {
            st.setObject(1, c.id());
            st.setInt(2, c.attempt());
            st.setObject(3, code);
            st.setString(4, delivered ? null : error);
            st.setLong(5, durationMs);
            st.setBoolean(6, delivered);
            st.setString(7, status);
            st.setLong(8, delay);
            st.setObject(9, code);
            st.setString(10, delivered ? null : error);
            st.setBoolean(11, delivered || dead);
            st.setObject(12, c.id());
            st.setObject(13, c.token());
            st.executeUpdate();
        }
        if (dead) {
            LOG.warnf("Webhook delivery %s (%s) FAILED after %d attempts; last: %s", c.id(), c.kind(), c.attempt(),
                    error);
        }
    }

    /** Delay before attempt n + 1: base·2^(n−1), at most max-backoff, then "equal jitter" (half fixed, half random). */
    long backoff(int attempt) {
        long base = config.baseBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        long delay = attempt >= 40 ? cap : Math.min(cap, base << Math.max(0, attempt - 1));
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the subscription's secret. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
