package org.frontline.alert.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.plan.PlanActivation;
import org.frontline.alert.plan.PlanDefinition;
import org.frontline.alert.plan.PlanTask;
import org.frontline.alert.plan.ResponsePlan;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.ScopeFilter;

import io.quarkus.panache.common.Sort;

/**
 * Plan activations and their progress (README "Response plans", "Activation"): what runs where, per phase how many
 * tasks are done and overdue, and the tasks themselves. Read-only; tasks are worked on through the task API.
 */
@Path("/api/v1/plan-activations")
@Tag(name = "Plan activations", description = "Response plans put to work for an alert or a drill, with progress")
public class PlanActivationResource {

    public record PhaseProgress(PlanDefinition.Phase phase, long total, long done,
            @Schema(description = "not done and past its due time") long overdue) {
    }

    public record TaskView(UUID id, String actionKey, PlanDefinition.Phase phase, String title, String responsible,
            @Schema(description = "roster-service person ids; empty for a role") List<UUID> ownerIds, UUID teamId,
            PlanTask.Status status, OffsetDateTime dueAt, OffsetDateTime doneAt,
            PlanDefinition.SystemAction systemAction) {
        static TaskView of(PlanTask t) {
            return new TaskView(t.id, t.actionKey, t.phase, t.title, t.responsible, Arrays.asList(t.ownerIds),
                    t.ownerTeamId, t.status, t.dueAt, t.doneAt, t.systemAction);
        }
    }

    public record ActivationView(UUID id, UUID planId, String planName, int planVersion, String title,
            String areaCode, Alert.Level level, PlanActivation.Status status, UUID alertId, boolean drill,
            OffsetDateTime activatedAt, String activatedBy, OffsetDateTime recoveryAt, OffsetDateTime completedAt,
            UUID supersededBy, @Schema(description = "per phase that has tasks") List<PhaseProgress> progress,
            @Schema(description = "only on GET of one activation; by phase, due time") List<TaskView> tasks) {
    }

    private final AreaScope scope;
    private final EntityManager em;
    private final Clock clock;

    public PlanActivationResource(AreaScope scope, EntityManager em, Clock clock) {
        this.scope = scope;
        this.em = em;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Activations in your area, newest first, with their progress",
            description = "status: one value; alertId: one alert's activations; drill: true or false")
    public Page<ActivationView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("status") String status,
            @QueryParam("alertId") String alertId, @QueryParam("drill") String drill,
            @Valid @BeanParam PageParams page) {
        ScopeFilter filter = scope.filter("areaCode", area);
        PlanActivation.Status s = QueryValues.enumValue(PlanActivation.Status.class, status, "status");
        if (s != null) {
            filter = filter.and("status = :status", "status", s);
        }
        if (alertId != null && !alertId.isBlank()) {
            try {
                filter = filter.and("alertId = :alertId", "alertId", UUID.fromString(alertId.trim()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.validation(List.of(new Problem.FieldError("alertId", "must be a UUID")));
            }
        }
        if (drill != null && !drill.isBlank()) {
            if (!drill.equals("true") && !drill.equals("false")) {
                throw ProblemException.validation(List.of(new Problem.FieldError("drill", "must be true or false")));
            }
            filter = filter.and("drill = :drill", "drill", Boolean.parseBoolean(drill));
        }
        Page<PlanActivation> rows = Page.of(PlanActivation.find(filter.query(),
                Sort.descending("activatedAt").and("id"), filter.params()), page, (PlanActivation a) -> a);
        List<UUID> ids = rows.items().stream().map(a -> a.id).toList();
        Map<UUID, List<PhaseProgress>> progress = progress(ids);
        Map<UUID, String> names = names(rows.items());
        return new Page<>(rows.items().stream().map(a -> view(a, names.get(a.planId),
                progress.getOrDefault(a.id, List.of()), null)).toList(), rows.page(), rows.size(), rows.total());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "One activation with its progress and tasks")
    public ActivationView get(@PathParam("id") UUID id) {
        PlanActivation a = PlanActivation.findById(id);
        if (a == null) {
            throw ProblemException.notFound("Plan activation", id);
        }
        if (!scope.covers(a.areaCode)) {
            throw ProblemException.forbidden("Plan activation " + id + " is outside your area");
        }
        // phases in their order (warning, response, recovery), then by due time
        List<TaskView> tasks = PlanTask.<PlanTask>list("activationId = ?1 order by dueAt, actionKey, targetKey", a.id)
                .stream().sorted(java.util.Comparator.comparing((PlanTask t) -> t.phase)).map(TaskView::of).toList();
        return view(a, names(List.of(a)).get(a.planId), progress(List.of(a.id)).getOrDefault(a.id, List.of()), tasks);
    }

    private Map<UUID, String> names(List<PlanActivation> activations) {
        Map<UUID, String> names = new HashMap<>();
        List<UUID> planIds = activations.stream().map(a -> a.planId).distinct().toList();
        if (!planIds.isEmpty()) {
            ResponsePlan.<ResponsePlan>list("id in ?1", planIds).forEach(p -> names.put(p.id, p.name));
        }
        return names;
    }

    /** Per activation and phase: tasks, done, overdue (not done, due before now); phases in their order. */
    @SuppressWarnings("unchecked")
    private Map<UUID, List<PhaseProgress>> progress(List<UUID> activationIds) {
        Map<UUID, List<PhaseProgress>> out = new HashMap<>();
        if (activationIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createQuery("""
                select t.activationId, t.phase, count(t),
                       sum(case when t.status = :done then 1 else 0 end),
                       sum(case when t.status <> :done and t.dueAt < :now then 1 else 0 end)
                from PlanTask t where t.activationId in :ids
                group by t.activationId, t.phase
                """).setParameter("ids", activationIds).setParameter("done", PlanTask.Status.DONE)
                .setParameter("now", OffsetDateTime.now(clock)).getResultList();
        for (Object[] r : rows) {
            out.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new PhaseProgress((PlanDefinition.Phase) r[1],
                    ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue()));
        }
        out.values().forEach(l -> l.sort((x, y) -> x.phase().compareTo(y.phase())));
        return out;
    }

    private static ActivationView view(PlanActivation a, String planName, List<PhaseProgress> progress,
            List<TaskView> tasks) {
        return new ActivationView(a.id, a.planId, planName, a.planVersion, a.title, a.areaCode, a.level, a.status,
                a.alertId, a.drill, a.activatedAt, a.activatedBy, a.recoveryAt, a.completedAt, a.supersededBy, progress,
                tasks);
    }
}
