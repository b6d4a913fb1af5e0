package org.frontline.gateway.rest;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.frontline.gateway.service.PictureFreshness;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Copies the freshness of a picture answer into the header {@value #HEADER}, so a client (or a proxy's log) sees
 * how fresh a figure is without reading the body. Absent while the picture has applied no event yet.
 */
public class FreshnessHeader {

    public static final String HEADER = "Frontline-Newest-Event-At";

    @ServerResponseFilter
    public void addHeader(ContainerResponseContext response) {
        if (response.getEntity() instanceof PictureFreshness.Fresh fresh && fresh.freshness() != null
                && fresh.freshness().newestEventAt() != null) {
            response.getHeaders().putSingle(HEADER, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(fresh.freshness().newestEventAt()));
        }
    }
}
