package org.frontline.roster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A kind of qualification (infection control, PPE, first aid, …) and how long a training makes it valid. */
@Entity
@Table(name = "qualification_type")
public class QualificationType extends PanacheEntityBase {

    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    @Column(name = "validity_months", nullable = false)
    public int validityMonths;
}
