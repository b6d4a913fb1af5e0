package org.frontline.alert.cap;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.frontline.alert.Alert;

/**
 * Alerts as OASIS CAP 1.2 messages and the Atom index of them (README "CAP feed"), written with StAX. Pure: give it
 * the alert, its CAP messages ({@link CapMessage}, oldest first) and the settings.
 *
 * <p>Message chain: every published change of an alert is a new message {@code urn:frontline:alert:<id>:<seq>},
 * {@code sent} at the change (whole seconds, with offset, as CAP requires). The first is {@code msgType Alert};
 * each later one is an {@code Update} whose {@code references} name the first and the previous message
 * ({@code sender,identifier,sent}). A closed alert is an {@code Update} with responseType {@code AllClear} and
 * urgency {@code Past}: CAP's {@code Cancel} is for withdrawing a message issued in error, not for an event that
 * has ended.
 */
public final class CapDocuments {

    public static final String NS = "urn:oasis:names:tc:emergency:cap:1.2";
    public static final String ATOM = "http://www.w3.org/2005/Atom";
    /** yyyy-MM-ddThh:mm:ss+hh:mm: CAP forbids fractional seconds and "Z". */
    static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /** The sender settings and where links point. */
    public record Settings(String sender, String senderName, String publicApiUrl, ZoneId zone) {
    }

    /** One message of the chain. */
    public record Message(int seq, OffsetDateTime sent) {
    }

    private CapDocuments() {
    }

    public static String identifier(Alert a, int seq) {
        return "urn:frontline:alert:" + a.id + ":" + seq;
    }

    /** The messages of an alert; one stands in (seq 0, sent at its last change) for an alert older than the chain. */
    public static List<Message> chain(Alert a, List<CapMessage> stored) {
        List<Message> result = new ArrayList<>();
        for (CapMessage m : stored) {
            result.add(new Message(m.seq, m.sent));
        }
        if (result.isEmpty()) {
            result.add(new Message(0, a.updatedAt));
        }
        return result;
    }

    public static String time(OffsetDateTime t, ZoneId zone) {
        return CAP_TIME.format(t.atZoneSameInstant(zone).withNano(0));
    }

    public static String severity(Alert.Level level) {
        return switch (level) {
            case RED -> "Extreme";
            case ORANGE -> "Severe";
            case YELLOW -> "Moderate";
            case BLUE -> "Minor";
        };
    }

    public static String urgency(Alert a) {
        if (a.status == Alert.Status.CLOSED) {
            return "Past";
        }
        return switch (a.level) {
            case RED, ORANGE -> "Immediate";
            case YELLOW -> "Expected";
            case BLUE -> "Future";
        };
    }

    public static String responseType(Alert a) {
        return switch (a.stage) {
            case CLOSED -> "AllClear";
            case RESPONSE -> "Execute";
            case RECOVERY -> "Monitor";
            case WARNING -> a.level.ordinal() >= Alert.Level.ORANGE.ordinal() ? "Prepare" : "Monitor";
        };
    }

    /** A detector's firing is Likely; an alert raised by hand reports what someone saw: Observed. */
    public static String certainty(Alert a) {
        return a.signal == null ? "Observed" : "Likely";
    }

    /** The 6-digit GB/T 2260 code of the alert's district (a 4-digit city prefix becomes its city code, e.g. 310100). */
    public static String district(String areaCode) {
        String six = areaCode.length() >= 6 ? areaCode.substring(0, 6) : areaCode;
        return (six + "000000").substring(0, 6);
    }

    /**
     * The public instruction of an alert: the texts of the latest notice linked to it (README "Drills and notices").
     * The English info's {@code instruction} is what to do and where to get help; the Chinese info carries the
     * notice's Chinese headline, what happened (before the alert's own facts) and the Chinese instruction.
     */
    public record Instruction(String headlineZh, String whatHappenedZh, String whatToDoZh, String whereToGetHelpZh,
            String whatToDoEn, String whereToGetHelpEn) {
    }

    public static String alert(Alert a, List<Message> chain, Settings s) {
        return alert(a, chain, s, null);
    }

    /** The alert's latest CAP message; {@code instruction} (may be null) from the latest notice linked to it. */
    public static String alert(Alert a, List<Message> chain, Settings s, Instruction instruction) {
        Message latest = chain.get(chain.size() - 1);
        Message first = chain.get(0);
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(NS);
            w.writeStartElement(NS, "alert");
            w.writeDefaultNamespace(NS);
            text(w, "identifier", identifier(a, latest.seq()));
            text(w, "sender", s.sender());
            text(w, "sent", time(latest.sent(), s.zone()));
            text(w, "status", "Actual");
            text(w, "msgType", latest == first ? "Alert" : "Update");
            text(w, "scope", "Restricted");
            text(w, "restriction", "Frontline users whose area covers " + a.areaCode
                    + ": emergency management of the community, its district and the city");
            if (latest != first) {
                List<String> refs = new ArrayList<>();
                refs.add(reference(a, first, s));
                Message previous = chain.get(chain.size() - 2);
                if (previous != first) {
                    refs.add(reference(a, previous, s));
                }
                text(w, "references", String.join(" ", refs));
            }
            info(w, a, s, false, instruction);
            info(w, a, s, true, instruction);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the CAP message of alert " + a.id, e);
        }
    }

    private static String reference(Alert a, Message m, Settings s) {
        return s.sender() + "," + identifier(a, m.seq()) + "," + time(m.sent(), s.zone());
    }

    private static void info(XMLStreamWriter w, Alert a, Settings s, boolean chinese, Instruction instruction)
            throws XMLStreamException {
        w.writeStartElement(NS, "info");
        text(w, "language", chinese ? "zh-CN" : "en-US");
        text(w, "category", "Health");
        String event = a.signal == null ? a.title : a.signal.description();
        text(w, "event", chinese ? "公共卫生预警：" + event : event);
        text(w, "responseType", responseType(a));
        text(w, "urgency", urgency(a));
        text(w, "severity", severity(a.level));
        text(w, "certainty", certainty(a));
        text(w, "senderName", s.senderName());
        String headline = chinese && instruction != null ? instruction.headlineZh() : a.title;
        text(w, "headline", headline.length() > 160 ? headline.substring(0, 160) : headline);
        String description = chinese ? descriptionZh(a) : description(a);
        if (chinese && instruction != null) {
            description = instruction.whatHappenedZh() + "\n" + description;
        }
        text(w, "description", description);
        if (instruction != null) {
            // CAP orders instruction after description and before web
            text(w, "instruction", chinese
                    ? instruction.whatToDoZh() + "\n求助：" + instruction.whereToGetHelpZh()
                    : instruction.whatToDoEn() + "\nWhere to get help: " + instruction.whereToGetHelpEn());
        }
        text(w, "web", s.publicApiUrl() + "/alerts/" + a.id);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("signal", a.signal == null ? null : a.signal.path());
        parameters.put("detector", a.method);
        parameters.put("detectorVersion", a.detectorVersion == null ? null : a.detectorVersion.toString());
        parameters.put("level", a.level.name());
        parameters.put("status", a.status.name());
        for (var p : parameters.entrySet()) {
            if (p.getValue() != null) {
                w.writeStartElement(NS, "parameter");
                text(w, "valueName", p.getKey());
                text(w, "value", p.getValue());
                w.writeEndElement();
            }
        }
        w.writeStartElement(NS, "area");
        text(w, "areaDesc", a.areaCode + " (" + a.escalationTier.name().toLowerCase(java.util.Locale.ROOT)
                + (a.escalatedTo == null ? "" : ", escalated to " + a.escalatedTo) + ")");
        geocode(w, "GB/T 2260", district(a.areaCode));
        geocode(w, "Frontline area code", a.areaCode);
        w.writeEndElement();
        w.writeEndElement();
    }

    private static String description(Alert a) {
        StringBuilder b = new StringBuilder();
        if (a.signal != null) {
            b.append("Observed ").append(plain(a.observed)).append(" against a threshold of ").append(plain(a.threshold));
            if (a.observedDay != null) {
                b.append(" on ").append(a.observedDay);
            }
            b.append(" (").append(a.signal.path()).append(a.method == null ? "" : ", " + a.method).append("). ");
        } else if (a.description != null && !a.description.isBlank()) {
            b.append(a.description.strip()).append(' ');
        }
        b.append("Level ").append(a.level).append(", status ").append(a.status).append(", stage ").append(a.stage)
                .append("; first seen ").append(a.firstSeen).append(", last seen ").append(a.lastSeen)
                .append(", firings ").append(a.firings).append('.');
        return b.toString();
    }

    private static String descriptionZh(Alert a) {
        StringBuilder b = new StringBuilder();
        if (a.signal != null) {
            b.append("观测值 ").append(plain(a.observed)).append("，阈值 ").append(plain(a.threshold));
            if (a.observedDay != null) {
                b.append("，日期 ").append(a.observedDay);
            }
            b.append("（").append(a.signal.path()).append("）。");
        }
        b.append("级别 ").append(a.level).append("，状态 ").append(a.status).append("。");
        return b.toString();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "-" : v.stripTrailingZeros().toPlainString();
    }

    private static void geocode(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(NS, "geocode");
        text(w, "valueName", name);
        text(w, "value", value);
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(NS, name);
        w.writeCharacters(xmlSafe(value));
        w.writeEndElement();
    }

    /** Writes an attribute through {@link #xmlSafe}. */
    private static void attribute(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeAttribute(name, xmlSafe(value));
    }

    /**
     * {@code value} with every character XML 1.0 does not allow replaced by U+FFFD: C0 controls other than tab, LF and
     * CR, lone surrogates, U+FFFE and U+FFFF. StAX writes them as they are (or as character references, which XML 1.0
     * forbids as well), so a title holding one would make the whole feed unparseable. Every text and attribute of the
     * CAP messages and the Atom index goes through this.
     */
    public static String xmlSafe(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = null;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!ok && b == null) {
                b = new StringBuilder(n).append(value, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? value : b.toString();
    }

    /** One entry of the Atom index. */
    public record Entry(Alert alert, List<Message> chain) {
    }

    /** The Atom 1.0 index: one entry per alert, linking to its CAP message. */
    public static String feed(String area, List<Entry> entries, OffsetDateTime now, Settings s) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(ATOM);
            w.writeStartElement(ATOM, "feed");
            w.writeDefaultNamespace(ATOM);
            atom(w, "id", "urn:frontline:cap-feed:" + (area == null ? "all" : area));
            atom(w, "title", "Frontline alerts" + (area == null ? "" : " in " + area) + " (CAP 1.2)");
            OffsetDateTime updated = entries.stream().map(e -> e.chain().get(e.chain().size() - 1).sent())
                    .max(OffsetDateTime::compareTo).orElse(now);
            atom(w, "updated", rfc3339(updated, s.zone()));
            w.writeStartElement(ATOM, "author");
            atom(w, "name", s.senderName());
            w.writeEndElement();
            w.writeEmptyElement(ATOM, "link");
            attribute(w, "rel", "self");
            attribute(w, "href", s.publicApiUrl() + "/cap/alerts.atom" + (area == null ? "" : "?area=" + area));
            for (Entry e : entries) {
                Alert a = e.alert();
                Message latest = e.chain().get(e.chain().size() - 1);
                w.writeStartElement(ATOM, "entry");
                atom(w, "id", identifier(a, latest.seq()));
                atom(w, "title", a.level + " " + a.title);
                atom(w, "updated", rfc3339(latest.sent(), s.zone()));
                w.writeEmptyElement(ATOM, "link");
                attribute(w, "rel", "alternate");
                attribute(w, "type", "application/cap+xml");
                attribute(w, "href", s.publicApiUrl() + "/cap/alerts/" + a.id + ".xml");
                atom(w, "summary", a.areaCode + ": " + severity(a.level) + ", " + a.status + ", " + urgency(a));
                w.writeEmptyElement(ATOM, "category");
                attribute(w, "term", a.level.name());
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the CAP feed", e);
        }
    }

    private static String rfc3339(OffsetDateTime t, ZoneId zone) {
        return time(t, zone);
    }

    private static void atom(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(ATOM, name);
        w.writeCharacters(xmlSafe(value));
        w.writeEndElement();
    }
}
