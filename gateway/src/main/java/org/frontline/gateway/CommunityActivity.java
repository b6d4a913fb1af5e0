package org.frontline.gateway;

import java.io.Serializable;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * How many facts of one type a community has produced, from the event stream; or a wider area (district,
 * street...) for facts about that area as a whole.
 */
@Entity
@Table(name = "community_activity")
public class CommunityActivity extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "area_code") String areaCode,
            @Column(name = "event_type") String eventType) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public long events;
    @Column(name = "last_event_at")
    public OffsetDateTime lastEventAt;
}
