package org.frontline.screening.events;

import java.time.LocalDate;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** The quarantine facts this service publishes. */
public final class QuarantineEvents {

    private QuarantineEvents() {
    }

    @EventType(name = "QuarantineStarted", version = 1)
    public record QuarantineStarted(UUID quarantineId, UUID residentId, String communityCode, String kind,
            LocalDate startDate, LocalDate plannedEndDate) implements DomainEvent {
    }

    /** No check-in arrived for a whole day of an active period (detected once per day). */
    @EventType(name = "QuarantineCheckInMissed", version = 1)
    public record QuarantineCheckInMissed(UUID quarantineId, UUID residentId, String communityCode, LocalDate day)
            implements DomainEvent {
    }

    /**
     * A check-in synced late for a day already reported missed: that {@link QuarantineCheckInMissed} is withdrawn
     * (the day is no longer missed). Nothing about the check-in itself (temperature, symptoms) is published.
     */
    @EventType(name = "QuarantineCheckInRecovered", version = 1)
    public record QuarantineCheckInRecovered(UUID quarantineId, UUID residentId, String communityCode, LocalDate day)
            implements DomainEvent {
    }

    /** The planned end moved later (the reason stays in the service: it is free text). */
    @EventType(name = "QuarantineExtended", version = 1)
    public record QuarantineExtended(UUID quarantineId, UUID residentId, String communityCode,
            LocalDate previousPlannedEndDate, LocalDate plannedEndDate) implements DomainEvent {
    }

    @EventType(name = "QuarantineEnded", version = 1)
    public record QuarantineEnded(UUID quarantineId, UUID residentId, String communityCode, String reason,
            LocalDate endedOn) implements DomainEvent {
    }
}
