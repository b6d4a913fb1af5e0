package org.frontline.roster.rest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.roster.PersonQualification;
import org.frontline.roster.service.QualificationService;

@Path("/api/v1/qualifications")
@Tag(name = "Qualifications", description = "Qualifications people hold, and those about to expire")
public class QualificationResource {

    public record ExpiringView(UUID qualificationId, UUID personId, String communityCode, String code,
            LocalDate expiresOn) {
        static ExpiringView of(QualificationService.Expiring e) {
            PersonQualification q = e.qualification();
            return new ExpiringView(q.id, q.personId, e.communityCode(), q.qualificationCode, q.expiresOn);
        }
    }

    private final QualificationService qualifications;
    private final AreaScope scope;

    public QualificationResource(QualificationService qualifications, AreaScope scope) {
        this.qualifications = qualifications;
        this.scope = scope;
    }

    @GET
    @Path("expiring")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Qualifications expiring soon in your area",
            description = "The latest qualification of each person and code that expires between today (the city's date) "
                    + "and today + within (ISO period, default P30D); a renewed one is not expiring. Soonest first")
    public Page<ExpiringView> expiring(@QueryParam("area") @AreaPrefix String area,
            @QueryParam("within") @DefaultValue("P30D") @Schema(example = "P30D") String within,
            @Valid @BeanParam PageParams page) {
        Period period;
        try {
            period = Period.parse(within);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("Invalid period", "within must be an ISO period such as P30D", "within");
        }
        java.time.LocalDate today = qualifications.today();
        boolean tooLong;
        try {
            // days count too (toTotalMonths ignores them): P800D is longer than P2Y
            tooLong = today.plus(period).isAfter(today.plusYears(2));
        } catch (DateTimeException | ArithmeticException e) {
            tooLong = true;
        }
        if (period.isNegative() || tooLong) {
            throw ProblemException.badRequest("Invalid period", "within must be between P0D and P2Y", "within");
        }
        Page<QualificationService.Expiring> found = qualifications.expiring(scope.filter("p.communityCode", area),
                period, page);
        return new Page<>(found.items().stream().map(ExpiringView::of).toList(), found.page(), found.size(),
                found.total());
    }
}
