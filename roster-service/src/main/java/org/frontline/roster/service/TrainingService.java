package org.frontline.roster.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.roster.Person;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.QualificationType;
import org.frontline.roster.Training;

/** Trainings and drills, and who attended: attending one that grants a qualification gives (or renews) it. */
@ApplicationScoped
@Transactional
public class TrainingService {

    public record NewTraining(Training.Kind kind, String title, String areaCode, LocalDate heldOn,
            String grantsQualification, Integer validityMonths) {
    }

    /** Who was recorded by this call, and who had been recorded before (nothing new for them). */
    public record Attendance(List<UUID> recorded, List<UUID> alreadyRecorded) {
    }

    private final QualificationService qualifications;
    private final Clock clock;
    private final EntityManager em;

    public TrainingService(QualificationService qualifications, Clock clock, EntityManager em) {
        this.qualifications = qualifications;
        this.clock = clock;
        this.em = em;
    }

    public Training hold(NewTraining request, String by) {
        if (request.grantsQualification() != null && QualificationType.findById(request.grantsQualification()) == null) {
            throw new ProblemException(422, "unknown-qualification", "Unknown qualification",
                    "no qualification type " + request.grantsQualification(),
                    List.of(new Problem.FieldError("grantsQualification", "no qualification type " + request.grantsQualification())));
        }
        if (request.validityMonths() != null && request.grantsQualification() == null) {
            throw ProblemException.badRequest("Invalid training", "validityMonths needs grantsQualification", "validityMonths");
        }
        Years.check(request.heldOn(), "heldOn");
        Training t = new Training();
        t.id = UUID.randomUUID();
        t.kind = request.kind();
        t.title = request.title().strip();
        t.areaCode = request.areaCode();
        t.heldOn = request.heldOn();
        t.grantsQualification = request.grantsQualification();
        t.validityMonths = request.validityMonths();
        t.recordedBy = by;
        t.recordedAt = OffsetDateTime.now(clock);
        t.persist();
        return t;
    }

    /**
     * Records the attendance of people the caller may see (checked by the caller); everyone must belong to the
     * training's area, else 422 naming them and nothing is written. Each newly recorded person gets the training's
     * qualification, issued on the day held and valid for the training's (or the type's) months.
     */
    public Attendance attend(Training t, List<Person> people, String by) {
        List<Problem.FieldError> outside = new ArrayList<>();
        for (Person p : people) {
            if (!p.communityCode.startsWith(t.areaCode)) {
                outside.add(new Problem.FieldError("personIds", "person " + p.id + " (community " + p.communityCode
                        + ") is outside the training's area " + t.areaCode));
            }
        }
        if (!outside.isEmpty()) {
            throw new ProblemException(422, "outside-training-area", "Outside the training's area",
                    outside.size() == 1 ? outside.get(0).message() : outside.size() + " people are outside the training's area "
                            + t.areaCode, outside);
        }
        List<UUID> recorded = new ArrayList<>();
        List<UUID> before = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Person p : people) {
            int inserted = em.createNativeQuery("insert into training_attendance (training_id, person_id, recorded_by, "
                    + "recorded_at) values (?1, ?2, ?3, ?4) on conflict do nothing")
                    .setParameter(1, t.id).setParameter(2, p.id).setParameter(3, by).setParameter(4, now)
                    .executeUpdate();
            if (inserted == 0) {
                before.add(p.id);
                continue;
            }
            recorded.add(p.id);
            if (t.grantsQualification != null) {
                int months = t.validityMonths != null ? t.validityMonths
                        : QualificationType.<QualificationType>findById(t.grantsQualification).validityMonths;
                qualifications.grant(p, t.grantsQualification, t.heldOn, t.heldOn.plusMonths(months),
                        PersonQualification.Source.TRAINING, t.id, by);
            }
        }
        return new Attendance(recorded, before);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<UUID> attendees(Training t) {
        return em.createNativeQuery("select person_id from training_attendance where training_id = ?1 order by recorded_at, person_id", UUID.class)
                .setParameter(1, t.id).getResultList();
    }
}
