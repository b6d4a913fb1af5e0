package org.frontline.roster;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Extra shifts proposed for a community because an alert was raised for it; a person reviews them. */
@Entity
@Table(name = "surge_proposal")
public class SurgeProposal extends PanacheEntityBase {

    public enum Status {
        PROPOSED, ACCEPTED, DISMISSED, SUPERSEDED
    }

    /** Alert levels as alert-service names them, lowest first. */
    public enum Level {
        BLUE, YELLOW, ORANGE, RED
    }

    @Id
    public UUID id;
    @Column(name = "alert_id", nullable = false)
    public UUID alertId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "first_day", nullable = false)
    public LocalDate firstDay;
    @Column(nullable = false)
    public int days;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;
    @Version
    public long version;
    @OneToMany(cascade = CascadeType.ALL, fetch = FetchType.EAGER)
    @JoinColumn(name = "proposal_id", nullable = false)
    @OrderBy("startAt, dutyCode")
    public List<SurgeProposalShift> shifts = new ArrayList<>();
}
