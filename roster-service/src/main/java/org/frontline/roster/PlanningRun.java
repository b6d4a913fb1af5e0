package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One asynchronous planner run for an area and a range: QUEUED → RUNNING → DONE | FAILED | CANCELLED, and a DONE
 * run → PUBLISHED | DISCARDED. The table is the queue (see PlanningWorker).
 */
@Entity
@Table(name = "planning_run")
public class PlanningRun extends PanacheEntityBase {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED, PUBLISHED, DISCARDED
    }

    @Id
    public UUID id;
    @Column(nullable = false)
    public String area;
    @Column(name = "from_at", nullable = false)
    public OffsetDateTime fromAt;
    @Column(name = "to_at", nullable = false)
    public OffsetDateTime toAt;
    @Column(name = "time_limit_seconds", nullable = false)
    public int timeLimitSeconds;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "best_score")
    public String bestScore;
    public Boolean feasible;
    @Column(name = "uncovered_minutes")
    public Long uncoveredMinutes;
    /** The proposed plan as JSON. */
    public String result;
    public String error;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    @Version
    public long version;
}
