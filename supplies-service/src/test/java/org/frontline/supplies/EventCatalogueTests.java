package org.frontline.supplies;

import jakarta.inject.Inject;

import org.frontline.platform.testing.EventCatalogue;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.NoPersonalData;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.frontline.supplies.events.RequisitionEvents;
import org.frontline.supplies.events.StockEvents;
import org.frontline.supplies.events.StockSiteRegistered;

/** docs/asyncapi.yaml documents exactly the events this service publishes, with examples that read back. */
@QuarkusTest
@FrontlineTest
class EventCatalogueTests {

    @Inject
    ObjectMapper mapper;

    @Test
    void noEventHasAFieldForPersonalData() throws Exception {
        // field names of every event record of this module (found by scanning), not a search for one name
        // reviewed: StockSiteRegistered.name is the name of a store or depot ("North store"), not of a person
        NoPersonalData.assertRecordsExcept(java.util.Set.of("StockSiteRegistered.name"),
                EventCatalogue.discover().toArray(Class<?>[]::new));
    }

    @Test
    void theCatalogueMatchesThePublishedEvents() throws Exception {
        EventCatalogue.check(mapper, "supplies", StockSiteRegistered.class, StockEvents.StockChanged.class,
                StockEvents.StockLevelCrossed.class, StockEvents.LotExpiring.class,
                RequisitionEvents.RequisitionSubmitted.class, RequisitionEvents.RequisitionDecided.class,
                RequisitionEvents.TransferDispatched.class, RequisitionEvents.TransferReceived.class);
    }
}
