package org.frontline.platform.testapp;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** A fact about a whole area (a district, a street), not one community: keyed by the area's code prefix. */
@EventType(name = "AreaNoticeIssued", version = 1)
public record AreaNoticeIssued(String areaCode, String text) implements DomainEvent {

    @Override
    public String subject() {
        return areaCode;
    }
}
