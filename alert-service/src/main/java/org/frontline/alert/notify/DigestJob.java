package org.frontline.alert.notify;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.alert.config.NotifyConfig;
import org.frontline.platform.jobs.ClusterJob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;

/**
 * The daily digest (README "Notifications", digest): the events of low-level alerts ({@code digest-levels}) wait as
 * {@link DigestItem}s; from {@code digest-time} on the next city day, one delivery per subscription and day lists
 * them all. Once across replicas ({@link ClusterJob}), a page of subscriptions per run; the unique key
 * (subscription, digest day) makes a second run — or a racing replica — add nothing.
 */
@ApplicationScoped
public class DigestJob {

    private final ClusterJob jobs;
    private final NotifyConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final DeliveryWorker worker;

    public DigestJob(ClusterJob jobs, NotifyConfig config, Clock clock, ObjectMapper mapper, DeliveryWorker worker) {
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
        this.worker = worker;
    }

    @Scheduled(every = "${alert.notify.digest-check:1m}", delayed = "${alert.notify.digest-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runDue();
    }

    /** One run: returns the number of digests queued (0 when another replica holds the job). */
    public int runDue() {
        int[] queued = {0};
        jobs.runOnce("alert.notify-digest", () -> queued[0] = digest());
        if (queued[0] > 0) {
            worker.wake();
        }
        return queued[0];
    }

    private int digest() {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDate today = now.toLocalDate();
        // the digest of day D is due from D + 1 at digest-time
        LocalDate lastDue = now.toLocalTime().isBefore(config.digestTime()) ? today.minusDays(2) : today.minusDays(1);
        List<Object[]> due = DigestItem.getEntityManager().createQuery("""
                select d.subscriptionId, d.cityDay from DigestItem d where d.cityDay <= :last
                group by d.subscriptionId, d.cityDay order by d.cityDay, d.subscriptionId
                """, Object[].class).setParameter("last", lastDue).setMaxResults(config.digestPage()).getResultList();
        int queued = 0;
        for (Object[] row : due) {
            UUID subscriptionId = (UUID) row[0];
            LocalDate day = (LocalDate) row[1];
            List<DigestItem> items = DigestItem.list("subscriptionId = ?1 and cityDay = ?2 order by id", subscriptionId,
                    day);
            Subscription s = Subscription.findById(subscriptionId);
            if (s != null && s.active && insert(s, day, items)) {
                queued++;
            }
            DigestItem.delete("subscriptionId = ?1 and cityDay = ?2", subscriptionId, day);
        }
        return queued;
    }

    private boolean insert(Subscription s, LocalDate day, List<DigestItem> items) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<JsonNode> events = new ArrayList<>();
        for (DigestItem item : items) {
            try {
                events.add(mapper.readTree(item.item));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("digest item " + item.id + " is not JSON", e);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID());
        body.put("type", "frontline.alert.Digest.v1");
        body.put("time", now);
        body.put("day", day);
        body.put("subscriptionId", s.id);
        body.put("areaPrefix", s.areaPrefix);
        body.put("count", events.size());
        body.put("events", events);
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a digest", e);
        }
        int inserted = DigestItem.getEntityManager().createNativeQuery("""
                insert into delivery (id, subscription_id, alert_id, event_kind, body, status, attempts, next_attempt_at,
                    created_at, digest_day)
                values (?1, ?2, null, 'Digest', ?3, 'PENDING', 0, ?4, ?5, ?6)
                on conflict (subscription_id, digest_day) do nothing
                """).setParameter(1, UUID.randomUUID()).setParameter(2, s.id).setParameter(3, json)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC)).setParameter(5, now).setParameter(6, day)
                .executeUpdate();
        return inserted == 1;
    }
}
