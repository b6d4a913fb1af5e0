package org.frontline.roster.rest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.QualificationService;

@Path("/api/v1")
@Tag(name = "Qualifications", description = "Qualifications people hold, and those about to expire")
public class QualificationResource {

    public record QualificationRequest(@NotBlank @Size(max = 40) @Schema(example = "first-aid") String code,
            @NotNull @Schema(example = "2026-03-01") LocalDate issuedOn,
            @Schema(description = "The last valid day; null: does not expire", example = "2028-02-29") LocalDate expiresOn) {
    }

    public record QualificationView(UUID id, UUID personId, String code, LocalDate issuedOn,
            @Schema(nullable = true) LocalDate expiresOn, PersonQualification.Source source,
            @Schema(nullable = true) UUID trainingId) {
        static QualificationView of(PersonQualification q) {
            return new QualificationView(q.id, q.personId, q.qualificationCode, q.issuedOn, q.expiresOn, q.source,
                    q.trainingId);
        }
    }

    public record ExpiringView(UUID qualificationId, UUID personId, String communityCode, String code,
            LocalDate expiresOn) {
        static ExpiringView of(QualificationService.Expiring e) {
            PersonQualification q = e.qualification();
            return new ExpiringView(q.id, q.personId, e.communityCode(), q.qualificationCode, q.expiresOn);
        }
    }

    private final QualificationService qualifications;
    private final PersonAccess access;
    private final AreaScope scope;

    public QualificationResource(QualificationService qualifications, PersonAccess access, AreaScope scope) {
        this.qualifications = qualifications;
        this.access = access;
        this.scope = scope;
    }

    @POST
    @Path("people/{id}/qualifications")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Record a qualification a person holds", description = "expiresOn, if given, is on or after issuedOn")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QualificationView.class)))
    public Response grant(@PathParam("id") UUID id, @Valid @NotNull QualificationRequest request) {
        Person p = access.person(id);
        PersonQualification q = qualifications.grant(p, request.code().strip(), request.issuedOn(), request.expiresOn(),
                PersonQualification.Source.RECORDED, null, access.writer());
        return Response.created(java.net.URI.create("/api/v1/people/" + id + "/qualifications/" + q.id))
                .entity(QualificationView.of(q)).build();
    }

    @GET
    @Path("people/{id}/qualifications")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "A person's qualifications, renewed ones included", description = "A volunteer: their own only")
    public List<QualificationView> list(@PathParam("id") UUID id) {
        return qualifications.of(access.person(id)).stream().map(QualificationView::of).toList();
    }

    @DELETE
    @Path("people/{id}/qualifications/{qid}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Revoke a qualification")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") UUID id, @PathParam("qid") UUID qid) {
        qualifications.revoke(access.person(id), qid);
        return Response.noContent().build();
    }

    @GET
    @Path("qualifications/expiring")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Qualifications expiring soon in your area",
            description = "The latest qualification of each person and code that expires between today (the city's date) "
                    + "and today + within (ISO period, default P30D); a renewed one is not expiring. Soonest first")
    public Page<ExpiringView> expiring(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("within") @DefaultValue("P30D") @Schema(example = "P30D") String within,
            @Valid @BeanParam PageParams page) {
        Period period;
        try {
            period = Period.parse(within);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("Invalid period", "within must be an ISO period such as P30D", "within");
        }
        if (period.isNegative() || period.toTotalMonths() > 24) {
            throw ProblemException.badRequest("Invalid period", "within must be between P0D and P2Y", "within");
        }
        Page<QualificationService.Expiring> found = qualifications.expiring(scope.filter("p.communityCode", area),
                period, page);
        return new Page<>(found.items().stream().map(ExpiringView::of).toList(), found.page(), found.size(),
                found.total());
    }
}
