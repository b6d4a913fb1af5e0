package org.frontline.roster.rest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;
import org.frontline.roster.Person;
import org.frontline.roster.Team;
import org.frontline.roster.service.AvailabilityService;
import org.frontline.roster.service.PersonAccess;
import org.frontline.roster.service.QualificationService;
import org.frontline.roster.service.TeamService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/teams")
@Tag(name = "Teams", description = "Emergency teams (应急队伍) and their call-out list")
@RolesAllowed({"community-worker", "district-officer", "coordinator"})
public class TeamResource {

    public record TeamRequest(@NotNull @CommunityCode @Schema(example = "310104012003") String communityCode,
            @NotBlank @Size(max = 120) @Schema(example = "Night response team") String name,
            @Size(max = 400) @Schema(example = "Transfers to the fever clinic at night") String purpose,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers 200 "
                    + "with the earlier record; the same key with another body is a 422") String idempotencyKey) {
    }

    public record MembersRequest(@NotNull @Size(max = 200) List<@NotNull UUID> personIds,
            @Schema(description = "The team version you read; if given and the team changed since, 409") Long version) {
    }

    public record TeamView(UUID id, String communityCode, String name, @Schema(nullable = true) String purpose,
            List<UUID> members, OffsetDateTime createdAt, long version) {
        static TeamView of(Team t) {
            return new TeamView(t.id, t.communityCode, t.name, t.purpose, t.members.stream().sorted().toList(),
                    t.createdAt, t.version);
        }
    }

    @Schema(description = "A member to call: the full phone (the caller needs it to call), the qualifications valid "
            + "today and whether an absence covers this moment")
    public record CallOutMember(UUID personId, String displayName, @Schema(nullable = true) String phone,
            Person.Kind kind, String communityCode, boolean active, List<String> qualifications, boolean absentNow) {
    }

    public record CallOutView(UUID teamId, String name, List<CallOutMember> members) {
    }

    private final TeamService teams;
    private final PersonAccess access;
    private final AreaScope scope;
    private final QualificationService qualifications;
    private final AvailabilityService availability;
    private final Idempotency idempotency;

    public TeamResource(TeamService teams, PersonAccess access, AreaScope scope, QualificationService qualifications,
            AvailabilityService availability, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.teams = teams;
        this.access = access;
        this.scope = scope;
        this.qualifications = qualifications;
        this.availability = availability;
    }

    @POST
    @Operation(summary = "Form an emergency team of a community in your area")
    @APIResponse(responseCode = "201", description = "Formed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamView.class)))
    public Response form(@Valid @NotNull TeamRequest request) {
        scope.check(request.communityCode());
        var outcome = idempotency.once("team", request.idempotencyKey(), request, TeamView.class,
                () -> TeamView.of(teams.form(request.communityCode(), request.name(), request.purpose(), access.writer())));
        return outcome.created("/api/v1/teams", TeamView::id);
    }

    @GET
    @Operation(summary = "Teams in your area")
    public Page<TeamView> list(@QueryParam("area") @AreaPrefix String area, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("communityCode", area);
        return Page.of(Team.find(filter.query(), Sort.by("createdAt").and("id"), filter.params()), page, TeamView::of);
    }

    @GET
    @Path("{id}")
    public TeamView get(@PathParam("id") UUID id) {
        return TeamView.of(visible(id));
    }

    @PUT
    @Path("{id}/members")
    @Operation(summary = "Replace the members",
            description = "Each person must be in your area (else 404 as for a missing one), active, and of the team's "
                    + "community or consenting to be lent within its district (else 422 naming them)")
    public TeamView members(@PathParam("id") UUID id, @Valid @NotNull MembersRequest request) {
        visible(id);
        List<Person> people = new ArrayList<>();
        for (UUID personId : new LinkedHashSet<>(request.personIds())) {
            people.add(access.person(personId));
        }
        return TeamView.of(teams.members(id, request.version(), people));
    }

    @GET
    @Path("{id}/call-out")
    @Operation(summary = "Who to call now: each member's phone, valid qualifications today, and whether absent now",
            description = "Only the team's members. A member lent from another community of the district is shown with "
                    + "name and phone: lending consent covers serving with this team; withdrawn consent hides the phone")
    public CallOutView callOut(@PathParam("id") UUID id) {
        Team t = visible(id);
        var today = qualifications.today();
        List<CallOutMember> members = new ArrayList<>();
        List<Person> people = t.members.isEmpty() ? List.of()
                : Person.list("id in ?1", Sort.by("displayName").and("id"), t.members);
        for (Person p : people) {
            // only the team's own members are listed; a member of another community is shown with their phone only
            // while their lending consent (to the team's district) holds: the consent covers serving with this team
            boolean own = p.communityCode.equals(t.communityCode);
            boolean lent = p.lendConsent && p.communityCode.substring(0, 6).equals(t.communityCode.substring(0, 6));
            String phone = own || lent ? p.phone : null;
            members.add(new CallOutMember(p.id, p.displayName, phone, p.kind, p.communityCode, p.active,
                    qualifications.validOn(p.id, today), availability.absentNow(p.id)));
        }
        return new CallOutView(t.id, t.name, members);
    }

    private Team visible(UUID id) {
        return scope.found(Team.findById(id), "Team", id, t -> t.communityCode);
    }
}
