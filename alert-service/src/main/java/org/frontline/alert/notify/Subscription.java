package org.frontline.alert.notify;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.frontline.alert.Alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A webhook: alert events of an area (prefix), from a minimum level, of some kinds, POSTed to {@link #url} and
 * signed with {@link #secret}. Deleting deactivates it; its delivery log stays.
 */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    /** The event kinds a subscription may ask for. */
    public static final Set<String> KINDS = Set.of("AlertRaised", "AlertUpdated", "AlertEscalated",
            "AlertAcknowledged", "AlertPhaseChanged", "AlertClosed", "PlanActivated", "TaskAssigned", "TaskCompleted",
            "TaskOverdue", "PlanCompleted", "DrillCompleted", "NoticePublished");

    @Id
    public UUID id;
    @Column(nullable = false)
    public String url;
    @Column(name = "area_prefix", nullable = false)
    public String areaPrefix;
    @Enumerated(EnumType.STRING)
    @Column(name = "min_level", nullable = false)
    public Alert.Level minLevel;
    @Column(name = "event_kinds", nullable = false)
    public String eventKinds;
    public String description;
    @Column(nullable = false)
    public String secret;
    @Column(nullable = false)
    public boolean active = true;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
    @Column(name = "deactivated_at")
    public OffsetDateTime deactivatedAt;
    @Version
    public long version;

    public Set<String> kinds() {
        return Arrays.stream(eventKinds.split(",")).filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public void kinds(Set<String> kinds) {
        eventKinds = KINDS.stream().filter(kinds::contains).sorted().collect(Collectors.joining(","));
    }
}
