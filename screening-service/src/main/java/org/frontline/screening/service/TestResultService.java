package org.frontline.screening.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.screening.Resident;
import org.frontline.screening.TestResult;
import org.frontline.screening.events.PositiveTestReported;
import org.frontline.screening.events.ScreeningTopics;

@ApplicationScoped
public class TestResultService {

    private final Outbox outbox;

    public TestResultService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Records a result; a positive one is published as PositiveTestReported in the same transaction. */
    @Transactional
    public TestResult record(Resident resident, TestResult.Kind kind, TestResult.Result result, OffsetDateTime sampledAt,
            String recordedBy) {
        Plausibility.notInFuture(sampledAt, "sampledAt");
        TestResult test = new TestResult();
        test.id = UUID.randomUUID();
        test.residentId = resident.id;
        test.communityCode = resident.communityCode;
        test.kind = kind;
        test.result = result;
        test.sampledAt = sampledAt;
        test.recordedBy = recordedBy;
        test.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        test.persist();
        if (result == TestResult.Result.POSITIVE) {
            outbox.record(ScreeningTopics.EVENTS, new PositiveTestReported(test.id, test.residentId, test.communityCode,
                    test.kind.name(), test.sampledAt), test.sampledAt);
        }
        return test;
    }
}
