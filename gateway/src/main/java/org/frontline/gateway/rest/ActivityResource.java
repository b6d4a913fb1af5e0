package org.frontline.gateway.rest;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.CommunityActivity;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/activity")
@Tag(name = "City picture", description = "What happened where, built from the event stream")
public class ActivityResource {

    public record ActivityView(
            @Schema(description = "The community, or null for a fact about a wider area", nullable = true) String communityCode,
            @Schema(description = "The community code, or the code prefix of the wider area the facts are about") String areaCode,
            @Schema(description = "province, city, district, street or community") String level,
            String eventType, long events,
            @Schema(nullable = true) OffsetDateTime lastEventAt) {
        static ActivityView of(CommunityActivity a) {
            String area = a.key.areaCode();
            return new ActivityView(area.length() == 12 ? area : null, area, AreaCodes.level(area), a.key.eventType(),
                    a.events, a.lastEventAt);
        }
    }

    /** A page of the picture and how fresh it is: it is served from the gateway's database even while the broker is away. */
    public record ActivityPage(List<ActivityView> items, int page, int size, long total,
            PictureFreshness.Freshness freshness) {
    }

    private final AreaScope scope;
    private final PictureFreshness freshness;

    public ActivityResource(AreaScope scope, PictureFreshness freshness) {
        this.scope = scope;
        this.freshness = freshness;
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Facts per community (or wider area) and event type in your area, with the picture's freshness")
    public ActivityPage list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("key.areaCode", area);
        Page<ActivityView> result = Page.of(CommunityActivity.find(filter.query(),
                Sort.by("key.areaCode").and("key.eventType"), filter.params()), page, ActivityView::of);
        return new ActivityPage(result.items(), result.page(), result.size(), result.total(), freshness.now());
    }
}
