package org.frontline.screening;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A notice to the residents of an area, as alert-service published it (NoticePublished): our copy, so residents read
 * it here and the community sees who has not confirmed it. {@code areaCode} is a community or a shorter prefix; it
 * covers the residents whose community code starts with it.
 */
@Entity
@Table(name = "resident_notice")
public class ResidentNotice extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Column(name = "alert_id")
    public UUID alertId;
    @Column(name = "headline_zh", nullable = false)
    public String headlineZh;
    @Column(name = "headline_en", nullable = false)
    public String headlineEn;
    @Column(name = "what_happened_zh", nullable = false)
    public String whatHappenedZh;
    @Column(name = "what_happened_en", nullable = false)
    public String whatHappenedEn;
    @Column(name = "what_to_do_zh", nullable = false)
    public String whatToDoZh;
    @Column(name = "what_to_do_en", nullable = false)
    public String whatToDoEn;
    @Column(name = "where_to_get_help_zh", nullable = false)
    public String whereToGetHelpZh;
    @Column(name = "where_to_get_help_en", nullable = false)
    public String whereToGetHelpEn;
    @Column(name = "published_at", nullable = false)
    public OffsetDateTime publishedAt;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;
}
