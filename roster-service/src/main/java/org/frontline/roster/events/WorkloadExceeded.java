package org.frontline.roster.events;

import java.time.LocalDate;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * A person's published hours in one city week passed the warning level {@code roster.workload.weekly-limit}. Said
 * once per person and week; {@code communityCode} is the person's home community.
 */
@EventType(name = "WorkloadExceeded", version = 1)
public record WorkloadExceeded(UUID personId, String communityCode, LocalDate weekStart, double hours,
        double limitHours) implements DomainEvent {

    public static final String TOPIC = "roster.events";
}
