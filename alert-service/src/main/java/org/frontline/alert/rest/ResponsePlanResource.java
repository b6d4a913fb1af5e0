package org.frontline.alert.rest;

import java.time.OffsetDateTime;
import java.util.List;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.plan.PlanActivator;
import org.frontline.alert.plan.PlanDefinition;
import org.frontline.alert.plan.PlanService;
import org.frontline.alert.plan.ResponsePlan;
import org.frontline.alert.service.AlertService;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.ScopeFilter;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.panache.common.Sort;

/**
 * Response plans as data (README "Response plans"). A caller reads the plans of their area and the wider areas' plans
 * that apply to it (a city template); a coordinator or district officer writes only inside their own area.
 */
@Path("/api/v1/response-plans")
@Tag(name = "Response plans", description = "Emergency response plans per area and alert level, versioned")
public class ResponsePlanResource {

    static final String DEFINITION_DOC = "the plan format (README \"Response plans\"): levels.<LEVEL>.warning|response|"
            + "recovery[] actions and recurring[]";

    /** The definition's place in the OpenAPI document: a JSON object (its fields are the README's plan format). */
    @Schema(name = "PlanDefinition", type = SchemaType.OBJECT, description = DEFINITION_DOC,
            example = "{\"levels\": {\"ORANGE\": {\"warning\": [], \"response\": [{\"key\": \"activate-team\", "
                    + "\"title\": \"Activate the community emergency team\", \"responsible\": \"team:emergency\", "
                    + "\"dueWithin\": \"PT2H\"}], \"recovery\": []}}, \"recurring\": []}")
    public static final class DefinitionJson {
        private DefinitionJson() {
        }
    }

    public record PlanRequest(
            @NotNull @Schema(example = "310107001001", description = "a city (4 digits), district (6), street (9) or community (12) inside your area") String areaCode,
            @NotNull @Schema(example = "epidemic-response", description = "kebab-case, unique within the area") String name,
            @NotBlank @Size(max = 200) @Schema(example = "Epidemic response plan") String title,
            @NotNull @Schema(implementation = DefinitionJson.class) JsonNode definition,
            @Schema(description = "default true; an inactive plan is never matched") Boolean active,
            @Size(max = 100) @Schema(description = "optional: a retry with the same key and body answers the first result") String idempotencyKey) {
    }

    public record PlanChange(
            @NotNull @Min(0) @Schema(description = "the version you read (optimistic lock)") Long version,
            @NotBlank @Size(max = 200) String title,
            @NotNull @Schema(implementation = DefinitionJson.class) JsonNode definition,
            @Schema(description = "null keeps it") Boolean active) {
    }

    public record AdaptationRequest(
            @NotNull @Schema(example = "310107001001", description = "inside the plan's area and yours, more specific than the plan's") String areaCode,
            @Size(max = 200) @Schema(description = "default: the plan's title") String title) {
    }

    public record PlanView(UUID id, String areaCode, String name, String title,
            @Schema(description = "the plan this one was adapted from; null for a template") UUID basedOn,
            int planVersion, @Schema(implementation = DefinitionJson.class) JsonNode definition,
            boolean active, String updatedBy, OffsetDateTime updatedAt,
            @Schema(description = "the optimistic lock to send with a change") long version) {
    }

    public record VersionView(int planVersion, String title,
            @Schema(implementation = DefinitionJson.class) JsonNode definition, boolean active,
            String changedBy, OffsetDateTime changedAt) {
    }

    private final PlanService plans;
    private final PlanActivator activator;
    private final AreaScope scope;
    private final Idempotency idempotency;
    private final JsonWebToken jwt;

    public ResponsePlanResource(PlanService plans, PlanActivator activator, AreaScope scope, Idempotency idempotency,
            JsonWebToken jwt) {
        this.plans = plans;
        this.activator = activator;
        this.scope = scope;
        this.idempotency = idempotency;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"coordinator", "district-officer"})
    @Operation(summary = "Create a response plan for an area inside yours (version 1)",
            description = "400 names every bad field of the definition; 409 when the area has a plan of that name")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "200", description = "A replay of an idempotency key: the first answer",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    public Response create(@Valid @NotNull PlanRequest request) {
        PlanService.requireArea(request.areaCode(), "areaCode");
        PlanService.requireName(request.name(), "name");
        AlertService.requireXmlText(java.util.Map.of("title", request.title()));
        PlanDefinition definition = PlanDefinition.parse(request.definition());
        writable(request.areaCode());
        var outcome = idempotency.once("response-plan", request.idempotencyKey(), request, PlanView.class,
                () -> view(plans.create(request.areaCode(), request.name(), request.title(), definition,
                        request.active() == null || request.active(), null, jwt.getName())));
        return outcome.created("/api/v1/response-plans", PlanView::id);
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Plans in your area and the wider areas' plans that apply to it",
            description = "ordered by area code, name, id; area narrows the list")
    public Page<PlanView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        ScopeFilter filter = scope.filterApplying("areaCode", area);
        return Page.of(ResponsePlan.find(filter.query(), Sort.by("areaCode").and("name").and("id"), filter.params()),
                page, (ResponsePlan p) -> view(p));
    }

    @GET
    @Path("match")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "The plan that would run for an alert of this area and level",
            description = "the most specific active plan covering the area that has a checklist for the level")
    @APIResponse(responseCode = "200", description = "The plan",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    @APIResponse(responseCode = "404", description = "No plan: none covering the area has a checklist for the level",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public PlanView match(@QueryParam("area") String area, @QueryParam("level") String level) {
        if (area == null || area.isBlank()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("area", "is required")));
        }
        PlanService.requireArea(area, "area");
        Alert.Level l = QueryValues.enumValue(Alert.Level.class, level, "level");
        if (l == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("level", "is required")));
        }
        if (!scope.covers(area)) {
            throw ProblemException.forbidden("Area " + area + " is outside your area");
        }
        return activator.match(area, l).map(m -> view(m.plan()))
                .orElseThrow(() -> new ProblemException(404, "not-found", "No plan", "No active response plan for "
                        + area + " has a " + l + " checklist", null));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "One plan (yours, or a wider area's that applies to you)")
    public PlanView get(@PathParam("id") UUID id) {
        return view(visible(id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({"coordinator", "district-officer"})
    @Operation(summary = "Change title, definition and active against the version you read",
            description = "a new plan version, kept in the history; 409 with the current version when stale; only "
                    + "inside your area (a district officer cannot change the city template: adapt it instead)")
    public PlanView update(@PathParam("id") UUID id, @Valid @NotNull PlanChange change) {
        ResponsePlan p = visible(id);
        AlertService.requireXmlText(java.util.Map.of("title", change.title()));
        PlanDefinition definition = PlanDefinition.parse(change.definition());
        writable(p.areaCode);
        return view(plans.update(id, change.version(), change.title(), definition, change.active(), jwt.getName()));
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Every version of the plan, oldest first: who changed it, when, and what it said")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        visible(id);
        return plans.versions(id).stream().map(ResponsePlanResource::view).toList();
    }

    @GET
    @Path("{id}/versions/{n}")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "One version of the plan")
    public VersionView version(@PathParam("id") UUID id, @PathParam("n") int n) {
        visible(id);
        return plans.version(id, n).map(ResponsePlanResource::view)
                .orElseThrow(() -> ProblemException.notFound("Plan version", n));
    }

    @POST
    @Path("{id}/adaptations")
    @RolesAllowed({"coordinator", "district-officer"})
    @Operation(summary = "Adapt the plan for a narrower area inside it and yours",
            description = "a copy (same name, basedOn = this plan, plan version 1) that the area then edits; 409 when "
                    + "the area already has a plan of that name")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanView.class)))
    public Response adapt(@PathParam("id") UUID id, @Valid @NotNull AdaptationRequest request) {
        ResponsePlan template = visible(id);
        PlanService.requireArea(request.areaCode(), "areaCode");
        if (request.title() != null) {
            AlertService.requireXmlText(java.util.Map.of("title", request.title()));
        }
        writable(request.areaCode());
        ResponsePlan copy = plans.adapt(template, request.areaCode(), request.title(), jwt.getName());
        return Response.created(java.net.URI.create("/api/v1/response-plans/" + copy.id)).entity(view(copy)).build();
    }

    /** 404 if none; 403 (naming nothing of the plan) unless it lies in the caller's area or applies to it. */
    private ResponsePlan visible(UUID id) {
        ResponsePlan p = ResponsePlan.findById(id);
        if (p == null) {
            throw ProblemException.notFound("Response plan", id);
        }
        if (!scope.coversOrApplies(p.areaCode)) {
            throw ProblemException.forbidden("Response plan " + id + " is outside your area");
        }
        return p;
    }

    private void writable(String area) {
        if (!scope.covers(area)) {
            throw ProblemException.forbidden("Area " + area + " is outside your area: you may change plans only "
                    + "inside it");
        }
    }

    private PlanView view(ResponsePlan p) {
        return new PlanView(p.id, p.areaCode, p.name, p.title, p.basedOn, p.planVersion, plans.tree(p.definition),
                p.active, p.updatedBy, p.updatedAt, p.version);
    }

    private static VersionView view(PlanService.PlanVersion v) {
        return new VersionView(v.planVersion(), v.title(), v.definition(), v.active(), v.changedBy(), v.changedAt());
    }
}
