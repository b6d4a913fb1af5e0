package org.frontline.roster.rest;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.roster.Absence;
import org.frontline.roster.AvailabilityWindow;
import org.frontline.roster.service.AvailabilityService;
import org.frontline.roster.service.PersonAccess;

@Path("/api/v1/people/{id}")
@Tag(name = "Availability", description = "Weekly availability and absences; a volunteer manages their own")
@RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
public class AvailabilityResource {

    public record WindowRequest(@NotNull @Schema(example = "MONDAY") DayOfWeek dayOfWeek,
            @NotNull @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "08:00") LocalTime start,
            @NotNull @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    description = "00:00 means midnight (the end of the day)", example = "12:00") LocalTime end) {
    }

    public record WindowView(DayOfWeek dayOfWeek, @Schema(example = "08:00") String start,
            @Schema(description = "00:00 means midnight (the end of the day)", example = "12:00") String end) {
        private static final java.time.format.DateTimeFormatter HH_MM = java.time.format.DateTimeFormatter.ofPattern("HH:mm");

        static WindowView of(AvailabilityWindow w) {
            return new WindowView(DayOfWeek.of(w.dayOfWeek), w.startTime.format(HH_MM), w.endTime.format(HH_MM));
        }
    }

    public record AbsenceRequest(@NotNull @Schema(example = "2026-12-01T08:00:00+08:00") OffsetDateTime from,
            @NotNull @Schema(example = "2026-12-03T08:00:00+08:00") OffsetDateTime to, @NotNull Absence.Reason reason,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 "
                    + "with the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record AbsenceView(UUID id, UUID personId, OffsetDateTime from, OffsetDateTime to, Absence.Reason reason) {
        static AbsenceView of(Absence a) {
            return new AbsenceView(a.id, a.personId, a.fromAt, a.toAt, a.reason);
        }
    }

    private final AvailabilityService availability;
    private final PersonAccess access;
    private final Idempotency idempotency;

    public AvailabilityResource(AvailabilityService availability, PersonAccess access, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.availability = availability;
        this.access = access;
    }

    @PUT
    @Path("availability")
    @Operation(summary = "Replace the weekly availability windows",
            description = "Local times in the city's zone; start before end unless end is 00:00 (midnight); windows of one "
                    + "day must not overlap. An empty list: a volunteer is then never available, staff are unrestricted")
    public List<WindowView> replace(@PathParam("id") UUID id,
            @Valid @NotNull @Size(max = 100) List<@Valid @NotNull WindowRequest> windows) {
        UUID personId = access.person(id).id;
        return availability.replace(personId, windows.stream()
                .map(w -> new AvailabilityService.Window(w.dayOfWeek(), w.start(), w.end())).toList())
                .stream().map(WindowView::of).toList();
    }

    @GET
    @Path("availability")
    public List<WindowView> windows(@PathParam("id") UUID id) {
        return availability.windows(access.person(id).id).stream().map(WindowView::of).toList();
    }

    @POST
    @Path("absences")
    @Operation(summary = "Record an absence [from, to)")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AbsenceView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AbsenceView.class)))
    public Response absent(@PathParam("id") UUID id, @Valid @NotNull AbsenceRequest request) {
        UUID personId = access.person(id).id;
        var outcome = idempotency.once("absence:" + personId, request.idempotencyKey(), request, AbsenceView.class,
                () -> AbsenceView.of(availability.absent(personId, request.from(), request.to(), request.reason(),
                        access.writer())));
        return outcome.created("/api/v1/people/" + personId + "/absences", AbsenceView::id);
    }

    @GET
    @Path("absences")
    public List<AbsenceView> absences(@PathParam("id") UUID id) {
        return availability.absences(access.person(id).id).stream().map(AbsenceView::of).toList();
    }

    @DELETE
    @Path("absences/{absenceId}")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response cancel(@PathParam("id") UUID id, @PathParam("absenceId") UUID absenceId) {
        availability.cancelAbsence(access.person(id).id, absenceId);
        return Response.noContent().build();
    }
}
