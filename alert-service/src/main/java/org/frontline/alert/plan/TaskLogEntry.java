package org.frontline.alert.plan;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of a task's log: created, acknowledged, done, blocked, overdue, escalated (who, when, from, to, text). */
@Entity
@Table(name = "task_log")
public class TaskLogEntry extends PanacheEntityBase {

    public enum Kind {
        CREATED, ACKNOWLEDGED, DONE, BLOCKED, OVERDUE, ESCALATED, NOTE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "task_id", nullable = false)
    public UUID taskId;
    @Column(nullable = false)
    public OffsetDateTime at;
    @Column(nullable = false)
    public String actor;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public PlanTask.Status fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public PlanTask.Status toStatus;
    public String text;
}
