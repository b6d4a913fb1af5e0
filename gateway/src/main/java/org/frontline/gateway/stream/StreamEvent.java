package org.frontline.gateway.stream;

import org.frontline.gateway.picture.Areas;

/**
 * One event of the live stream: {@code id} is the picture_change id (the SSE {@code id:}), {@code name} the SSE event
 * name ({@code kpi}, {@code alert}, {@code rebuilt}; {@code hello} and {@code resync} are the stream's own), {@code data}
 * its JSON.
 */
public record StreamEvent(long id, String name, String areaCode, String data) {

    /**
     * Whether a client watching {@code area} gets this change: the figures of the area itself and of its direct
     * children; an alert inside the area or of a wider area applying to it; a rebuild of a picture containing it.
     */
    public boolean concerns(String area) {
        return concerns(name, areaCode, area);
    }

    /** {@link #concerns(String)} for a change of {@code kind} ({@code kpi}, {@code alert}, …) of {@code areaCode}. */
    public static boolean concerns(String kind, String areaCode, String area) {
        if ("kpi".equals(kind)) {
            return areaCode.equals(area)
                    || (areaCode.startsWith(area) && areaCode.length() == Areas.childLength(area));
        }
        return areaCode.startsWith(area) || area.startsWith(areaCode);
    }
}
