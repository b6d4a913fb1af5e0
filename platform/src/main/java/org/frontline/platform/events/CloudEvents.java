package org.frontline.platform.events;

/** CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as {@code ce_*} headers. */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TIME = "ce_time";
    public static final String H_CONTENT_TYPE = "content-type";

    private CloudEvents() {
    }

    /** {@code frontline.<service>.<name>.v<version>} */
    public static String type(String service, EventType eventType) {
        return "frontline." + service + "." + eventType.name() + ".v" + eventType.version();
    }

    public static String source(String service) {
        return "/" + service;
    }
}
