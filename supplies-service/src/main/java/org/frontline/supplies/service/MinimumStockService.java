package org.frontline.supplies.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.supplies.Item;
import org.frontline.supplies.Stock;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.config.SuppliesConfig;
import org.frontline.supplies.cover.Cover;
import org.frontline.supplies.messaging.PlanEventsReceived.MinimumStockRequested;
import org.jboss.logging.Logger;

/**
 * A response plan's MinimumStockRequested (README "Minimum levels from a response plan"): every stock of the
 * community's store — and each critical item it holds none of yet, as PUT …/levels would create it — gets
 * {@code minDays = max(its effective minDays, requested)}, {@code maxDays = max(its maxDays, that)}, emergencyDays
 * unchanged, through {@link CoverService#setLevels} (the level is evaluated at once; a crossing is announced once).
 * Levels are only raised, never lowered, so a re-delivered or re-sent request changes nothing more, and a stock whose
 * levels would not move is left alone (no event).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MinimumStockService {

    private static final Logger LOG = Logger.getLogger(MinimumStockService.class);
    static final String MINIMUM_STOCK_REQUESTED = "MinimumStockRequested";

    private final CoverService cover;
    private final Ledger ledger;
    private final SuppliesConfig config;
    private final EntityManager em;
    private final ObjectMapper mapper;

    public MinimumStockService(CoverService cover, Ledger ledger, SuppliesConfig config, EntityManager em,
            ObjectMapper mapper) {
        this.cover = cover;
        this.ledger = ledger;
        this.config = config;
        this.em = em;
        this.mapper = mapper;
    }

    /** Applies one alert-service event (called by the inbox, inside its transaction); only MinimumStockRequested counts. */
    public void onAlertEvent(InboundEvent event) {
        if (!MINIMUM_STOCK_REQUESTED.equals(event.name())) {
            return;
        }
        MinimumStockRequested request;
        try {
            request = mapper.treeToValue(event.data(), MinimumStockRequested.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("MinimumStockRequested " + event.id() + " is unreadable: " + e.getMessage());
        }
        if (request.communityCode() == null || !AreaCodes.isAreaPrefix(request.communityCode())
                || request.minDays() == null || request.minDays().signum() <= 0
                || request.minDays().compareTo(CoverService.MAX_DAYS) > 0) {
            throw new PoisonMessageException("MinimumStockRequested " + event.id()
                    + " needs a community code and minDays in (0, 365]");
        }
        raise(request.communityCode(), request.minDays().setScale(1, RoundingMode.CEILING), request.requestId());
    }

    /** Raises the levels of the community's store(s); returns how many stocks changed their levels. */
    int raise(String community, BigDecimal minDays, Object requestId) {
        List<StockSite> stores = StockSite.list("kind = ?1 and areaCode = ?2 order by id",
                StockSite.Kind.COMMUNITY_STORE, community);
        if (stores.isEmpty()) {
            LOG.infof("minimum stock request %s: community %s has no store; nothing raised", requestId, community);
            return 0;
        }
        List<String> critical = em.createQuery("select i.code from Item i where i.critical = true", String.class)
                .getResultList();
        int changed = 0;
        for (StockSite store : stores) {
            // the store's stocks and its missing critical items, in item-code order (the Ledger's lock order)
            TreeSet<String> codes = new TreeSet<>(critical);
            codes.addAll(em.createQuery("select s.id.itemCode from Stock s where s.id.siteId = :site", String.class)
                    .setParameter("site", store.id).getResultList());
            for (String code : codes) {
                Stock stock = em.find(Stock.class, new Stock.Key(store.id, code), LockModeType.PESSIMISTIC_WRITE);
                Cover.Levels now = stock != null ? ledger.cover(stock).levels()
                        : new Cover.Levels(config.levels().minDays(), config.levels().maxDays(),
                                config.levels().emergencyDays());
                BigDecimal min = now.minDays().max(minDays);
                BigDecimal max = now.maxDays().max(min);
                if (min.compareTo(now.minDays()) == 0 && max.compareTo(now.maxDays()) == 0) {
                    continue; // nothing would move (a missing item keeps the defaults): no write, no event
                }
                cover.setLevels(store, code, min, max, now.emergencyDays());
                changed++;
            }
        }
        LOG.infof("minimum stock request %s: %s raised to at least %s days of cover (%d stocks changed)", requestId,
                community, minDays, changed);
        return changed;
    }
}
