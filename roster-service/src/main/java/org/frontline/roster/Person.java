package org.frontline.roster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person on a community's roster: employed staff or a registered volunteer. */
@Entity
@Table(name = "person")
public class Person extends PanacheEntityBase {

    public enum Kind {
        STAFF, VOLUNTEER
    }

    @Id
    public UUID id;
    /** The home community: where the person normally serves. */
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    /** The employing unit's area code (community, district or city); staff only. */
    @Column(name = "unit_code")
    public String unitCode;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    public String phone;
    public String skills;
    /** Consent to be lent to other communities of the home district. */
    @Column(name = "lend_consent", nullable = false)
    public boolean lendConsent;
    /** For a volunteer who registered themself: their login's subject (token {@code sub}). */
    @Column(name = "login_subject")
    public String loginSubject;
    @Column(nullable = false)
    public boolean active = true;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;
    @Version
    public long version;
}
