package org.frontline.alert;

import jakarta.inject.Inject;

import org.frontline.platform.testing.EventCatalogue;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.NoPersonalData;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.frontline.alert.events.AlertEvents;
import org.frontline.alert.events.AlertRaised;
import org.frontline.alert.events.PlanEvents;

/** docs/asyncapi.yaml documents exactly the events this service publishes, with examples that read back. */
@QuarkusTest
@FrontlineTest
class EventCatalogueTests {

    @Inject
    ObjectMapper mapper;

    @Test
    void noEventHasAFieldForPersonalData() throws Exception {
        // field names of every event record of this module (found by scanning), not a search for one name
        NoPersonalData.assertRecords(EventCatalogue.discover().toArray(Class<?>[]::new));
    }

    @Test
    void theCatalogueMatchesThePublishedEvents() throws Exception {
        EventCatalogue.check(mapper, "alert", AlertRaised.class, AlertEvents.AlertUpdated.class,
                AlertEvents.AlertEscalated.class, AlertEvents.AlertAcknowledged.class,
                AlertEvents.AlertPhaseChanged.class, AlertEvents.AlertClosed.class, PlanEvents.PlanActivated.class,
                PlanEvents.TaskAssigned.class, PlanEvents.TaskCompleted.class, PlanEvents.TaskOverdue.class,
                PlanEvents.PlanCompleted.class, PlanEvents.DrillCompleted.class, PlanEvents.NoticePublished.class,
                PlanEvents.SurgeShiftsRequested.class, PlanEvents.MinimumStockRequested.class,
                PlanEvents.CampaignRequested.class);
    }
}
