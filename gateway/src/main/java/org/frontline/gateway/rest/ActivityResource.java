package org.frontline.gateway.rest;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.CommunityActivity;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/activity")
@Tag(name = "City picture", description = "What happened where, built from the event stream")
public class ActivityResource {

    public record ActivityView(String communityCode, String eventType, long events, OffsetDateTime lastEventAt) {
        static ActivityView of(CommunityActivity a) {
            return new ActivityView(a.key.communityCode(), a.key.eventType(), a.events, a.lastEventAt);
        }
    }

    private final AreaScope scope;

    public ActivityResource(AreaScope scope) {
        this.scope = scope;
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Facts per community and event type in your area")
    public Page<ActivityView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("key.communityCode", area);
        return Page.of(CommunityActivity.find(filter.query(), Sort.by("key.communityCode").and("key.eventType"),
                filter.params()), page, ActivityView::of);
    }
}
