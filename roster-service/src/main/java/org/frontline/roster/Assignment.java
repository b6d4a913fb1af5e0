package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person working a shift, with the times they actually checked in and out. */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "shift_id", nullable = false)
    public UUID shiftId;
    @Column(name = "person_id", nullable = false)
    public UUID personId;
    @Column(name = "assigned_by", nullable = false)
    public String assignedBy;
    @Column(name = "assigned_at", nullable = false)
    public OffsetDateTime assignedAt;
    @Column(name = "checked_in_at")
    public OffsetDateTime checkedInAt;
    @Column(name = "checked_out_at")
    public OffsetDateTime checkedOutAt;
    @Version
    public long version;
}
