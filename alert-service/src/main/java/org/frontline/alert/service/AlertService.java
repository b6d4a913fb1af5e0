package org.frontline.alert.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.events.AlertRaised;
import org.frontline.platform.events.Outbox;

@ApplicationScoped
public class AlertService {

    private final Outbox outbox;

    public AlertService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A manually raised alert starts in the warning stage. */
    @Transactional
    public Alert raise(String communityCode, Alert.Level level, String title, String description, String raisedBy) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.communityCode = communityCode;
        alert.level = level;
        alert.stage = Alert.Stage.WARNING;
        alert.title = title.strip();
        alert.description = description;
        alert.raisedBy = raisedBy;
        alert.raisedAt = OffsetDateTime.now(ZoneOffset.UTC);
        alert.persist();
        outbox.record(AlertRaised.TOPIC, new AlertRaised(alert.id, alert.communityCode, alert.level.name(),
                alert.stage.name(), alert.title, alert.raisedAt));
        return alert;
    }
}
