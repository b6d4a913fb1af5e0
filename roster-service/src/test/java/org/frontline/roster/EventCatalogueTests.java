package org.frontline.roster;

import jakarta.inject.Inject;

import org.frontline.platform.testing.EventCatalogue;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.NoPersonalData;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import org.frontline.roster.events.QualificationExpiring;
import org.frontline.roster.events.StaffRegistered;
import org.frontline.roster.events.VolunteerRegistered;

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
        EventCatalogue.check(mapper, "roster", StaffRegistered.class, VolunteerRegistered.class,
                QualificationExpiring.class, org.frontline.roster.events.ShiftPublished.class,
                org.frontline.roster.events.ShiftStaffingChanged.class, org.frontline.roster.events.WorkloadExceeded.class,
                org.frontline.roster.events.PlanPublished.class,
                org.frontline.roster.events.TeamMembersChanged.class,
                org.frontline.roster.events.PersonDutiesChanged.class);
    }
}
