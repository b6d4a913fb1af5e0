package org.frontline.roster.rest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Person;
import org.frontline.roster.Training;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.TrainingService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/trainings")
@Tag(name = "Trainings", description = "Trainings and drills (演练), and who attended")
@RolesAllowed({"community-worker", "district-officer", "coordinator"})
public class TrainingResource {

    public record TrainingRequest(@NotNull Training.Kind kind,
            @NotBlank @Size(max = 200) @Schema(example = "Donning and doffing PPE") String title,
            @NotNull @AreaPrefix @Schema(description = "A community code or a prefix of one: whose people may attend",
                    example = "310104012") String areaCode,
            @NotNull @Schema(example = "2026-11-20") LocalDate heldOn,
            @Size(max = 40) @Schema(description = "The qualification attending grants", example = "ppe") String grantsQualification,
            @Min(1) @Max(120) @Schema(description = "Default: the qualification type's validity") Integer validityMonths,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 "
                    + "with the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record AttendanceRequest(@NotEmpty @Size(max = 500) List<@NotNull UUID> personIds) {
    }

    public record TrainingView(UUID id, Training.Kind kind, String title, String areaCode, LocalDate heldOn,
            @Schema(nullable = true) String grantsQualification, @Schema(nullable = true) Integer validityMonths,
            List<UUID> attendees) {
        static TrainingView of(Training t, List<UUID> attendees) {
            return new TrainingView(t.id, t.kind, t.title, t.areaCode, t.heldOn, t.grantsQualification,
                    t.validityMonths, attendees);
        }
    }

    public record AttendanceView(UUID trainingId, List<UUID> recorded, List<UUID> alreadyRecorded) {
    }

    private final TrainingService trainings;
    private final PersonAccess access;
    private final AreaScope scope;
    private final Idempotency idempotency;

    public TrainingResource(TrainingService trainings, PersonAccess access, AreaScope scope, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.trainings = trainings;
        this.access = access;
        this.scope = scope;
    }

    @POST
    @Operation(summary = "Record a training or drill held in your area")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TrainingView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TrainingView.class)))
    public Response hold(@Valid @NotNull TrainingRequest request) {
        scope.check(request.areaCode());
        var outcome = idempotency.once("training", request.idempotencyKey(), request, TrainingView.class, () -> {
            Training t = trainings.hold(new TrainingService.NewTraining(request.kind(), request.title(),
                    request.areaCode(), request.heldOn(), request.grantsQualification(), request.validityMonths()),
                    access.writer());
            return TrainingView.of(t, List.of());
        });
        return outcome.created("/api/v1/trainings", TrainingView::id);
    }

    @GET
    @Operation(summary = "Trainings and drills whose area lies in yours, latest first")
    public Page<TrainingView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        return Page.of(Training.find(filter.query(), Sort.descending("heldOn").and("id"), filter.params()), page,
                (Training t) -> TrainingView.of(t, trainings.attendees(t)));
    }

    @GET
    @Path("{id}")
    public TrainingView get(@PathParam("id") UUID id) {
        Training t = visible(id);
        return TrainingView.of(t, trainings.attendees(t));
    }

    @POST
    @Path("{id}/attendance")
    @Operation(summary = "Record who attended",
            description = "Each person must be in your area (else 404, as for a missing one) and in the training's area "
                    + "(else 422 naming them); nothing is written then. A person recorded before is not recorded again. "
                    + "Attending grants the training's qualification from the day held (renewing an older one)")
    public AttendanceView attend(@PathParam("id") UUID id, @Valid @NotNull AttendanceRequest request) {
        Training t = visible(id);
        List<Person> people = new ArrayList<>();
        for (UUID personId : new LinkedHashSet<>(request.personIds())) {
            people.add(access.person(personId));
        }
        var result = trainings.attend(t, people, access.writer());
        return new AttendanceView(t.id, result.recorded(), result.alreadyRecorded());
    }

    private Training visible(UUID id) {
        return scope.found(Training.findById(id), "Training", id, t -> t.areaCode);
    }
}
