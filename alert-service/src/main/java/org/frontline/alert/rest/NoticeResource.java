package org.frontline.alert.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.alert.plan.Notice;
import org.frontline.alert.plan.NoticeService;
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;

import io.quarkus.panache.common.Sort;

/** Notices to residents, in Chinese and English; an alert's CAP instruction (README "Drills and notices"). */
@Path("/api/v1/notices")
@Tag(name = "Notices", description = "Notices to the residents of an area, in Chinese and English")
public class NoticeResource {

    @Schema(description = "one text in Chinese and English; both required, trimmed")
    public record Text(@Schema(example = "请留在家中") String zh, @Schema(example = "Please stay at home") String en) {
    }

    public record NoticeRequest(@NotNull @AreaPrefix @Schema(example = "310104012003") String areaCode,
            @Schema(description = "an alert you can see whose area covers or lies inside areaCode") UUID alertId,
            @NotNull @Valid @Schema(description = "at most 200 characters each") Text headline,
            @NotNull @Valid @Schema(description = "at most 2000 characters each") Text whatHappened,
            @NotNull @Valid @Schema(description = "at most 2000 characters each; the CAP instruction") Text whatToDo,
            @NotNull @Valid @Schema(description = "at most 1000 characters each") Text whereToGetHelp,
            @Schema(description = "in the future, at most 90 days ahead") OffsetDateTime expiresAt,
            @Size(min = 1, max = 100) @Schema(description = "send it again with a retry to get the same notice; the "
                    + "same key with another body is a 422") String idempotencyKey) {
    }

    public record NoticeView(UUID id, String areaCode, UUID alertId, Text headline, Text whatHappened, Text whatToDo,
            Text whereToGetHelp, String publishedBy, OffsetDateTime publishedAt, OffsetDateTime expiresAt) {
        public static NoticeView of(Notice n) {
            return new NoticeView(n.id, n.areaCode, n.alertId, new Text(n.headlineZh, n.headlineEn),
                    new Text(n.whatHappenedZh, n.whatHappenedEn), new Text(n.whatToDoZh, n.whatToDoEn),
                    new Text(n.whereToGetHelpZh, n.whereToGetHelpEn), n.publishedBy, n.publishedAt, n.expiresAt);
        }
    }

    private final NoticeService notices;
    private final AreaScope scope;
    private final Idempotency idempotency;
    private final JsonWebToken jwt;
    private final Clock clock;

    public NoticeResource(NoticeService notices, AreaScope scope, Idempotency idempotency, JsonWebToken jwt,
            Clock clock) {
        this.notices = notices;
        this.scope = scope;
        this.idempotency = idempotency;
        this.jwt = jwt;
        this.clock = clock;
    }

    @POST
    @RolesAllowed({"coordinator", "district-officer", "community-worker"})
    @Operation(summary = "Publish a notice to the residents of an area (NoticePublished)",
            description = "areaCode inside your area (else 403). Every text required in both languages, without "
                    + "control characters (400 naming e.g. headline.zh). An alertId you cannot see, or whose area "
                    + "neither covers nor lies inside areaCode, is a 422. The notice becomes the alert's CAP instruction")
    @APIResponse(responseCode = "201", description = "Published",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "200", description = "The earlier notice: you sent this idempotencyKey with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = NoticeView.class)))
    public Response publish(@Valid @NotNull NoticeRequest request) {
        NoticeService.Texts texts = new NoticeService.Texts(request.headline().zh(), request.headline().en(),
                request.whatHappened().zh(), request.whatHappened().en(), request.whatToDo().zh(),
                request.whatToDo().en(), request.whereToGetHelp().zh(), request.whereToGetHelp().en());
        scope.check(request.areaCode());
        var outcome = idempotency.once("notice", request.idempotencyKey(), request, NoticeView.class,
                () -> NoticeView.of(notices.publish(request.areaCode(), request.alertId(), texts, request.expiresAt(),
                        scope::covers, jwt.getName())));
        return outcome.created("/api/v1/notices", NoticeView::id);
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Notices in your area, newest first",
            description = "alertId: the notices of one alert; active=true: not expired, false: expired")
    public Page<NoticeView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("alertId") String alertId,
            @QueryParam("active") String active, @Valid @BeanParam PageParams page) {
        var filter = scope.filter("areaCode", area);
        if (alertId != null && !alertId.isBlank()) {
            UUID id;
            try {
                id = UUID.fromString(alertId.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.validation(java.util.List.of(new Problem.FieldError("alertId", "must be a UUID")));
            }
            filter = filter.and("alertId = :alertId", "alertId", id);
        }
        if (active != null && !active.isBlank()) {
            String a = active.trim().toLowerCase(java.util.Locale.ROOT);
            if (!a.equals("true") && !a.equals("false")) {
                throw ProblemException.validation(java.util.List.of(new Problem.FieldError("active",
                        "must be true or false")));
            }
            filter = filter.and(a.equals("true") ? "(expiresAt is null or expiresAt > :now)" : "expiresAt <= :now",
                    "now", OffsetDateTime.now(clock));
        }
        return Page.of(Notice.find(filter.query(), Sort.descending("publishedAt").and("id"), filter.params()), page,
                NoticeView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "One notice", description = "403 outside your area")
    public NoticeView get(@PathParam("id") UUID id) {
        return NoticeView.of(scope.visible(Notice.findById(id), "Notice", id, r -> r.areaCode));
    }
}
