package org.frontline.supplies.service;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.jobs.ClusterJob;
import org.frontline.supplies.config.SuppliesConfig;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * The daily re-evaluation (README "Daily re-evaluation"): the rate window and the forecast window move with the
 * city day, so a level can be crossed without any posting. Every {@code supplies.reevaluation.interval} a round
 * runs two passes, each as a loop of pages, every page its own short {@code ClusterJob.runOnce} transaction (so no
 * transaction lasts longer than a page, and the advisory lock is held only while a page runs):
 * <ol>
 * <li>forecast: stores whose forecast was not applied today ({@code stock_site.forecast_on}) and that have a shift
 * in the window or a forecast still above 0 — {@link #storesPerPage} stores a page;</li>
 * <li>rate: stocks not re-evaluated today ({@code rate_on}), {@code supplies.reevaluation.page-size} a page.</li>
 * </ol>
 * Each pass stops when a page comes back short (nothing left) or another replica holds the lock (it is working
 * through the same pages; this replica tries again next round). A crossing is announced once (the ledger keeps
 * the level last announced).
 */
@ApplicationScoped
public class CoverJob {

    private static final Logger LOG = Logger.getLogger(CoverJob.class);
    static final String NAME = "supplies.cover-reevaluation";

    private final ClusterJob jobs;
    private final CoverService cover;
    private final ForecastService forecast;
    private final SuppliesConfig config;
    private final Clock clock;

    public CoverJob(ClusterJob jobs, CoverService cover, ForecastService forecast, SuppliesConfig config,
            Clock clock) {
        this.jobs = jobs;
        this.cover = cover;
        this.forecast = forecast;
        this.config = config;
        this.clock = clock;
    }

    /** Stores a forecast page applies: a tenth of the page size (a store has a stock row per item with a norm). */
    static int storesPerPage(SuppliesConfig config) {
        return Math.max(1, config.reevaluation().pageSize() / 10);
    }

    @Scheduled(every = "${supplies.reevaluation.interval:1h}", delayed = "${supplies.reevaluation.delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        run();
    }

    /**
     * One round; returns how many stocks the rate pass re-evaluated (-1: another replica held the job's lock at
     * the first page).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int run() {
        int stores = pages(storesPerPage(config), size -> cover.forecastPage(forecast, size));
        if (stores < 0) {
            return -1;
        }
        int stocks = pages(config.reevaluation().pageSize(), cover::reevaluatePage);
        if (stores > 0 || stocks > 0) {
            LOG.infof("applied the forecast of %d stores, re-evaluated %d stocks for %s", stores, Math.max(stocks, 0),
                    LocalDate.now(clock));
        }
        return stocks;
    }

    /** Runs pages until one comes back short; each page one runOnce. -1 when the lock was taken at the first. */
    private int pages(int size, java.util.function.IntUnaryOperator page) {
        int total = 0;
        while (true) {
            int[] done = {-1};
            if (!jobs.runOnce(NAME, () -> done[0] = page.applyAsInt(size))) {
                return total == 0 ? -1 : total;
            }
            total += done[0];
            if (done[0] < size) {
                return total;
            }
        }
    }
}
