package org.frontline.supplies;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A physical count of a site uploaded as a sheet: a PREVIEW shows each line's variance against what was on hand;
 * confirming posts the lines to the ledger (POSTED), discarding drops it (DISCARDED). Both end states are final.
 */
@Entity
@Table(name = "stock_count")
public class StockCount extends PanacheEntityBase {

    public enum Status {
        PREVIEW, POSTED, DISCARDED
    }

    @Id
    public UUID id;
    @Column(name = "site_id", nullable = false)
    public UUID siteId;
    @Column(name = "area_code", nullable = false)
    public String areaCode;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "uploaded_by", nullable = false)
    public String uploadedBy;
    @Column(name = "uploaded_at", nullable = false)
    public OffsetDateTime uploadedAt;
    @Column(name = "confirmed_by")
    public String confirmedBy;
    @Column(name = "confirmed_at")
    public OffsetDateTime confirmedAt;
    @Version
    public long version;
}
