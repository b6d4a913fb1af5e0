package org.frontline.gateway;

import java.io.Serializable;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** How many facts of one type a community has produced, from the event stream. */
@Entity
@Table(name = "community_activity")
public class CommunityActivity extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "community_code") String communityCode,
            @Column(name = "event_type") String eventType) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public long events;
    @Column(name = "last_event_at")
    public OffsetDateTime lastEventAt;
}
