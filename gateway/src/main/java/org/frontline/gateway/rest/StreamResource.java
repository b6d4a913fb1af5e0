package org.frontline.gateway.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.service.PictureFreshness;
import org.frontline.gateway.stream.ChangeFeed;
import org.frontline.gateway.stream.PictureChanges;
import org.frontline.gateway.stream.StreamEvent;
import org.frontline.gateway.stream.Subscriber;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerResponse;

/**
 * The live picture of an area as Server-Sent Events (gateway/README.md "Live stream"): {@code kpi}, {@code alert} and
 * {@code rebuilt} events with the change id as {@code id:}; a reconnect with {@code Last-Event-ID} gets exactly the
 * changes it missed (KPI changes coalesced into the current figures), then the live ones.
 */
@Path("/api/v1/stream")
@Tag(name = "City picture")
@RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
public class StreamResource {

    /** The most changes one reconnect replays; a client further behind gets {@code resync} and reloads. */
    static final int MAX_REPLAY = 10_000;

    private final AreaScope scope;
    private final ChangeFeed feed;
    private final PictureChanges changes;
    private final KpiReader reader;
    private final PictureFreshness freshness;

    public StreamResource(AreaScope scope, ChangeFeed feed, PictureChanges changes, KpiReader reader,
            PictureFreshness freshness) {
        this.scope = scope;
        this.feed = feed;
        this.changes = changes;
        this.reader = reader;
        this.freshness = freshness;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Live KPI and alert changes of an area (Server-Sent Events); resumes after Last-Event-ID",
            description = "Events: hello (on connect without Last-Event-ID), kpi, alert, rebuilt, resync (too far "
                    + "behind: reload, then go on from its id). A comment line every 15 s keeps the connection open.")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    public void stream(
            @Parameter(description = "Area code prefix; default: your first area") @QueryParam("area") String area,
            @Parameter(description = "The id of the last event received") @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(description = "Last-Event-ID for clients that cannot set headers") @QueryParam("lastEventId")
            String lastEventIdParam,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServerResponse response) {
        String code = PictureParams.area(area, scope);
        Long after = lastEventId(lastEventId, lastEventIdParam);
        PictureFreshness.Freshness fresh = freshness.now();
        if (fresh.newestEventAt() != null) {
            response.putHeader(FreshnessHeader.HEADER,
                    java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(fresh.newestEventAt()));
        }
        response.putHeader("Cache-Control", "no-cache");
        response.putHeader("X-Accel-Buffering", "no"); // a proxy in front must not buffer the stream
        Subscriber subscriber = feed.subscriber(code, sink, sse);
        long upTo = feed.subscribe(subscriber);
        if (after == null) {
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("latestId", upTo);
            KpiReader.AreaInfo info = reader.area(code);
            hello.put("area", new PictureChanges.AreaRef(code, Areas.level(code), info == null ? null : info.name(),
                    info == null ? null : info.nameEn()));
            hello.put("freshness", fresh);
            subscriber.send(new StreamEvent(upTo, "hello", code, changes.write(hello)));
        } else if (after < upTo) {
            Long oldest = changes.oldestId();
            List<PictureChanges.Change> missed = oldest != null && after + 1 < oldest ? null
                    : changes.replay(code, after, upTo, MAX_REPLAY + 1);
            if (missed == null || missed.size() > MAX_REPLAY) {
                resync(subscriber, code, upTo, missed == null ? "pruned" : "too-many-changes");
            } else {
                changes.events(missed).forEach(subscriber::send);
            }
        } else if (after > upTo) {
            // this replica's poller may be behind another's: only an id above the database's newest is unknown
            long newest = changes.newestId();
            if (after > newest) {
                resync(subscriber, code, upTo, "unknown-id"); // the log was reset (a new database): start over
            } else {
                // the changes up to after reach the poller later: the subscriber skips them (it saw them elsewhere)
                subscriber.startAfter(after);
            }
        }
        subscriber.goLive();
    }

    private void resync(Subscriber subscriber, String code, long upTo, String reason) {
        subscriber.send(new StreamEvent(upTo, "resync", code,
                changes.write(Map.of("latestId", upTo, "reason", reason))));
    }

    private static Long lastEventId(String header, String param) {
        String value = header != null && !header.isBlank() ? header : param;
        String field = header != null && !header.isBlank() ? "Last-Event-ID" : "lastEventId";
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Invalid " + field, field + " must be an event id of this stream", field);
        }
    }
}
