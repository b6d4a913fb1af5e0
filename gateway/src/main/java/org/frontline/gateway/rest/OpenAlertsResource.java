package org.frontline.gateway.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.picture.OpenAlerts;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.gateway.service.PictureFreshness.Freshness;
import org.frontline.platform.security.AreaScope;

@Path("/api/v1/open-alerts")
@Tag(name = "City picture")
@RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
public class OpenAlertsResource {

    public record OpenAlertList(List<OpenAlerts.OpenAlert> items, Freshness freshness) implements PictureFreshness.Fresh {
    }

    private final OpenAlerts alerts;
    private final AreaScope scope;
    private final PictureFreshness freshness;

    public OpenAlertsResource(OpenAlerts alerts, AreaScope scope, PictureFreshness freshness) {
        this.alerts = alerts;
        this.scope = scope;
        this.freshness = freshness;
    }

    @GET
    @Operation(summary = "The open alerts of an area, newest first, with their age",
            description = "The alerts raised for the area or inside it, and those of a wider area that apply to it (a "
                    + "district-wide alert is listed for a community worker of that district).")
    public OpenAlertList list(
            @Parameter(description = "Area code prefix; default: all of your area") @QueryParam("area") String area) {
        List<String> areas = area == null || area.isBlank() ? scope.prefixes() : List.of(PictureParams.area(area, scope));
        return new OpenAlertList(areas.isEmpty() ? List.of() : alerts.of(areas), freshness.now());
    }
}
