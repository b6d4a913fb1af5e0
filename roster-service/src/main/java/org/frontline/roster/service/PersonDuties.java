package org.frontline.roster.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.roster.Duty;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.events.PersonDutiesChanged;

import io.quarkus.panache.common.Sort;

/**
 * Announces the duties a person may hold today (PersonDutiesChanged), in the caller's transaction (outbox): the duties
 * with required qualifications whose every required qualification the person holds validly today, counting only the
 * latest qualification of each code (the rule {@link RuleFacts} applies to shifts).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PersonDuties {

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;

    public PersonDuties(EntityManager em, Outbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Records PersonDutiesChanged for the person as they stand now (their qualifications as written so far). */
    public PersonDutiesChanged announce(Person person) {
        PersonDutiesChanged event = new PersonDutiesChanged(person.id, person.communityCode, person.active,
                heldToday(person), OffsetDateTime.now(clock));
        outbox.record(PersonDutiesChanged.TOPIC, event);
        return event;
    }

    /** The duties the person may hold today, by code. */
    List<PersonDutiesChanged.HeldDuty> heldToday(Person person) {
        LocalDate today = LocalDate.now(clock);
        // code → the expiry of the person's latest qualification of that code valid today (null: does not expire)
        Map<String, LocalDate> valid = new HashMap<>();
        em.createQuery("select q from PersonQualification q where q.personId = :p and " + QualificationService.LATEST,
                PersonQualification.class).setParameter("p", person.id).getResultList().stream()
                .filter(q -> !q.issuedOn.isAfter(today) && (q.expiresOn == null || !q.expiresOn.isBefore(today)))
                .forEach(q -> valid.put(q.qualificationCode, q.expiresOn));
        List<PersonDutiesChanged.HeldDuty> duties = new ArrayList<>();
        if (valid.isEmpty()) {
            return duties;
        }
        for (Duty duty : Duty.<Duty>listAll(Sort.by("code"))) {
            if (duty.requiredQualifications.isEmpty() || !valid.keySet().containsAll(duty.requiredQualifications)) {
                continue; // requires nothing (anyone may hold it), or something the person lacks today
            }
            LocalDate until = duty.requiredQualifications.stream().map(valid::get).filter(d -> d != null)
                    .min(LocalDate::compareTo).orElse(null);
            duties.add(new PersonDutiesChanged.HeldDuty(duty.code, until));
        }
        return duties;
    }
}
