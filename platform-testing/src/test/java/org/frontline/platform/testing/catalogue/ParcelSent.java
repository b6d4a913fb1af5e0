package org.frontline.platform.testing.catalogue;

import java.util.UUID;

import org.frontline.platform.events.EventType;

/** Fixture event for {@code EventCatalogueTest}. */
@EventType(name = "ParcelSent")
public record ParcelSent(UUID parcelId, String communityCode, int items) {
}
