package org.frontline.supplies;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What fair allocation knows of a community: its population, set by its district. */
@Entity
@Table(name = "community_profile")
public class CommunityProfile extends PanacheEntityBase {

    @Id
    @Column(name = "community_code")
    public String communityCode;
    public Integer population;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
