package org.frontline.screening.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.CursorParams;
import org.frontline.platform.rest.KeysetPage;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.ScreeningRecord;
import org.frontline.screening.Symptom;
import org.frontline.screening.service.ScreeningService;

import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/screenings")
@Tag(name = "Screenings", description = "Temperature and symptom screenings of residents")
public class ScreeningResource {

    @Schema(description = "A screening as entered by a worker; the community comes from the resident and the outcome is derived")
    public record ScreeningRequest(
            @NotNull @Schema(description = "A registered resident") UUID residentId,
            @NotNull ScreeningRecord.Channel channel,
            @NotNull @DecimalMin(value = "34.0", message = "{frontline.celsius.min}")
            @DecimalMax(value = "43.0", message = "{frontline.celsius.max}")
            @Schema(example = "37.6") BigDecimal temperatureCelsius,
            @Size(max = 10) Set<@NotNull Symptom> symptoms,
            boolean travelHistory,
            boolean contactWithCase,
            @NotNull @Schema(example = "2026-11-28T09:30:00+08:00") OffsetDateTime screenedAt,
            @Size(min = 1, max = 100) @Schema(description = "Client-chosen key, yours alone (scoped to your login): a retry with the same key "
                    + "and the same screening stores nothing new and answers with the earlier record; the same key with a different "
                    + "screening is a 422",
                    example = "tablet-7/2026-11-28/0042") String idempotencyKey,
            @Schema(description = "The door-to-door campaign this screening belongs to, if any (same community)") UUID campaignId) {

        ScreeningService.NewScreening toNew() {
            return new ScreeningService.NewScreening(residentId, channel, temperatureCelsius, symptoms, travelHistory,
                    contactWithCase, screenedAt, idempotencyKey, campaignId);
        }
    }

    public record BulkRequest(@NotEmpty @Size(max = ScreeningService.MAX_BULK) List<@NotNull @Valid ScreeningRequest> records) {
    }

    @Schema(description = "A screening with its current values (after any correction); revision 1 is as recorded, "
            + "retracted ones stay in lists, marked")
    public record ScreeningView(UUID id, String communityCode, UUID residentId, ScreeningRecord.Channel channel,
            BigDecimal temperatureCelsius, Set<Symptom> symptoms, boolean travelHistory, boolean contactWithCase,
            ScreeningRecord.Outcome outcome, OffsetDateTime screenedAt,
            @Schema(nullable = true, description = "Null for residents and volunteers on records they did not write") String recordedBy,
            @Schema(nullable = true, description = "Null for residents and volunteers on records they did not write") String idempotencyKey,
            UUID campaignId, int revision, boolean retracted) {

        static ScreeningView of(ScreeningRecord r) {
            return new ScreeningView(r.id, r.communityCode, r.residentId, r.channel, r.temperatureCelsius, r.symptoms,
                    r.travelHistory, r.contactWithCase, r.outcome, r.screenedAt, r.recordedBy, r.idempotencyKey,
                    r.campaignId, r.revision, r.retracted);
        }

        /**
         * As the caller may see it: who recorded a screening and with which key is for staff (community workers,
         * district officers, coordinators) and for its own writer; residents and volunteers see both as null on
         * other people's records.
         */
        ScreeningView forCaller(SecurityIdentity identity, String login) {
            boolean staff = identity.hasRole("community-worker") || identity.hasRole("district-officer")
                    || identity.hasRole("coordinator");
            if (staff || (login != null && login.equals(recordedBy))) {
                return this;
            }
            return new ScreeningView(id, communityCode, residentId, channel, temperatureCelsius, symptoms, travelHistory,
                    contactWithCase, outcome, screenedAt, null, null, campaignId, revision, retracted);
        }
    }

    @Schema(description = "New values for a mistyped screening, and why")
    public record CorrectionRequest(
            @NotNull @DecimalMin(value = "34.0", message = "{frontline.celsius.min}")
            @DecimalMax(value = "43.0", message = "{frontline.celsius.max}") BigDecimal temperatureCelsius,
            @Size(max = 10) Set<@NotNull Symptom> symptoms, boolean travelHistory, boolean contactWithCase,
            @NotBlank @Size(max = 500) String reason, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    public record RetractionRequest(@NotBlank @Size(max = 500) String reason, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    @Schema(description = "What became of one record of a bulk request")
    public record BulkItem(int index, UUID id, @Schema(enumeration = {"CREATED", "DUPLICATE"}) String status,
            @Schema(description = "When the server stored the record (for a DUPLICATE: when it stored the earlier one)")
            OffsetDateTime recordedAt) {
    }

    public record BulkResult(int created, int duplicates, List<BulkItem> items) {
    }

    /** Newest first; ties in screenedAt by id. */
    static final KeysetPage.Order<ScreeningRecord> ORDER = new KeysetPage.Order<>("screenings", "screenedAt", "id", false,
            r -> r.screenedAt, r -> r.id);

    /** Records who read whose health records (keyed by resident id, they are personal data). */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    private final ScreeningService screenings;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    private final SecurityIdentity identity;

    public ScreeningResource(ScreeningService screenings, AreaScope scope, JsonWebToken jwt, Idempotency idempotency,
            SecurityIdentity identity) {
        this.identity = identity;
        this.idempotency = idempotency;
        this.screenings = screenings;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker", "volunteer"})
    @Operation(summary = "Record a screening",
            description = "Emits ResidentScreened, and FeverDetected at or above the fever threshold. 201 for a new record; "
                    + "200 with the earlier record when you sent this key with this screening before; 422 when you sent it with another")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScreeningView.class)))
    @APIResponse(responseCode = "200", description = "The earlier record: its idempotency key was seen before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScreeningView.class)))
    public Response record(@Valid @NotNull ScreeningRequest request) {
        var result = screenings.record(request.toNew(), jwt.getName(), scope::covers);
        var view = ScreeningView.of(result.record()).forCaller(identity, jwt.getName());
        return result.duplicate() ? Response.ok(view).build()
                : Response.created(URI.create("/api/v1/screenings/" + view.id())).entity(view).build();
    }

    @POST
    @Path("bulk")
    @RolesAllowed({"community-worker", "volunteer"})
    @Operation(summary = "Record up to 1,000 screenings at once",
            description = "All or nothing: one invalid record rejects the whole request with a 400 naming each bad record "
                    + "(records[i].field). Records whose idempotency key you sent before with the same screening are DUPLICATE and not "
                    + "stored again; a key you sent before with a different screening is a 422 naming records[i].idempotencyKey, nothing stored.")
    public BulkResult recordAll(@Valid @NotNull BulkRequest request) {
        var results = screenings.recordAll(request.records().stream().map(ScreeningRequest::toNew).toList(),
                jwt.getName(), scope::covers, "records");
        List<BulkItem> items = new java.util.ArrayList<>(results.size());
        int duplicates = 0;
        for (int i = 0; i < results.size(); i++) {
            var r = results.get(i);
            duplicates += r.duplicate() ? 1 : 0;
            items.add(new BulkItem(i, r.record().id, r.duplicate() ? "DUPLICATE" : "CREATED", r.record().createdAt));
        }
        return new BulkResult(results.size() - duplicates, duplicates, items);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "One screening")
    @jakarta.transaction.Transactional
    public ScreeningView get(@PathParam("id") UUID id) {
        ScreeningView view = ScreeningView.of(visible(id)).forCaller(identity, jwt.getName());
        audit.records(List.of(view), ScreeningView::residentId, ScreeningView::communityCode);
        return view;
    }

    @GET
    @RolesAllowed({"community-worker", "volunteer", "district-officer", "coordinator"})
    @Operation(summary = "Screenings in your area, newest first",
            description = "Filter by area prefix, outcome, resident, campaign and a screenedAt range [from, to). Page by number "
                    + "(page, size; every page counts the list) or, for long lists, by key: cursor= (empty) for the first page, then "
                    + "cursor=<nextCursor> until nextCursor is null; total=true adds the count")
    @jakarta.transaction.Transactional
    public KeysetPage<ScreeningView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("outcome") String outcomeParam, @QueryParam("residentId") UUID residentId,
            @QueryParam("campaignId") UUID campaignId,
            @QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to,
            @Valid @BeanParam PageParams page, @BeanParam CursorParams cursor) {
        KeysetPage<ScreeningView> answer = page(area, outcomeParam, residentId, campaignId, from, to, page, cursor);
        audit.records(answer.items(), ScreeningView::residentId, ScreeningView::communityCode);
        return answer;
    }

    private KeysetPage<ScreeningView> page(String area, String outcomeParam, UUID residentId, UUID campaignId,
            OffsetDateTime from, OffsetDateTime to, PageParams page, CursorParams cursor) {
        var outcome = QueryValues.enumValue(ScreeningRecord.Outcome.class, outcomeParam, "outcome");
        var filter = KeysetPage.oneCommunity(scope.filter("communityCode", area), "communityCode");
        if (outcome != null) {
            filter = filter.and("outcome = :outcome", "outcome", outcome);
        }
        if (residentId != null) {
            filter = filter.and("residentId = :residentId", "residentId", residentId);
        }
        if (campaignId != null) {
            filter = filter.and("campaignId = :campaignId", "campaignId", campaignId);
        }
        if (from != null) {
            filter = filter.and("screenedAt >= :from", "from", from);
        }
        if (to != null) {
            filter = filter.and("screenedAt < :to", "to", to);
        }
        return KeysetPage.of((q, s, p) -> ScreeningRecord.find(q, s, p), filter.query(), filter.params(), ORDER, page, cursor,
                (ScreeningRecord r) -> ScreeningView.of(r).forCaller(identity, jwt.getName()));
    }

    @POST
    @Path("{id}/correction")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Correct a mistyped screening",
            description = "A community worker of the screening's community. The outcome is derived again; the earlier values stay "
                    + "in the history. Emits ScreeningCorrected")
    public ScreeningView correct(@PathParam("id") UUID id, @Valid @NotNull CorrectionRequest request) {
        visible(id);
        return idempotency.once("screening.correction", request.idempotencyKey(), Map.of("id", id, "request", request),
                ScreeningView.class, () -> ScreeningView.of(screenings.correct(id, new ScreeningService.Correction(
                        request.temperatureCelsius(), request.symptoms(), request.travelHistory(),
                        request.contactWithCase(), request.reason().strip()), jwt.getName()))).response();
    }

    @POST
    @Path("{id}/retraction")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Retract a screening entered by mistake",
            description = "It stays, marked retracted, with its history. Emits ScreeningRetracted")
    public ScreeningView retract(@PathParam("id") UUID id, @Valid @NotNull RetractionRequest request) {
        visible(id);
        return idempotency.once("screening.retraction", request.idempotencyKey(), Map.of("id", id, "request", request),
                ScreeningView.class, () -> ScreeningView.of(screenings.retract(id, request.reason().strip(), jwt.getName())))
                .response();
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Every version of a screening, oldest first: as recorded, each correction, a retraction")
    @jakarta.transaction.Transactional
    public List<ScreeningService.Revision> history(@PathParam("id") UUID id) {
        ScreeningRecord record = visible(id);
        audit.records(List.of(record), r -> r.residentId, r -> r.communityCode);
        return screenings.history(record);
    }

    private ScreeningRecord visible(UUID id) {
        return scope.visible(ScreeningRecord.findById(id), "Screening", id, r -> r.communityCode);
    }
}
