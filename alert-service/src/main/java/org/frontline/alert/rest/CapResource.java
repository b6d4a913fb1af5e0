package org.frontline.alert.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.cap.CapDocuments;
import org.frontline.alert.cap.CapMessage;
import org.frontline.alert.config.CapConfig;
import org.frontline.alert.config.NotifyConfig;
import org.frontline.alert.plan.NoticeService;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

@Path("/api/v1/cap")
@Tag(name = "CAP feed", description = "Open and recent alerts as OASIS CAP 1.2 messages with an Atom index")
public class CapResource {

    public static final String CAP_XML = "application/cap+xml";
    public static final String ATOM_XML = "application/atom+xml";

    private final AreaScope scope;
    private final CapConfig cap;
    private final NotifyConfig notify;
    private final Clock clock;
    private final NoticeService notices;

    public CapResource(AreaScope scope, CapConfig cap, NotifyConfig notify, Clock clock, NoticeService notices) {
        this.notices = notices;
        this.scope = scope;
        this.cap = cap;
        this.notify = notify;
        this.clock = clock;
    }

    @GET
    @Path("alerts.atom")
    @Produces(ATOM_XML)
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "Atom index of the open alerts and those closed recently (alert.cap.recent) in your area",
            description = "One entry per alert, newest change first, linking to its CAP message; area narrows it (outside your area 403)")
    @APIResponse(responseCode = "200", description = "Atom 1.0 feed",
            content = @Content(mediaType = ATOM_XML, schema = @Schema(type = SchemaType.STRING)))
    public String feed(@QueryParam("area") @AreaPrefix String area) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var scoped = scope.filter("areaCode", area);
        Map<String, Object> params = new java.util.HashMap<>(scoped.params());
        params.put("closed", Alert.Status.CLOSED);
        params.put("since", now.minus(cap.recent()));
        var filter = new org.frontline.platform.security.ScopeFilter(
                scoped.query() + " and (status <> :closed or closedAt >= :since)", params);
        List<Alert> alerts = Alert.<Alert>find(filter.query(), Sort.descending("updatedAt").and("id"), filter.params())
                .page(Page.ofSize(cap.maxEntries())).list();
        Map<UUID, List<CapMessage>> messages = alerts.isEmpty() ? Map.of()
                : CapMessage.<CapMessage>list("alertId in ?1 order by seq", alerts.stream().map(a -> a.id).toList())
                        .stream().collect(Collectors.groupingBy(m -> m.alertId));
        List<CapDocuments.Entry> entries = alerts.stream()
                .map(a -> new CapDocuments.Entry(a, CapDocuments.chain(a, messages.getOrDefault(a.id, List.of()))))
                .toList();
        return CapDocuments.feed(area, entries, now, settings());
    }

    @GET
    @Path("alerts/{id}.xml")
    @Produces(CAP_XML)
    @RolesAllowed({"community-worker", "district-officer", "coordinator", "integration"})
    @Operation(summary = "An alert as an OASIS CAP 1.2 message (its latest version)",
            description = "403 outside your area. The latest notice linked to the alert is its instruction (en-US and zh-CN)")
    @APIResponse(responseCode = "200", description = "CAP 1.2 alert message",
            content = @Content(mediaType = CAP_XML, schema = @Schema(type = SchemaType.STRING)))
    public String alert(@PathParam("id") UUID id) {
        Alert a = scope.visible(Alert.findById(id), "Alert", id, r -> r.areaCode);
        List<CapMessage> chain = CapMessage.list("alertId = ?1 order by seq", a.id);
        CapDocuments.Instruction instruction = notices.latestFor(a.id)
                .map(n -> new CapDocuments.Instruction(n.headlineZh, n.whatHappenedZh, n.whatToDoZh, n.whereToGetHelpZh,
                        n.whatToDoEn, n.whereToGetHelpEn))
                .orElse(null);
        return CapDocuments.alert(a, CapDocuments.chain(a, chain), settings(), instruction);
    }

    private CapDocuments.Settings settings() {
        return new CapDocuments.Settings(cap.sender(), cap.senderName(), notify.publicApiUrl(), clock.getZone());
    }
}
