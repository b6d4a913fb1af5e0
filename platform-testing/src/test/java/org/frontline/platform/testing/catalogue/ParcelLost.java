package org.frontline.platform.testing.catalogue;

import java.util.UUID;

import org.frontline.platform.events.EventType;

/** Fixture event for {@code EventCatalogueTest}. */
@EventType(name = "ParcelLost", version = 2)
public record ParcelLost(UUID parcelId, String communityCode) {
}
