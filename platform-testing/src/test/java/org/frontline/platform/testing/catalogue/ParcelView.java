package org.frontline.platform.testing.catalogue;

import java.util.UUID;

/** Fixture: a record of the module that is not an event (no {@code @EventType}). */
public record ParcelView(UUID parcelId, String communityCode) {
}
