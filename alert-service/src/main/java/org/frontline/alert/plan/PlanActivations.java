package org.frontline.alert.plan;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Activation from the alert's own facts (README "Activation"): AlertRaised and AlertUpdated on {@code alert.events}
 * activate the matching plan for the alert at its level, at the time of the fact. Once per alert and level however
 * often or late the facts arrive: the consumer's inbox skips a repeated event id, and
 * {@link PlanActivator#activateForAlert} a re-sent copy (a new id), a repeat of the level and a lower level after a
 * higher one.
 */
@ApplicationScoped
public class PlanActivations {

    public static final String ALERT_RAISED = "frontline.alert.AlertRaised.v1";
    public static final String ALERT_UPDATED = "frontline.alert.AlertUpdated.v1";
    public static final Set<String> TYPES = Set.of(ALERT_RAISED, ALERT_UPDATED);

    private final PlanActivator activator;

    public PlanActivations(PlanActivator activator) {
        this.activator = activator;
    }

    /** Applies one alert event inside the inbox's transaction; other types change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onAlertEvent(InboundEvent event) {
        if (!TYPES.contains(event.type())) {
            return;
        }
        JsonNode data = event.data();
        UUID alertId = uuid(data.path("alertId"), "alertId");
        Alert.Level level;
        try {
            level = Alert.Level.valueOf(data.path("level").asText(""));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(event.type() + " " + event.id() + ": level is not BLUE, YELLOW, ORANGE "
                    + "or RED");
        }
        String timeField = ALERT_RAISED.equals(event.type()) ? "raisedAt" : "changedAt";
        OffsetDateTime at = time(data.path(timeField), event.time());
        if (at == null) {
            throw new PoisonMessageException(event.type() + " " + event.id() + ": neither " + timeField
                    + " nor ce_time");
        }
        activator.activateForAlert(alertId, level, at);
    }

    static UUID uuid(JsonNode node, String field) {
        try {
            return UUID.fromString(node.asText(""));
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(field + " is not a UUID");
        }
    }

    static OffsetDateTime time(JsonNode node, OffsetDateTime fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("not an RFC 3339 time: " + node.asText());
        }
    }
}
