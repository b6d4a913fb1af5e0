package org.frontline.supplies.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.security.AreaScope;
import org.frontline.supplies.StockCount;
import org.frontline.supplies.StockCountLine;
import org.frontline.supplies.service.CountService;

/** Physical counts uploaded as a sheet ({@link SiteCountResource}): read, confirm (posts the variances), discard. */
@Path("/api/v1/counts")
@Tag(name = "Counts", description = "Physical counts from a CSV or XLSX sheet")
public class CountResource {

    public record CountLineView(@Schema(description = "the sheet's row number (the header is row 1)") int row,
            String itemCode, String lotCode, LocalDate expiresOn, long counted,
            @Schema(description = "on hand of the lot when the sheet was previewed") long onHand,
            @Schema(description = "counted − onHand") long variance,
            @Schema(description = "the variance posted at confirmation (against on hand then); null before") Long postedVariance) {
        static CountLineView of(StockCountLine l) {
            return new CountLineView(l.lineNo(), l.itemCode, l.lotCode, l.expiresOn, l.counted, l.onHandAtPreview,
                    l.counted - l.onHandAtPreview, l.postedVariance);
        }
    }

    public record CountView(UUID id, UUID siteId, String areaCode, StockCount.Status status, String fileName,
            String uploadedBy, OffsetDateTime uploadedAt, String confirmedBy, OffsetDateTime confirmedAt,
            List<CountLineView> lines) {
        static CountView of(CountService.Counted c) {
            StockCount s = c.count();
            return new CountView(s.id, s.siteId, s.areaCode, s.status, s.fileName, s.uploadedBy, s.uploadedAt,
                    s.confirmedBy, s.confirmedAt, c.lines().stream().map(CountLineView::of).toList());
        }
    }

    private final CountService counts;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public CountResource(CountService counts, AreaScope scope, JsonWebToken jwt) {
        this.counts = counts;
        this.scope = scope;
        this.jwt = jwt;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "A count with its lines")
    public CountView get(@PathParam("id") UUID id) {
        StockCount count = visible(id);
        return CountView.of(new CountService.Counted(count, counts.lines(id)));
    }

    @POST
    @Path("{id}/confirm")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Confirm a count", description = "Posts each line's variance (against on hand now) to the "
            + "ledger; 409 unless the count is a PREVIEW")
    public CountView confirm(@PathParam("id") UUID id) {
        return CountView.of(counts.confirm(visible(id), jwt.getName()));
    }

    @POST
    @Path("{id}/discard")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Discard a count", description = "Nothing is posted; 409 unless the count is a PREVIEW")
    public CountView discard(@PathParam("id") UUID id) {
        return CountView.of(counts.discard(visible(id), jwt.getName()));
    }

    private StockCount visible(UUID id) {
        return scope.found(StockCount.findById(id), "Count", id, c -> c.areaCode);
    }
}
