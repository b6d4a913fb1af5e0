package org.frontline.screening.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Campaign;
import org.frontline.screening.Resident;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.Symptom;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.ScreeningTopics;

/**
 * Records screenings, one or up to 1,000 at a time: checks every record first (all or nothing), derives the
 * outcome by rule, stores the records and their events in one transaction. A record whose idempotency key
 * was seen before in its community is not stored again.
 */
@ApplicationScoped
public class ScreeningService {

    public static final int MAX_BULK = 1000;

    private final Outbox outbox;
    private final ScreeningConfig config;
    private final Clock clock;

    public ScreeningService(Outbox outbox, ScreeningConfig config) {
        this.outbox = outbox;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public record NewScreening(UUID residentId, ScreeningRecord.Channel channel, BigDecimal temperatureCelsius,
            Set<Symptom> symptoms, boolean travelHistory, boolean contactWithCase, OffsetDateTime screenedAt,
            String idempotencyKey, UUID campaignId) {
    }

    /** What happened to one record of a request. */
    public record Result(ScreeningRecord record, boolean duplicate) {
    }

    @Transactional
    public Result record(NewScreening input, String recordedBy, Predicate<String> inScope) {
        return recordAll(List.of(input), recordedBy, inScope, "").get(0);
    }

    /**
     * Checks all records, then stores them, or none. {@code fieldPrefix} names the records in errors
     * ({@code "records"} gives {@code records[3].residentId}).
     */
    @Transactional
    public List<Result> recordAll(List<NewScreening> inputs, String recordedBy, Predicate<String> inScope,
            String fieldPrefix) {
        Map<UUID, Resident> residents = new HashMap<>();
        Set<UUID> ids = new HashSet<>();
        inputs.forEach(i -> ids.add(i.residentId()));
        Resident.<Resident>list("id in ?1", ids).forEach(r -> residents.put(r.id, r));
        Map<UUID, Campaign> campaigns = new HashMap<>();
        Set<UUID> campaignIds = new HashSet<>();
        inputs.stream().map(NewScreening::campaignId).filter(java.util.Objects::nonNull).forEach(campaignIds::add);
        if (!campaignIds.isEmpty()) {
            Campaign.<Campaign>list("id in ?1", campaignIds).forEach(c -> campaigns.put(c.id, c));
        }

        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> keysInRequest = new HashSet<>();
        OffsetDateTime latest = OffsetDateTime.now(clock).plus(Plausibility.CLOCK_SKEW);
        for (int i = 0; i < inputs.size(); i++) {
            NewScreening input = inputs.get(i);
            String at = fieldPrefix.isEmpty() ? "" : fieldPrefix + "[" + i + "].";
            Resident resident = residents.get(input.residentId());
            if (resident == null) {
                errors.add(new Problem.FieldError(at + "residentId", "no resident " + input.residentId()));
            } else if (!inScope.test(resident.communityCode)) {
                if (fieldPrefix.isEmpty()) {
                    throw ProblemException.forbidden("Resident " + resident.id + " lives outside your area");
                }
                errors.add(new Problem.FieldError(at + "residentId", "lives outside your area"));
            }
            if (input.campaignId() != null) {
                Campaign campaign = campaigns.get(input.campaignId());
                if (campaign == null) {
                    errors.add(new Problem.FieldError(at + "campaignId", "no campaign " + input.campaignId()));
                } else if (resident != null && !campaign.communityCode.equals(resident.communityCode)) {
                    errors.add(new Problem.FieldError(at + "campaignId", "is a campaign of another community"));
                }
            }
            if (input.screenedAt().isAfter(latest)) {
                errors.add(new Problem.FieldError(at + "screenedAt", "must not be in the future"));
            }
            if (input.idempotencyKey() != null && resident != null
                    && !keysInRequest.add(resident.communityCode + "/" + input.idempotencyKey())) {
                errors.add(new Problem.FieldError(at + "idempotencyKey", "appears twice in this request"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }

        Map<String, ScreeningRecord> seen = existingByKey(inputs, residents);
        List<Result> results = new ArrayList<>(inputs.size());
        for (NewScreening input : inputs) {
            Resident resident = residents.get(input.residentId());
            ScreeningRecord earlier = input.idempotencyKey() == null ? null
                    : seen.get(resident.communityCode + "/" + input.idempotencyKey());
            if (earlier != null) {
                results.add(new Result(earlier, true));
                continue;
            }
            results.add(new Result(store(input, resident, recordedBy), false));
        }
        return results;
    }

    private Map<String, ScreeningRecord> existingByKey(List<NewScreening> inputs, Map<UUID, Resident> residents) {
        Set<String> keys = new HashSet<>();
        for (NewScreening input : inputs) {
            if (input.idempotencyKey() != null) {
                keys.add(input.idempotencyKey());
            }
        }
        Map<String, ScreeningRecord> seen = new HashMap<>();
        if (!keys.isEmpty()) {
            ScreeningRecord.<ScreeningRecord>list("idempotencyKey in ?1", keys)
                    .forEach(r -> seen.put(r.communityCode + "/" + r.idempotencyKey, r));
        }
        return seen;
    }

    private ScreeningRecord store(NewScreening input, Resident resident, String recordedBy) {
        ScreeningRecord record = new ScreeningRecord();
        record.id = UUID.randomUUID();
        record.communityCode = resident.communityCode;
        record.residentId = resident.id;
        record.channel = input.channel();
        record.temperatureCelsius = input.temperatureCelsius();
        record.symptoms = input.symptoms() == null || input.symptoms().isEmpty() ? EnumSet.noneOf(Symptom.class)
                : EnumSet.copyOf(input.symptoms());
        record.travelHistory = input.travelHistory();
        record.contactWithCase = input.contactWithCase();
        record.outcome = ScreeningRules.outcome(record.temperatureCelsius, record.symptoms, record.travelHistory,
                record.contactWithCase, config.feverThresholdCelsius(), config.referralThresholdCelsius());
        record.screenedAt = input.screenedAt();
        record.recordedBy = recordedBy;
        record.idempotencyKey = input.idempotencyKey();
        record.campaignId = input.campaignId();
        record.createdAt = OffsetDateTime.now(clock);
        record.persist();

        outbox.record(ScreeningTopics.EVENTS, new ResidentScreened(record.id, record.residentId, record.communityCode,
                record.channel.name(), record.temperatureCelsius, record.outcome.name(), record.screenedAt),
                record.screenedAt);
        if (record.temperatureCelsius.compareTo(config.feverThresholdCelsius()) >= 0) {
            outbox.record(ScreeningTopics.EVENTS, new FeverDetected(record.id, record.residentId,
                    record.communityCode, record.temperatureCelsius, record.screenedAt), record.screenedAt);
        }
        return record;
    }
}
