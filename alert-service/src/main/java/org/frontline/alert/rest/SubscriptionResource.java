package org.frontline.alert.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.Alert;
import org.frontline.alert.notify.Delivery;
import org.frontline.alert.notify.DeliveryAttempt;
import org.frontline.alert.notify.Subscription;
import org.frontline.alert.notify.SubscriptionService;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/subscriptions")
@Tag(name = "Subscriptions", description = "Webhooks: alert events of an area, signed, retried, logged")
public class SubscriptionResource {

    public record SubscriptionRequest(
            @NotBlank @Size(max = 2000) @Schema(description = "http or https", example = "https://district.example/frontline-hook") String url,
            @NotNull @AreaPrefix @Schema(description = "alerts whose area starts with it; inside your area", example = "310104") String areaPrefix,
            @Schema(description = "the lowest level delivered; default YELLOW") Alert.Level minLevel,
            @Size(max = 6) @Schema(description = "subset of AlertRaised, AlertUpdated, AlertEscalated, AlertAcknowledged, AlertPhaseChanged, AlertClosed; default all") Set<@NotBlank String> eventKinds,
            @Size(max = 500) String description,
            @Size(min = 16, max = 200) @Schema(description = "the HMAC key (at least 16 characters); generated when absent; returned only now") String secret,
            @Size(min = 1, max = 100) @Schema(description = "send it again with a retry to get the same subscription") String idempotencyKey) {
    }

    public record SubscriptionUpdate(
            @NotBlank @Size(max = 2000) String url,
            @NotNull @AreaPrefix String areaPrefix,
            Alert.Level minLevel,
            @Size(max = 6) Set<@NotBlank String> eventKinds,
            @Size(max = 500) String description,
            @NotNull @PositiveOrZero @Schema(description = "the version you read; 409 when it changed since") Long expectedVersion) {
    }

    public record SecretRequest(@Size(min = 16, max = 200) @Schema(description = "the new key; generated when absent") String secret) {
    }

    public record SubscriptionView(@Schema(required = true) UUID id, @Schema(required = true) String url,
            @Schema(required = true) String areaPrefix, @Schema(required = true) Alert.Level minLevel,
            @Schema(required = true) List<String> eventKinds, String description, boolean active, String createdBy,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deactivatedAt, long version) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id, s.url, s.areaPrefix, s.minLevel, List.copyOf(s.kinds()), s.description,
                    s.active, s.createdBy, s.createdAt, s.updatedAt, s.deactivatedAt, s.version);
        }
    }

    /** The answer to a create: the subscription and, this once, its secret. */
    public record CreatedSubscription(@Schema(required = true) UUID id, @Schema(required = true) String url,
            @Schema(required = true) String areaPrefix, @Schema(required = true) Alert.Level minLevel,
            @Schema(required = true) List<String> eventKinds, String description, boolean active, String createdBy,
            OffsetDateTime createdAt, long version,
            @Schema(required = true, description = "the HMAC key; shown only here and on rotate-secret") String secret) {
        static CreatedSubscription of(Subscription s) {
            return new CreatedSubscription(s.id, s.url, s.areaPrefix, s.minLevel, List.copyOf(s.kinds()),
                    s.description, s.active, s.createdBy, s.createdAt, s.version, s.secret);
        }
    }

    public record SecretView(@Schema(required = true) UUID id, @Schema(required = true) String secret, long version) {
    }

    public record AttemptView(int attempt, OffsetDateTime attemptedAt, Integer statusCode, String error,
            long durationMs) {
        static AttemptView of(DeliveryAttempt a) {
            return new AttemptView(a.attempt, a.attemptedAt, a.statusCode, a.error, a.durationMs);
        }
    }

    public record DeliveryView(@Schema(required = true) UUID id, @Schema(required = true) UUID subscriptionId,
            UUID alertId, @Schema(required = true) String eventKind, @Schema(required = true) Delivery.Status status,
            int attempts, Integer lastStatusCode, String lastError, OffsetDateTime createdAt,
            OffsetDateTime nextAttemptAt, OffsetDateTime finishedAt, LocalDate digestDay,
            @Schema(required = true) List<AttemptView> attemptLog) {
    }

    private final SubscriptionService subscriptions;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    public SubscriptionResource(SubscriptionService subscriptions, AreaScope scope, JsonWebToken jwt,
            Idempotency idempotency) {
        this.subscriptions = subscriptions;
        this.scope = scope;
        this.jwt = jwt;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Subscribe a webhook to alert events of an area",
            description = "areaPrefix inside your area (else 403); url must resolve to public addresses unless alert.notify.allow-private-addresses (else 400). The answer carries the secret — the only read that does")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedSubscription.class)))
    @APIResponse(responseCode = "200", description = "The earlier subscription: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedSubscription.class)))
    @APIResponse(responseCode = "409", description = "A replay of a create whose subscription was deleted or its secret rotated since (the problem names subscriptionId)")
    public Response create(@Valid @NotNull SubscriptionRequest request) {
        var settings = SubscriptionService.settings(request.url(), request.areaPrefix(), request.minLevel(),
                request.eventKinds(), request.description());
        scope.check(request.areaPrefix());
        subscriptions.checkAddress(settings.url());
        var outcome = idempotency.once("subscription", request.idempotencyKey(), request, CreatedSubscription.class,
                () -> CreatedSubscription.of(subscriptions.create(settings, request.secret(), jwt.getName())));
        if (outcome.replayed()) {
            // a replay hands out the secret only while it is still the subscription's: not after a rotation or delete
            UUID id = outcome.response().id();
            Subscription s = Subscription.findById(id);
            if (s == null || !s.active || !java.security.MessageDigest.isEqual(
                    s.secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    String.valueOf(outcome.response().secret()).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                throw ProblemException.conflict("Subscription changed since",
                        "The subscription " + id + " created with this idempotencyKey was "
                                + (s == null || !s.active ? "deleted" : "given a new secret")
                                + " since; read it with GET /api/v1/subscriptions/" + id
                                + " (rotate-secret shows a new secret)").with("subscriptionId", id);
            }
        }
        return outcome.created("/api/v1/subscriptions", CreatedSubscription::id);
    }

    @GET
    @RolesAllowed({"district-officer", "coordinator", "integration"})
    @Operation(summary = "Subscriptions in your area (deleted ones too, active false), newest first")
    public Page<SubscriptionView> list(@QueryParam("area") @AreaPrefix String area,
            @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaPrefix", area);
        return Page.of(Subscription.find(filter.query(), Sort.descending("createdAt").and("id"), filter.params()),
                page, SubscriptionView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"district-officer", "coordinator", "integration"})
    @Operation(summary = "A subscription (never its secret)", description = "403 outside your area")
    public SubscriptionView get(@PathParam("id") UUID id) {
        return SubscriptionView.of(visible(Subscription.findById(id), id));
    }

    @PUT
    @Path("{id}")
    @Transactional
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Change a subscription",
            description = "Both its area and the new areaPrefix inside your area (else 403); expectedVersion stale → 409; deleted → 409")
    public SubscriptionView update(@PathParam("id") UUID id, @Valid @NotNull SubscriptionUpdate request) {
        var settings = SubscriptionService.settings(request.url(), request.areaPrefix(), request.minLevel(),
                request.eventKinds(), request.description());
        Subscription s = locked(id);
        scope.check(request.areaPrefix());
        subscriptions.checkAddress(settings.url());
        return SubscriptionView.of(subscriptions.update(s, request.expectedVersion(), settings));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Delete (deactivate) a subscription",
            description = "Nothing more is delivered; deliveries not yet sent are CANCELLED; the delivery log stays")
    @APIResponse(responseCode = "204", description = "Deactivated")
    public void delete(@PathParam("id") UUID id) {
        subscriptions.deactivate(locked(id));
    }

    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON) // else text/plain is read into the one-string record and becomes the secret
    @Transactional
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Replace the secret", description = "Signatures use the new secret from now on; the answer is the only time it is shown")
    public SecretView rotate(@PathParam("id") UUID id, @Valid @NotNull SecretRequest request) {
        Subscription s = subscriptions.rotate(locked(id), request.secret());
        Subscription.getEntityManager().flush();
        return new SecretView(s.id, s.secret, s.version);
    }

    @POST
    @Path("{id}/test")
    @Transactional
    @RolesAllowed({"district-officer", "coordinator"})
    @Operation(summary = "Send a test delivery (type frontline.alert.Ping.v1)",
            description = "Queued at once; follow it in the deliveries")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.class)))
    public Response test(@PathParam("id") UUID id) {
        Delivery d = subscriptions.ping(locked(id), jwt.getName());
        return Response.accepted(view(d, List.of())).build();
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed({"district-officer", "coordinator", "integration"})
    @Operation(summary = "The delivery log of a subscription, newest first",
            description = "Each delivery with its attempts (time, HTTP status or error, duration); never the body")
    public Page<DeliveryView> deliveries(@PathParam("id") UUID id,
            @QueryParam("status") @Parameter(description = "PENDING, IN_FLIGHT, DELIVERED, FAILED or CANCELLED (anything else 400)") String statusValue,
            @Valid @BeanParam PageParams page) {
        visible(Subscription.findById(id), id);
        Delivery.Status status = QueryValues.enumValue(Delivery.Status.class, statusValue, "status");
        io.quarkus.hibernate.orm.panache.PanacheQuery<Delivery> query = status == null
                ? Delivery.find("subscriptionId = ?1", Sort.descending("createdAt").and("id"), id)
                : Delivery.find("subscriptionId = ?1 and status = ?2", Sort.descending("createdAt").and("id"), id,
                        status);
        Page<Delivery> rows = Page.of(query, page, (Delivery d) -> d);
        List<UUID> ids = rows.items().stream().map(d -> d.id).toList();
        Map<UUID, List<AttemptView>> attempts = ids.isEmpty() ? Map.of()
                : DeliveryAttempt.<DeliveryAttempt>list("deliveryId in ?1 order by attempt", ids).stream()
                        .collect(Collectors.groupingBy(a -> a.deliveryId,
                                Collectors.mapping(AttemptView::of, Collectors.toList())));
        return new Page<>(rows.items().stream().map(d -> view(d, attempts.getOrDefault(d.id, List.of()))).toList(),
                rows.page(), rows.size(), rows.total());
    }

    /** Scope first, on a plain read (403/404 without touching a lock), then the row lock (re-read under it). */
    private Subscription locked(UUID id) {
        Subscription s = subscriptions.lock(visible(Subscription.findById(id), id));
        return visible(s, id); // its area as of the lock
    }

    private Subscription visible(Subscription s, UUID id) {
        return scope.visible(s, "Subscription", id, r -> r.areaPrefix);
    }

    private static DeliveryView view(Delivery d, List<AttemptView> attempts) {
        return new DeliveryView(d.id, d.subscriptionId, d.alertId, d.eventKind, d.status, d.attempts,
                d.lastStatusCode, d.lastError, d.createdAt, d.nextAttemptAt, d.finishedAt, d.digestDay, attempts);
    }
}
