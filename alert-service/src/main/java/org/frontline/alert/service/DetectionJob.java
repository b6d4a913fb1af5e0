package org.frontline.alert.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import org.frontline.alert.config.AlertsConfig;
import org.frontline.alert.signal.SignalsChanged;
import org.frontline.platform.jobs.ClusterJob;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * When detection runs: at once after the signal consumers commit a batch ({@code SignalsChanged}, handed to one
 * background thread so the consumer never waits; repeated events while a run is under way coalesce into one more
 * run), and every {@code alert.detection.sweep} (10 s) as the safety net, once across replicas. Both drain
 * {@code signal_dirty} through {@link Detection#page}.
 */
@ApplicationScoped
public class DetectionJob {

    private static final Logger LOG = Logger.getLogger(DetectionJob.class);
    static final String NAME = "alert.detection";

    private final Detection detection;
    private final ClusterJob jobs;
    private final AlertsConfig.Detection config;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-detection");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean requested = new AtomicBoolean();

    public DetectionJob(Detection detection, ClusterJob jobs, AlertsConfig.Detection config) {
        this.detection = detection;
        this.jobs = jobs;
        this.config = config;
    }

    /**
     * Observes the consumers' {@link SignalsChanged} (fired after their batch committed) and starts a run on the
     * background thread: the consumer's thread only hands the work over. The job is looked up when the event comes,
     * so the listener does not hold up startup.
     */
    @ApplicationScoped
    static class SignalsChangedListener {

        private final Instance<DetectionJob> job;

        SignalsChangedListener(Instance<DetectionJob> job) {
            this.job = job;
        }

        void onChange(@Observes SignalsChanged event) {
            job.get().request();
        }
    }

    /** Starts a run on the background thread unless one is already waiting to start. */
    public void request() {
        if (config.onChange() && requested.compareAndSet(false, true)) {
            executor.execute(() -> {
                requested.set(false);
                try {
                    drain();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "detection run failed; the sweep takes the series again");
                }
            });
        }
    }

    @Scheduled(every = "${alert.detection.sweep:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void sweep() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "detection sweep failed");
        }
    }

    /** Drains every page once across replicas (ClusterJob); returns the series taken, -1 if another held it. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int size = config.pageSize();
        var start = detection.runStart();
        return JobPages.run(jobs, NAME, size, () -> detection.page(size, start));
    }

    /** Drains without the cluster lock: replicas share the work through skip locked. */
    int drain() {
        int size = config.pageSize();
        var start = detection.runStart();
        int total = 0;
        int taken;
        do {
            taken = detection.page(size, start); // claims and fires in transactions of its own
            total += taken;
        } while (taken == size);
        return total;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
