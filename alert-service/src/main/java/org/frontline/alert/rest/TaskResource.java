package org.frontline.alert.rest;

import java.time.Clock;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.plan.PlanDefinition;
import org.frontline.alert.plan.PlanTask;
import org.frontline.alert.plan.TaskLogEntry;
import org.frontline.alert.plan.TaskService;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.ScopeFilter;

import io.quarkus.panache.common.Sort;

/** Tasks of response plans: read, acknowledged, done, blocked (README "Tasks, escalation, phases and recovery"). */
@Path("/api/v1/tasks")
@Tag(name = "Tasks", description = "Tasks of response plans and recurring actions")
public class TaskResource {

    public record AcknowledgeRequest(@NotNull @Min(0) @Schema(description = "the task's version as read") Long version) {
    }

    public record FindingRequest(@NotNull Alert.Level level,
            @NotBlank @Size(max = 200) @Schema(example = "Blocked fire exit in building 7") String title,
            @Size(max = 2000) String description) {
    }

    public record DoneRequest(@NotNull @Min(0) Long version,
            @NotBlank @Size(max = 2000) @Schema(example = "All 14 buildings checked") String note,
            @Valid @Schema(description = "what the task found: opens an alert in the task's area (not on a drill)")
            FindingRequest finding) {
    }

    public record BlockRequest(@NotNull @Min(0) Long version,
            @NotBlank @Size(max = 2000) @Schema(example = "No protective suits left") String reason) {
    }

    public record TaskView(UUID id, UUID activationId, UUID alertId, UUID planId, int planVersion, String areaCode,
            String actionKey, String targetKey, PlanDefinition.Phase phase, String title, String description,
            String responsible, UUID ownerTeamId, List<UUID> ownerIds, PlanDefinition.SystemAction systemAction,
            UUID residentId, boolean drill, PlanTask.Status status,
            @Schema(description = "not done and past dueAt") boolean overdue, OffsetDateTime dueAt,
            OffsetDateTime createdAt, OffsetDateTime acknowledgedAt, String acknowledgedBy, OffsetDateTime doneAt,
            String doneBy, String note, OffsetDateTime blockedAt, String blockedBy, String blockedReason,
            UUID findingAlertId, OffsetDateTime overdueAt, Alert.Tier escalationTier, String escalatedTo,
            OffsetDateTime nextEscalationAt, long version) {
        static TaskView of(PlanTask t, OffsetDateTime now) {
            return new TaskView(t.id, t.activationId, t.alertId, t.planId, t.planVersion, t.areaCode, t.actionKey,
                    t.targetKey, t.phase, t.title, t.description, t.responsible, t.ownerTeamId, List.of(t.ownerIds),
                    t.systemAction, t.residentId, t.drill, t.status,
                    t.status != PlanTask.Status.DONE && t.dueAt.isBefore(now), t.dueAt, t.createdAt,
                    t.acknowledgedAt, t.acknowledgedBy, t.doneAt, t.doneBy, t.note, t.blockedAt, t.blockedBy,
                    t.blockedReason, t.findingAlertId, t.overdueAt, t.escalationTier, t.escalatedTo,
                    t.nextEscalationAt, t.version);
        }
    }

    public record TaskLogView(long id, OffsetDateTime at, String actor, TaskLogEntry.Kind kind,
            PlanTask.Status fromStatus, PlanTask.Status toStatus, String text) {
        static TaskLogView of(TaskLogEntry e) {
            return new TaskLogView(e.id, e.at, e.actor, e.kind, e.fromStatus, e.toStatus, e.text);
        }
    }

    public record TaskDetail(TaskView task, List<TaskLogView> log) {
    }

    private final TaskService tasks;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Clock clock;

    public TaskResource(TaskService tasks, AreaScope scope, JsonWebToken jwt, Clock clock) {
        this.tasks = tasks;
        this.scope = scope;
        this.jwt = jwt;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Tasks in your area, by due time",
            description = "status, phase: one value each; overdue=true: not done and past dueAt (false: the others); "
                    + "drill=true|false; activationId: one activation's tasks")
    public Page<TaskView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @QueryParam("activationId") String activationId, @QueryParam("phase") String phase,
            @QueryParam("overdue") String overdue, @QueryParam("drill") String drill,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        PlanTask.Status s = QueryValues.enumValue(PlanTask.Status.class, status, "status");
        if (s != null) {
            filter = filter.and("status = :status", "status", s);
        }
        PlanDefinition.Phase p = QueryValues.enumValue(PlanDefinition.Phase.class, phase, "phase");
        if (p != null) {
            filter = filter.and("phase = :phase", "phase", p);
        }
        if (activationId != null && !activationId.isBlank()) {
            try {
                filter = filter.and("activationId = :activation", "activation", UUID.fromString(activationId.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("Invalid activationId", "activationId must be a UUID",
                        "activationId");
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Boolean o = bool(overdue, "overdue");
        if (o != null) {
            filter = filter.and(o ? "status <> :done" : "(status = :done or dueAt >= :now)", "done",
                    PlanTask.Status.DONE);
            filter = o ? filter.and("dueAt < :now", "now", now) : withParam(filter, "now", now);
        }
        Boolean d = bool(drill, "drill");
        if (d != null) {
            filter = filter.and("drill = :drill", "drill", d);
        }
        return Page.of(PlanTask.<PlanTask>find(filter.query(), Sort.ascending("dueAt").and("id"), filter.params()),
                page, t -> TaskView.of(t, now));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "One task with its log, oldest first")
    public TaskDetail get(@PathParam("id") UUID id) {
        PlanTask t = visible(id);
        return new TaskDetail(TaskView.of(t, OffsetDateTime.now(clock)),
                tasks.log(id).stream().map(TaskLogView::of).toList());
    }

    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Acknowledge a task (OPEN or BLOCKED) against its version",
            description = "409 for a stale version (naming the current one), a task already DONE, or a task of a "
                    + "drill that has ended (completed or cancelled)")
    public TaskView acknowledge(@PathParam("id") UUID id, @Valid @NotNull AcknowledgeRequest request) {
        visible(id);
        return TaskView.of(tasks.acknowledge(id, request.version(), jwt.getName()), OffsetDateTime.now(clock));
    }

    @POST
    @Path("{id}/done")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Mark a task done with a note; a finding opens an alert in the task's area",
            description = "Emits TaskCompleted (findingAlertId when a finding opened an alert). 409: stale version, "
                    + "already DONE, or a drill that has ended; 422: a finding on a drill task (a drill opens no real alert)")
    public TaskView done(@PathParam("id") UUID id, @Valid @NotNull DoneRequest request) {
        visible(id);
        FindingRequest f = request.finding();
        return TaskView.of(tasks.done(id, request.version(), request.note(),
                f == null ? null : new TaskService.Finding(f.level(), f.title(), f.description()), jwt.getName()),
                OffsetDateTime.now(clock));
    }

    @POST
    @Path("{id}/block")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Block a task with a reason", description = "409: stale version, already DONE, or a drill that has ended")
    public TaskView block(@PathParam("id") UUID id, @Valid @NotNull BlockRequest request) {
        visible(id);
        return TaskView.of(tasks.block(id, request.version(), request.reason(), jwt.getName()),
                OffsetDateTime.now(clock));
    }

    private PlanTask visible(UUID id) {
        return scope.visible(PlanTask.<PlanTask>findById(id), "Task", id, t -> t.areaCode);
    }

    private static ScopeFilter withParam(ScopeFilter filter, String name, Object value) {
        var params = new java.util.LinkedHashMap<>(filter.params());
        params.put(name, value);
        return new ScopeFilter(filter.query(), params);
    }

    private static Boolean bool(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badRequest("Invalid " + parameter, parameter + " must be true or false",
                    parameter);
        };
    }
}
