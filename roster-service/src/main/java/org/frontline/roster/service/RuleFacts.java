package org.frontline.roster.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.frontline.roster.Absence;
import org.frontline.roster.AvailabilityWindow;
import org.frontline.roster.Duty;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.Shift;
import org.frontline.roster.rules.PersonFacts;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.ShiftFacts;

/**
 * Reads what {@link org.frontline.roster.rules.RuleCheck} needs from the database: a person's facts and the other
 * shifts they work. One person for a manual assignment; whole communities and a time range for the planner, with a
 * fixed number of queries (never one per person).
 */
@ApplicationScoped
public class RuleFacts {

    /**
     * Everything the rules need for planning a set of communities over a range.
     *
     * @param people      the active people whose home community lies in the areas, by id
     * @param shifts      the non-cancelled shifts of the areas starting in the range
     * @param assignments for each of those people, the non-cancelled shifts they already work near the range (also
     *                    in other communities), as the rules see them
     */
    public record Batch(Map<UUID, PersonFacts> people, List<ShiftFacts> shifts, Map<UUID, List<ShiftFacts>> assignments) {
    }

    private final EntityManager em;
    private final RosterRules rules;

    public RuleFacts(EntityManager em, RosterRules rules) {
        this.em = em;
        this.rules = rules;
    }

    public PersonFacts person(Person person) {
        return people(List.of(person)).get(person.id);
    }

    /** The facts of many people in three queries. */
    public Map<UUID, PersonFacts> people(Collection<Person> people) {
        Map<UUID, PersonFacts> result = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return result;
        }
        List<UUID> ids = people.stream().map(p -> p.id).toList();
        Map<UUID, List<PersonFacts.Qualification>> quals = new HashMap<>();
        // only the latest of each person and code counts (a renewal replaces the older one; QualificationService)
        em.createQuery("select q from PersonQualification q where q.personId in :ids and " + QualificationService.LATEST,
                PersonQualification.class).setParameter("ids", ids).getResultList().forEach(q -> quals
                .computeIfAbsent(q.personId, k -> new ArrayList<>())
                .add(new PersonFacts.Qualification(q.qualificationCode, q.issuedOn, q.expiresOn)));
        Map<UUID, List<PersonFacts.WeeklyWindow>> weekly = new HashMap<>();
        AvailabilityWindow.<AvailabilityWindow>list("personId in ?1", ids).forEach(w -> weekly
                .computeIfAbsent(w.personId, k -> new ArrayList<>())
                .add(new PersonFacts.WeeklyWindow(DayOfWeek.of(w.dayOfWeek), w.startTime, w.endTime)));
        Map<UUID, List<PersonFacts.Absence>> absences = new HashMap<>();
        Absence.<Absence>list("personId in ?1", ids).forEach(a -> absences
                .computeIfAbsent(a.personId, k -> new ArrayList<>())
                .add(new PersonFacts.Absence(a.fromAt.toInstant(), a.toAt.toInstant())));
        for (Person p : people) {
            result.put(p.id, new PersonFacts(p.id, p.kind == Person.Kind.VOLUNTEER, p.communityCode,
                    quals.getOrDefault(p.id, List.of()), weekly.getOrDefault(p.id, List.of()),
                    absences.getOrDefault(p.id, List.of())));
        }
        return result;
    }

    /** A shift as the rules see it (its duty's risk and required qualifications). */
    public ShiftFacts shift(Shift shift) {
        return facts(shift, duties(Set.of(shift.dutyCode)));
    }

    /**
     * The non-cancelled shifts {@code personId} works that could matter to a candidate in [from, to): those within
     * the rules' window and rest of it.
     */
    public List<ShiftFacts> assignedShifts(UUID personId, Instant from, Instant to) {
        return assignedShifts(List.of(personId), from, to).getOrDefault(personId, List.of());
    }

    /** As {@link #assignedShifts(UUID, Instant, Instant)} for many people in two queries. */
    public Map<UUID, List<ShiftFacts>> assignedShifts(Collection<UUID> personIds, Instant from, Instant to) {
        Map<UUID, List<ShiftFacts>> result = new HashMap<>();
        if (personIds.isEmpty()) {
            return result;
        }
        Duration margin = (rules.window().compareTo(rules.minRest()) > 0 ? rules.window() : rules.minRest())
                .plusDays(1);
        List<Object[]> rows = em.createQuery("""
                select a.personId, s from Assignment a, Shift s where s.id = a.shiftId and a.personId in :ids
                and s.status <> :cancelled and s.endAt > :from and s.startAt < :to""", Object[].class)
                .setParameter("ids", personIds).setParameter("cancelled", Shift.Status.CANCELLED)
                .setParameter("from", utc(from.minus(margin))).setParameter("to", utc(to.plus(margin)))
                .getResultList();
        Map<String, Duty> duties = duties(rows.stream().map(r -> ((Shift) r[1]).dutyCode).collect(
                java.util.stream.Collectors.toSet()));
        for (Object[] r : rows) {
            result.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(facts((Shift) r[1], duties));
        }
        return result;
    }

    /**
     * The planner's problem facts: all active people of the areas (community code prefixes), all non-cancelled shifts
     * of the areas starting in [from, to), and what those people already work around the range.
     */
    public Batch batch(Collection<String> areas, Instant from, Instant to) {
        if (areas.isEmpty()) {
            return new Batch(Map.of(), List.of(), Map.of());
        }
        StringBuilder where = new StringBuilder("(");
        Map<String, Object> params = new HashMap<>();
        int i = 0;
        for (String area : areas) {
            where.append(i > 0 ? " or " : "").append("communityCode like :a").append(i);
            params.put("a" + i, area + "%");
            i++;
        }
        where.append(')');
        List<Person> people = Person.list(where + " and active = true", params);
        Map<String, Object> shiftParams = new HashMap<>(params);
        shiftParams.put("from", utc(from));
        shiftParams.put("to", utc(to));
        shiftParams.put("cancelled", Shift.Status.CANCELLED);
        List<Shift> shifts = Shift.list(where + " and status <> :cancelled and startAt >= :from and startAt < :to"
                + " order by startAt", shiftParams);
        Map<String, Duty> duties = duties(shifts.stream().map(s -> s.dutyCode).collect(java.util.stream.Collectors.toSet()));
        return new Batch(people(people), shifts.stream().map(s -> facts(s, duties)).toList(),
                assignedShifts(people.stream().map(p -> p.id).toList(), from, to));
    }

    private Map<String, Duty> duties(Set<String> codes) {
        Map<String, Duty> result = new HashMap<>();
        if (!codes.isEmpty()) {
            Duty.<Duty>list("code in ?1", codes).forEach(d -> result.put(d.code, d));
        }
        return result;
    }

    private static ShiftFacts facts(Shift s, Map<String, Duty> duties) {
        Duty duty = duties.get(s.dutyCode);
        return new ShiftFacts(s.id, s.communityCode, s.dutyCode, duty.riskLevel, duty.requiredQualifications,
                s.startAt.toInstant(), s.endAt.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
