package org.frontline.alert;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An alert for a community, with a level (blue lowest, red highest) and a stage of its lifecycle. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    public enum Level {
        BLUE, YELLOW, ORANGE, RED
    }

    public enum Stage {
        WARNING, RESPONSE, RECOVERY, CLOSED
    }

    @Id
    public UUID id;
    @Column(name = "community_code", nullable = false)
    public String communityCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;
    @Column(nullable = false)
    public String title;
    public String description;
    @Column(name = "raised_by", nullable = false)
    public String raisedBy;
    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;
}
