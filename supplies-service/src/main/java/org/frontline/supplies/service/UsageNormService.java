package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;
import org.frontline.supplies.UsageNorm;

import io.quarkus.panache.common.Sort;

/** Usage norms per duty and item; a change applies the forecast again where that duty has shifts in the window. */
@ApplicationScoped
public class UsageNormService {

    static final BigDecimal MAX_PER_SHIFT = new BigDecimal("999999.99");

    private final ForecastService forecast;
    private final Clock clock;

    public UsageNormService(ForecastService forecast, Clock clock) {
        this.forecast = forecast;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UsageNorm> list() {
        return UsageNorm.findAll(Sort.by("id.dutyCode").and("id.itemCode")).list();
    }

    /** Creates or changes a norm; returns whether it was new. */
    @Transactional
    public boolean put(String dutyCode, String itemCode, BigDecimal perShift, String by) {
        if (perShift.signum() <= 0 || perShift.compareTo(MAX_PER_SHIFT) > 0
                || perShift.stripTrailingZeros().scale() > 2) {
            throw ProblemException.badRequest("Invalid norm",
                    "perShift must be more than 0 and at most 999999.99, with at most two decimals", "perShift");
        }
        if (dutyCode.isBlank() || dutyCode.length() > 40) {
            throw ProblemException.badRequest("Invalid norm", "dutyCode must have 1 to 40 characters", "dutyCode");
        }
        if (Item.findById(itemCode) == null) {
            throw ProblemException.notFound("Item", itemCode);
        }
        UsageNorm norm = UsageNorm.findById(new UsageNorm.Key(dutyCode, itemCode));
        boolean created = norm == null;
        if (created) {
            norm = new UsageNorm();
            norm.id = new UsageNorm.Key(dutyCode, itemCode);
        }
        norm.perShift = perShift;
        norm.updatedBy = by;
        norm.updatedAt = OffsetDateTime.now(clock);
        norm.persist();
        UsageNorm.flush();
        forecast.applyForDuty(dutyCode);
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

    @Transactional
    public void delete(String dutyCode, String itemCode) {
        UsageNorm norm = get(dutyCode, itemCode);
        norm.delete();
        UsageNorm.flush();
        forecast.applyForDuty(dutyCode);
    }
}
