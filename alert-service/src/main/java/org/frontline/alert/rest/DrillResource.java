package org.frontline.alert.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.plan.DrillService;
import org.frontline.alert.plan.PlanActivation;
import org.frontline.alert.plan.PlanDefinition;
import org.frontline.alert.plan.PlanTask;
import org.frontline.alert.service.AlertService;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Sort;

/** Drills (演练): a plan rehearsed for an area, its report and score (README "Drills and notices"). */
@Path("/api/v1/drills")
@Tag(name = "Drills", description = "A response plan activated in drill mode, its report and score")
public class DrillResource {

    public record DrillRequest(@NotNull @Schema(description = "a plan whose area covers areaCode") UUID planId,
            @NotNull @AreaPrefix @Schema(example = "310104012003", description = "inside your area and the plan's") String areaCode,
            @Schema(description = "default: the highest level the plan has a checklist for") Alert.Level level,
            @NotBlank @Size(max = 200) @Schema(example = "Spring drill: ORANGE response") String title,
            @Size(max = 60) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*") @Schema(example = "first-aid",
                    description = "the qualification type (kebab-case) the attendees renew on completion") String grantsQualification,
            @Size(min = 1, max = 100) @Schema(description = "send it again with a retry to get the same drill; the "
                    + "same key with another body is a 422") String idempotencyKey) {
    }

    public record VersionRequest(@NotNull @Min(0) @Schema(description = "the drill's version as last read") Long version) {
    }

    public record CompleteRequest(@NotNull @Min(0) @Schema(description = "the drill's version as last read") Long version,
            @NotNull @Size(max = DrillService.MAX_ATTENDEES) @Schema(description = "roster person ids of those who "
                    + "took part (roster-service records the attendance), no duplicates") List<UUID> attendeeIds) {
    }

    public record DrillView(UUID id, UUID planId, int planVersion, String areaCode, Alert.Level level, String title,
            PlanActivation.Status status, String grantsQualification, OffsetDateTime startedAt, String startedBy,
            OffsetDateTime completedAt, BigDecimal score, List<UUID> attendeeIds, long version) {
        public static DrillView of(PlanActivation a) {
            return new DrillView(a.id, a.planId, a.planVersion, a.areaCode, a.level, a.title, a.status,
                    a.grantsQualification, a.activatedAt, a.activatedBy, a.completedAt, a.score,
                    DrillService.attendees(a), a.version);
        }
    }

    public record TaskLineView(UUID taskId, String actionKey, String title, PlanDefinition.Phase phase,
            @Schema(description = "SURGE_SHIFTS, RAISE_MIN_STOCK, OPEN_CAMPAIGN: only noted in a drill") String systemAction,
            PlanTask.Status status, OffsetDateTime dueAt,
            @Schema(example = "PT2H", description = "the deadline relative to the start (ISO-8601)") String dueWithin,
            OffsetDateTime doneAt,
            @Schema(description = "done by its deadline; false when not done past it; null when not done and not yet due") Boolean onTime,
            @Schema(description = "done − due in whole minutes, negative = early; null when not done") Long minutesLate) {
    }

    public record TotalsView(int tasks, int done, int doneOnTime, int doneLate, int notDone, int overdue) {
    }

    public record ReportView(DrillView drill, List<TaskLineView> tasks, TotalsView totals,
            @Schema(description = "100 × doneOnTime / tasks, rounded half-up to one decimal; null without tasks. An ended "
                    + "drill: the score fixed on completion (none for a cancelled drill)") BigDecimal score,
            OffsetDateTime lastDoneAt,
            @Schema(example = "PT3H15M", description = "from the start to its end (while it runs: to now); a cancelled "
                    + "drill ends at its tasks' last log entry (the cancellation's note), null without one") String elapsed,
            boolean running, OffsetDateTime at) {
    }

    private final DrillService drills;
    private final AreaScope scope;
    private final Idempotency idempotency;
    private final JsonWebToken jwt;

    public DrillResource(DrillService drills, AreaScope scope, Idempotency idempotency, JsonWebToken jwt) {
        this.drills = drills;
        this.scope = scope;
        this.idempotency = idempotency;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"coordinator", "district-officer", "community-worker"})
    @Operation(summary = "Start a drill: the plan's tasks and notifications, marked drill",
            description = "areaCode inside your area (else 403) and the plan's area (else 422 naming planId); a level the "
                    + "plan has no checklist for is a 422. System actions are only noted, never sent")
    @APIResponse(responseCode = "201", description = "Started",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DrillView.class)))
    @APIResponse(responseCode = "200", description = "The earlier drill: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DrillView.class)))
    public Response start(@Valid @NotNull DrillRequest request) {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("title", request.title());
        AlertService.requireXmlText(texts);
        scope.check(request.areaCode());
        var outcome = idempotency.once("drill", request.idempotencyKey(), request, DrillView.class,
                () -> DrillView.of(drills.start(request.planId(), request.areaCode(), request.level(),
                        request.title().strip(), request.grantsQualification(), jwt.getName())));
        return outcome.created("/api/v1/drills", DrillView::id);
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Drills in your area, newest first", description = "status: one value")
    public Page<DrillView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area).and("drill = true");
        PlanActivation.Status s = QueryValues.enumValue(PlanActivation.Status.class, status, "status");
        if (s != null) {
            filter = filter.and("status = :status", "status", s);
        }
        return Page.of(PlanActivation.find(filter.query(), Sort.descending("activatedAt").and("id"), filter.params()),
                page, DrillView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "One drill", description = "403 outside your area")
    public DrillView get(@PathParam("id") UUID id) {
        return DrillView.of(visible(id));
    }

    @GET
    @Path("{id}/report")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "The drill's report: per task its deadline against completion, totals, score, elapsed time",
            description = "While the drill runs: the score so far (tasks not done count as not on time)")
    public ReportView report(@PathParam("id") UUID id) {
        DrillService.Report r = drills.report(visible(id));
        return new ReportView(DrillView.of(r.drill()), r.tasks().stream()
                .map(t -> new TaskLineView(t.taskId(), t.actionKey(), t.title(), t.phase(), t.systemAction(),
                        t.status(), t.dueAt(), t.dueWithin().toString(), t.doneAt(), t.onTime(), t.minutesLate()))
                .toList(),
                new TotalsView(r.totals().tasks(), r.totals().done(), r.totals().doneOnTime(), r.totals().doneLate(),
                        r.totals().notDone(), r.totals().overdue()),
                r.score(), r.lastDoneAt(), r.elapsed() == null ? null : r.elapsed().toString(), r.drill().status.open(),
                r.at());
    }

    @POST
    @Path("{id}/complete")
    @RolesAllowed({"coordinator", "district-officer", "community-worker"})
    @Operation(summary = "Complete the drill with its attendance against version",
            description = "Fixes the score; publishes PlanCompleted (drill) and DrillCompleted. A completed or cancelled "
                    + "drill, or a stale version, is a 409 (with the current version); attendees roster-service has not "
                    + "announced in the drill's area are a 422")
    public DrillView complete(@PathParam("id") UUID id, @Valid @NotNull CompleteRequest request) {
        visible(id);
        return DrillView.of(drills.complete(id, request.version(), request.attendeeIds(), jwt.getName()));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({"coordinator", "district-officer", "community-worker"})
    @Operation(summary = "Call the drill off against version",
            description = "Nothing is published; a note goes into the log of every task not done. Ended or stale: 409")
    public DrillView cancel(@PathParam("id") UUID id, @Valid @NotNull VersionRequest request) {
        visible(id);
        return DrillView.of(drills.cancel(id, request.version(), jwt.getName()));
    }

    private PlanActivation visible(UUID id) {
        PlanActivation a = PlanActivation.findById(id);
        if (a != null && !a.drill) {
            a = null;
        }
        return scope.visible(a, "Drill", id, r -> r.areaCode);
    }
}
