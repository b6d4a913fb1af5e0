package org.frontline.screening.messaging;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Our copy of the fields we read from alert-service's plan events (tolerant reader: unknown fields are ignored; the
 * publisher's records stay in alert-service).
 */
public final class PlanRequests {

    private PlanRequests() {
    }

    /** {@code frontline.alert.CampaignRequested.v1}: open a door-to-door campaign ({@code grid} null: the whole community). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CampaignRequested(UUID requestId, UUID activationId, UUID alertId, String communityCode, String grid,
            String title, OffsetDateTime requestedAt) {
    }

    /** {@code frontline.alert.NoticePublished.v1}: a notice to the residents of an area (a community or a prefix). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NoticePublished(UUID noticeId, String communityCode, UUID alertId, String headlineZh,
            String headlineEn, String whatHappenedZh, String whatHappenedEn, String whatToDoZh, String whatToDoEn,
            String whereToGetHelpZh, String whereToGetHelpEn, OffsetDateTime publishedAt, OffsetDateTime expiresAt) {
    }
}
