package org.frontline.platform.testapp;

import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

@EventType(name = "NoteWritten", version = 1)
public record NoteWritten(UUID noteId, String communityCode, int seq) implements DomainEvent {
}
