package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One extra shift of a surge proposal; {@link #shiftId} is the draft shift made when it was accepted. */
@Entity
@Table(name = "surge_proposal_shift")
public class SurgeProposalShift extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "duty_code", nullable = false)
    public String dutyCode;
    @Column(name = "start_at", nullable = false)
    public OffsetDateTime startAt;
    @Column(name = "end_at", nullable = false)
    public OffsetDateTime endAt;
    @Column(nullable = false)
    public int headcount;
    @Column(name = "shift_id")
    public UUID shiftId;
}
