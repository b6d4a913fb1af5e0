package org.frontline.alert.notify;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.frontline.alert.Alert;
import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/**
 * The JSON bodies of webhook deliveries (README "Notifications", payload). Every body is an envelope
 * {@code {id, type, time, alert, data}}: {@code type} is {@code frontline.alert.<Kind>.v<N>} as on
 * {@code alert.events}, {@code alert} the alert as it stands after the change, {@code data} the event record
 * itself. No person is named: the alert's who-did-what fields are left out, the events name nobody.
 */
public final class Payloads {

    private Payloads() {
    }

    public static String kind(DomainEvent event) {
        return event.getClass().getSimpleName();
    }

    public static String type(DomainEvent event) {
        EventType t = event.getClass().getAnnotation(EventType.class);
        return "frontline.alert." + (t == null ? kind(event) : t.name()) + ".v" + (t == null ? 1 : t.version());
    }

    /** The alert's public state: no raisedBy, acknowledgedBy, closedBy. */
    public static Map<String, Object> alert(Alert a, String publicApiUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id);
        m.put("areaCode", a.areaCode);
        m.put("level", a.level);
        m.put("status", a.status);
        m.put("stage", a.stage);
        m.put("signal", a.signal == null ? null : a.signal.path());
        m.put("title", a.title);
        m.put("observed", a.observed);
        m.put("threshold", a.threshold);
        m.put("observedDay", a.observedDay);
        m.put("firstSeen", a.firstSeen);
        m.put("lastSeen", a.lastSeen);
        m.put("tier", a.escalationTier);
        m.put("escalatedTo", a.escalatedTo);
        m.put("capUrl", publicApiUrl + "/cap/alerts/" + a.id + ".xml");
        return m;
    }

    public static Map<String, Object> envelope(UUID id, String type, OffsetDateTime time, Map<String, Object> alert,
            Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", type);
        m.put("time", time);
        m.put("alert", alert);
        m.put("data", data);
        return m;
    }
}
