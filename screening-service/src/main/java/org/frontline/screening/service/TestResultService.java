package org.frontline.screening.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Resident;
import org.frontline.screening.TestResult;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.CorrectionEvents.TestResultCorrected;
import org.frontline.screening.events.CorrectionEvents.TestResultRetracted;
import org.frontline.screening.events.PositiveTestReported;
import org.frontline.screening.events.ScreeningTopics;

@ApplicationScoped
public class TestResultService {

    private final Outbox outbox;
    private final ScreeningConfig config;
    private final Clock clock;

    public TestResultService(Outbox outbox, ScreeningConfig config, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Records a result sampled at {@code sampledAt} (a phone may sync it later, within the late-sync window); a
     * positive one is published as PositiveTestReported in the same transaction.
     */
    @Transactional
    public TestResult record(Resident resident, TestResult.Kind kind, TestResult.Result result, OffsetDateTime sampledAt,
            String recordedBy) {
        OffsetDateTime at = Plausibility.occurred(sampledAt, "sampledAt", config.lateSyncWindow(), clock);
        TestResult test = new TestResult();
        test.id = UUID.randomUUID();
        test.residentId = resident.id;
        test.communityCode = resident.communityCode;
        test.kind = kind;
        test.result = result;
        test.sampledAt = at;
        test.recordedBy = recordedBy;
        test.createdAt = OffsetDateTime.now(clock);
        test.persist();
        if (result == TestResult.Result.POSITIVE) {
            outbox.record(ScreeningTopics.EVENTS, new PositiveTestReported(test.id, test.residentId, test.communityCode,
                    test.kind.name(), test.sampledAt), test.sampledAt);
        }
        return test;
    }

    /** One version of a result in its history (change/changedBy/changedAt/reason: what replaced it). */
    public record Revision(int revision, TestResult.Kind kind, TestResult.Result result, OffsetDateTime sampledAt,
            String recordedBy, OffsetDateTime recordedAt, String change, String changedBy, OffsetDateTime changedAt,
            String reason) {
    }

    /** Corrects kind and result; the old values go to the history; TestResultCorrected carries the new ones. */
    @Transactional
    public TestResult correct(UUID id, TestResult.Kind kind, TestResult.Result result, String reason, String by) {
        TestResult t = changeable(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        keepRevision(t, "CORRECTION", by, now, reason);
        TestResult.Result previous = t.result;
        t.kind = kind;
        t.result = result;
        t.recordedBy = by;
        t.revision++;
        outbox.record(ScreeningTopics.EVENTS, new TestResultCorrected(t.id, t.residentId, t.communityCode, t.revision,
                t.kind.name(), t.result.name(), previous.name(), t.sampledAt, now), now);
        return t;
    }

    @Transactional
    public TestResult retract(UUID id, String reason, String by) {
        TestResult t = changeable(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        keepRevision(t, "RETRACTION", by, now, reason);
        t.retracted = true;
        t.recordedBy = by;
        t.revision++;
        outbox.record(ScreeningTopics.EVENTS, new TestResultRetracted(t.id, t.residentId, t.communityCode, t.revision,
                t.result.name(), t.sampledAt, now), now);
        return t;
    }

    /** Every version, oldest first; the last is the current one. */
    public List<Revision> history(TestResult current) {
        List<Revision> versions = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = TestResult.getEntityManager().createNativeQuery("""
                select revision, kind, result, sampled_at, recorded_by, recorded_at, change, changed_by, changed_at, reason
                from test_result_revision where test_result_id = ?1 order by revision
                """).setParameter(1, current.id).getResultList();
        for (Object[] row : rows) {
            versions.add(new Revision(((Number) row[0]).intValue(), TestResult.Kind.valueOf((String) row[1]),
                    TestResult.Result.valueOf((String) row[2]), ScreeningService.time(row[3]), (String) row[4],
                    ScreeningService.time(row[5]), (String) row[6], (String) row[7], ScreeningService.time(row[8]),
                    (String) row[9]));
        }
        versions.add(new Revision(current.revision, current.kind, current.result, current.sampledAt, current.recordedBy,
                versions.isEmpty() ? current.createdAt : versions.get(versions.size() - 1).changedAt(),
                current.retracted ? "RETRACTED" : null, null, null, null));
        return versions;
    }

    private TestResult changeable(UUID id) {
        TestResult t = TestResult.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            throw ProblemException.notFound("Test result", id);
        }
        if (t.retracted) {
            throw ProblemException.conflict("Test result retracted", "Test result " + id + " was retracted; record a new one");
        }
        return t;
    }

    private void keepRevision(TestResult t, String change, String by, OffsetDateTime at, String reason) {
        OffsetDateTime recordedAt = t.revision == 1 ? t.createdAt
                : ScreeningService.time(TestResult.getEntityManager()
                        .createNativeQuery("select max(changed_at) from test_result_revision where test_result_id = ?1")
                        .setParameter(1, t.id).getSingleResult());
        TestResult.getEntityManager().createNativeQuery("""
                insert into test_result_revision (test_result_id, revision, kind, result, sampled_at, recorded_by,
                    recorded_at, change, changed_by, changed_at, reason)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                """).setParameter(1, t.id).setParameter(2, t.revision).setParameter(3, t.kind.name())
                .setParameter(4, t.result.name()).setParameter(5, t.sampledAt).setParameter(6, t.recordedBy)
                .setParameter(7, recordedAt).setParameter(8, change).setParameter(9, by).setParameter(10, at)
                .setParameter(11, reason).executeUpdate();
    }
}
