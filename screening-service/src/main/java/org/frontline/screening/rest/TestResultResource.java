package org.frontline.screening.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.frontline.platform.idempotency.Idempotency;
import org.frontline.platform.rest.CursorParams;
import org.frontline.platform.rest.KeysetPage;
import org.frontline.platform.rest.PageParams;
import org.frontline.platform.rest.QueryValues;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.screening.Resident;
import org.frontline.screening.TestResult;
import org.frontline.screening.service.Plausibility;
import org.frontline.screening.service.TestResultService;


@Path("/api/v1/test-results")
@Tag(name = "Test results", description = "Antigen and PCR results")
public class TestResultResource {

    public record TestResultRequest(@NotNull UUID residentId, @NotNull TestResult.Kind kind,
            @NotNull TestResult.Result result,
            @Schema(description = "When the sample was taken (recorded offline, synced later); default now; at most "
                    + "screening.late-sync-window ago") OffsetDateTime sampledAt,
            @Size(min = 1, max = 100) @Schema(description = "Yours alone: a retry with the same key and body answers with "
                    + "the earlier result; the same key with another body is a 422") String idempotencyKey) {
    }

    public record TestResultView(UUID id, UUID residentId, String communityCode, TestResult.Kind kind,
            TestResult.Result result, OffsetDateTime sampledAt, String recordedBy, int revision, boolean retracted) {
        static TestResultView of(TestResult t) {
            return new TestResultView(t.id, t.residentId, t.communityCode, t.kind, t.result, t.sampledAt, t.recordedBy,
                    t.revision, t.retracted);
        }
    }

    public record CorrectionRequest(@NotNull TestResult.Kind kind, @NotNull TestResult.Result result,
            @NotBlank @Size(max = 500) String reason, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    public record RetractionRequest(@NotBlank @Size(max = 500) String reason, @Size(min = 1, max = 100) String idempotencyKey) {
    }

    /** Newest sample first; ties in sampledAt by id. */
    static final KeysetPage.Order<TestResult> ORDER = new KeysetPage.Order<>("test-results", "sampledAt", "id", false,
            t -> t.sampledAt, t -> t.id);

    private final TestResultService tests;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Idempotency idempotency;

    public TestResultResource(TestResultService tests, AreaScope scope, JsonWebToken jwt, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.tests = tests;
        this.scope = scope;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Record a test result", description = "A POSITIVE result emits PositiveTestReported")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestResultView.class)))
    @APIResponse(responseCode = "200", description = "The earlier result: you sent this idempotency key with this request before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestResultView.class)))
    public Response record(@Valid @NotNull TestResultRequest request) {
        Resident resident = Plausibility.resident(request.residentId());
        scope.check(resident.communityCode);
        var outcome = idempotency.once("test-result", request.idempotencyKey(), request, TestResultView.class,
                () -> TestResultView.of(tests.record(resident, request.kind(), request.result(), request.sampledAt(),
                        jwt.getName())));
        return outcome.created("/api/v1/test-results", v -> v.id());
    }

    @POST
    @Path("{id}/correction")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Correct a mistyped test result", description = "The earlier values stay in the history. Emits TestResultCorrected")
    public TestResultView correct(@PathParam("id") UUID id, @Valid @NotNull CorrectionRequest request) {
        visible(id);
        return idempotency.once("test-result.correction", request.idempotencyKey(), Map.of("id", id, "request", request),
                TestResultView.class, () -> TestResultView.of(tests.correct(id, request.kind(), request.result(),
                        request.reason().strip(), jwt.getName()))).response();
    }

    @POST
    @Path("{id}/retraction")
    @RolesAllowed({"community-worker"})
    @Operation(summary = "Retract a test result entered by mistake", description = "It stays, marked retracted. Emits TestResultRetracted")
    public TestResultView retract(@PathParam("id") UUID id, @Valid @NotNull RetractionRequest request) {
        visible(id);
        return idempotency.once("test-result.retraction", request.idempotencyKey(), Map.of("id", id, "request", request),
                TestResultView.class, () -> TestResultView.of(tests.retract(id, request.reason().strip(), jwt.getName())))
                .response();
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Every version of a test result, oldest first")
    @jakarta.transaction.Transactional
    public List<TestResultService.Revision> history(@PathParam("id") UUID id) {
        TestResult test = visible(id);
        audit.records(List.of(test), t -> t.residentId, t -> t.communityCode);
        return tests.history(test);
    }

    /** Records who read whose health records (keyed by resident id, they are personal data). */
    @jakarta.inject.Inject
    org.frontline.screening.audit.ReadAudit audit;

    private TestResult visible(UUID id) {
        return scope.visible(TestResult.findById(id), "Test result", id, t -> t.communityCode);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @jakarta.transaction.Transactional
    public TestResultView get(@PathParam("id") UUID id) {
        TestResultView view = TestResultView.of(visible(id));
        audit.records(List.of(view), TestResultView::residentId, TestResultView::communityCode);
        return view;
    }

    @GET
    @RolesAllowed({"community-worker", "district-officer", "coordinator"})
    @Operation(summary = "Test results in your area, newest first",
            description = "Page by number (page, size; every page counts the list) or by key: cursor= (empty) for the first "
                    + "page, then cursor=<nextCursor> until nextCursor is null; total=true adds the count")
    @jakarta.transaction.Transactional
    public KeysetPage<TestResultView> list(@QueryParam("area") @AreaPrefix String area, @QueryParam("result") String resultParam,
            @QueryParam("residentId") UUID residentId, @Valid @BeanParam PageParams page, @BeanParam CursorParams cursor) {
        var result = QueryValues.enumValue(TestResult.Result.class, resultParam, "result");
        var filter = KeysetPage.oneCommunity(scope.filter("communityCode", area), "communityCode");
        if (result != null) {
            filter = filter.and("result = :result", "result", result);
        }
        if (residentId != null) {
            filter = filter.and("residentId = :residentId", "residentId", residentId);
        }
        KeysetPage<TestResultView> answer = KeysetPage.of((q, s, p) -> TestResult.find(q, s, p), filter.query(),
                filter.params(), ORDER, page, cursor, TestResultView::of);
        audit.records(answer.items(), TestResultView::residentId, TestResultView::communityCode);
        return answer;
    }
}
