package org.frontline.platform.testapp;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A minimal record of the test app: just enough to prove the platform's chain. */
@Entity
public class Note extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "community_code")
    public String communityCode;
    public String text;
    public int seq;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
