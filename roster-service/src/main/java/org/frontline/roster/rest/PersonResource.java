package org.frontline.roster.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.platform.security.Phones;
import org.frontline.roster.Person;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.PersonService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/people")
@Tag(name = "People", description = "Staff and volunteers of a community")
public class PersonResource {

    public record PersonRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotNull Person.Kind kind,
            @AreaPrefix @Schema(description = "Staff only: the employing unit's area code, covering the community",
                    example = "310104012") String unitCode,
            @NotBlank @Size(max = 100) @Schema(example = "Wang Fang") String displayName,
            @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE) @Schema(example = "13812345678") String phone,
            @Size(max = 400) @Schema(example = "first aid, Shanghainese") String skills,
            @Schema(description = "Consents to be lent to other communities of the district") boolean lendConsent,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 "
                    + "with the earlier record; the same key with another body is a 422") String idempotencyKey) {

        PersonService.NewPerson toNew() {
            return new PersonService.NewPerson(communityCode, kind, unitCode, displayName, phone, skills, lendConsent);
        }
    }

    @Schema(description = "A change: fields left out stay as they are. version is the version you read; if the record "
            + "changed since, the answer is 409 and nothing is written")
    public record PersonChange(@NotNull @Schema(example = "0") Long version,
            @Size(max = 100) String displayName,
            @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE) String phone,
            @Size(max = 400) String skills, Boolean lendConsent,
            @Schema(description = "Staff roles only") Boolean active) {
    }

    @Schema(description = "A person as your role sees them: the phone is masked (138****5678) unless you are a "
            + "community worker or it is your own record")
    public record PersonView(UUID id, String communityCode, Person.Kind kind,
            @Schema(nullable = true) String unitCode, String displayName,
            @Schema(nullable = true) String phone, @Schema(nullable = true) String skills, boolean lendConsent,
            boolean active, boolean selfRegistered, OffsetDateTime registeredAt, long version) {

        public static PersonView of(Person p, boolean fullPhone) {
            return new PersonView(p.id, p.communityCode, p.kind, p.unitCode, p.displayName,
                    fullPhone ? p.phone : Phones.mask(p.phone), p.skills, p.lendConsent, p.active,
                    p.loginSubject != null, p.registeredAt, p.version);
        }
    }

    private final PersonService people;
    private final PersonAccess access;
    private final AreaScope scope;
    private final Idempotency idempotency;

    public PersonResource(PersonService people, PersonAccess access, AreaScope scope, Idempotency idempotency) {
        this.people = people;
        this.access = access;
        this.scope = scope;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Register staff or a volunteer",
            description = "Emits StaffRegistered (staff) or VolunteerRegistered (volunteers)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PersonView.class)))
    public Response register(@Valid @NotNull PersonRequest request) {
        scope.check(request.communityCode());
        var outcome = idempotency.once("person", request.idempotencyKey(), request, PersonView.class, () -> {
            Person p = people.register(request.toNew(), null, access.writer());
            return PersonView.of(p, access.fullPhone(p));
        });
        return outcome.created("/api/v1/people", PersonView::id);
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "People in your area", description = "Optionally within ?area= and of one ?kind=")
    public Page<PersonView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("kind")
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "STAFF or VOLUNTEER; "
                    + "another value is a 400") String kindValue,
            @Valid @BeanParam PageParams page) {
        Person.Kind kind = QueryValues.enumValue(Person.Kind.class, kindValue, "kind");
        var filter = scope.filter("communityCode", area);
        if (kind != null) {
            filter = filter.and("kind = :kind", "kind", kind);
        }
        return Page.of(Person.find(filter.query(), Sort.by("registeredAt").and("id"), filter.params()), page,
                (Person p) -> PersonView.of(p, access.fullPhone(p)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "One person", description = "404 if missing, outside your area, or (volunteers) not your own")
    public PersonView get(@PathParam("id") UUID id) {
        Person p = access.person(id);
        return PersonView.of(p, access.fullPhone(p));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "volunteer"})
    @Operation(summary = "Change contact, skills, consent or (staff roles) whether the person is active",
            description = "A stale version is a 409; a volunteer changes only their own record")
    public PersonView change(@PathParam("id") UUID id, @Valid @NotNull PersonChange change) {
        Person p = access.person(id);
        if (change.active() != null && access.volunteer()) {
            throw ProblemException.forbidden("Only staff roles change whether a person is active");
        }
        p = people.change(p.id, new PersonService.Change(change.version(), change.displayName(), change.phone(),
                change.skills(), change.lendConsent(), change.active()));
        return PersonView.of(p, access.fullPhone(p));
    }
}
