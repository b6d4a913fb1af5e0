package org.frontline.screening.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.screening.messaging.PlanRequests.CampaignRequested;
import org.frontline.screening.messaging.PlanRequests.NoticePublished;
import org.jboss.logging.Logger;

/**
 * What alert-service's response plans ask of screening-service (README "Requests from response plans", "Notices to
 * residents"). Called by the inbox inside its transaction; an event that cannot be applied however often it is
 * retried (a missing id, an area that is no code) is a poison message, dead-lettered.
 */
@ApplicationScoped
@Transactional
public class PlanRequestService {

    private static final Logger LOG = Logger.getLogger(PlanRequestService.class);
    /** A request without a title still opens a campaign the community can recognise. */
    static final String DEFAULT_TITLE = "Door-to-door campaign (response plan)";

    private final CampaignService campaigns;
    private final ResidentNoticeService notices;

    public PlanRequestService(CampaignService campaigns, ResidentNoticeService notices) {
        this.campaigns = campaigns;
        this.notices = notices;
    }

    /**
     * Opens the requested campaign once per requestId. Campaigns belong to one community: a request for a wider area
     * (a street or district prefix) opens nothing and is logged.
     */
    public void campaignRequested(CampaignRequested request) {
        if (request.requestId() == null) {
            throw new PoisonMessageException("CampaignRequested without requestId");
        }
        String community = request.communityCode();
        if (community == null || !AreaCodes.isAreaPrefix(community)) {
            throw new PoisonMessageException("CampaignRequested " + request.requestId() + " names no valid area: " + community);
        }
        if (!AreaCodes.isCommunityCode(community)) {
            LOG.warnf("CampaignRequested %s is for the wider area %s; campaigns are per community, none opened",
                    request.requestId(), community);
            return;
        }
        String grid = request.grid() == null || request.grid().isBlank() ? null : request.grid().strip();
        if (grid != null && grid.length() > 40) {
            throw new PoisonMessageException("CampaignRequested " + request.requestId() + " names a grid longer than 40 characters");
        }
        String title = request.title() == null || request.title().isBlank() ? DEFAULT_TITLE : request.title().strip();
        if (title.length() > 200) {
            title = title.substring(0, 200);
        }
        campaigns.openRequested(request.requestId(), community, grid, title).ifPresentOrElse(
                c -> LOG.infof("campaign %s opened in %s for plan request %s (activation %s)", c.id, community,
                        request.requestId(), request.activationId()),
                () -> LOG.debugf("plan request %s already opened its campaign", request.requestId()));
    }

    /** Stores (or replaces) our copy of the notice. */
    public void noticePublished(NoticePublished notice) {
        List<String> missing = new ArrayList<>();
        if (notice.noticeId() == null) {
            missing.add("noticeId");
        }
        if (notice.communityCode() == null || !AreaCodes.isAreaPrefix(notice.communityCode())) {
            missing.add("communityCode");
        }
        if (notice.headlineZh() == null || notice.headlineEn() == null || notice.whatHappenedZh() == null
                || notice.whatHappenedEn() == null || notice.whatToDoZh() == null || notice.whatToDoEn() == null
                || notice.whereToGetHelpZh() == null || notice.whereToGetHelpEn() == null) {
            missing.add("texts");
        }
        if (notice.publishedAt() == null) {
            missing.add("publishedAt");
        }
        if (!missing.isEmpty()) {
            throw new PoisonMessageException("NoticePublished " + notice.noticeId() + " lacks or has invalid " + missing);
        }
        notices.store(notice);
    }
}
