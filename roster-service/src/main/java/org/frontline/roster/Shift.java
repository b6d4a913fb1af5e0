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

/** A stretch of one duty in one community that needs {@code requiredHeadcount} people. Half-open [start, end). */
@Entity
@Table(name = "shift")
public class Shift extends PanacheEntityBase {

    public enum Status {
        DRAFT, PUBLISHED, CANCELLED
    }

    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Column(name = "duty_code", nullable = false)
    public String dutyCode;
    @Column(name = "start_at", nullable = false)
    public OffsetDateTime startAt;
    @Column(name = "end_at", nullable = false)
    public OffsetDateTime endAt;
    @Column(name = "required_headcount", nullable = false)
    public int requiredHeadcount;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    /** The numbers last announced in ShiftStaffingChanged; null before the first. */
    @Column(name = "announced_required")
    public Integer announcedRequired;
    @Column(name = "announced_assigned")
    public Integer announcedAssigned;
    @Column(name = "announced_qualified")
    public Integer announcedQualified;
    @Version
    public long version;

    public double hours() {
        return java.time.Duration.between(startAt, endAt).toMinutes() / 60.0;
    }
}
