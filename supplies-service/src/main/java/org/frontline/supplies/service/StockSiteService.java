package org.frontline.supplies.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    public StockSiteService(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public StockSite register(String communityCode, StockSite.Kind kind, String name, String registeredBy) {
        String trimmed = name.strip();
        if (StockSite.count("communityCode = ?1 and lower(name) = lower(?2)", communityCode, trimmed) > 0) {
            throw ProblemException.conflict("Site exists",
                    "Community " + communityCode + " already has a stock site named '" + trimmed + "'");
        }
        StockSite site = new StockSite();
        site.id = UUID.randomUUID();
        site.communityCode = communityCode;
        site.kind = kind;
        site.name = trimmed;
        site.registeredBy = registeredBy;
        site.registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        site.persist();
        outbox.record(StockSiteRegistered.TOPIC,
                new StockSiteRegistered(site.id, site.communityCode, site.kind.name(), site.name, site.registeredAt));
        return site;
    }
}
