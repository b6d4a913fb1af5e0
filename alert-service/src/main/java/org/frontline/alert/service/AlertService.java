package org.frontline.alert.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.AlertLogEntry;

@ApplicationScoped
public class AlertService {

    private final AlertJournal journal;
    private final Clock clock;

    public AlertService(AlertJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** An alert raised by hand opens in the warning phase; it has no signal, so it never merges with a firing. */
    @Transactional
    public Alert raise(String areaCode, Alert.Level level, String title, String description, String raisedBy) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.areaCode = areaCode;
        alert.level = level;
        alert.status = Alert.Status.OPEN;
        alert.stage = alert.status.stage;
        alert.title = title.strip();
        alert.description = description;
        alert.firings = 1;
        alert.firstSeen = now;
        alert.lastSeen = now;
        alert.raisedBy = raisedBy;
        alert.raisedAt = now;
        alert.updatedAt = now;
        alert.persist();
        journal.log(alert, AlertLogEntry.Kind.RAISED, raisedBy, null, alert.status, "raised by hand", now);
        journal.publish(alert, AlertJournal.raised(alert), now);
        return alert;
    }
}
