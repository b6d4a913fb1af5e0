package org.frontline.roster.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.roster.Duty;
import org.frontline.roster.QualificationType;
import org.frontline.roster.service.DutyService;
import org.frontline.roster.service.PersonAccess;

import io.quarkus.panache.common.Sort;

@Path("/api/v1")
@Tag(name = "Duties", description = "The posts of a community and the qualifications they require")
public class DutyResource {

    public record DutyRequest(
            @NotNull @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be kebab-case (a-z, 0-9, -)")
            @Size(max = 40) @Schema(example = "door-to-door-delivery") String code,
            @NotBlank @Size(max = 120) @Schema(example = "Door-to-door delivery") String name,
            @NotNull @Min(1) @Max(3) @Schema(description = "1 low, 2 medium, 3 high", example = "2") Integer riskLevel,
            @Size(max = 10) List<@NotBlank String> requiredQualifications) {
    }

    public record DutyView(String code, String name, int riskLevel, boolean seeded, List<String> requiredQualifications) {
        static DutyView of(Duty d) {
            return new DutyView(d.code, d.name, d.riskLevel, d.seeded, d.requiredQualifications.stream().sorted().toList());
        }
    }

    public record QualificationTypeView(String code, String name, int validityMonths) {
    }

    private final DutyService duties;
    private final PersonAccess access;

    public DutyResource(DutyService duties, PersonAccess access) {
        this.duties = duties;
        this.access = access;
    }

    @GET
    @Path("duties")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "All duties (posts), by code")
    public List<DutyView> list() {
        return Duty.<Duty>listAll(Sort.by("code")).stream().map(DutyView::of).toList();
    }

    @GET
    @Path("duties/{code}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    public DutyView get(@PathParam("code") String code) {
        Duty d = Duty.findById(code);
        if (d == null) {
            throw ProblemException.notFound("Duty", code);
        }
        return DutyView.of(d);
    }

    @POST
    @Path("duties")
    @RolesAllowed("coordinator")
    @Operation(summary = "Define a duty",
            description = "Every required qualification must exist (else 422 naming it); an existing code is a 409")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DutyView.class)))
    public Response define(@Valid @NotNull DutyRequest request) {
        Duty d = duties.define(request.code(), request.name(), request.riskLevel(), request.requiredQualifications(),
                access.writer());
        return Response.created(java.net.URI.create("/api/v1/duties/" + d.code)).entity(DutyView.of(d)).build();
    }

    @GET
    @Path("qualification-types")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "The kinds of qualification and how long a training makes each valid")
    public List<QualificationTypeView> qualificationTypes() {
        return QualificationType.<QualificationType>listAll(Sort.by("code")).stream()
                .map(t -> new QualificationTypeView(t.code, t.name, t.validityMonths)).toList();
    }
}
