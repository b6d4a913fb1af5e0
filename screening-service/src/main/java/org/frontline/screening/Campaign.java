package org.frontline.screening;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A door-to-door campaign (排查任务) over the households of a community, or of one grid in it. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    public enum Status {
        OPEN, CLOSED
    }

    /** What a visit found. NOBODY_HOME leaves the household to be visited again; the others reach it. */
    public enum VisitResult {
        SCREENED, NOBODY_HOME, REFUSED, MOVED
    }

    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    public String grid;
    @Column(nullable = false)
    public String title;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
    /** The response plan's request (CampaignRequested.requestId) this campaign was opened for; null when opened by hand. */
    @Column(name = "request_id")
    public UUID requestId;
}
