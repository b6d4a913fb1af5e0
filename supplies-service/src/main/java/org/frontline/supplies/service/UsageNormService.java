package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.UsageNorm;
import org.frontline.supplies.config.SuppliesConfig;

import io.quarkus.panache.common.Sort;

/** Usage norms per duty and item; a change applies the forecast again where that duty has shifts in the window. */
@ApplicationScoped
public class UsageNormService {

    static final BigDecimal MAX_PER_SHIFT = new BigDecimal("999999.99");

    private final ForecastService forecast;
    private final CoverService cover;
    private final SuppliesConfig config;

    public UsageNormService(ForecastService forecast, CoverService cover, SuppliesConfig config) {
        this.forecast = forecast;
        this.cover = cover;
        this.config = config;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UsageNorm> list() {
        return UsageNorm.findAll(Sort.by("id.dutyCode").and("id.itemCode")).list();
    }

    /**
     * Creates or changes a norm; returns whether it was new. The norm is stored (and the stores of communities
     * with shifts of the duty in the window marked as due) in one short transaction; then their forecasts are
     * applied page by page, a transaction each ({@link CoverService#forecastPage}), before the answer. If that is
     * cut short, the norm stays stored and the job applies the stores left (they stay marked).
     */
    public boolean put(String dutyCode, String itemCode, BigDecimal perShift, String by) {
        if (perShift.signum() <= 0 || perShift.compareTo(MAX_PER_SHIFT) > 0
                || perShift.stripTrailingZeros().scale() > 2) {
            throw ProblemException.badRequest("Invalid norm",
                    "perShift must be more than 0 and at most 999999.99, with at most two decimals", "perShift");
        }
        if (dutyCode.isBlank() || dutyCode.length() > 40) {
            throw ProblemException.badRequest("Invalid norm", "dutyCode must have 1 to 40 characters", "dutyCode");
        }
        boolean created = forecast.putNorm(dutyCode, itemCode, perShift, by);
        applyDue();
        return created;
    }

    @Transactional
    public UsageNorm get(String dutyCode, String itemCode) {
        UsageNorm norm = UsageNorm.findById(new UsageNorm.Key(dutyCode, itemCode));
        if (norm == null) {
            throw ProblemException.notFound("Usage norm", dutyCode + "/" + itemCode);
        }
        return norm;
    }

    /** Deletes a norm (404 if none), then applies the forecasts it touched page by page, as {@link #put}. */
    public void delete(String dutyCode, String itemCode) {
        forecast.deleteNorm(dutyCode, itemCode);
        applyDue();
    }

    /** Every store whose forecast is due, a page of stores per transaction. */
    private void applyDue() {
        int size = CoverJob.storesPerPage(config);
        while (cover.forecastPage(forecast, size) == size) {
            // the next page, in a transaction of its own
        }
    }
}
