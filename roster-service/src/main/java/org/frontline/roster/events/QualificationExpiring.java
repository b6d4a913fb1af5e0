package org.frontline.roster.events;

import java.time.LocalDate;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * A person's qualification entered the notice window ({@code roster.qualification-notice}): it expires on
 * {@code expiresOn} (its last valid day) unless renewed. Sent once per qualification.
 */
@EventType(name = "QualificationExpiring", version = 1)
public record QualificationExpiring(UUID personId, String communityCode, String qualificationCode,
        LocalDate expiresOn) implements DomainEvent {
}
