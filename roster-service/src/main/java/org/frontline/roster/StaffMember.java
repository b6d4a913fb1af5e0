package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person who works for a community: paid staff or a registered volunteer. */
@Entity
@Table(name = "staff_member")
public class StaffMember extends PanacheEntityBase {

    public enum Kind {
        STAFF, VOLUNTEER
    }

    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Column(name = "registered_by", nullable = false)
    public String registeredBy;
    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;
}
