package org.frontline.roster.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * A team was formed (no members yet) or its members were replaced: the whole list, so a reader keeps only the latest.
 * {@code title} is the team's name (a team, not a person); members are person ids only.
 */
@EventType(name = "TeamMembersChanged", version = 1)
public record TeamMembersChanged(UUID teamId, String communityCode, String title, String purpose,
        List<UUID> memberIds, OffsetDateTime changedAt) implements DomainEvent {

    public static final String TOPIC = "roster.events";
}
