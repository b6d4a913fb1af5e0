package org.frontline.screening.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.service.IdNumbers;
import org.frontline.screening.service.ResidentService;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/residents")
@Tag(name = "Residents", description = "Residents, with the minimum of personal data")
public class ResidentResource {

    public record ResidentRequest(@NotNull UUID householdId,
            @NotBlank @Size(max = 100) @Schema(example = "Wang Fang") String name,
            @Pattern(regexp = "1\\d{10}", message = "must be an 11-digit mobile number") @Schema(example = "13812345678") String phone,
            @Size(max = 18) @Schema(description = "18-character resident ID number; stored only as a keyed hash, never returned",
                    example = "11010519491231002X") String idNumber,
            @Min(1900) @Max(2100) @Schema(example = "1949") Integer birthYear,
            Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability,
            @Size(max = 100) @Schema(description = "The resident's own login, so they can self-report", example = "resident.tianping") String account) {
    }

    @Schema(description = "A resident. The phone is masked (138****5678) unless you are a community worker; the ID number is never returned")
    public record ResidentView(UUID id, UUID householdId, String communityCode, String name, String phone,
            Integer birthYear, Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant,
            boolean disability, boolean idNumberRegistered) {
        static ResidentView of(Resident r, boolean revealPhone) {
            return new ResidentView(r.id, r.householdId, r.communityCode, r.name,
                    revealPhone ? r.phone : IdNumbers.maskPhone(r.phone), r.birthYear, r.sex, r.elderlyAlone,
                    r.chronicIllness, r.pregnant, r.disability, r.idNumberHash != null);
        }
    }

    private final ResidentService residents;
    private final AreaScope scope;
    private final SecurityIdentity identity;

    public ResidentResource(ResidentService residents, AreaScope scope, SecurityIdentity identity) {
        this.residents = residents;
        this.scope = scope;
        this.identity = identity;
    }

    /** Community workers serve residents by phone; everyone else sees it masked. */
    private boolean revealPhone() {
        return identity.hasRole("community-worker");
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register a resident of a household",
            description = "The same ID number twice in one city is a 409 whose existingId points to the resident already registered")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResidentView.class)))
    public Response register(@Valid @NotNull ResidentRequest request) {
        Household household = Household.findById(request.householdId());
        if (household == null) {
            throw ProblemException.validation(java.util.List.of(new Problem.FieldError("householdId", "no such household")));
        }
        scope.check(household.communityCode);
        Resident resident = residents.register(household, new ResidentService.NewResident(request.householdId(),
                request.name(), request.phone(), request.idNumber(), request.birthYear(), request.sex(),
                request.elderlyAlone(), request.chronicIllness(), request.pregnant(), request.disability(),
                request.account() == null || request.account().isBlank() ? null : request.account().strip()));
        return Response.created(URI.create("/api/v1/residents/" + resident.id))
                .entity(ResidentView.of(resident, revealPhone())).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    public ResidentView get(@PathParam("id") UUID id) {
        return ResidentView.of(scope.visible(Resident.findById(id), "Resident", id, r -> r.communityCode), revealPhone());
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Residents in your area", description = "Filter by area prefix, household, and the vulnerable (any vulnerability flag)")
    public Page<ResidentView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("householdId") UUID householdId, @QueryParam("vulnerable") Boolean vulnerable,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        if (householdId != null) {
            filter = filter.and("householdId = :householdId", "householdId", householdId);
        }
        if (Boolean.TRUE.equals(vulnerable)) {
            filter = filter.and("(elderlyAlone = true or chronicIllness = true or pregnant = true or disability = true)");
        }
        boolean reveal = revealPhone();
        return Page.of(Resident.<Resident>find(filter.query(), Sort.by("communityCode").and("name"), filter.params()),
                page, (Resident r) -> ResidentView.of(r, reveal));
    }
}
