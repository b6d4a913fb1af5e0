package org.frontline.roster.events;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The duties a person may hold today: those with required qualifications, all of which the person holds validly today
 * (the latest of each code). {@code validUntil} is the earliest expiry among them (null: none expires). A duty that
 * requires nothing is never listed (anyone may hold it). Sent on registration, an active change, a qualification's
 * grant or revocation and training attendance — the whole list each time, so a reader keeps only the latest; an
 * inactive person keeps their list ({@code active} false: a reader calls nobody inactive).
 */
@EventType(name = "PersonDutiesChanged", version = 1)
public record PersonDutiesChanged(UUID personId, String communityCode, boolean active, List<HeldDuty> duties,
        OffsetDateTime changedAt) implements DomainEvent {

    public static final String TOPIC = "roster.events";

    /** A duty the person may hold, until the day their earliest expiring required qualification ends. */
    public record HeldDuty(String dutyCode, LocalDate validUntil) {
    }
}
