package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A post a community staffs (reference data): screener, guard, … with its risk level and required qualifications. */
@Entity
@Table(name = "duty")
public class Duty extends PanacheEntityBase {

    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    /** 1 low, 2 medium, 3 high. */
    @Column(name = "risk_level", nullable = false)
    public int riskLevel;
    /** Seeded by a migration (cannot be removed). */
    @Column(nullable = false)
    public boolean seeded;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "duty_qualification", joinColumns = @JoinColumn(name = "duty_code"))
    @Column(name = "qualification_code")
    public Set<String> requiredQualifications = new HashSet<>();
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
