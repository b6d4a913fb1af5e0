package org.frontline.alert;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The residents of a community: what a rule per 10,000 residents divides by. */
@Entity
@Table(name = "population")
public class Population extends PanacheEntityBase {

    @Id
    @Column(name = "community_code")
    public String communityCode;
    @Column(nullable = false)
    public int residents;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
