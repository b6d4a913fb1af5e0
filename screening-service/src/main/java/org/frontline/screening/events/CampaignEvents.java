package org.frontline.screening.events;

import java.math.BigDecimal;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** The door-to-door campaign facts this service publishes. */
public final class CampaignEvents {

    private CampaignEvents() {
    }

    /** After each visit: how far the campaign has come. */
    @EventType(name = "CampaignProgressed", version = 1)
    public record CampaignProgressed(UUID campaignId, String communityCode, int targetHouseholds, int reachedHouseholds,
            BigDecimal coveragePercent) implements DomainEvent {
    }

    @EventType(name = "CampaignClosed", version = 1)
    public record CampaignClosed(UUID campaignId, String communityCode, int targetHouseholds, int reachedHouseholds,
            BigDecimal coveragePercent) implements DomainEvent {
    }
}
