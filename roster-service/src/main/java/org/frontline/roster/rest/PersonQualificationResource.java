package org.frontline.roster.rest;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
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
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.QualificationService;

@Path("/api/v1/people/{id}/qualifications")
@Tag(name = "Qualifications", description = "Qualifications people hold, and those about to expire")
public class PersonQualificationResource {

    public record QualificationRequest(@NotBlank @Size(max = 40) @Schema(example = "first-aid") String code,
            @NotNull @Schema(example = "2026-03-01") LocalDate issuedOn,
            @Schema(description = "The last valid day; null: does not expire", example = "2028-02-29") LocalDate expiresOn,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 "
                    + "with the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record QualificationView(UUID id, UUID personId, String code, LocalDate issuedOn,
            @Schema(nullable = true) LocalDate expiresOn, PersonQualification.Source source,
            @Schema(nullable = true) UUID trainingId) {
        public static QualificationView of(PersonQualification q) {
            return new QualificationView(q.id, q.personId, q.qualificationCode, q.issuedOn, q.expiresOn, q.source,
                    q.trainingId);
        }
    }

    private final QualificationService qualifications;
    private final PersonAccess access;
    private final Idempotency idempotency;

    public PersonQualificationResource(QualificationService qualifications, PersonAccess access, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.qualifications = qualifications;
        this.access = access;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Record a qualification a person holds", description = "expiresOn, if given, is on or after issuedOn")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QualificationView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QualificationView.class)))
    public Response grant(@PathParam("id") UUID id, @Valid @NotNull QualificationRequest request) {
        Person p = access.person(id);
        var outcome = idempotency.once("qualification:" + p.id, request.idempotencyKey(), request,
                QualificationView.class, () -> QualificationView.of(qualifications.grant(p, request.code().strip(),
                        request.issuedOn(), request.expiresOn(), PersonQualification.Source.RECORDED, null,
                        access.writer())));
        return outcome.created("/api/v1/people/" + id + "/qualifications", QualificationView::id);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "A person's qualifications, renewed ones included", description = "A volunteer: their own only")
    public List<QualificationView> list(@PathParam("id") UUID id) {
        return qualifications.of(access.person(id)).stream().map(QualificationView::of).toList();
    }

    @DELETE
    @Path("{qid}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Revoke a qualification")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") UUID id, @PathParam("qid") UUID qid) {
        qualifications.revoke(access.person(id), qid);
        return Response.noContent().build();
    }
}
