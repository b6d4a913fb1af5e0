package org.frontline.screening.rest;

import java.util.Map;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.Phones;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.service.IdNumberKeys;
import org.frontline.screening.service.IdNumbers;
import org.frontline.screening.service.ResidentService;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/residents")
@Tag(name = "Residents", description = "Residents, with the minimum of personal data")
public class ResidentResource {

    public record ResidentRequest(@NotNull UUID householdId,
            @NotBlank @Size(max = 100) @Schema(example = "Wang Fang") String name,
            @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE) @Schema(example = "13812345678") String phone,
            @Size(max = 18) @Schema(description = "18-character resident ID number; stored only as a keyed hash, never returned",
                    example = "11010519491231002X") String idNumber,
            @Min(1900) @Max(2100) @Schema(example = "1949") Integer birthYear,
            Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability,
            @Size(max = 100) @Schema(description = "The resident's own login, so they can self-report", example = "resident.tianping") String account,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 with "
                    + "the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    @Schema(description = "A correction of a resident's editable fields, made on the version you were shown. The household, "
            + "the ID number and the resident's login are not changed here")
    public record ResidentUpdate(@NotBlank @Size(max = 100) @Schema(example = "Wang Fang") String name,
            @Pattern(regexp = Phones.MOBILE_OR_MASKED, message = Phones.MOBILE_OR_MASKED_MESSAGE)
            @Schema(description = "The full number, or the masked number you were shown (138****5678) to keep it; null removes it",
                    example = "13812345678") String phone,
            @Min(1900) @Max(2100) @Schema(example = "1949") Integer birthYear,
            Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability,
            @NotNull @Min(0) @Schema(description = "The version of the record you edited (ResidentView.version); "
                    + "if the record changed since, 409 with the current one", example = "3") Long version,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body is answered as "
                    + "the first time (200 with the record it made); the same key with another body is a 422",
                    example = "field/worker.tianping/6f1c0e52-8d1b-4c55-a0f4-1b7f0f0b7a11") String idempotencyKey) {
    }

    @Schema(description = "A resident as your role may see them (screening-service README, 'What each role sees'). "
            + "The phone is masked (138****5678) unless you are a community worker; the health flags chronicIllness, "
            + "pregnant and disability are null for volunteers; the ID number is never returned")
    public record ResidentView(UUID id, UUID householdId, String communityCode, String name, String phone,
            Integer birthYear, Resident.Sex sex, boolean elderlyAlone,
            @Schema(nullable = true) Boolean chronicIllness, @Schema(nullable = true) Boolean pregnant,
            @Schema(nullable = true) Boolean disability, boolean idNumberRegistered,
            @Schema(description = "The record's version: send it with a correction (PUT); it moves with every change",
                    example = "3") long version) {

        /** The view of {@code r} for a caller with the given role's view. */
        public static ResidentView of(Resident r, RoleView role) {
            boolean health = role.healthFlags();
            return new ResidentView(r.id, r.householdId, r.communityCode, r.name,
                    role.fullPhone() ? r.phone : Phones.mask(r.phone), r.birthYear, r.sex, r.elderlyAlone,
                    health ? r.chronicIllness : null, health ? r.pregnant : null, health ? r.disability : null,
                    r.idNumberHash != null, r.version);
        }
    }

    /**
     * What a role sees of a resident: community workers serve residents by phone and see everything; district
     * officers and coordinators plan support for the vulnerable and see the health flags, with the phone masked;
     * volunteers see who lives where and who is elderly and alone (they deliver and check on them), never the
     * health flags. Residents see no one else (they have no access to this resource).
     */
    public record RoleView(boolean fullPhone, boolean healthFlags) {
        public static RoleView of(SecurityIdentity identity) {
            if (identity.hasRole("community-worker")) {
                return new RoleView(true, true);
            }
            if (identity.hasRole("district-officer") || identity.hasRole("coordinator")) {
                return new RoleView(false, true);
            }
            return new RoleView(false, false);
        }
    }

    /** Records who read which resident (the views below carry personal data): in the read's transaction. */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    private final ResidentService residents;
    private final AreaScope scope;
    private final SecurityIdentity identity;
    private final IdNumberKeys keys;

    private final Idempotency idempotency;

    public ResidentResource(ResidentService residents, AreaScope scope, SecurityIdentity identity, IdNumberKeys keys,
            Idempotency idempotency) {
        this.idempotency = idempotency;
        this.keys = keys;
        this.residents = residents;
        this.scope = scope;
        this.identity = identity;
    }

    private RoleView role() {
        return RoleView.of(identity);
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register a resident of a household",
            description = "The same ID number twice in one city is a 409; it names the resident already registered (existingId) "
                    + "only if your area covers them, else it says the number is registered in another area and how to ask for a transfer")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResidentView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResidentView.class)))
    public Response register(@Valid @NotNull ResidentRequest request) {
        Household household = Household.findById(request.householdId());
        if (household == null) {
            throw ProblemException.validation(java.util.List.of(new Problem.FieldError("householdId", "no such household")));
        }
        scope.check(household.communityCode);
        var outcome = idempotency.once("resident", request.idempotencyKey(), request, ResidentView.class,
                () -> ResidentView.of(residents.register(household, new ResidentService.NewResident(request.householdId(),
                        request.name(), request.phone(), request.idNumber(), request.birthYear(), request.sex(),
                        request.elderlyAlone(), request.chronicIllness(), request.pregnant(), request.disability(),
                        request.account() == null || request.account().isBlank() ? null : request.account().strip()),
                        scope::covers), role()));
        return outcome.created("/api/v1/residents", v -> v.id());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Correct a resident's editable fields",
            description = "Optimistic: the body names the version you edited. If the record changed since, 409 "
                    + "(type urn:frontline:problem:conflict) with the current record as the member 'current' (as your role "
                    + "sees it, with its version), and nothing is written; decide, then send again with that version. "
                    + "A resident outside your area is a 404, as one that does not exist. No event is published (names and phones never leave the service)")
    @APIResponse(responseCode = "200", description = "Corrected; the answer carries the new version",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResidentView.class)))
    public ResidentView correct(@PathParam("id") UUID id, @Valid @NotNull ResidentUpdate request) {
        // outside the area is answered as not found: a writer learns nothing of where a resident it holds an id of lives
        scope.found(Resident.<Resident>findById(id), "Resident", id, r -> r.communityCode);
        RoleView role = role();
        return idempotency.once("resident.update", request.idempotencyKey(), Map.of("id", id, "request", request),
                ResidentView.class, () -> ResidentView.of(residents.correct(id, request.version(),
                        new ResidentService.Correction(request.name(), request.phone(), request.birthYear(), request.sex(),
                                request.elderlyAlone(), request.chronicIllness(), request.pregnant(), request.disability()),
                        r -> ResidentView.of(r, role)), role)).response();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    public ResidentView get(@PathParam("id") UUID id) {
        ResidentView view = ResidentView.of(scope.visible(Resident.findById(id), "Resident", id, r -> r.communityCode), role());
        audit.resident(view);
        return view;
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    @Operation(summary = "Residents in your area",
            description = "Filter by area prefix, household, the vulnerable (any vulnerability flag; not for volunteers), "
                    + "and search by name (part of it), phone (the full number) or ID number (matched by its keyed hash); phone and ID-number "
                    + "search only for community workers (for other roles a 403: a match would confirm data their view masks). "
                    + "Ordered by community, name and id")
    public Page<ResidentView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("householdId") UUID householdId, @QueryParam("vulnerable") Boolean vulnerable,
            @QueryParam("name") @Size(min = 1, max = 100) String name,
            @QueryParam("phone") @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE) String phone,
            @QueryParam("idNumber") @Size(max = 18) String idNumber,
            @Valid @BeanParam PageParams page) {
        RoleView role = role();
        if (!role.fullPhone() && (phone != null || (idNumber != null && !idNumber.isBlank()))) {
            // a match would confirm a phone the view masks, or whose ID number a person is
            throw ProblemException.forbidden("Only community workers may search by phone or ID number");
        }
        var filter = scope.filter("communityCode", area);
        if (householdId != null) {
            filter = filter.and("householdId = :householdId", "householdId", householdId);
        }
        if (Boolean.TRUE.equals(vulnerable)) {
            if (!role.healthFlags()) {
                // the filter would reveal the health flags the view hides
                throw ProblemException.forbidden("Your role does not see residents' health flags");
            }
            filter = filter.and("(elderlyAlone = true or chronicIllness = true or pregnant = true or disability = true)");
        }
        if (name != null && !name.isBlank()) {
            String pattern = "%" + name.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            filter = filter.and("lower(name) like :name escape '\\'", "name", pattern);
        }
        if (phone != null) {
            filter = filter.and("phone = :phone", "phone", phone);
        }
        if (idNumber != null && !idNumber.isBlank()) {
            if (!IdNumbers.isValid(idNumber)) {
                throw ProblemException.validation(java.util.List.of(new Problem.FieldError("idNumber",
                        "is not a valid 18-character resident ID number")));
            }
            filter = filter.and("idNumberHash in :hashes", "hashes", keys.candidates(idNumber));
        }
        Page<ResidentView> found = Page.of(Resident.<Resident>find(filter.query(), Sort.by("communityCode").and("name").and("id"),
                filter.params()), page, (Resident r) -> ResidentView.of(r, role));
        audit.residents(found.items());
        return found;
    }
}
