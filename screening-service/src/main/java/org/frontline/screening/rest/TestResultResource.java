package org.frontline.screening.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.frontline.platform.rest.Page;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.Resident;
import org.frontline.screening.TestResult;
import org.frontline.screening.service.Plausibility;
import org.frontline.screening.service.TestResultService;

import io.quarkus.panache.common.Sort;

@Path("/api/v1/test-results")
@Tag(name = "Test results", description = "Antigen and PCR results")
public class TestResultResource {

    public record TestResultRequest(@NotNull UUID residentId, @NotNull TestResult.Kind kind,
            @NotNull TestResult.Result result, @NotNull OffsetDateTime sampledAt) {
    }

    public record TestResultView(UUID id, UUID residentId, String communityCode, TestResult.Kind kind,
            TestResult.Result result, OffsetDateTime sampledAt, String recordedBy) {
        static TestResultView of(TestResult t) {
            return new TestResultView(t.id, t.residentId, t.communityCode, t.kind, t.result, t.sampledAt, t.recordedBy);
        }
    }

    private final TestResultService tests;
    private final AreaScope scope;
    private final JsonWebToken jwt;

    public TestResultResource(TestResultService tests, AreaScope scope, JsonWebToken jwt) {
        this.tests = tests;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Record a test result", description = "A POSITIVE result emits PositiveTestReported")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestResultView.class)))
    public Response record(@Valid @NotNull TestResultRequest request) {
        Resident resident = Plausibility.resident(request.residentId());
        scope.check(resident.communityCode);
        TestResult test = tests.record(resident, request.kind(), request.result(), request.sampledAt(), jwt.getName());
        return Response.created(URI.create("/api/v1/test-results/" + test.id)).entity(TestResultView.of(test)).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    public TestResultView get(@PathParam("id") UUID id) {
        return TestResultView.of(scope.visible(TestResult.findById(id), "Test result", id, t -> t.communityCode));
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Test results in your area, newest first")
    public Page<TestResultView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("result") String resultParam,
            @QueryParam("residentId") UUID residentId, @Valid @BeanParam PageParams page) {
        var result = QueryValues.enumValue(TestResult.Result.class, resultParam, "result");
        var filter = scope.filter("communityCode", area);
        if (result != null) {
            filter = filter.and("result = :result", "result", result);
        }
        if (residentId != null) {
            filter = filter.and("residentId = :residentId", "residentId", residentId);
        }
        return Page.of(TestResult.<TestResult>find(filter.query(), Sort.descending("sampledAt"), filter.params()), page,
                TestResultView::of);
    }
}
