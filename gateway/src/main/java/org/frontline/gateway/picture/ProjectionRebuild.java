package org.frontline.gateway.picture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontline.platform.inbox.ApplicationStopping;
import org.frontline.platform.inbox.ApplicationStoppingException;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Rebuilds the picture by replaying the four topics (gateway/README.md "Rebuilding the picture"): holds the
 * exclusive advisory lock {@link Projection#REBUILD_LOCK} on a connection of its own (live batches wait for it),
 * empties the projection, reads every topic from the beginning up to the end offsets taken after emptying it, and
 * applies the records through the inbox and the same {@link Projection}, so the live consumers then skip what it
 * applied. Its state is kept in {@code projection_state}, so any replica answers about it.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);

    public static final String CONSUMER = "city-picture";
    public static final List<String> TOPICS = List.of("screening.events", "roster.events", "supplies.events",
            "alert.events");

    /** The projection as a whole and its last rebuild. */
    public record Status(String status, long eventsApplied, OffsetDateTime newestEventAt, OffsetDateTime lastAppliedAt,
            Rebuild rebuild) {
    }

    public record Rebuild(String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, Long events,
            String error) {
    }

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final Inbox inbox;
    private final Projection projection;
    private final ApplicationStopping stopping;
    private final String bootstrap;

    public ProjectionRebuild(EntityManager em, AgroalDataSource dataSource, Inbox inbox, Projection projection,
            ApplicationStopping stopping, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.em = em;
        this.dataSource = dataSource;
        this.inbox = inbox;
        this.projection = projection;
        this.stopping = stopping;
        this.bootstrap = bootstrap;
    }

    /** A replayed batch that made no progress for this long (lock waits, retries) fails the rebuild. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(100);

    /** Error recorded for a rebuild whose replica went away (its session, and so its lock, is gone). */
    public static final String STOPPED = "the replica running the rebuild stopped; start it again";

    /**
     * Takes the exclusive {@link Projection#REBUILD_LOCK} on a connection of its own (409 if another replica's
     * rebuild holds it), marks the rebuild RUNNING and starts it on a thread of its own on this replica, which keeps
     * the lock until it recorded the result. The lock is held before the row says RUNNING, so a RUNNING row whose
     * lock is free belongs to a replica that went away (see {@link #running()}).
     */
    public Status start() {
        if (running()) {
            throw running409();
        }
        Connection lock = null;
        try {
            lock = dataSource.getConnection();
            lock.setAutoCommit(true);
            boolean locked = false;
            // live batches hold the lock shared for a moment; another rebuild holds it for long: give up then
            try (PreparedStatement s = lock.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, Projection.REBUILD_LOCK);
                for (int attempt = 0; attempt < 100 && !locked; attempt++) {
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        locked = r.getBoolean(1);
                    }
                    if (!locked) {
                        Thread.sleep(100);
                    }
                }
            }
            if (!locked) {
                lock.close();
                throw running409();
            }
            // the lock is ours: no rebuild runs, whatever the row says
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    update projection_state set rebuild_status = 'RUNNING', rebuild_started = now(),
                        rebuild_finished = null, rebuild_events = 0, rebuild_error = null
                    where id = 1
                    """).executeUpdate());
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            if (lock != null) {
                try {
                    lock.close(); // a closed session releases its advisory locks
                } catch (Exception ignored) {
                    // nothing more to do
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("could not start the rebuild", e);
        }
        Connection held = lock;
        Thread worker = new Thread(() -> run(held), "projection-rebuild");
        worker.setDaemon(true);
        worker.start();
        return status();
    }

    private static ProblemException running409() {
        return ProblemException.conflict("A rebuild is running",
                "The projection is being rebuilt; wait until GET /api/v1/admin/projection says DONE");
    }

    /** Blocks the caller (a live consumer, before its transaction) while a rebuild runs. */
    public void awaitNotRunning() {
        while (running() && !stopping.isStopping()) {
            try {
                stopping.awaitStopping(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether a rebuild runs. The row saying RUNNING is not enough: if the exclusive lock is free (tried within a short
     * transaction, released at its end), the replica running it is gone; the rebuild is then marked FAILED
     * ({@link #STOPPED}) and does not run.
     */
    boolean running() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object status = em.createNativeQuery("select rebuild_status from projection_state where id = 1")
                    .getSingleResult();
            if (!"RUNNING".equals(status)) {
                return false;
            }
            Object free = em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                    .setParameter(1, Projection.REBUILD_LOCK).getSingleResult();
            if (!Boolean.TRUE.equals(free)) {
                return true; // held: the rebuild (or, for a moment, live batches) — treated as running
            }
            LOG.warn("the rebuild of the city picture is marked RUNNING but nobody holds its lock: marking it FAILED");
            em.createNativeQuery("""
                    update projection_state set rebuild_status = 'FAILED', rebuild_finished = now(), rebuild_error = ?1
                    where id = 1 and rebuild_status = 'RUNNING'
                    """).setParameter(1, STOPPED).executeUpdate();
            return false;
        });
    }

    public Status status() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("""
                    select events_applied, cast(newest_event_at as text), cast(last_applied_at as text), rebuild_status,
                        cast(rebuild_started as text), cast(rebuild_finished as text), rebuild_events, rebuild_error
                    from projection_state where id = 1
                    """).getSingleResult();
            String rebuildStatus = (String) row[3];
            Rebuild rebuild = rebuildStatus == null ? null
                    : new Rebuild(rebuildStatus, time(row[4]), time(row[5]),
                            row[6] == null ? null : ((Number) row[6]).longValue(), (String) row[7]);
            return new Status("RUNNING".equals(rebuildStatus) ? "REBUILDING" : "LIVE", ((Number) row[0]).longValue(),
                    time(row[1]), time(row[2]), rebuild);
        });
    }

    private static OffsetDateTime time(Object text) {
        if (text == null) {
            return null;
        }
        String iso = text.toString().replace(' ', 'T');
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        }
        return OffsetDateTime.parse(iso);
    }

    private void run(Connection held) {
        long applied = 0;
        try (Connection lock = held) {
            try {
                LOG.info("rebuilding the city picture from the topics");
                QuarkusTransaction.requiringNew().run(() -> {
                    em.createNativeQuery("set local lock_timeout = '30s'").executeUpdate();
                    em.createNativeQuery("delete from kpi_day").executeUpdate();
                    em.createNativeQuery("delete from fact_state").executeUpdate();
                    em.createNativeQuery("delete from stock_cover_day").executeUpdate();
                    em.createNativeQuery("delete from inbox where consumer = ?1").setParameter(1, CONSUMER)
                            .executeUpdate();
                    em.createNativeQuery("update projection_state set events_applied = 0, newest_event_at = null "
                            + "where id = 1").executeUpdate();
                });
                applied = replay();
                long total = applied;
                QuarkusTransaction.requiringNew().run(() -> {
                    em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l")
                            .setParameter(1, Projection.CHANGE_LOCK).getSingleResult();
                    em.createNativeQuery("""
                            insert into picture_change (area_code, kind, payload)
                            select code, 'rebuilt', jsonb_build_object('area', code) from area where level = 'province'
                            order by code
                            """).executeUpdate();
                    em.createNativeQuery("""
                            update projection_state set rebuild_status = 'DONE', rebuild_finished = now(),
                                rebuild_events = ?1 where id = 1
                            """).setParameter(1, total).executeUpdate();
                });
                LOG.infof("rebuilt the city picture: %d events applied", applied);
            } catch (Throwable e) {
                // recorded while the lock is still held, so no other replica takes the rebuild for a stopped one
                LOG.error("the rebuild of the city picture failed", e);
                String message = String.valueOf(e.getMessage());
                long total = applied;
                try {
                    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                            update projection_state set rebuild_status = 'FAILED', rebuild_finished = now(),
                                rebuild_events = ?1, rebuild_error = ?2 where id = 1
                            """).setParameter(1, total)
                            .setParameter(2, message.substring(0, Math.min(500, message.length()))).executeUpdate());
                } catch (RuntimeException ignored) {
                    LOG.error("could not record the failed rebuild", ignored);
                }
            } finally {
                try (PreparedStatement s = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    s.setLong(1, Projection.REBUILD_LOCK);
                    s.executeQuery().close();
                }
            }
        } catch (Throwable e) {
            LOG.error("could not release the rebuild lock (closing its connection releases it)", e);
        }
    }

    /** Reads the four topics from the beginning to the end offsets taken now; returns the events applied. */
    private long replay() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long applied = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
            consumer.pause(partitions.stream().filter(p -> !end.containsKey(p)).toList());
            Projection.REBUILDING.set(true);
            try {
                while (!end.isEmpty()) {
                    if (stopping.isStopping()) {
                        throw new IllegalStateException("the application stopped during the rebuild");
                    }
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                    List<ConsumerRecord<String, String>> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, String> r : records) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Long last = end.get(tp);
                        if (last != null && r.offset() < last) {
                            batch.add(r);
                        }
                    }
                    if (!batch.isEmpty()) {
                        // a surprise lock wait fails the rebuild instead of hanging it: each transaction waits at most
                        // 30 s for a lock (55P03, which the inbox retries), and once a batch has made no progress for
                        // STUCK_AFTER the next transaction aborts the rebuild (an ApplicationStoppingException, so
                        // the inbox dead-letters nothing on its way out)
                        long[] progress = {System.nanoTime()};
                        applied += inbox.applyBatchAll(CONSUMER, batch, Projection::relevant, () -> {
                            if (System.nanoTime() - progress[0] > STUCK_AFTER.toNanos()) {
                                throw new ApplicationStoppingException("a batch of the rebuild made no progress for "
                                        + STUCK_AFTER.toSeconds() + " s (a lock wait or the database failing); "
                                        + "the rebuild stops, start it again", null);
                            }
                            em.createNativeQuery("set local lock_timeout = '30s'").executeUpdate();
                        }, events -> {
                            progress[0] = System.nanoTime();
                            projection.apply(events);
                        });
                    }
                    for (TopicPartition tp : new ArrayList<>(end.keySet())) {
                        if (consumer.position(tp) >= end.get(tp)) {
                            end.remove(tp);
                            consumer.pause(List.of(tp));
                        }
                    }
                    long total = applied;
                    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "update projection_state set rebuild_events = ?1 where id = 1")
                            .setParameter(1, total).executeUpdate());
                }
            } finally {
                Projection.REBUILDING.remove();
            }
        }
        return applied;
    }
}
