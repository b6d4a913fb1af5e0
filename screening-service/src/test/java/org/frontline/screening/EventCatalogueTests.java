package org.frontline.screening;

import jakarta.inject.Inject;

import org.frontline.platform.testing.EventCatalogue;
import org.frontline.platform.testing.FrontlineTest;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.PositiveTestReported;
import org.frontline.screening.events.QuarantineEvents;
import org.frontline.screening.events.CampaignEvents;

/** docs/asyncapi.yaml documents exactly the events this service publishes, with examples that read back. */
@QuarkusTest
@FrontlineTest
class EventCatalogueTests {

    @Inject
    ObjectMapper mapper;

    @Test
    void theCatalogueMatchesThePublishedEvents() throws Exception {
        EventCatalogue.check(mapper, "screening", ResidentScreened.class, FeverDetected.class, PositiveTestReported.class,
                QuarantineEvents.QuarantineStarted.class, QuarantineEvents.QuarantineCheckInMissed.class,
                QuarantineEvents.QuarantineEnded.class,
                CampaignEvents.CampaignProgressed.class, CampaignEvents.CampaignClosed.class);
    }
}
