package org.frontline.roster.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.roster.Person;
import org.frontline.roster.events.StaffRegistered;
import org.frontline.roster.events.VolunteerRegistered;

/** People on a community's roster: registration (by staff or a volunteer themself) and changes. */
@ApplicationScoped
@Transactional
public class PersonService {

    /** What a registration says about a person. */
    public record NewPerson(String communityCode, Person.Kind kind, String unitCode, String displayName, String phone,
            String skills, boolean lendConsent) {
    }

    /** A change; null leaves a field as it is. {@code version} is the version the writer read. */
    public record Change(long version, String displayName, String phone, String skills, Boolean lendConsent,
            Boolean active) {
    }

    /** A self-registration's outcome: the record, and whether this call created it. */
    public record Registration(Person person, boolean created) {
    }

    private final Outbox outbox;
    private final Clock clock;
    private final PersonDuties duties;

    public PersonService(Outbox outbox, Clock clock, PersonDuties duties) {
        this.outbox = outbox;
        this.clock = clock;
        this.duties = duties;
    }

    /** Registers staff or a volunteer; emits StaffRegistered or VolunteerRegistered, and PersonDutiesChanged. */
    public Person register(NewPerson request, String loginSubject, String recordedBy) {
        if (request.unitCode() != null) {
            if (request.kind() != Person.Kind.STAFF) {
                throw ProblemException.badRequest("Invalid unit", "only staff have an employing unit", "unitCode");
            }
            if (!AreaCodes.isAreaPrefix(request.unitCode()) || !request.communityCode().startsWith(request.unitCode())) {
                throw ProblemException.badRequest("Invalid unit",
                        "must be an area code that covers community " + request.communityCode(), "unitCode");
            }
        }
        Person p = new Person();
        p.id = UUID.randomUUID();
        p.communityCode = request.communityCode();
        p.kind = request.kind();
        p.unitCode = request.unitCode();
        p.displayName = request.displayName().strip();
        p.phone = request.phone();
        p.skills = blankToNull(request.skills());
        p.lendConsent = request.lendConsent();
        p.loginSubject = loginSubject;
        p.recordedBy = recordedBy;
        p.registeredAt = OffsetDateTime.now(clock);
        p.persist();
        if (p.kind == Person.Kind.STAFF) {
            outbox.record(StaffRegistered.TOPIC,
                    new StaffRegistered(p.id, p.communityCode, p.kind.name(), p.registeredAt));
        } else {
            outbox.record(StaffRegistered.TOPIC,
                    new VolunteerRegistered(p.id, p.communityCode, loginSubject != null, p.registeredAt));
        }
        duties.announce(p); // no qualifications yet: no duties, but readers learn the person and their community
        return p;
    }

    /**
     * A volunteer registers themself: the record is linked to their login ({@code sub}). Registering again
     * returns their own record unchanged ({@code created} false), never another's.
     */
    public Registration registerSelf(String loginSubject, NewPerson request, String recordedBy) {
        // two registrations of one login at once (a double tap, two replicas): the second waits for the first to
        // commit, then finds its record and answers it, instead of losing on the unique index with a 409
        Person.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('person-login:' || ?1))")
                .setParameter(1, loginSubject).getSingleResult();
        Person own = Person.find("loginSubject", loginSubject).firstResult();
        if (own != null) {
            return new Registration(own, false);
        }
        return new Registration(register(request, loginSubject, recordedBy), true);
    }

    /**
     * Applies a change read at {@code change.version()}; a stale version is a 409 and nothing is written. The caller
     * has checked that {@code id} is theirs to change. A change of {@code active} emits PersonDutiesChanged.
     */
    public Person change(UUID id, Change change) {
        Person p = Person.findById(id);
        if (p.version != change.version()) {
            throw stale(p);
        }
        if (change.displayName() != null) {
            if (change.displayName().isBlank()) {
                throw ProblemException.validation(List.of(new Problem.FieldError("displayName", "must not be blank")));
            }
            p.displayName = change.displayName().strip();
        }
        if (change.phone() != null) {
            p.phone = blankToNull(change.phone());
        }
        if (change.skills() != null) {
            p.skills = blankToNull(change.skills());
        }
        if (change.lendConsent() != null) {
            p.lendConsent = change.lendConsent();
        }
        boolean activeChanged = change.active() != null && change.active() != p.active;
        if (change.active() != null) {
            p.active = change.active();
        }
        try {
            Person.flush(); // a writer that raced past the check loses here, on the row's version
        } catch (OptimisticLockException e) {
            throw stale(p);
        }
        if (activeChanged) {
            duties.announce(p);
        }
        return p;
    }

    private static ProblemException stale(Person p) {
        return ProblemException.conflict("Stale version",
                "Person " + p.id + " was changed meanwhile; reload it and apply your change again");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
