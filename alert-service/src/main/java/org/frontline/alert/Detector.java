package org.frontline.alert;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.frontline.alert.signal.Signal;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A detector on one signal for the communities under an area prefix (the most specific area wins for a community).
 * {@link #version} counts its definitions: every change writes a {@link DetectorVersion}, and an alert records the
 * version that fired. (Not a JPA {@code @Version}: a change is checked against the version the editor read.)
 */
@Entity
@Table(name = "detector")
public class Detector extends PanacheEntityBase {

    public enum Method {
        EARS_C1, EARS_C2, EARS_C3, CUSUM, RULE
    }

    @Id
    public UUID id;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Signal signal;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Method method;
    @Column(nullable = false)
    public String name;
    /** The level of the alert it opens (a rule may name several levels in its params; this is the lowest). */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Alert.Level level;
    /** The method's parameters as JSON (README "Detectors"). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String params;
    @Column(nullable = false)
    public boolean enabled;
    @Column(nullable = false)
    public int version;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
