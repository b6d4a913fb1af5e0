package org.frontline.roster.service;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.ScopeFilter;
import org.frontline.roster.Assignment;
import org.frontline.roster.Person;
import org.frontline.roster.Shift;
import org.frontline.roster.config.RosterConfig;
import org.frontline.roster.events.WorkloadExceeded;
import org.frontline.roster.rules.Fairness;
import org.frontline.roster.rules.PersonFacts;
import org.frontline.roster.rules.RosterRules;

/**
 * Hours worked per person and city week, the fairness spread, people over the weekly warning level, and uncovered
 * shift hours. Only published shifts count; a shift checked in and out counts its actual time.
 */
@ApplicationScoped
public class WorkloadService {

    /** The longest range one workload report covers. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    public record PersonHours(UUID personId, String communityCode, double hours, double availableHours) {
    }

    public record OverLimit(UUID personId, String communityCode, LocalDate weekStart, double hours) {
    }

    public record Uncovered(String communityCode, LocalDate date, double hours) {
    }

    public record Report(Instant from, Instant to, double weeklyLimitHours, double spread, List<PersonHours> people,
            List<OverLimit> overLimit, List<Uncovered> uncovered) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final RuleFacts facts;
    private final RosterRules rules;
    private final RosterConfig config;
    private final Clock clock;

    public WorkloadService(EntityManager em, Outbox outbox, RuleFacts facts, RosterRules rules, RosterConfig config,
            Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.facts = facts;
        this.rules = rules;
        this.config = config;
        this.clock = clock;
    }

    /** Monday 00:00 in the city's zone of the week holding {@code instant}. */
    public LocalDate weekStart(Instant instant) {
        return instant.atZone(rules.zone()).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public Instant startOf(LocalDate date) {
        return date.atStartOfDay(rules.zone()).toInstant();
    }

    /** The current city week, the report's default range. */
    public Instant[] currentWeek() {
        Instant from = startOf(weekStart(clock.instant()));
        return new Instant[] {from, startOf(weekStart(clock.instant()).plusDays(7))};
    }

    public double weeklyLimitHours() {
        return config.workload().weeklyLimit().toMinutes() / 60.0;
    }

    /**
     * Says WorkloadExceeded once when the person's hours in the city week of {@code during} pass the weekly limit.
     * The row in workload_warning is what makes it once, also across replicas (insert … on conflict do nothing).
     */
    @Transactional
    public void warnIfExceeded(UUID personId, Instant during) {
        LocalDate week = weekStart(during);
        double hours = hours(List.of(personId), startOf(week), startOf(week.plusDays(7))).getOrDefault(personId, 0.0);
        if (hours <= weeklyLimitHours()) {
            return;
        }
        int inserted = em.createNativeQuery("""
                insert into workload_warning (person_id, week_start, hours, emitted_at) values (?1, ?2, ?3, ?4)
                on conflict do nothing""").setParameter(1, personId).setParameter(2, week).setParameter(3, hours)
                .setParameter(4, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)).executeUpdate();
        if (inserted == 1) {
            Person person = Person.findById(personId);
            outbox.record(WorkloadExceeded.TOPIC,
                    new WorkloadExceeded(personId, person.communityCode, week, hours, weeklyLimitHours()));
        }
    }

    /** Hours per person from published shifts starting in [from, to). */
    public Map<UUID, Double> hours(Collection<UUID> people, Instant from, Instant to) {
        Map<UUID, Double> result = new HashMap<>();
        for (Object[] row : worked(people, from, to)) {
            result.merge(((Assignment) row[0]).personId, hours((Assignment) row[0], (Shift) row[1]), Double::sum);
        }
        return result;
    }

    /** {@code people}: a filter on Person.communityCode; {@code shifts}: on {@code s.communityCode}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Report report(ScopeFilter people, ScopeFilter shifts, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw ProblemException.badRequest("Invalid range", "to must be after from", "to");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.badRequest("Range too long", "a workload report covers at most 31 days", "to");
        }
        List<Person> persons = Person.list(people.query() + " and active = true order by id", people.params());
        List<UUID> ids = persons.stream().map(p -> p.id).toList();
        Map<UUID, PersonFacts> personFacts = facts.people(persons);

        // whole city weeks around the range, for the weekly limit
        LocalDate firstWeek = weekStart(from);
        LocalDate lastWeek = weekStart(to.minusNanos(1));
        Map<UUID, Double> inRange = new HashMap<>();
        Map<UUID, TreeMap<LocalDate, Double>> weekly = new HashMap<>();
        for (Object[] row : worked(ids, startOf(firstWeek), startOf(lastWeek.plusDays(7)))) {
            Assignment a = (Assignment) row[0];
            Shift s = (Shift) row[1];
            double h = hours(a, s);
            Instant start = s.startAt.toInstant();
            if (!start.isBefore(from) && start.isBefore(to)) {
                inRange.merge(a.personId, h, Double::sum);
            }
            weekly.computeIfAbsent(a.personId, k -> new TreeMap<>()).merge(weekStart(start), h, Double::sum);
        }
        Map<UUID, Double> available = new HashMap<>();
        List<PersonHours> rows = new ArrayList<>();
        List<OverLimit> over = new ArrayList<>();
        for (Person p : persons) {
            double a = Fairness.availableHours(personFacts.get(p.id), from, to, rules);
            available.put(p.id, a);
            rows.add(new PersonHours(p.id, p.communityCode, round(inRange.getOrDefault(p.id, 0.0)), round(a)));
            weekly.getOrDefault(p.id, new TreeMap<>()).forEach((week, h) -> {
                if (h > weeklyLimitHours()) {
                    over.add(new OverLimit(p.id, p.communityCode, week, round(h)));
                }
            });
        }
        Map<UUID, Double> hours = new HashMap<>();
        ids.forEach(id -> hours.put(id, inRange.getOrDefault(id, 0.0)));
        double spread = Fairness.spread(hours, available);
        return new Report(from, to, weeklyLimitHours(), round(spread), rows, over, uncovered(shifts, from, to));
    }

    private List<Uncovered> uncovered(ScopeFilter shifts, Instant from, Instant to) {
        Map<String, Object> params = new HashMap<>(shifts.params());
        params.put("from", from.atOffset(ZoneOffset.UTC));
        params.put("to", to.atOffset(ZoneOffset.UTC));
        params.put("published", Shift.Status.PUBLISHED);
        var query = em.createQuery("select s, (select count(a) from Assignment a where a.shiftId = s.id) from Shift s where "
                + shifts.query() + " and s.status = :published and s.startAt >= :from and s.startAt < :to", Object[].class);
        params.forEach(query::setParameter);
        List<Object[]> rows = query.getResultList();
        TreeMap<String, Double> byCommunityDay = new TreeMap<>();
        for (Object[] row : rows) {
            Shift s = (Shift) row[0];
            long missing = s.requiredHeadcount - ((Number) row[1]).longValue();
            if (missing > 0) {
                LocalDate date = s.startAt.toInstant().atZone(rules.zone()).toLocalDate();
                byCommunityDay.merge(s.communityCode + "|" + date, missing * s.hours(), Double::sum);
            }
        }
        List<Uncovered> result = new ArrayList<>();
        byCommunityDay.forEach((k, h) -> result.add(new Uncovered(k.substring(0, k.indexOf('|')),
                LocalDate.parse(k.substring(k.indexOf('|') + 1)), round(h))));
        return result;
    }

    private List<Object[]> worked(Collection<UUID> people, Instant from, Instant to) {
        if (people.isEmpty()) {
            return List.of();
        }
        return em.createQuery("""
                select a, s from Assignment a, Shift s where s.id = a.shiftId and a.personId in :ids
                and s.status = :published and s.startAt >= :from and s.startAt < :to""", Object[].class)
                .setParameter("ids", people).setParameter("published", Shift.Status.PUBLISHED)
                .setParameter("from", from.atOffset(ZoneOffset.UTC)).setParameter("to", to.atOffset(ZoneOffset.UTC))
                .getResultList();
    }

    /** Actual time when checked in and out, else the shift's scheduled length. */
    static double hours(Assignment a, Shift s) {
        if (a.checkedInAt != null && a.checkedOutAt != null) {
            return Duration.between(a.checkedInAt, a.checkedOutAt).toMinutes() / 60.0;
        }
        return s.hours();
    }

    private static double round(double h) {
        return Math.round(h * 100) / 100.0;
    }
}
