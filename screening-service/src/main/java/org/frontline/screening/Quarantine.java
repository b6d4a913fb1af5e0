package org.frontline.screening;

import java.time.LocalDate;
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

/** A period of home or centralised quarantine, or of health monitoring, with one check-in a day. */
@Entity
@Table(name = "quarantine")
public class Quarantine extends PanacheEntityBase {

    public enum Kind {
        HOME, CENTRALISED, HEALTH_MONITORING
    }

    public enum Status {
        ACTIVE, ENDED
    }

    public enum EndReason {
        COMPLETED, EARLY_RELEASE
    }

    @Id
    public UUID id;
    @Column(name = "resident_id", nullable = false)
    public UUID residentId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Column(name = "start_date", nullable = false)
    public LocalDate startDate;
    @Column(name = "planned_end_date", nullable = false)
    public LocalDate plannedEndDate;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    public EndReason endReason;
    @Column(name = "ended_on")
    public LocalDate endedOn;
    /** Why it was extended or released early (the latest reason). */
    public String note;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Optimistic lock: a release and the scan racing to end a period cannot both succeed. */
    @Version
    public long version;
}
