package org.frontline.roster.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.platform.security.Phones;
import org.frontline.roster.Person;
import org.frontline.roster.rest.PersonResource.PersonView;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.PersonService;

@Path("/api/v1/volunteers/me")
@Tag(name = "Volunteers", description = "A volunteer's own record")
@RolesAllowed("volunteer")
public class VolunteerResource {

    public record VolunteerRequest(
            @NotNull @CommunityCode @Schema(description = "Where you serve; inside the area of your login",
                    example = "310104012003") String communityCode,
            @NotBlank @Size(max = 100) @Schema(example = "Liu Yang") String displayName,
            @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE) @Schema(example = "13912345678") String phone,
            @Size(max = 400) String skills, boolean lendConsent) {
    }

    /** At most frontline.rate-limit.volunteer-registration.requests attempts per window and login (429 beyond). */
    @jakarta.inject.Inject
    org.frontline.platform.ratelimit.RateLimits limits;

    private final PersonService people;
    private final PersonAccess access;
    private final AreaScope scope;

    public VolunteerResource(PersonService people, PersonAccess access, AreaScope scope) {
        this.people = people;
        this.access = access;
        this.scope = scope;
    }

    @POST
    @Operation(summary = "Register yourself as a volunteer",
            description = "Links the record to your login. Again: your own record, 200, unchanged (not counted by the rate limit). "
                    + "Emits VolunteerRegistered. Attempts are rate-limited per login "
                    + "(frontline.rate-limit.volunteer-registration.*: 429 with Retry-After)")
    @org.eclipse.microprofile.openapi.annotations.extensions.Extension(
            name = org.frontline.platform.ratelimit.RateLimits.OPENAPI_EXTENSION, value = "volunteer-registration")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "200", description = "You were registered before: your own record",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PersonView.class)))
    public Response register(@Valid @NotNull VolunteerRequest request) {
        if (Person.count("loginSubject", access.subject()) == 0) {
            limits.acquire("volunteer-registration"); // once registered, a repeat is a replay: not counted, never refused
        }
        scope.check(request.communityCode());
        var result = people.registerSelf(access.subject(), new PersonService.NewPerson(request.communityCode(),
                Person.Kind.VOLUNTEER, null, request.displayName(), request.phone(), request.skills(),
                request.lendConsent()), access.writer());
        PersonView view = PersonView.of(result.person(), true);
        return result.created()
                ? Response.created(java.net.URI.create("/api/v1/people/" + view.id())).entity(view).build()
                : Response.ok(view).build();
    }

    @GET
    @Operation(summary = "Your own volunteer record")
    @APIResponse(responseCode = "200", description = "Your record",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "404", description = "Your login is not linked to a volunteer record yet: register first",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = org.frontline.platform.problem.Problem.class)))
    public PersonView me() {
        Person own = Person.find("loginSubject", access.subject()).firstResult();
        if (own == null) {
            throw new ProblemException(404, "not-found", "Not registered",
                    "Your login is not linked to a volunteer record; register with POST /api/v1/volunteers/me", null);
        }
        return PersonView.of(own, true);
    }
}
