package org.frontline.roster.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.SurgeProposal;
import org.frontline.roster.SurgeProposalShift;
import org.frontline.roster.config.RosterConfig;
import org.jboss.logging.Logger;

/**
 * Surge: when alert-service raises an alert for a community (or raises its level), propose extra shifts for it.
 *
 * <p>The rule (documented in the README): for an alert of level ≥ {@code roster.surge.min-level} (YELLOW) about a
 * community (a 12-digit code), the shifts of that level in {@code surge_rule} are proposed for each of the
 * {@code roster.surge.days} (3) city days after the day the alert was raised. A higher level of the same alert
 * supersedes a proposal not yet decided; after an accepted lower level it proposes only the difference (per day,
 * duty and time, its headcount less the accepted one's); the same or a lower level proposes nothing new. Only
 * AlertRaised, level changes (AlertUpdated, AlertEscalated, AlertLevelChanged) and a response plan's
 * SurgeShiftsRequested (its {@code requestedAt} as the level's time) in the WARNING or RESPONSE stage (or none) count;
 * a level change's own time decides the first day. Alerts about a wider
 * area (a street or district prefix) propose nothing here: the district plans those. The proposal is derived
 * from the event alone (its time, not the time it arrived), so a redelivery makes the same proposal — and the
 * inbox plus the unique (alert, level) key make it once.
 */
@ApplicationScoped
public class SurgeService {

    private static final Logger LOG = Logger.getLogger(SurgeService.class);

    private final EntityManager em;
    private final RosterConfig config;
    private final Clock clock;
    private final AreaScope scope;
    private final ShiftService shifts;

    public SurgeService(EntityManager em, RosterConfig config, Clock clock, AreaScope scope, ShiftService shifts) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.scope = scope;
        this.shifts = shifts;
    }

    /**
     * The alert events that may raise a level: alert-service's AlertRaised, the level changes it may add, and a
     * response plan's request for a level's surge shifts (SurgeShiftsRequested, stage RESPONSE).
     */
    public static final Set<String> ALERT_EVENTS = Set.of("AlertRaised", "AlertUpdated", "AlertEscalated",
            "AlertLevelChanged", "SurgeShiftsRequested");
    static final String SURGE_REQUESTED = "SurgeShiftsRequested";
    /** The alert stages that call for more people; RECOVERY and CLOSED propose nothing. */
    static final Set<String> ACTIVE_STAGES = Set.of("WARNING", "RESPONSE");

    /** Applies one alert event (called by the inbox, inside its transaction). */
    public void onAlert(InboundEvent event) {
        JsonNode data = event.data();
        if (!ALERT_EVENTS.contains(event.name())) {
            LOG.debugf("surge: %s is not an alert's raise or level change; nothing to propose", event.type());
            return;
        }
        if (!data.hasNonNull("level") || !data.hasNonNull("alertId")) {
            LOG.debugf("surge: %s carries no alert level; nothing to propose", event.type());
            return;
        }
        Optional<String> stage = text(data, "stage");
        if (stage.isPresent() && !ACTIVE_STAGES.contains(stage.get())) {
            LOG.debugf("surge: %s in stage %s; nothing to propose", event.type(), stage.get());
            return;
        }
        String community = text(data, "communityCode").orElse(event.subject());
        if (community == null || !AreaCodes.isAreaPrefix(community)) {
            throw new PoisonMessageException("alert event " + event.id() + " names no valid area: " + community);
        }
        if (community.length() != 12) {
            LOG.infof("surge: alert for the wider area %s; surge proposals are per community", community);
            return;
        }
        UUID alertId;
        try {
            alertId = UUID.fromString(data.get("alertId").asText());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("alert event " + event.id() + " has an alertId that is not a UUID");
        }
        SurgeProposal.Level level;
        try {
            level = SurgeProposal.Level.valueOf(data.get("level").asText());
        } catch (IllegalArgumentException e) {
            LOG.warnf("surge: alert %s has a level this service does not know (%s); nothing proposed", alertId,
                    data.get("level").asText());
            return;
        }
        if (level.compareTo(config.surge().minLevel()) < 0) {
            return;
        }
        // locked: a user's accept or dismiss of one of them waits for this event, or this event for it
        List<SurgeProposal> earlier = SurgeProposal.<SurgeProposal>find("alertId = ?1 order by id", alertId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (earlier.stream().anyMatch(p -> p.level.compareTo(level) >= 0)) {
            return; // this level, or a higher one, was proposed already
        }
        for (SurgeProposal p : earlier) {
            if (p.status == SurgeProposal.Status.PROPOSED) {
                p.status = SurgeProposal.Status.SUPERSEDED;
                p.decidedAt = OffsetDateTime.now(clock);
                p.decidedBy = "surge (level " + level + ")";
            }
        }
        ZoneId zone = clock.getZone();
        OffsetDateTime happenedAt = happenedAt(event);
        LocalDate firstDay = happenedAt.atZoneSameInstant(zone).toLocalDate().plusDays(1);
        // what accepted lower levels of the alert already made into shifts: a higher level adds only the difference
        Map<String, Integer> accepted = new HashMap<>();
        earlier.stream().filter(p -> p.status == SurgeProposal.Status.ACCEPTED).flatMap(p -> p.shifts.stream())
                .forEach(x -> accepted.merge(key(x.dutyCode, x.startAt, x.endAt), x.headcount, Integer::sum));

        SurgeProposal proposal = new SurgeProposal();
        proposal.id = UUID.randomUUID();
        proposal.alertId = alertId;
        proposal.communityCode = community;
        proposal.level = level;
        proposal.status = SurgeProposal.Status.PROPOSED;
        proposal.firstDay = firstDay;
        proposal.days = config.surge().days();
        proposal.createdAt = OffsetDateTime.now(clock);
        @SuppressWarnings("unchecked")
        List<Object[]> rules = em.createNativeQuery(
                "select duty_code, start_time, end_time, headcount from surge_rule where level = ?1 order by start_time, duty_code")
                .setParameter(1, level.name()).getResultList();
        for (int d = 0; d < proposal.days; d++) {
            LocalDate day = firstDay.plusDays(d);
            for (Object[] rule : rules) {
                LocalTime start = localTime(rule[1]);
                LocalTime end = localTime(rule[2]);
                ZonedDateTime from = day.atTime(start).atZone(zone);
                ZonedDateTime to = end.equals(LocalTime.MIDNIGHT) ? day.plusDays(1).atStartOfDay(zone) : day.atTime(end).atZone(zone);
                SurgeProposalShift shift = new SurgeProposalShift();
                shift.id = UUID.randomUUID();
                shift.dutyCode = (String) rule[0];
                shift.startAt = from.toOffsetDateTime();
                shift.endAt = to.toOffsetDateTime();
                shift.headcount = ((Number) rule[3]).intValue()
                        - accepted.getOrDefault(key(shift.dutyCode, shift.startAt, shift.endAt), 0);
                if (shift.headcount > 0) {
                    proposal.shifts.add(shift);
                }
            }
        }
        if (proposal.shifts.isEmpty()) {
            LOG.infof("surge: alert %s (%s) for %s: the accepted shifts cover this level already; nothing proposed",
                    alertId, level, community);
            return;
        }
        proposal.persist();
        LOG.infof("surge: alert %s (%s) for %s: %d extra shifts proposed from %s", alertId, level, community,
                proposal.shifts.size(), firstDay);
    }

    /**
     * Accepts a proposal: each of its shifts becomes a draft shift of the community (staffed by hand or by the
     * planner, then published). A stale version or a decided proposal is a 409 and creates nothing.
     */
    @Transactional
    public SurgeProposal accept(UUID id, long expectedVersion, String by) {
        SurgeProposal proposal = visible(id);
        decide(proposal, expectedVersion);
        for (SurgeProposalShift s : proposal.shifts) {
            s.shiftId = shifts.create(proposal.communityCode, s.dutyCode, s.startAt, s.endAt, s.headcount, by).id;
        }
        proposal.status = SurgeProposal.Status.ACCEPTED;
        proposal.decidedBy = by;
        proposal.decidedAt = OffsetDateTime.now(clock);
        return proposal;
    }

    /** Dismisses a proposal not yet decided (a stale version or a decided proposal is a 409). */
    @Transactional
    public SurgeProposal dismiss(UUID id, long expectedVersion, String by) {
        SurgeProposal proposal = visible(id);
        decide(proposal, expectedVersion);
        proposal.status = SurgeProposal.Status.DISMISSED;
        proposal.decidedBy = by;
        proposal.decidedAt = OffsetDateTime.now(clock);
        return proposal;
    }

    /**
     * The proposal, read and locked in the caller's transaction (so an alert event superseding it waits, rather than
     * failing at commit), if it lies in the caller's area.
     */
    SurgeProposal visible(UUID id) {
        return scope.found(SurgeProposal.findById(id, LockModeType.PESSIMISTIC_WRITE), "Surge proposal", id,
                p -> p.communityCode);
    }

    /**
     * When the event's level was set: a level change's own time ({@code changedAt}, {@code escalatedAt}, else the
     * event's time), a raise's {@code raisedAt}, a plan's request's {@code requestedAt}; never the original raise time
     * for a change.
     */
    private OffsetDateTime happenedAt(InboundEvent event) {
        JsonNode data = event.data();
        Optional<String> own = SURGE_REQUESTED.equals(event.name()) ? text(data, "requestedAt")
                : text(data, "changedAt").or(() -> text(data, "escalatedAt"));
        if (own.isEmpty() && "AlertRaised".equals(event.name())) {
            own = text(data, "raisedAt");
        }
        try {
            return own.map(OffsetDateTime::parse)
                    .orElse(event.time() != null ? event.time() : OffsetDateTime.now(clock));
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonMessageException("alert event " + event.id() + " has an unreadable time: " + own.get());
        }
    }

    private static String key(String duty, OffsetDateTime start, OffsetDateTime end) {
        return duty + "/" + start.toInstant() + "/" + end.toInstant();
    }

    static void decide(SurgeProposal proposal, long expectedVersion) {
        if (proposal.version != expectedVersion) {
            throw ProblemException.conflict("Stale version", "The proposal was changed since version "
                    + expectedVersion + " (now " + proposal.version + "); reload it");
        }
        if (proposal.status != SurgeProposal.Status.PROPOSED) {
            throw ProblemException.conflict("Already decided", "The proposal is " + proposal.status);
        }
    }

    private static LocalTime localTime(Object value) {
        return value instanceof java.sql.Time t ? t.toLocalTime() : (LocalTime) value;
    }

    private static Optional<String> text(JsonNode data, String field) {
        return data.hasNonNull(field) ? Optional.of(data.get(field).asText()) : Optional.empty();
    }
}
