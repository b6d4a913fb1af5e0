package org.frontline.screening;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An antigen or PCR test of a resident. */
@Entity
@Table(name = "test_result")
public class TestResult extends PanacheEntityBase {

    public enum Kind {
        ANTIGEN, PCR
    }

    public enum Result {
        POSITIVE, NEGATIVE, INVALID
    }

    @Id
    public UUID id;
    @Column(name = "resident_id", nullable = false)
    public UUID residentId;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Result result;
    @Column(name = "sampled_at", nullable = false)
    public OffsetDateTime sampledAt;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** 1 as recorded; raised by each correction or retraction (earlier versions: test_result_revision). */
    @Column(nullable = false)
    public int revision = 1;

    @Column(nullable = false)
    public boolean retracted;
}
