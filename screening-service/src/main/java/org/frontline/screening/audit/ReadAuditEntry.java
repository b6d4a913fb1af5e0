package org.frontline.screening.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A row of the read audit, for querying it; rows are written by {@link ReadAudit} in one statement per response. */
@Entity
@Table(name = "read_audit")
public class ReadAuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "read_at", insertable = false, updatable = false)
    public OffsetDateTime readAt;

    @Column(name = "community_code")
    public String communityCode;

    @Column(name = "resident_id")
    public UUID residentId;

    @Column(name = "actor_subject")
    public String actorSubject;

    @Column(name = "actor_login")
    public String actorLogin;

    @Column(name = "actor_role")
    public String actorRole;

    public String operation;
}
