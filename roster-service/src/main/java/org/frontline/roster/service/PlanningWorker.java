package org.frontline.roster.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;

import org.frontline.platform.db.DatabaseFailures;
import org.frontline.platform.jobs.ClusterJob;
import org.frontline.roster.PlanningRun;
import org.frontline.roster.config.RosterConfig;
import org.frontline.roster.planning.Planner;
import org.frontline.roster.planning.PlanningLimits;
import org.frontline.roster.planning.PlanningProblem;
import org.frontline.roster.planning.PlanningProgress;
import org.frontline.roster.planning.PlanningResult;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs queued planning runs on this replica. The queue is the {@code planning_run} table: every replica's tick claims
 * at most {@code roster.planning.concurrent} runs with {@code select … for update skip locked}, so two replicas never
 * take the same run; the solve runs on this worker's own threads. The tick also writes each running run's heartbeat
 * and best score so far (so progress is written at most once a tick, however often the solver improves), and stops a
 * run someone cancelled (on any replica). A run whose replica died keeps an old heartbeat; {@link #requeueStale} (a
 * cluster job) puts it back in the queue, or fails it after {@link #MAX_ATTEMPTS} attempts. On shutdown the running
 * solves are cancelled and their runs re-queued for another replica.
 */
@ApplicationScoped
public class PlanningWorker {

    private static final Logger LOG = Logger.getLogger(PlanningWorker.class);
    public static final int MAX_ATTEMPTS = 2;

    private record Running(UUID id, Planner planner, AtomicReference<PlanningProgress> progress) {
    }

    private final EntityManager em;
    private final PlanningService plans;
    private final ClusterJob jobs;
    private final int concurrent;
    private final Duration staleAfter;
    private final Duration unimproved;
    private final String replica = hostname() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private volatile boolean stopping;

    public PlanningWorker(EntityManager em, PlanningService plans, ClusterJob jobs, RosterConfig config) {
        this.em = em;
        this.plans = plans;
        this.jobs = jobs;
        this.concurrent = Math.max(1, config.planning().concurrent());
        this.staleAfter = config.planning().staleAfter();
        this.unimproved = config.planning().unimproved();
        this.executor = Executors.newFixedThreadPool(this.concurrent, r -> {
            Thread t = new Thread(r, "planning-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** This replica's name in {@code claimed_by}. */
    public String replica() {
        return replica;
    }

    @Scheduled(every = "${roster.planning.tick:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopping) {
            return;
        }
        heartbeat();
        while (running.size() < concurrent && !stopping && claim()) {
            // claim until the slots are full or the queue is empty
        }
    }

    /** Writes heartbeat and progress of this replica's runs; cancels the solve of a run that is no longer RUNNING here. */
    void heartbeat() {
        for (Running r : running.values()) {
            PlanningProgress p = r.progress().get();
            int updated = QuarkusTransaction.requiringNew().call(() -> p == null
                    ? em.createNativeQuery("""
                            update planning_run set heartbeat_at = now()
                            where id = ? and status = 'RUNNING' and claimed_by = ?""")
                            .setParameter(1, r.id()).setParameter(2, replica).executeUpdate()
                    : em.createNativeQuery("""
                            update planning_run set heartbeat_at = now(), best_score = ?, feasible = ?,
                              uncovered_minutes = ?
                            where id = ? and status = 'RUNNING' and claimed_by = ?""")
                            .setParameter(1, p.score()).setParameter(2, p.feasible())
                            .setParameter(3, p.uncoveredMinutes()).setParameter(4, r.id())
                            .setParameter(5, replica).executeUpdate());
            if (updated == 0) {
                LOG.infof("planning run %s is no longer running here (cancelled or re-queued); stopping its solve", r.id());
                r.planner().cancel();
            }
        }
    }

    /**
     * Claims the oldest queued run, if any, and starts solving it; returns whether one was claimed. The tick calls it;
     * public so a test can race it against the tick, as another replica would.
     */
    public boolean claim() {
        PlanningRun run;
        try {
            run = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object> ids = em.createNativeQuery("""
                        select id from planning_run where status = 'QUEUED' order by requested_at, id
                        limit 1 for update skip locked""").getResultList();
                if (ids.isEmpty()) {
                    return null;
                }
                // the database's clock, as for every later heartbeat and the stale check (replicas' clocks may differ)
                em.createNativeQuery("""
                        update planning_run set status = 'RUNNING', claimed_by = ?, attempts = attempts + 1,
                          started_at = now(), heartbeat_at = now(), version = version + 1
                        where id = ?""").setParameter(1, replica).setParameter(2, ids.get(0)).executeUpdate();
                return em.find(PlanningRun.class, ids.get(0));
            });
        } catch (RuntimeException e) {
            LOG.warn("could not claim a planning run", e);
            return false;
        }
        if (run == null) {
            return false;
        }
        Running r = new Running(run.id, new Planner(), new AtomicReference<>());
        running.put(run.id, r);
        PlanningService.Read read;
        try {
            read = QuarkusTransaction.requiringNew().call(() -> plans.read(run));
        } catch (RuntimeException e) {
            boolean transientFailure = DatabaseFailures.isTransient(e);
            try {
                if (transientFailure) {
                    requeue(r, e); // the database is down or busy: another tick (here or elsewhere) tries again
                } else {
                    fail(r, e); // a problem that cannot be read would fail on every replica: not re-queued
                }
            } catch (RuntimeException again) {
                // the database is still away: the run keeps an old heartbeat, and the stale job re-queues it later
                LOG.warnf("planning run %s: could not record the failure to read its problem (%s)", run.id,
                        DatabaseFailures.describe(again));
            } finally {
                running.remove(run.id); // the slot is free again whatever happened
            }
            return !transientFailure; // after a transient failure, this tick claims no more (the next one will)
        }
        PlanningLimits limits = new PlanningLimits(Duration.ofSeconds(run.timeLimitSeconds),
                unimproved.compareTo(Duration.ofSeconds(run.timeLimitSeconds)) < 0 ? unimproved
                        : Duration.ofSeconds(run.timeLimitSeconds));
        PlanningProblem problem = read.problem();
        executor.submit(() -> solve(r, read, limits));
        LOG.infof("planning run %s (%s, %d shifts, %d people) claimed by %s", run.id, run.area,
                problem.shifts().size(), problem.people().size(), replica);
        return true;
    }

    /** Back to the queue after a transient database failure; the attempt does not count. */
    private void requeue(Running r, Throwable e) {
        LOG.warnf("planning run %s: could not read its problem, database failing transiently (%s); re-queued",
                r.id(), DatabaseFailures.describe(e));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update planning_run set status = 'QUEUED', claimed_by = null, attempts = greatest(attempts - 1, 0),
                  version = version + 1
                where id = ? and status = 'RUNNING' and claimed_by = ?""")
                .setParameter(1, r.id()).setParameter(2, replica).executeUpdate());
    }

    private void fail(Running r, Throwable e) {
        LOG.errorf(e, "planning run %s failed", r.id());
        String message = String.valueOf(e.getMessage());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update planning_run set status = 'FAILED', error = ?, finished_at = now(), version = version + 1
                where id = ? and status = 'RUNNING' and claimed_by = ?""")
                .setParameter(1, message.length() > 500 ? message.substring(0, 500) : message)
                .setParameter(2, r.id()).setParameter(3, replica).executeUpdate());
    }

    private void solve(Running r, PlanningService.Read read, PlanningLimits limits) {
        try {
            PlanningResult result = r.planner().solve(read.problem(), limits, r.progress()::set);
            if (stopping) {
                return; // re-queued on shutdown
            }
            String json = plans.json(PlanningService.result(read, result));
            int stored = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    update planning_run set status = 'DONE', result = ?, best_score = ?, feasible = ?,
                      uncovered_minutes = ?, finished_at = now(), heartbeat_at = now(), version = version + 1
                    where id = ? and status = 'RUNNING' and claimed_by = ?""")
                    .setParameter(1, json).setParameter(2, result.score()).setParameter(3, result.feasible())
                    .setParameter(4, result.softScores().isEmpty() ? 0L : -result.softScores().get(0))
                    .setParameter(5, r.id()).setParameter(6, replica).executeUpdate());
            LOG.infof("planning run %s %s: %s, %d uncovered slots, %s", r.id(), stored == 1 ? "done" : "dropped "
                    + "(cancelled or re-queued meanwhile)", result.score(), result.uncoveredSlots(), result.termination());
        } catch (RuntimeException | Error e) {
            if (!stopping) {
                fail(r, e);
            }
        } finally {
            running.remove(r.id());
        }
    }

    @Scheduled(every = "${roster.planning.stale-scan:30s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void staleScan() {
        if (!stopping) {
            jobs.runOnce("roster.planning-stale", this::requeueStale);
        }
    }

    /**
     * Puts RUNNING runs whose heartbeat is older than {@code roster.planning.stale-after} (their replica died) back in
     * the queue, or fails them after {@link #MAX_ATTEMPTS} attempts. Returns how many it changed. Run it through
     * {@link ClusterJob#runOnce}; the database's clock decides, so replicas' clocks need not agree.
     */
    public int requeueStale() {
        String seconds = String.valueOf(staleAfter.toSeconds());
        int failed = em.createNativeQuery("""
                update planning_run set status = 'FAILED', claimed_by = null, finished_at = now(), version = version + 1,
                  error = 'its replica stopped answering ' || attempts || ' times; not tried again'
                where status = 'RUNNING' and heartbeat_at < now() - cast(? as interval) and attempts >= ?""")
                .setParameter(1, seconds + " seconds").setParameter(2, MAX_ATTEMPTS).executeUpdate();
        int requeued = em.createNativeQuery("""
                update planning_run set status = 'QUEUED', claimed_by = null, version = version + 1
                where status = 'RUNNING' and heartbeat_at < now() - cast(? as interval)""")
                .setParameter(1, seconds + " seconds").executeUpdate();
        if (failed + requeued > 0) {
            LOG.warnf("stale planning runs: %d re-queued, %d failed", requeued, failed);
        }
        return failed + requeued;
    }

    /** Before the datasource closes: stop the solves and give their runs back to the queue. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) ShutdownEvent event) {
        stopping = true;
        if (running.isEmpty()) {
            return;
        }
        try {
            int n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                    update planning_run set status = 'QUEUED', claimed_by = null, version = version + 1
                    where status = 'RUNNING' and claimed_by = ?""").setParameter(1, replica).executeUpdate());
            LOG.infof("stopping: %d planning run(s) re-queued", n);
        } catch (RuntimeException e) {
            LOG.warn("stopping: could not re-queue the running planning runs; the stale job will", e);
        }
        running.values().forEach(r -> r.planner().cancel());
    }

    @PreDestroy
    void close() {
        stopping = true;
        running.values().forEach(r -> r.planner().cancel());
        executor.shutdownNow();
    }

    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                h = "replica";
            }
        }
        return h.length() > 60 ? h.substring(0, 60) : h;
    }
}
