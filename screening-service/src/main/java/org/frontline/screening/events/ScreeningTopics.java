package org.frontline.screening.events;

/** The topic this service publishes to; channel name = topic name. */
public final class ScreeningTopics {

    public static final String EVENTS = "screening.events";

    private ScreeningTopics() {
    }
}
