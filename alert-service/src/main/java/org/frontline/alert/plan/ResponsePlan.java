package org.frontline.alert.plan;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A response plan (应急预案) of an area: a city template (4 digits), a district's (6) or a community's (12) adaptation.
 * {@link #definition} is the checklist as JSON ({@link PlanDefinition}); {@link #planVersion} counts its changes, each
 * kept in {@code response_plan_version}. {@link #version} is the optimistic lock.
 */
@Entity
@Table(name = "response_plan")
public class ResponsePlan extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    /** kebab-case, unique within the area; an adaptation keeps its template's name. */
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String title;
    /** The plan this one was adapted from (a wider area's), or null for a template. */
    @Column(name = "based_on")
    public UUID basedOn;
    @Column(name = "plan_version", nullable = false)
    public int planVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String definition;
    @Column(nullable = false)
    public boolean active;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
