package org.frontline.alert.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The facts of response plans on {@code alert.events} (README "Response plans"). {@code communityCode} is the area the
 * plan runs for (a community, or a shorter prefix); it is the subject and the key, so the facts of one area stay in
 * order. {@code drill} marks a rehearsal: consumers never count it in real figures. No event names a person: owners
 * are roster-service person ids, residents the pseudonymous resident id, notes and reasons stay in alert-service.
 */
public final class PlanEvents {

    private PlanEvents() {
    }

    /** A plan was put to work for an area: for an alert at a level, or as a drill. */
    @EventType(name = "PlanActivated", version = 1)
    public record PlanActivated(UUID activationId, UUID planId, int planVersion, String planCode, String communityCode,
            String level, UUID alertId, boolean drill, int tasks, OffsetDateTime activatedAt) implements DomainEvent {
    }

    /**
     * A task was created and given to its owners: {@code responsible} as the plan says it ({@code role:..},
     * {@code team:..}, {@code duty:..}), {@code ownerIds} the roster person ids it resolved to (empty for a role, or
     * when nobody holds the team or duty yet), {@code residentId} for a per-resident follow-up.
     */
    @EventType(name = "TaskAssigned", version = 1)
    public record TaskAssigned(UUID taskId, UUID activationId, UUID alertId, UUID planId, String communityCode,
            String actionKey, String phase, String title, String responsible, UUID teamId, List<UUID> ownerIds,
            UUID residentId, String systemAction, boolean drill, OffsetDateTime dueAt, OffsetDateTime assignedAt)
            implements DomainEvent {
    }

    /** A task was done ({@code system}: carried out by alert-service itself on activation). */
    @EventType(name = "TaskCompleted", version = 1)
    public record TaskCompleted(UUID taskId, UUID activationId, UUID alertId, String communityCode, String actionKey,
            String phase, boolean system, boolean drill, OffsetDateTime dueAt, OffsetDateTime completedAt,
            boolean onTime, UUID findingAlertId) implements DomainEvent {
    }

    /**
     * A task passed its deadline not done (first {@code tier} COMMUNITY → DISTRICT), or stayed overdue another
     * escalation period (→ CITY): it now also stands before {@code escalatedTo}.
     */
    @EventType(name = "TaskOverdue", version = 1)
    public record TaskOverdue(UUID taskId, UUID activationId, UUID alertId, String communityCode, String actionKey,
            String title, String status, boolean drill, OffsetDateTime dueAt, String tier, String escalatedTo,
            OffsetDateTime overdueAt) implements DomainEvent {
    }

    /** Every task of an activation is done and its alert closed (a drill: completed). */
    @EventType(name = "PlanCompleted", version = 1)
    public record PlanCompleted(UUID activationId, UUID planId, String communityCode, String level, UUID alertId,
            boolean drill, int tasks, int doneOnTime, OffsetDateTime activatedAt, OffsetDateTime completedAt)
            implements DomainEvent {
    }

    /**
     * A drill ended: its score (0–100: the share of actions done by their deadline) and who took part (roster person
     * ids). roster-service records it as a training of kind DRILL with that attendance, renewing
     * {@code grantsQualification} when given.
     */
    @EventType(name = "DrillCompleted", version = 1)
    public record DrillCompleted(UUID drillId, UUID planId, int planVersion, String communityCode, String level,
            String title, OffsetDateTime startedAt, OffsetDateTime completedAt, int tasks, int doneOnTime,
            BigDecimal score, String grantsQualification, List<UUID> attendeeIds) implements DomainEvent {
    }

    /** A notice to the residents of an area, in Chinese and English (screening-service shows it to residents). */
    @EventType(name = "NoticePublished", version = 1)
    public record NoticePublished(UUID noticeId, String communityCode, UUID alertId, String headlineZh,
            String headlineEn, String whatHappenedZh, String whatHappenedEn, String whatToDoZh, String whatToDoEn,
            String whereToGetHelpZh, String whereToGetHelpEn, OffsetDateTime publishedAt, OffsetDateTime expiresAt)
            implements DomainEvent {
    }

    /**
     * A plan's system action asks roster-service for the surge shifts of {@code level} in a community (the same rule
     * as for AlertRaised: one proposal per alert and level). {@code requestId} is the task's id.
     */
    @EventType(name = "SurgeShiftsRequested", version = 1)
    public record SurgeShiftsRequested(UUID requestId, UUID activationId, UUID alertId, String communityCode,
            String level, String stage, OffsetDateTime requestedAt) implements DomainEvent {
    }

    /**
     * A plan's system action asks supplies-service to raise the minimum level of every item of the community's store
     * to at least {@code minDays} days of cover (never lowering one; maxDays follows when below it).
     */
    @EventType(name = "MinimumStockRequested", version = 1)
    public record MinimumStockRequested(UUID requestId, UUID activationId, UUID alertId, String communityCode,
            String level, BigDecimal minDays, OffsetDateTime requestedAt) implements DomainEvent {
    }

    /**
     * A plan's system action asks screening-service to open a door-to-door campaign in a community ({@code grid}:
     * one grid, or null for the whole community); {@code requestId} makes it one campaign however often it arrives.
     */
    @EventType(name = "CampaignRequested", version = 1)
    public record CampaignRequested(UUID requestId, UUID activationId, UUID alertId, String communityCode, String grid,
            String title, OffsetDateTime requestedAt) implements DomainEvent {
    }
}
