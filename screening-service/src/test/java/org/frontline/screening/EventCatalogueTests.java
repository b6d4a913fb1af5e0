package org.frontline.screening;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.frontline.platform.testing.EventCatalogue;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.NoPersonalData;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.PositiveTestReported;
import org.frontline.screening.events.QuarantineEvents;
import org.frontline.screening.events.CampaignEvents;
import org.frontline.screening.events.CorrectionEvents;

/**
 * docs/asyncapi.yaml documents exactly the events this service publishes, with examples that read back: every
 * {@code @EventType} record in this module's classes, found by scanning them (a new event needs no change here).
 */
@QuarkusTest
@FrontlineTest
class EventCatalogueTests {

    @Inject
    ObjectMapper mapper;

    @Test
    void theScanFindsEveryEventOfTheService() throws Exception {
        assertThat(EventCatalogue.discover()).contains(ResidentScreened.class, FeverDetected.class,
                PositiveTestReported.class, QuarantineEvents.QuarantineStarted.class,
                QuarantineEvents.QuarantineCheckInMissed.class, QuarantineEvents.QuarantineCheckInRecovered.class,
                QuarantineEvents.QuarantineEnded.class,
                QuarantineEvents.QuarantineExtended.class, CorrectionEvents.ScreeningCorrected.class,
                CorrectionEvents.ScreeningRetracted.class, CorrectionEvents.TestResultCorrected.class,
                CorrectionEvents.TestResultRetracted.class, CampaignEvents.CampaignProgressed.class,
                CampaignEvents.CampaignClosed.class);
    }

    @Test
    void noEventHasAFieldForPersonalData() throws Exception {
        NoPersonalData.assertRecords(EventCatalogue.discover().toArray(Class<?>[]::new));
    }

    @Test
    void theCatalogueMatchesThePublishedEvents() throws Exception {
        EventCatalogue.check(mapper, "screening");
    }
}
