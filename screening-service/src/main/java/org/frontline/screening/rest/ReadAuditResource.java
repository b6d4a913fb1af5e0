package org.frontline.screening.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.audit.ReadAuditEntry;

import io.quarkus.panache.common.Sort;

/** Who read which resident's personal data: the read audit, for coordinators and district officers of the area. */
@Path("/api/v1/audit/reads")
@Tag(name = "Read audit", description = "Who read which resident's personal data, when, through which operation")
public class ReadAuditResource {

    @Schema(description = "One resident's personal data carried by one response; never the data itself")
    public record ReadAuditView(@Schema(required = true) long id, @Schema(required = true) OffsetDateTime readAt,
            @Schema(required = true, description = "The reader's token subject") String actorSubject,
            @Schema(description = "The reader's login") String actorLogin,
            @Schema(required = true, example = "community-worker") String actorRole,
            @Schema(required = true, example = "GET /api/v1/residents/{id}") String operation,
            @Schema(required = true) UUID residentId, @Schema(required = true, example = "310104012003") String communityCode) {
        static ReadAuditView of(ReadAuditEntry e) {
            return new ReadAuditView(e.id, e.readAt, e.actorSubject, e.actorLogin, e.actorRole, e.operation, e.residentId,
                    e.communityCode);
        }
    }

    private final AreaScope scope;

    public ReadAuditResource(AreaScope scope) {
        this.scope = scope;
    }

    @GET
    @RolesAllowed({"coordinator", "district-officer"})
    @Operation(summary = "Reads of residents' personal data in your area, newest first",
            description = "One row per resident per response that carried their personal data (name, phone, birth year, "
                    + "health flags): who (subject, login, role), when, which operation, which resident and community. "
                    + "Only rows of communities inside your area; an area outside it is a 403. Filter by area prefix, "
                    + "resident, actor (subject or login) and a time range [from, to). The audit is the service's largest "
                    + "table: page by key (cursor= for the first page, then the nextCursor; total=true adds the count) "
                    + "rather than by number (every numbered page counts the whole selection)")
    public org.frontline.platform.rest.KeysetPage<ReadAuditView> list(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("residentId") @Parameter(schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    format = "uuid")) String residentIdParam,
            @QueryParam("actor") @Size(min = 1, max = 200) @Parameter(description = "The reader's token subject or login") String actor,
            @QueryParam("from") @Parameter(description = "ISO 8601 date-time with offset; inclusive", example = "2026-11-30T00:00:00+08:00") String from,
            @QueryParam("to") @Parameter(description = "ISO 8601 date-time with offset; exclusive", example = "2026-12-01T00:00:00+08:00") String to,
            @Valid @BeanParam PageParams page, @BeanParam org.frontline.platform.rest.CursorParams cursor) {
        var filter = org.frontline.platform.rest.KeysetPage.oneCommunity(scope.filter("communityCode", area), "communityCode");
        UUID residentId = uuid("residentId", residentIdParam);
        if (residentId != null) {
            filter = filter.and("residentId = :residentId", "residentId", residentId);
        }
        if (actor != null) {
            filter = filter.and("(actorSubject = :actor or actorLogin = :actor)", "actor", actor);
        }
        OffsetDateTime fromTime = time("from", from);
        OffsetDateTime toTime = time("to", to);
        if (fromTime != null) {
            filter = filter.and("readAt >= :from", "from", fromTime);
        }
        if (toTime != null) {
            filter = filter.and("readAt < :to", "to", toTime);
        }
        return org.frontline.platform.rest.KeysetPage.of((q, s, p) -> ReadAuditEntry.find(q, s, p), filter.query(),
                filter.params(), ORDER, page, cursor, ReadAuditView::of);
    }

    static final org.frontline.platform.rest.KeysetPage.Order<ReadAuditEntry> ORDER =
            new org.frontline.platform.rest.KeysetPage.Order<>("audit-reads", "readAt", "id", true, e -> e.readAt, e -> e.id);

    private static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid " + name, name + " must be a UUID", name);
        }
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("Invalid " + name, name + " must be an ISO 8601 date-time with offset", name);
        }
    }
}
