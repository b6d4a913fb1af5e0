package org.frontline.alert.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.service.AlertService;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/alerts")
@Tag(name = "Alerts", description = "Alerts and their lifecycle")
public class AlertResource {

    public record AlertRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotNull Alert.Level level,
            @NotBlank @Size(max = 200) @Schema(example = "Fever cluster in building 12") String title,
            @Size(max = 2000) String description) {
    }

    public record AlertView(UUID id, String communityCode, Alert.Level level, Alert.Stage stage, String title,
            String description, OffsetDateTime raisedAt) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.areaCode, a.level, a.stage, a.title, a.description, a.raisedAt);
        }
    }

    private final AlertService alerts;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public AlertResource(AlertService alerts, AreaScope scope, JsonWebToken jwt) {
        this.alerts = alerts;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Raise an alert by hand", description = "Emits AlertRaised")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertView.class)))
    public Response raise(@Valid @NotNull AlertRequest request) {
        scope.check(request.communityCode());
        Alert alert = alerts.raise(request.communityCode(), request.level(), request.title(), request.description(),
                jwt.getName());
        return Response.created(URI.create("/api/v1/alerts/" + alert.id)).entity(AlertView.of(alert)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    public AlertView get(@PathParam("id") UUID id) {
        Alert alert = scope.visible(Alert.findById(id), "Alert", id, r -> r.areaCode);
        return AlertView.of(alert);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Alerts in your area, newest first")
    public Page<AlertView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        return Page.of(Alert.find(filter.query(), Sort.descending("raisedAt"), filter.params()), page, AlertView::of);
    }
}
