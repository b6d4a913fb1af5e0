package org.frontline.supplies.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.events.StockSiteRegistered;

@ApplicationScoped
public class StockSiteService {

    private final Outbox outbox;
    private final java.time.Clock clock;
    /** A new store gets the forecast of the shifts already planned in its community. */
    @jakarta.inject.Inject
    ForecastService forecast;

    public StockSiteService(Outbox outbox, java.time.Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public StockSite register(String areaCode, StockSite.Kind kind, String name, String registeredBy) {
        String trimmed = name.strip();
        if (areaCode.length() != kind.codeLength) {
            throw ProblemException.badRequest("Invalid area for the kind", "a " + kind + " belongs to an area code of "
                    + kind.codeLength + " digits", "areaCode");
        }
        if (StockSite.count("areaCode = ?1 and lower(name) = lower(?2)", areaCode, trimmed) > 0) {
            throw ProblemException.conflict("Site exists",
                    "Area " + areaCode + " already has a stock site named '" + trimmed + "'");
        }
        if (kind == StockSite.Kind.COMMUNITY_STORE && StockSite.count("areaCode = ?1 and kind = ?2", areaCode, kind) > 0) {
            throw ProblemException.conflict("Store exists", "Community " + areaCode + " already has its store");
        }
        StockSite site = new StockSite();
        site.id = UUID.randomUUID();
        site.areaCode = areaCode;
        site.kind = kind;
        site.name = trimmed;
        site.registeredBy = registeredBy;
        site.registeredAt = OffsetDateTime.now(clock);
        site.persist();
        outbox.record(StockSiteRegistered.TOPIC,
                new StockSiteRegistered(site.id, site.areaCode, site.kind.name(), site.name, site.registeredAt));
        forecast.applyToNewStore(site);
        return site;
    }
}
