package org.frontline.roster.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Assignment;
import org.frontline.roster.Person;
import org.frontline.roster.Shift;

import io.quarkus.security.identity.SecurityIdentity;

/** A person's assignments across shifts: staff in the person's area, or a volunteer reading their own. */
@Path("/api/v1/people/{id}/assignments")
@Tag(name = "Shifts")
public class AssignmentResource {

    public record PersonAssignmentView(UUID id, UUID shiftId, String communityCode, String dutyCode,
            OffsetDateTime startAt, OffsetDateTime endAt, Shift.Status status, OffsetDateTime checkedInAt,
            OffsetDateTime checkedOutAt) {
    }

    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public AssignmentResource(AreaScope scope, JsonWebToken jwt, SecurityIdentity identity) {
        this.scope = scope;
        this.jwt = jwt;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({"volunteer", "community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A person's assignments by shift start", description = "A volunteer may read only their own; staff see only the shifts of their own area (a lent person's "
            + "shifts elsewhere are left out)")
    public List<PersonAssignmentView> list(@PathParam("id") UUID id, @QueryParam("from") String fromValue,
            @QueryParam("to") String toValue) {
        OffsetDateTime from = QueryValues.time(fromValue, "from");
        OffsetDateTime to = QueryValues.time(toValue, "to");
        Person person = Person.findById(id);
        boolean staff = identity.hasRole("community-worker") || identity.hasRole("district-officer")
                || identity.hasRole("coordinator");
        boolean mayRead = person != null && (staff ? scope.covers(person.communityCode)
                : jwt.getSubject() != null && jwt.getSubject().equals(person.loginSubject));
        if (!mayRead) {
            throw ProblemException.notFound("Person", id);
        }
        StringBuilder q = new StringBuilder("select a, s from Assignment a, Shift s where s.id = a.shiftId and a.personId = :id");
        var params = new java.util.HashMap<String, Object>();
        params.put("id", id);
        if (staff) {
            // a lent person also works shifts of other communities: staff see only the shifts of their own area
            var filter = scope.filter("s.communityCode");
            q.append(" and ").append(filter.query());
            params.putAll(filter.params());
        }
        if (from != null) {
            q.append(" and s.startAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            q.append(" and s.startAt < :to");
            params.put("to", to);
        }
        var query = Assignment.getEntityManager().createQuery(q + " order by s.startAt, a.id", Object[].class);
        params.forEach(query::setParameter);
        return query.getResultList().stream().map(r -> {
            Assignment a = (Assignment) r[0];
            Shift s = (Shift) r[1];
            return new PersonAssignmentView(a.id, s.id, s.communityCode, s.dutyCode, s.startAt, s.endAt, s.status,
                    a.checkedInAt, a.checkedOutAt);
        }).toList();
    }
}
