package org.frontline.supplies.events;

/** The topic this service publishes to. */
public final class SuppliesTopics {

    public static final String EVENTS = "supplies.events";

    private SuppliesTopics() {
    }
}
