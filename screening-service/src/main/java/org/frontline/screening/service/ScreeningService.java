package org.frontline.screening.service;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Campaign;
import org.frontline.screening.Resident;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.Symptom;
import org.frontline.screening.config.ScreeningConfig;
import org.frontline.screening.events.CorrectionEvents;
import org.frontline.screening.events.FeverDetected;
import org.frontline.screening.events.ResidentScreened;
import org.frontline.screening.events.ScreeningTopics;

import io.agroal.api.AgroalDataSource;

/**
 * Records screenings, one or up to 1,000 at a time: checks every record first (all or nothing), derives the
 * outcome by rule, stores the records and their events in one transaction. A record whose idempotency key
 * its writer used before is not stored again (the earlier record answers); the same key with a different
 * record is a 422 for the whole request ({@link Idempotency}).
 */
@ApplicationScoped
public class ScreeningService {

    public static final int MAX_BULK = 1000;

    private static final Symptom.SetConverter SYMPTOMS = new Symptom.SetConverter();

    private final Outbox outbox;
    private final ScreeningConfig config;
    private final AgroalDataSource dataSource;
    private final Idempotency idempotency;
    private final Clock clock;

    public ScreeningService(Outbox outbox, ScreeningConfig config, AgroalDataSource dataSource, Idempotency idempotency) {
        this.outbox = outbox;
        this.dataSource = dataSource;
        this.config = config;
        this.idempotency = idempotency;
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
        // only the community of each resident and campaign is needed: read it, not whole managed entities
        Set<UUID> ids = new HashSet<>();
        inputs.forEach(i -> ids.add(i.residentId()));
        Map<UUID, String> residents = communities(Resident.class, ids);
        Set<UUID> campaignIds = new HashSet<>();
        inputs.stream().map(NewScreening::campaignId).filter(java.util.Objects::nonNull).forEach(campaignIds::add);
        Map<UUID, String> campaigns = communities(Campaign.class, campaignIds);

        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> keysInRequest = new HashSet<>();
        OffsetDateTime latest = OffsetDateTime.now(clock).plus(Plausibility.CLOCK_SKEW);
        for (int i = 0; i < inputs.size(); i++) {
            NewScreening input = inputs.get(i);
            String at = fieldPrefix.isEmpty() ? "" : fieldPrefix + "[" + i + "].";
            String community = residents.get(input.residentId());
            if (community == null) {
                errors.add(new Problem.FieldError(at + "residentId", "no resident " + input.residentId()));
            } else if (!inScope.test(community)) {
                if (fieldPrefix.isEmpty()) {
                    throw ProblemException.forbidden("Resident " + input.residentId() + " lives outside your area");
                }
                errors.add(new Problem.FieldError(at + "residentId", "lives outside your area"));
            }
            if (input.campaignId() != null) {
                String campaignCommunity = campaigns.get(input.campaignId());
                if (campaignCommunity == null) {
                    errors.add(new Problem.FieldError(at + "campaignId", "no campaign " + input.campaignId()));
                } else if (community != null && !campaignCommunity.equals(community)) {
                    errors.add(new Problem.FieldError(at + "campaignId", "is a campaign of another community"));
                }
            }
            if (input.screenedAt().isAfter(latest)) {
                errors.add(new Problem.FieldError(at + "screenedAt", "must not be in the future"));
            }
            if (input.idempotencyKey() != null && !keysInRequest.add(input.idempotencyKey())) {
                errors.add(new Problem.FieldError(at + "idempotencyKey", "appears twice in this request"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }

        // a key belongs to its writer (the token's subject): another writer's identical key is another request
        String writer = idempotency.writer();
        List<ScreeningRecord> records = new ArrayList<>(inputs.size());
        // one time for the whole request, as the database keeps it (microseconds): the receipt a retry gets is the same
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (NewScreening input : inputs) {
            ScreeningRecord record = build(input, residents.get(input.residentId()), recordedBy, now);
            if (input.idempotencyKey() != null) {
                record.writer = writer;
                record.requestFingerprint = idempotency.fingerprint(input);
            }
            records.add(record);
        }
        // keys sent before the upgrade to per-writer keys (migration V7) belong to the login, not to the subject
        Map<String, ScreeningRecord> legacy = legacy(recordedBy, records);
        List<ScreeningRecord> fresh = legacy.isEmpty() ? records
                : records.stream().filter(r -> !legacy.containsKey(legacyKey(r.communityCode, r.idempotencyKey))).toList();
        Set<UUID> stored = fresh.isEmpty() ? Set.of() : insert(fresh);
        List<Result> results = new ArrayList<>(inputs.size());
        Map<String, ScreeningRecord> earlier = stored.size() == fresh.size() ? Map.of() : existing(writer, fresh, stored);
        List<String> reused = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ScreeningRecord record = records.get(i);
            if (stored.contains(record.id)) {
                results.add(new Result(record, false));
            } else {
                ScreeningRecord seen = record.idempotencyKey == null ? null
                        : legacy.getOrDefault(legacyKey(record.communityCode, record.idempotencyKey),
                                earlier.get(record.idempotencyKey));
                // rows stored before fingerprints were kept (null) count as the same request
                if (seen.requestFingerprint != null && !seen.requestFingerprint.equals(record.requestFingerprint)) {
                    reused.add(fieldPrefix.isEmpty() ? "idempotencyKey" : fieldPrefix + "[" + i + "].idempotencyKey");
                }
                results.add(new Result(seen, true));
            }
        }
        if (!reused.isEmpty()) {
            // thrown inside the transaction: the records inserted above roll back, the whole request is refused
            throw Idempotency.reused(reused);
        }
        for (Result result : results) {
            if (!result.duplicate()) {
                emit(result.record());
            }
        }
        return results;
    }

    /** id → community code of the given residents or campaigns that exist. */
    private static Map<UUID, String> communities(Class<?> entity, Set<UUID> ids) {
        Map<UUID, String> found = new HashMap<>();
        if (!ids.isEmpty()) {
            Resident.getEntityManager()
                    .createQuery("select e.id, e.communityCode from " + entity.getSimpleName() + " e where e.id in :ids",
                            Object[].class)
                    .setParameter("ids", ids).getResultList()
                    .forEach(row -> found.put((UUID) row[0], (String) row[1]));
        }
        return found;
    }

    /**
     * Inserts the records in one statement (arrays unnested by PostgreSQL: one round trip for up to 1,000
     * rows). A record whose idempotency key its writer used before is skipped by the unique index, also when
     * a concurrent request stored it a moment ago (this insert waits for that one to commit). Returns the
     * ids actually inserted.
     */
    private Set<UUID> insert(List<ScreeningRecord> records) {
        int n = records.size();
        String[][] columns = new String[14][n];
        for (int i = 0; i < n; i++) {
            ScreeningRecord r = records.get(i);
            columns[0][i] = r.id.toString();
            columns[1][i] = r.communityCode;
            columns[2][i] = r.residentId.toString();
            columns[3][i] = r.channel.name();
            columns[4][i] = r.temperatureCelsius.toPlainString();
            columns[5][i] = r.outcome.name();
            columns[6][i] = r.screenedAt.toString();
            columns[7][i] = r.recordedBy;
            columns[8][i] = SYMPTOMS.convertToDatabaseColumn(r.symptoms);
            columns[9][i] = r.idempotencyKey;
            columns[10][i] = r.campaignId == null ? null : r.campaignId.toString();
            columns[11][i] = (r.travelHistory ? "t" : "f") + (r.contactWithCase ? "t" : "f");
            columns[12][i] = r.writer;
            columns[13][i] = r.requestFingerprint;
        }
        Set<UUID> inserted = new HashSet<>(n * 2);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                insert into screening_record (id, community_code, resident_id, channel, temperature_celsius, outcome,
                    screened_at, recorded_by, symptoms, idempotency_key, campaign_id, travel_history, contact_with_case,
                    writer, request_fingerprint, created_at)
                select u.id::uuid, u.community, u.resident::uuid, u.channel, u.temperature::numeric, u.outcome,
                    u.screened_at::timestamptz, u.recorded_by, u.symptoms, u.idempotency_key, u.campaign::uuid,
                    substr(u.flags, 1, 1)::boolean, substr(u.flags, 2, 1)::boolean, u.writer, u.fingerprint, ?
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as u(id, community, resident, channel, temperature, outcome, screened_at, recorded_by, symptoms,
                         idempotency_key, campaign, flags, writer, fingerprint)
                on conflict (writer, idempotency_key) where idempotency_key is not null do nothing
                returning id
                """)) {
            st.setObject(1, records.get(0).createdAt);
            for (int col = 0; col < columns.length; col++) {
                st.setArray(col + 2, c.createArrayOf("text", columns[col]));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store " + n + " screening records", e);
        }
        return inserted;
    }

    /**
     * Rows stored before keys were per writer: V7 gave them the writer {@code legacy:<login>} (or
     * {@code legacy:<login>#<community>} when the login had used the key in two communities). A phone that
     * queued a screening before the upgrade retries it with the same key under the same login, in the same
     * community: that is the earlier request, not a new one. By community and key.
     */
    private static Map<String, ScreeningRecord> legacy(String login, List<ScreeningRecord> records) {
        Set<String> keys = new HashSet<>();
        Set<String> writers = new HashSet<>();
        writers.add(LEGACY + login);
        for (ScreeningRecord r : records) {
            if (r.idempotencyKey != null) {
                keys.add(r.idempotencyKey);
                writers.add(LEGACY + login + "#" + r.communityCode);
            }
        }
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, ScreeningRecord> found = new HashMap<>();
        ScreeningRecord.<ScreeningRecord>list("writer in ?1 and idempotencyKey in ?2", writers, keys)
                .forEach(r -> found.put(legacyKey(r.communityCode, r.idempotencyKey), r));
        return found;
    }

    /** The writer prefix migration V7 gave rows stored before keys were per writer. */
    public static final String LEGACY = "legacy:";

    private static String legacyKey(String community, String key) {
        return community + "\u0000" + key;
    }

    /** The writer's stored records behind the keys that were skipped as seen before, by key. */
    private Map<String, ScreeningRecord> existing(String writer, List<ScreeningRecord> records, Set<UUID> stored) {
        Set<String> keys = new HashSet<>();
        for (ScreeningRecord r : records) {
            if (!stored.contains(r.id)) {
                keys.add(r.idempotencyKey);
            }
        }
        Map<String, ScreeningRecord> seen = new HashMap<>();
        ScreeningRecord.<ScreeningRecord>list("writer = ?1 and idempotencyKey in ?2", writer, keys)
                .forEach(r -> seen.put(r.idempotencyKey, r));
        return seen;
    }

    private ScreeningRecord build(NewScreening input, String community, String recordedBy, OffsetDateTime now) {
        ScreeningRecord record = new ScreeningRecord();
        record.id = UUID.randomUUID();
        record.communityCode = community;
        record.residentId = input.residentId();
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
        record.createdAt = now;
        return record;
    }

    private void emit(ScreeningRecord record) {
        outbox.record(ScreeningTopics.EVENTS, new ResidentScreened(record.id, record.residentId, record.communityCode,
                record.channel.name(), record.temperatureCelsius, record.outcome.name(), record.screenedAt),
                record.screenedAt);
        if (record.temperatureCelsius.compareTo(config.feverThresholdCelsius()) >= 0) {
            outbox.record(ScreeningTopics.EVENTS, new FeverDetected(record.id, record.residentId,
                    record.communityCode, record.temperatureCelsius, record.screenedAt), record.screenedAt);
        }
    }

    /** New values of a mistyped screening; the resident, channel and time stay. */
    public record Correction(BigDecimal temperatureCelsius, Set<Symptom> symptoms, boolean travelHistory,
            boolean contactWithCase, String reason) {
    }

    /** One version of a record in its history: what it said, and what replaced it (null for the current one). */
    public record Revision(int revision, BigDecimal temperatureCelsius, Set<Symptom> symptoms, boolean travelHistory,
            boolean contactWithCase, ScreeningRecord.Outcome outcome, String recordedBy, OffsetDateTime recordedAt,
            String change, String changedBy, OffsetDateTime changedAt, String reason) {
    }

    /** Corrects a screening: the current values change, the old ones go to the history, ScreeningCorrected. */
    @Transactional
    public ScreeningRecord correct(UUID id, Correction correction, String by) {
        ScreeningRecord r = changeable(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        keepRevision(r, "CORRECTION", by, now, correction.reason());
        ScreeningRecord.Outcome previous = r.outcome;
        r.temperatureCelsius = correction.temperatureCelsius();
        r.symptoms = correction.symptoms() == null || correction.symptoms().isEmpty() ? EnumSet.noneOf(Symptom.class)
                : EnumSet.copyOf(correction.symptoms());
        r.travelHistory = correction.travelHistory();
        r.contactWithCase = correction.contactWithCase();
        r.outcome = ScreeningRules.outcome(r.temperatureCelsius, r.symptoms, r.travelHistory, r.contactWithCase,
                config.feverThresholdCelsius(), config.referralThresholdCelsius());
        r.recordedBy = by;
        r.revision++;
        outbox.record(ScreeningTopics.EVENTS, new CorrectionEvents.ScreeningCorrected(r.id, r.residentId,
                r.communityCode, r.revision, r.temperatureCelsius, r.outcome.name(), previous.name(),
                r.temperatureCelsius.compareTo(config.feverThresholdCelsius()) >= 0, r.screenedAt, now), now);
        return r;
    }

    /** Retracts a screening entered by mistake: it stays, marked, and ScreeningRetracted takes it back everywhere. */
    @Transactional
    public ScreeningRecord retract(UUID id, String reason, String by) {
        ScreeningRecord r = changeable(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        keepRevision(r, "RETRACTION", by, now, reason);
        r.retracted = true;
        r.recordedBy = by;
        r.revision++;
        outbox.record(ScreeningTopics.EVENTS, new CorrectionEvents.ScreeningRetracted(r.id, r.residentId,
                r.communityCode, r.revision, r.outcome.name(), r.screenedAt, now), now);
        return r;
    }

    /** Every version, oldest first; the last is the current one. */
    public List<Revision> history(ScreeningRecord current) {
        List<Revision> versions = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = ScreeningRecord.getEntityManager().createNativeQuery("""
                select revision, temperature_celsius, symptoms, travel_history, contact_with_case, outcome, recorded_by,
                       recorded_at, change, changed_by, changed_at, reason
                from screening_revision where screening_id = ?1 order by revision
                """).setParameter(1, current.id).getResultList();
        for (Object[] row : rows) {
            versions.add(new Revision(((Number) row[0]).intValue(), (BigDecimal) row[1],
                    SYMPTOMS.convertToEntityAttribute((String) row[2]), (Boolean) row[3], (Boolean) row[4],
                    ScreeningRecord.Outcome.valueOf((String) row[5]), (String) row[6], time(row[7]), (String) row[8],
                    (String) row[9], time(row[10]), (String) row[11]));
        }
        versions.add(new Revision(current.revision, current.temperatureCelsius, current.symptoms,
                current.travelHistory, current.contactWithCase, current.outcome, current.recordedBy,
                versions.isEmpty() ? current.createdAt : versions.get(versions.size() - 1).changedAt(),
                current.retracted ? "RETRACTED" : null, null, null, null));
        return versions;
    }

    static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private ScreeningRecord changeable(UUID id) {
        ScreeningRecord r = ScreeningRecord.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw ProblemException.notFound("Screening", id);
        }
        if (r.retracted) {
            throw ProblemException.conflict("Screening retracted", "Screening " + id + " was retracted; record a new one");
        }
        return r;
    }

    private void keepRevision(ScreeningRecord r, String change, String by, OffsetDateTime at, String reason) {
        OffsetDateTime recordedAt = r.revision == 1 ? r.createdAt : lastChange(r.id);
        ScreeningRecord.getEntityManager().createNativeQuery("""
                insert into screening_revision (screening_id, revision, temperature_celsius, symptoms, travel_history,
                    contact_with_case, outcome, recorded_by, recorded_at, change, changed_by, changed_at, reason)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """).setParameter(1, r.id).setParameter(2, r.revision).setParameter(3, r.temperatureCelsius)
                .setParameter(4, SYMPTOMS.convertToDatabaseColumn(r.symptoms)).setParameter(5, r.travelHistory)
                .setParameter(6, r.contactWithCase).setParameter(7, r.outcome.name()).setParameter(8, r.recordedBy)
                .setParameter(9, recordedAt).setParameter(10, change).setParameter(11, by).setParameter(12, at)
                .setParameter(13, reason).executeUpdate();
    }

    private OffsetDateTime lastChange(UUID id) {
        return time(ScreeningRecord.getEntityManager()
                .createNativeQuery("select max(changed_at) from screening_revision where screening_id = ?1")
                .setParameter(1, id).getSingleResult());
    }
}
