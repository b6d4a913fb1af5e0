package org.frontline.screening.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.ScreeningRecord.Outcome;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.ScreeningTopics;

/** Records screenings: derives the outcome by rule, stores the record and its events in one transaction. */
@ApplicationScoped
public class ScreeningService {

    /** Devices' clocks drift; a screening a little "in the future" is still plausible. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Outbox outbox;
    private final ScreeningConfig config;
    private final Clock clock;

    public ScreeningService(Outbox outbox, ScreeningConfig config) {
        this.outbox = outbox;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public record NewScreening(String communityCode, UUID residentId, ScreeningRecord.Channel channel,
            BigDecimal temperatureCelsius, OffsetDateTime screenedAt) {
    }

    @Transactional
    public ScreeningRecord record(NewScreening input, String recordedBy) {
        if (input.screenedAt().isAfter(OffsetDateTime.now(clock).plus(CLOCK_SKEW))) {
            throw ProblemException.validation(List.of(new Problem.FieldError("screenedAt", "must not be in the future")));
        }
        ScreeningRecord record = new ScreeningRecord();
        record.id = UUID.randomUUID();
        record.communityCode = input.communityCode();
        record.residentId = input.residentId();
        record.channel = input.channel();
        record.temperatureCelsius = input.temperatureCelsius();
        record.outcome = outcome(input.temperatureCelsius());
        record.screenedAt = input.screenedAt();
        record.recordedBy = recordedBy;
        record.createdAt = OffsetDateTime.now(clock);
        record.persist();

        outbox.record(ScreeningTopics.EVENTS, new ResidentScreened(record.id, record.residentId, record.communityCode,
                record.channel.name(), record.temperatureCelsius, record.outcome.name(), record.screenedAt),
                record.screenedAt);
        if (record.outcome == Outcome.FEVER) {
            outbox.record(ScreeningTopics.EVENTS, new FeverDetected(record.id, record.residentId,
                    record.communityCode, record.temperatureCelsius, record.screenedAt), record.screenedAt);
        }
        return record;
    }

    /** The rule: at or above the configured threshold is a fever. */
    Outcome outcome(BigDecimal temperature) {
        return temperature.compareTo(config.feverThresholdCelsius()) >= 0 ? Outcome.FEVER : Outcome.NORMAL;
    }
}
