package org.frontline.screening.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.ResidentNotice;
import org.frontline.screening.service.ResidentNoticeService;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Notices to residents (README "Notices to residents"): residents read the notices for their community and confirm
 * them; community staff see who in their area has not confirmed, so the door-to-door round reaches them.
 */
@Path("/api/v1/resident-notices")
@Tag(name = "Resident notices", description = "Notices to residents from response plans: reading, confirming, who has not")
public class ResidentNoticeResource {

    /** The language a resident reads a notice in. */
    public enum Lang {
        ZH, EN
    }

    @Schema(description = "A notice for your community, in the language you asked for")
    public record ResidentNoticeView(UUID noticeId,
            @Schema(description = "The notice's area: your community or a code prefix covering it") String area,
            @Schema(nullable = true) UUID alertId, @Schema(description = "zh or en") String lang, String headline,
            String whatHappened, String whatToDo, String whereToGetHelp, OffsetDateTime publishedAt,
            @Schema(nullable = true) OffsetDateTime expiresAt,
            @Schema(nullable = true, description = "When you confirmed you read it; null until then") OffsetDateTime readAt) {
        static ResidentNoticeView of(ResidentNotice n, Lang lang, OffsetDateTime readAt) {
            boolean en = lang == Lang.EN;
            return new ResidentNoticeView(n.id, n.areaCode, n.alertId, lang.name().toLowerCase(java.util.Locale.ROOT),
                    en ? n.headlineEn : n.headlineZh, en ? n.whatHappenedEn : n.whatHappenedZh,
                    en ? n.whatToDoEn : n.whatToDoZh, en ? n.whereToGetHelpEn : n.whereToGetHelpZh, n.publishedAt,
                    n.expiresAt, readAt);
        }
    }

    public record ReadView(UUID noticeId, OffsetDateTime readAt) {
    }

    @Schema(description = "Residents inside both the notice's area and yours (narrowed by area=)")
    public record NoticeStatus(UUID noticeId, String noticeArea, long residents, long confirmed, long notConfirmed) {
    }

    @Schema(description = "A resident who has not confirmed the notice, with their household")
    public record UnreadResident(UUID householdId, String grid, String building, String unit, String room,
            ResidentResource.ResidentView resident,
            @Schema(description = "false: the resident has no login and cannot read the notice online; the door-to-door "
                    + "round must reach them") boolean hasAccount) {
    }

    private final ResidentNoticeService notices;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public ResidentNoticeResource(ResidentNoticeService notices, AreaScope scope, JsonWebToken jwt,
            SecurityIdentity identity) {
        this.notices = notices;
        this.scope = scope;
        this.jwt = jwt;
        this.identity = identity;
    }

    private Resident me() {
        Resident resident = Resident.find("account", jwt.getName()).firstResult();
        if (resident == null) {
            throw ProblemException.forbidden("Your account is not linked to a registered resident; ask your community");
        }
        return resident;
    }

    @GET
    @RolesAllowed("resident")
    @Operation(summary = "The notices for your community that have not expired, newest first",
            description = "Each in one language: lang=zh (the default) or lang=en; readAt is null until you confirm it")
    public Page<ResidentNoticeView> mine(@QueryParam("lang") String langParam, @Valid @BeanParam PageParams page) {
        Lang lang = lang(langParam);
        var found = notices.forResident(me(), page.page(), page.size());
        return new Page<>(found.items().stream().map(n -> ResidentNoticeView.of(n.notice(), lang, n.readAt())).toList(),
                page.page(), page.size(), found.total());
    }

    /** At most frontline.rate-limit.notice-read.requests confirmations per window and resident (429 beyond). */
    @jakarta.inject.Inject
    org.frontline.platform.ratelimit.RateLimits limits;

    @POST
    @Path("{noticeId}/read")
    @RolesAllowed("resident")
    @org.eclipse.microprofile.openapi.annotations.extensions.Extension(
            name = org.frontline.platform.ratelimit.RateLimits.OPENAPI_EXTENSION, value = "notice-read")
    @Operation(summary = "Confirm you read a notice for your community",
            description = "Again: the same readAt (the first confirmation counts). A notice not for your community is a 404, as an unknown one")
    public ReadView read(@PathParam("noticeId") UUID noticeId) {
        Resident me = me();
        ResidentNotice notice = notices.forResident(me, noticeId).orElse(null);
        OffsetDateTime already = notice == null ? null : notices.readAt(me, notice);
        if (already != null) {
            return new ReadView(notice.id, already); // a repeat changes nothing and is not counted
        }
        limits.acquire("notice-read"); // before the 404 too: probing unknown ids is counted
        if (notice == null) {
            throw ProblemException.notFound("Notice", noticeId);
        }
        return new ReadView(notice.id, notices.confirm(me, notice));
    }

    /** The notice if the caller's area and the notice's overlap: 404 unknown, 403 elsewhere (as screening-service does). */
    private ResidentNotice visible(UUID noticeId) {
        ResidentNotice notice = ResidentNotice.findById(noticeId);
        if (notice == null) {
            throw ProblemException.notFound("Notice", noticeId);
        }
        boolean overlaps = scope.prefixes().stream()
                .anyMatch(p -> p.startsWith(notice.areaCode) || notice.areaCode.startsWith(p));
        if (!overlaps) {
            throw ProblemException.forbidden("Notice " + noticeId + " is outside your area");
        }
        return notice;
    }

    @GET
    @Path("{noticeId}/status")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "How many residents confirmed the notice",
            description = "Counted over the registered residents inside both the notice's area and yours (area= narrows it)")
    public NoticeStatus status(@PathParam("noticeId") UUID noticeId, @QueryParam("area") @AreaPrefix String area) {
        ResidentNotice notice = visible(noticeId);
        var status = notices.status(notice, scope.filter("r.community_code", area));
        return new NoticeStatus(notice.id, notice.areaCode, status.residents(), status.confirmed(), status.notConfirmed());
    }

    /** Records who read which resident (the unread list carries residents' personal data). */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    @GET
    @Path("{noticeId}/unread")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    @Operation(summary = "The residents who have not confirmed the notice",
            description = "Inside both the notice's area and yours (area=, grid= narrow it), with their household and the "
                    + "resident as your role may see them; hasAccount false means only a visit reaches them. Ordered by "
                    + "grid, building, unit, room, resident id; paged")
    public Page<UnreadResident> unread(@PathParam("noticeId") UUID noticeId, @QueryParam("area") @AreaPrefix String area,
            @QueryParam("grid") String grid, @Valid @BeanParam PageParams page) {
        ResidentNotice notice = visible(noticeId);
        if (grid != null && grid.length() > 40) {
            throw ProblemException.badRequest("Invalid grid", "grid must be at most 40 characters", "grid");
        }
        var unread = notices.unread(notice, scope.filter("r.community_code", area),
                grid == null || grid.isBlank() ? null : grid.strip(), page.page(), page.size());
        var role = ResidentResource.RoleView.of(identity);
        List<UnreadResident> items = unread.residents().stream().map(r -> {
            Household h = unread.households().get(r.householdId);
            return new UnreadResident(h.id, h.grid, h.building, h.unit, h.room, ResidentResource.ResidentView.of(r, role),
                    r.account != null);
        }).toList();
        audit.residents(items.stream().map(UnreadResident::resident).toList());
        return new Page<>(items, page.page(), page.size(), unread.total());
    }

    private static Lang lang(String value) {
        Lang lang = QueryValues.enumValue(Lang.class, value, "lang");
        return lang == null ? Lang.ZH : lang;
    }
}
