package org.frontline.roster.service;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.Person;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Which person records the caller may read and write. Staff roles: the people of their area. A volunteer: their
 * own record only (the one linked to their login); any other id answers 404 exactly like a missing one, and so
 * does an id outside a staff caller's area.
 */
@RequestScoped
public class PersonAccess {

    private final AreaScope scope;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    public PersonAccess(AreaScope scope, SecurityIdentity identity, JsonWebToken jwt) {
        this.scope = scope;
        this.identity = identity;
        this.jwt = jwt;
    }

    /** The person, or 404 if missing or not the caller's to see. */
    public Person person(UUID id) {
        Person person = Person.findById(id);
        if (volunteer()) {
            if (person == null || person.loginSubject == null || !person.loginSubject.equals(jwt.getSubject())) {
                throw ProblemException.notFound("Person", id);
            }
            return person;
        }
        return scope.found(person, "Person", id, p -> p.communityCode);
    }

    /** A caller acting as a volunteer (no staff role): sees their own record only. */
    public boolean volunteer() {
        return identity.hasRole("volunteer") && !staff();
    }

    public boolean staff() {
        return identity.hasRole("community-worker") || identity.hasRole("district-officer")
                || identity.hasRole("coordinator");
    }

    /**
     * Who sees a person's full phone: community workers (they call their people, as in screening-service) and the
     * person themself; district officers and coordinators see it masked here (a team's call-out shows it in full).
     */
    public boolean fullPhone(Person person) {
        return identity.hasRole("community-worker")
                || (person.loginSubject != null && person.loginSubject.equals(jwt.getSubject()));
    }

    /** The token's {@code sub}: what a self-registered volunteer's record is linked to. */
    public String subject() {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("Your token has no subject (sub) to link a volunteer record to");
        }
        return subject;
    }

    /** Who wrote a record (the login name, as elsewhere in Frontline). */
    public String writer() {
        return jwt.getName();
    }
}
