package org.frontline.roster.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
 * supersedes a proposal not yet decided; the same or a lower level proposes nothing new. Alerts about a wider
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

    /** Applies one alert event (called by the inbox, inside its transaction). */
    public void onAlert(InboundEvent event) {
        JsonNode data = event.data();
        if (!data.hasNonNull("level") || !data.hasNonNull("alertId")) {
            LOG.debugf("surge: %s carries no alert level; nothing to propose", event.type());
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
        List<SurgeProposal> earlier = SurgeProposal.list("alertId", alertId);
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
        OffsetDateTime raisedAt = text(data, "raisedAt").map(OffsetDateTime::parse)
                .orElse(event.time() != null ? event.time() : OffsetDateTime.now(clock));
        LocalDate firstDay = raisedAt.atZoneSameInstant(zone).toLocalDate().plusDays(1);

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
                shift.headcount = ((Number) rule[3]).intValue();
                proposal.shifts.add(shift);
            }
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

    /** The proposal, read in the caller's transaction, if it lies in the caller's area. */
    SurgeProposal visible(UUID id) {
        return scope.found(SurgeProposal.findById(id), "Surge proposal", id, p -> p.communityCode);
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
