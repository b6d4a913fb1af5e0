package org.frontline.alert.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.AlertLogEntry;
import org.frontline.alert.DetectorVersion;
import org.frontline.alert.service.AlertService;
import org.frontline.alert.service.DetectorParams;
import org.frontline.alert.service.DetectorService;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

/** Alerts and their lifecycle (README "Alerts"). */
@Path("/api/v1/alerts")
@Tag(name = "Alerts", description = "Alerts and their lifecycle")
public class AlertResource {

    public record AlertRequest(
            @AreaPrefix @Schema(example = "310104012003", description = "the area: a community or a prefix") String areaCode,
            @CommunityCode @Schema(example = "310104012003", description = "legacy name of areaCode for a community") String communityCode,
            @NotNull Alert.Level level,
            @NotBlank @Size(max = 200) @Schema(example = "Fever cluster in building 12") String title,
            @Size(max = 2000) String description) {
    }

    public record TransitionRequest(@NotNull @Schema(example = "ACKNOWLEDGED") Alert.Status to,
            @NotNull @Min(0) Long expectedVersion,
            @Size(max = 2000) @Schema(description = "required when closing from OPEN or ACKNOWLEDGED (a false alarm)") String note) {
    }

    public record NoteRequest(@NotBlank @Size(max = 2000) String text) {
    }

    public record AlertView(UUID id, String areaCode,
            @Schema(description = "the same as areaCode (kept for clients of the first version)") String communityCode,
            Alert.Level level, Alert.Status status, Alert.Stage stage, String title, String description, String signal,
            UUID detectorId, Integer detectorVersion, String method, BigDecimal observed, BigDecimal threshold,
            LocalDate observedDay, int firings, OffsetDateTime firstSeen, OffsetDateTime lastSeen, Alert.Tier tier,
            String escalatedTo, OffsetDateTime escalatedAt, OffsetDateTime ackDueAt, String acknowledgedBy,
            OffsetDateTime acknowledgedAt, String closedBy, OffsetDateTime closedAt, String raisedBy,
            OffsetDateTime raisedAt, long version) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.areaCode, a.areaCode, a.level, a.status, a.stage, a.title, a.description,
                    a.signal == null ? null : a.signal.path(), a.detectorId, a.detectorVersion, a.method, a.observed,
                    a.threshold, a.observedDay, a.firings, a.firstSeen, a.lastSeen, a.escalationTier, a.escalatedTo,
                    a.escalatedAt, a.ackDueAt, a.acknowledgedBy, a.acknowledgedAt, a.closedBy, a.closedAt,
                    a.raisedBy, a.raisedAt, a.version);
        }
    }

    public record LogView(long id, OffsetDateTime at, String actor, AlertLogEntry.Kind kind, Alert.Status fromStatus,
            Alert.Status toStatus, String text) {
        static LogView of(AlertLogEntry e) {
            return new LogView(e.id, e.at, e.actor, e.kind, e.fromStatus, e.toStatus, e.text);
        }
    }

    /** The detector's definition as it stood in the version that fired last. */
    public record FiredVersion(UUID detectorId, int version, String method, Alert.Level level,
            Map<String, Object> params, boolean enabled, String changedBy, OffsetDateTime changedAt) {
    }

    public record AlertDetail(AlertView alert, FiredVersion detector, List<LogView> log) {
    }

    private final AlertService alerts;
    private final DetectorService detectors;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public AlertResource(AlertService alerts, DetectorService detectors, AreaScope scope, JsonWebToken jwt,
            SecurityIdentity identity) {
        this.alerts = alerts;
        this.detectors = detectors;
        this.scope = scope;
        this.jwt = jwt;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Raise an alert by hand", description = "areaCode (any area prefix) or the legacy "
            + "communityCode. Emits AlertRaised")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertView.class)))
    public Response raise(@Valid @NotNull AlertRequest request) {
        String area = request.areaCode() != null ? request.areaCode() : request.communityCode();
        if (area == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("areaCode", "must not be null")));
        }
        if (request.areaCode() != null && request.communityCode() != null
                && !request.areaCode().equals(request.communityCode())) {
            throw ProblemException.validation(List.of(new Problem.FieldError("communityCode",
                    "must equal areaCode when both are given")));
        }
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("title", request.title());
        texts.put("description", request.description());
        AlertService.requireXmlText(texts);
        scope.check(area);
        Alert alert = alerts.raise(area, request.level(), request.title(), request.description(), jwt.getName());
        return Response.created(URI.create("/api/v1/alerts/" + alert.id)).entity(AlertView.of(alert)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "One alert with the detector version that fired last and its log")
    public AlertDetail get(@PathParam("id") UUID id) {
        Alert alert = visible(id);
        FiredVersion fired = null;
        if (alert.detectorId != null && alert.detectorVersion != null) {
            DetectorVersion v = DetectorVersion.find("detectorId = ?1 and version = ?2", alert.detectorId,
                    alert.detectorVersion).firstResult();
            if (v != null) {
                fired = new FiredVersion(v.detectorId, v.version, DetectorParams.path(v.method), v.level,
                        detectors.params(v.params), v.enabled, v.changedBy, v.changedAt);
            }
        }
        return new AlertDetail(AlertView.of(alert), fired, log(id));
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Alerts in your area, newest first",
            description = "status, level, tier: one value each; signal: its path name (fever-screenings …)")
    public Page<AlertView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @QueryParam("level") String level, @QueryParam("signal") String signal, @QueryParam("tier") String tier,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        Alert.Status s = QueryValues.enumValue(Alert.Status.class, status, "status");
        if (s != null) {
            filter = filter.and("status = :status", "status", s);
        }
        Alert.Level l = QueryValues.enumValue(Alert.Level.class, level, "level");
        if (l != null) {
            filter = filter.and("level = :level", "level", l);
        }
        Alert.Tier t = QueryValues.enumValue(Alert.Tier.class, tier, "tier");
        if (t != null) {
            filter = filter.and("escalationTier = :tier", "tier", t);
        }
        if (signal != null && !signal.isBlank()) {
            filter = filter.and("signal = :signal", "signal", DetectorResource.signal(signal));
        }
        return Page.of(Alert.find(filter.query(), Sort.descending("raisedAt").and("id"), filter.params()), page,
                AlertView::of);
    }

    @POST
    @Path("{id}/transitions")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Move the alert through its lifecycle against expectedVersion",
            description = "409 for an illegal step (naming from and to) or a stale version; a community worker may "
                    + "only acknowledge")
    public AlertView transition(@PathParam("id") UUID id, @Valid @NotNull TransitionRequest request) {
        visible(id);
        if (request.to() != Alert.Status.ACKNOWLEDGED && !identity.hasRole("district-officer")
                && !identity.hasRole("coordinator")) {
            throw ProblemException.forbidden("A community worker may only acknowledge an alert");
        }
        return AlertView.of(alerts.transition(id, request.to(), request.expectedVersion(), request.note(),
                jwt.getName()));
    }

    @POST
    @Path("{id}/log")
    @Consumes(MediaType.APPLICATION_JSON) // else text/plain is read into the one-string record and stored as the note
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Add a note to the alert's log")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LogView.class)))
    public Response note(@PathParam("id") UUID id, @Valid @NotNull NoteRequest request) {
        visible(id);
        AlertLogEntry entry = alerts.note(id, request.text(), jwt.getName());
        return Response.status(Response.Status.CREATED).entity(LogView.of(entry)).build();
    }

    @GET
    @Path("{id}/log")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "The alert's log, oldest first: transitions, firings, level changes, escalations, notes")
    public List<LogView> getLog(@PathParam("id") UUID id) {
        visible(id);
        return log(id);
    }

    private Alert visible(UUID id) {
        return scope.visible(Alert.findById(id), "Alert", id, r -> r.areaCode);
    }

    private static List<LogView> log(UUID id) {
        return AlertLogEntry.<AlertLogEntry>list("alertId = ?1 order by id", id).stream().map(LogView::of).toList();
    }
}
