package org.frontline.alert;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One definition of a detector, as it stood from {@link #changedAt}: what an alert's detector version points at. */
@Entity
@Table(name = "detector_version")
@IdClass(DetectorVersion.Key.class)
public class DetectorVersion extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID detectorId;
        public int version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(detectorId, k.detectorId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(detectorId, version);
        }
    }

    @Id
    @Column(name = "detector_id")
    public UUID detectorId;
    @Id
    public int version;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Detector.Method method;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Alert.Level level;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String params;
    @Column(nullable = false)
    public boolean enabled;
    @Column(name = "changed_by", nullable = false)
    public String changedBy;
    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;
}
