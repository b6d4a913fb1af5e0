package org.frontline.screening;

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

/**
 * A resident, with the minimum of personal data. The national ID number is kept only as a keyed hash (to
 * find duplicates) and is never returned; events carry the id of this record only.
 */
@Entity
@Table(name = "resident")
public class Resident extends PanacheEntityBase {

    public enum Sex {
        FEMALE, MALE
    }

    @Id
    public UUID id;
    @Column(name = "household_id", nullable = false)
    public UUID householdId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Column(name = "city_code", nullable = false)
    public String cityCode;
    @Column(nullable = false)
    public String name;
    public String phone;
    @Column(name = "id_number_hash")
    public String idNumberHash;
    /** Which configured key made {@link #idNumberHash} (keys rotate; see IdNumberKeys). */
    @Column(name = "id_number_key_id")
    public String idNumberKeyId;
    @Column(name = "birth_year")
    public Integer birthYear;
    @Enumerated(EnumType.STRING)
    public Sex sex;
    @Column(name = "elderly_alone")
    public boolean elderlyAlone;
    @Column(name = "chronic_illness")
    public boolean chronicIllness;
    public boolean pregnant;
    public boolean disability;
    /** The resident's own login (OIDC preferred_username), for self-reports; null if they have none. */
    public String account;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Optimistic lock: an edit names the version it was made on (PUT /residents/{id}); an older one is a 409. */
    @Version
    public long version;
}
