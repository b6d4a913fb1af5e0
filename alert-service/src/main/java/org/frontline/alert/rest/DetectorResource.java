package org.frontline.alert.rest;

import java.net.URI;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.Detector;
import org.frontline.alert.DetectorVersion;
import org.frontline.alert.service.AlertService;
import org.frontline.alert.service.DetectorParams;
import org.frontline.alert.service.DetectorService;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.ScopeFilter;

import io.quarkus.panache.common.Sort;

/**
 * Detectors and threshold rules as data (README "Detectors", "Rules"). A detector is visible to a caller when its
 * area lies in the caller's scope or applies to it (a city detector is read by its districts); it is changed only
 * by a caller whose scope contains its area.
 */
@Path("/api/v1/detectors")
@Tag(name = "Detectors", description = "Detector and rule configuration, versioned")
public class DetectorResource {

    public record DetectorRequest(@NotNull @AreaPrefix @Schema(example = "310104") String areaCode,
            @NotBlank @Schema(example = "positive-tests") String signal,
            @NotBlank @Schema(example = "rule", description = "ears-c1, ears-c2, ears-c3, cusum or rule") String method,
            @NotBlank @Size(max = 100) @Schema(example = "positives-7d") String name, @NotNull Alert.Level level,
            @Schema(description = "the method's parameters (README)", example = "{\"windowDays\": 7, \"threshold\": 3}")
            Map<String, Object> params,
            @Schema(description = "default true") Boolean enabled) {
    }

    public record DetectorChange(@NotNull @Min(1) Integer expectedVersion, Alert.Level level,
            Map<String, Object> params, Boolean enabled) {
    }

    public record VersionView(int version, String method, Alert.Level level, Map<String, Object> params,
            boolean enabled, String changedBy, OffsetDateTime changedAt) {
    }

    public record DetectorView(UUID id, String areaCode, String signal, String method, String name, Alert.Level level,
            Map<String, Object> params, boolean enabled, int version, String updatedBy, OffsetDateTime updatedAt,
            @Schema(description = "every version, oldest first (only on GET of one detector)") List<VersionView> versions) {
    }

    private final DetectorService detectors;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public DetectorResource(DetectorService detectors, AreaScope scope, JsonWebToken jwt) {
        this.detectors = detectors;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Create a detector or rule for an area inside yours")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DetectorView.class)))
    public Response create(@Valid @NotNull DetectorRequest request) {
        Signal signal = signal(request.signal());
        Detector.Method method = DetectorParams.method(request.method());
        if (method == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("method",
                    "must be one of ears-c1, ears-c2, ears-c3, cusum, rule")));
        }
        AlertService.requireXmlText(java.util.Map.of("name", request.name()));
        scope.check(request.areaCode());
        Detector d = detectors.create(request.areaCode(), signal, method, request.name(), request.level(),
                request.params(), request.enabled() == null || request.enabled(), jwt.getName());
        return Response.created(URI.create("/api/v1/detectors/" + d.id)).entity(view(d, false)).build();
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Detectors in or applying to your area, most specific area first")
    public Page<DetectorView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("signal") String signal,
            @Valid @BeanParam PageParams page) {
        ScopeFilter filter = scope.filterApplying("areaCode", area);
        if (signal != null && !signal.isBlank()) {
            filter = filter.and("signal = :signal", "signal", signal(signal));
        }
        return Page.of(Detector.find(filter.query(), Sort.by("signal").and("areaCode").and("name"), filter.params()),
                page, (Detector d) -> view(d, false));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "One detector with all its versions")
    public DetectorView get(@PathParam("id") UUID id) {
        return view(visible(id), true);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Change level, params or enabled (null: keep) against expectedVersion; 409 when stale",
            description = "Disabling is a change with enabled=false; a detector is never deleted.")
    public DetectorView update(@PathParam("id") UUID id, @Valid @NotNull DetectorChange change) {
        Detector d = visible(id);
        scope.check(d.areaCode);
        return view(detectors.update(id, change.expectedVersion(), change.level(), change.params(), change.enabled(),
                jwt.getName()), false);
    }

    private Detector visible(UUID id) {
        Detector d = Detector.findById(id);
        if (d == null) {
            throw ProblemException.notFound("Detector", id);
        }
        if (!scope.coversOrApplies(d.areaCode)) {
            throw ProblemException.forbidden("Detector " + id + " is outside your area");
        }
        return d;
    }

    static Signal signal(String path) {
        return Signal.of(path).orElseThrow(() -> ProblemException.validation(List.of(new Problem.FieldError("signal",
                "must be one of " + String.join(", ", java.util.Arrays.stream(Signal.values()).map(Signal::path)
                        .toList())))));
    }

    private DetectorView view(Detector d, boolean withVersions) {
        List<VersionView> versions = withVersions ? detectors.versions(d.id).stream().map(this::version).toList()
                : null;
        return new DetectorView(d.id, d.areaCode, d.signal.path(), DetectorParams.path(d.method), d.name, d.level,
                detectors.params(d), d.enabled, d.version, d.updatedBy, d.updatedAt, versions);
    }

    private VersionView version(DetectorVersion v) {
        return new VersionView(v.version, DetectorParams.path(v.method), v.level, detectors.params(v.params),
                v.enabled, v.changedBy, v.changedAt);
    }
}
