package org.frontline.roster.service;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.jobs.ClusterJob;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.ScopeFilter;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.QualificationType;
import org.frontline.roster.config.RosterConfig;
import org.frontline.roster.events.QualificationExpiring;
import org.frontline.roster.events.StaffRegistered;
import org.jboss.logging.Logger;

import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;

/**
 * Qualifications people hold, with expiry. Of several of one person and code only the latest (by issue date) counts:
 * a renewal replaces the older one, which is then neither valid evidence nor "expiring".
 */
@ApplicationScoped
@Transactional
public class QualificationService {

    private static final Logger LOG = Logger.getLogger(QualificationService.class);

    /** HQL: {@code q} is not superseded by a later qualification of the same person and code. */
    static final String LATEST = "not exists (select n.id from PersonQualification n where n.personId = q.personId "
            + "and n.qualificationCode = q.qualificationCode and (n.issuedOn > q.issuedOn "
            + "or (n.issuedOn = q.issuedOn and n.recordedAt > q.recordedAt)))";

    /** One expiring qualification with its holder's community. */
    public record Expiring(PersonQualification qualification, String communityCode) {
    }

    private final Outbox outbox;
    private final Clock clock;
    private final ClusterJob jobs;
    private final RosterConfig config;
    private final EntityManager em;
    private final ShiftService shifts;
    private final PersonDuties duties;

    public QualificationService(Outbox outbox, Clock clock, ClusterJob jobs, RosterConfig config, EntityManager em,
            ShiftService shifts, PersonDuties duties) {
        this.shifts = shifts;
        this.duties = duties;
        this.outbox = outbox;
        this.clock = clock;
        this.jobs = jobs;
        this.config = config;
        this.em = em;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * Records a qualification; the code must be a known type and the expiry not before the issue date. The person's
     * published future shifts are re-announced (their qualifiedAssigned may change), and their duties
     * (PersonDutiesChanged).
     */
    public PersonQualification grant(Person person, String code, LocalDate issuedOn, LocalDate expiresOn,
            PersonQualification.Source source, UUID trainingId, String by) {
        if (QualificationType.findById(code) == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError("code", "no qualification type " + code)));
        }
        Years.check(issuedOn, "issuedOn");
        Years.check(expiresOn, "expiresOn");
        if (expiresOn != null && expiresOn.isBefore(issuedOn)) {
            throw ProblemException.validation(List.of(new Problem.FieldError("expiresOn", "must not be before issuedOn")));
        }
        lock(person.id);
        PersonQualification q = new PersonQualification();
        q.id = UUID.randomUUID();
        q.personId = person.id;
        q.qualificationCode = code;
        q.issuedOn = issuedOn;
        q.expiresOn = expiresOn;
        q.source = source;
        q.trainingId = trainingId;
        q.recordedBy = by;
        q.recordedAt = OffsetDateTime.now(clock);
        q.persist();
        shifts.announceFor(person.id);
        duties.announce(person);
        return q;
    }

    /**
     * Serialises a change of the person's qualifications with assignments (ShiftService.assign locks the shift, then
     * the person): the person's published future shifts first, then the person's row.
     */
    private void lock(UUID personId) {
        shifts.lockFutureShifts(personId);
        em.find(Person.class, personId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonQualification> of(Person person) {
        return PersonQualification.list("personId", Sort.by("qualificationCode").and("issuedOn"), person.id);
    }

    /** The codes a person holds validly on {@code day}: the latest of each code, issued by then and not expired. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> validOn(UUID personId, LocalDate day) {
        return em.createQuery("select distinct q.qualificationCode from PersonQualification q where q.personId = :p "
                + "and q.issuedOn <= :day and (q.expiresOn is null or q.expiresOn >= :day) and " + LATEST
                + " order by q.qualificationCode", String.class)
                .setParameter("p", personId).setParameter("day", day).getResultList();
    }

    /**
     * Revokes (deletes) one qualification of the person; 404 if the person has none with that id. The person's
     * published future shifts are re-announced, and their duties (PersonDutiesChanged).
     */
    public void revoke(Person person, UUID qualificationId) {
        lock(person.id);
        long deleted = PersonQualification.delete("id = ?1 and personId = ?2", qualificationId, person.id);
        if (deleted == 0) {
            throw ProblemException.notFound("Qualification", qualificationId);
        }
        shifts.announceFor(person.id);
        duties.announce(person);
    }

    /**
     * The latest qualifications expiring between today and {@code today + within} (both inclusive) of active people
     * inside {@code scope} (a filter on {@code p.communityCode}), soonest first.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Expiring> expiring(ScopeFilter scope, Period within, PageParams page) {
        LocalDate today = today();
        var filter = scope.and("q.expiresOn >= :today", "today", today).and("q.expiresOn <= :until", "until",
                today.plus(within));
        String where = " from PersonQualification q, Person p where p.id = q.personId and p.active = true and "
                + filter.query() + " and " + LATEST;
        var query = em.createQuery("select q, p.communityCode" + where + " order by q.expiresOn, q.id", Object[].class);
        var count = em.createQuery("select count(q)" + where, Long.class);
        filter.params().forEach((k, v) -> {
            query.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Expiring> items = query.setFirstResult(page.page() * page.size()).setMaxResults(page.size())
                .getResultList().stream().map(r -> new Expiring((PersonQualification) r[0], (String) r[1])).toList();
        return new Page<>(items, page.page(), page.size(), count.getSingleResult());
    }

    @Scheduled(every = "${roster.qualification-scan-interval:1h}", delayed = "${roster.qualification-scan-delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    void scheduledNotice() {
        jobs.runOnce("roster.qualification-notice", this::noticeExpiring);
    }

    /**
     * Emits QualificationExpiring once for each latest qualification of an active person that expires within the
     * notice window ({@code roster.qualification-notice}) from today. What was sent is remembered
     * (qualification_notice), so a rerun, on this replica or another, sends nothing new. Returns how many it sent.
     */
    public int noticeExpiring() {
        LocalDate today = today();
        LocalDate until = today.plusDays(config.qualificationNotice().toDays());
        em.flush();
        List<QualificationExpiring> due = em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            List<QualificationExpiring> result = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    with due as (
                        select q.id, q.person_id, p.community_code, q.qualification_code, q.expires_on
                        from person_qualification q join person p on p.id = q.person_id
                        where p.active and q.expires_on between ? and ?
                          and not exists (select 1 from person_qualification n
                                          where n.person_id = q.person_id and n.qualification_code = q.qualification_code
                                            and (n.issued_on > q.issued_on
                                                 or (n.issued_on = q.issued_on and n.recorded_at > q.recorded_at)))
                          and not exists (select 1 from qualification_notice x where x.qualification_id = q.id)),
                    sent as (
                        insert into qualification_notice (qualification_id, notified_at)
                        select id, now() from due on conflict do nothing returning qualification_id)
                    select due.id, due.person_id, due.community_code, due.qualification_code, due.expires_on
                    from due join sent on sent.qualification_id = due.id
                    order by due.expires_on, due.id
                    """)) {
                st.setDate(1, Date.valueOf(today));
                st.setDate(2, Date.valueOf(until));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(new QualificationExpiring(rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), rs.getDate(5).toLocalDate()));
                    }
                }
            }
            return result;
        });
        for (QualificationExpiring event : due) {
            outbox.record(StaffRegistered.TOPIC, event);
        }
        if (!due.isEmpty()) {
            LOG.infof("%d qualifications expire by %s; their communities were told", due.size(), until);
        }
        return due.size();
    }
}
