package org.frontline.supplies.service;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.jobs.ClusterJob;
import org.frontline.supplies.config.SuppliesConfig;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * The daily re-evaluation (README "Daily re-evaluation"): the rate window and the forecast window move with the
 * city day, so a level can be crossed without any posting. Every {@code supplies.reevaluation.interval} one
 * replica looks for stocks not re-evaluated today; the first look of a day applies the forecast of every
 * community with shifts in the new window, then re-evaluates the remaining stocks in pages (a transaction each),
 * each announcing a crossing once (the ledger keeps the level last announced).
 */
@ApplicationScoped
public class CoverJob {

    private static final Logger LOG = Logger.getLogger(CoverJob.class);

    private final ClusterJob jobs;
    private final CoverService cover;
    private final ForecastService forecast;
    private final SuppliesConfig config;
    private final EntityManager em;
    private final Clock clock;

    public CoverJob(ClusterJob jobs, CoverService cover, ForecastService forecast, SuppliesConfig config,
            EntityManager em, Clock clock) {
        this.jobs = jobs;
        this.cover = cover;
        this.forecast = forecast;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    @Scheduled(every = "${supplies.reevaluation.interval:1h}", delayed = "${supplies.reevaluation.delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduled() {
        run();
    }

    /** One round, once across replicas; returns how many stocks the rate pass re-evaluated (-1: another replica ran). */
    public int run() {
        int[] done = {-1};
        jobs.runOnce("supplies.cover-reevaluation", () -> done[0] = reevaluate());
        return done[0];
    }

    private int reevaluate() {
        LocalDate today = LocalDate.now(clock);
        boolean due = !em.createNativeQuery("select 1 from stock where rate_on is null or rate_on < ?1 limit 1")
                .setParameter(1, today).getResultList().isEmpty();
        if (!due) {
            return 0;
        }
        // the day's first round: shifts that entered the forecast window make (or raise) stores' forecasts
        for (String community : forecast.communitiesInWindow()) {
            cover.applyForecast(forecast, community);
        }
        int size = config.reevaluation().pageSize();
        int total = 0;
        int page;
        do {
            page = cover.reevaluatePage(forecast, size);
            total += page;
        } while (page == size);
        LOG.infof("re-evaluated %d stocks for %s", total, today);
        return total;
    }
}
