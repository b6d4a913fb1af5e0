package org.frontline.alert.plan;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.frontline.alert.Alert;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One action of a plan to be carried out: of an activation ({@link #targetKey} empty), per released resident (a
 * recovery follow-up, {@link #targetKey} = the resident id) or one period of a recurring action ({@link #activationId}
 * null, {@link #targetKey} = the period's first day). Written only through {@link PlanJournal} and the services that
 * call it.
 */
@Entity
@Table(name = "plan_task")
public class PlanTask extends PanacheEntityBase {

    public enum Status {
        OPEN, ACKNOWLEDGED, DONE, BLOCKED
    }

    @Id
    public UUID id;
    @Column(name = "activation_id")
    public UUID activationId;
    @Column(name = "alert_id")
    public UUID alertId;
    @Column(name = "plan_id", nullable = false)
    public UUID planId;
    @Column(name = "plan_version", nullable = false)
    public int planVersion;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Column(name = "action_key", nullable = false)
    public String actionKey;
    @Column(name = "target_key", nullable = false)
    public String targetKey = "";
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PlanDefinition.Phase phase;
    @Column(nullable = false)
    public String title;
    public String description;
    /** {@code role:<role>}, {@code team:<purpose or name>} or {@code duty:<duty code>} */
    @Column(nullable = false)
    public String responsible;
    @Column(name = "owner_team_id")
    public UUID ownerTeamId;
    /** roster-service person ids; empty when the owner is a role (or nobody holds the team or duty yet) */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "owner_ids", nullable = false)
    public UUID[] ownerIds = new UUID[0];
    @Enumerated(EnumType.STRING)
    @Column(name = "system_action")
    public PlanDefinition.SystemAction systemAction;
    @Column(name = "resident_id")
    public UUID residentId;
    @Column(nullable = false)
    public boolean drill;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "done_at")
    public OffsetDateTime doneAt;
    @Column(name = "done_by")
    public String doneBy;
    public String note;
    @Column(name = "blocked_at")
    public OffsetDateTime blockedAt;
    @Column(name = "blocked_by")
    public String blockedBy;
    @Column(name = "blocked_reason")
    public String blockedReason;
    @Column(name = "finding_alert_id")
    public UUID findingAlertId;
    @Column(name = "overdue_at")
    public OffsetDateTime overdueAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "escalation_tier")
    public Alert.Tier escalationTier;
    @Column(name = "escalated_to")
    public String escalatedTo;
    @Column(name = "next_escalation_at")
    public OffsetDateTime nextEscalationAt;
    @Version
    public long version;
}
