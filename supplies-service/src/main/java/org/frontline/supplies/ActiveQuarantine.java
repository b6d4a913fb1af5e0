package org.frontline.supplies;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A quarantine running now in a community (kept from screening.events); fair allocation counts them. */
@Entity
@Table(name = "active_quarantine")
public class ActiveQuarantine extends PanacheEntityBase {

    @Id
    @Column(name = "quarantine_id")
    public UUID quarantineId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Column(name = "started_on", nullable = false)
    public LocalDate startedOn;
}
