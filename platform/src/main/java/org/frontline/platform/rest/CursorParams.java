package org.frontline.platform.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code ?cursor=…&total=true} on a list that pages by key ({@link KeysetPage}), beside {@link PageParams}: without
 * {@code cursor} the list pages by {@code page}/{@code size} exactly as before; {@code cursor=} (empty) is the first page
 * by key, {@code cursor=<nextCursor>} the page after it.
 */
public class CursorParams {

    @QueryParam("cursor")
    @Parameter(description = "Page by key instead of by number: empty for the first page, then the nextCursor of the "
            + "page before. Each page costs the same however deep it is; `page` must then be 0 (or absent)")
    String cursor;

    @QueryParam("total")
    @DefaultValue("false")
    @Parameter(description = "With cursor: also count every matching row (a count of the whole list, as costly as "
            + "the list is long). Paging by number always counts")
    Boolean total; // not boolean: see StrictBooleans

    // `?cursor=` and `?cursor` (no value) may reach the field as null: presence decides
    @Context
    UriInfo uri;

    /** The cursor, "" for the first page by key; null when the request pages by number. */
    public String cursor() {
        return cursor != null ? cursor : byKey() ? "" : null;
    }

    public boolean total() {
        return Boolean.TRUE.equals(total);
    }

    /** Whether the request pages by key. */
    public boolean byKey() {
        return cursor != null || (uri != null && uri.getQueryParameters().containsKey("cursor"));
    }
}
