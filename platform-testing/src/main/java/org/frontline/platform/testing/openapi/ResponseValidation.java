package org.frontline.platform.testing.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Checks every RestAssured response of a {@code @QuarkusTest} against the OpenAPI document the application under
 * test serves at /q/openapi (fetched once per application). A response the document does not describe fails the
 * test at that request, with the list of what is wrong; a failure swallowed by the test (an Awaitility retry)
 * still fails it when it ends. Installed for every {@code @QuarkusTest} by {@link ResponseValidationCallback};
 * {@link SkipResponseValidation} turns it off for one test.
 */
public final class ResponseValidation implements Filter {

    private static final Map<String, Document> DOCUMENTS = new ConcurrentHashMap<>();
    private static final List<String> VIOLATIONS = new ArrayList<>();
    private static volatile boolean enabled = true;

    /** A fetched document, or none when the origin serves no document (another server a test talks to). */
    private record Document(OpenApiDocument document) {
    }

    static void install() {
        for (Filter f : RestAssured.filters()) {
            if (f instanceof ResponseValidation) {
                return;
            }
        }
        RestAssured.filters(new ResponseValidation());
    }

    static void startTest(boolean on) {
        enabled = on;
        synchronized (VIOLATIONS) {
            VIOLATIONS.clear();
        }
    }

    /** Everything found wrong since the test started. */
    static List<String> violations() {
        synchronized (VIOLATIONS) {
            return List.copyOf(VIOLATIONS);
        }
    }

    /**
     * For a test of the check itself: runs {@code call}, which must get at least one response the document does not
     * describe, and returns what was found instead of failing the test.
     */
    public static List<String> caught(Runnable call) {
        List<String> before = violations();
        try {
            call.run();
        } catch (AssertionError expected) {
            // the filter's report; the list below is what it found
        }
        synchronized (VIOLATIONS) {
            List<String> found = new ArrayList<>(VIOLATIONS.subList(before.size(), VIOLATIONS.size()));
            VIOLATIONS.subList(before.size(), VIOLATIONS.size()).clear();
            return found;
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        if (!enabled) {
            return response;
        }
        URI uri = URI.create(request.getURI());
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String origin = uri.getScheme() + "://" + uri.getHost() + ":" + port;
        OpenApiDocument document = DOCUMENTS.computeIfAbsent(origin,
                o -> new Document(OpenApiDocument.fetch(URI.create(o)))).document();
        if (document == null || document.operation(request.getMethod(), uri.getPath()) == null) {
            return response;
        }
        List<String> found = new ArrayList<>(documentProblems(origin, document));
        String contentType = response.getContentType();
        boolean stream = contentType != null && contentType.startsWith("text/event-stream");
        found.addAll(document.check(request.getMethod(), uri.getPath(), response.getStatusCode(),
                contentType == null || contentType.isEmpty() ? null : contentType, stream ? null : response.asString()));
        if (!found.isEmpty()) {
            synchronized (VIOLATIONS) {
                VIOLATIONS.addAll(found);
            }
            throw new AssertionError(message(found) + "\nThe body was: "
                    + abbreviate(stream ? "(a stream)" : response.asString()));
        }
        return response;
    }

    private static final Map<String, Boolean> REPORTED = new ConcurrentHashMap<>();

    /** The document's own gaps (no operationId, no server), reported once per application. */
    private static List<String> documentProblems(String origin, OpenApiDocument document) {
        if (REPORTED.putIfAbsent(origin, Boolean.TRUE) != null) {
            return List.of();
        }
        return document.documentProblems();
    }

    static String message(List<String> violations) {
        StringBuilder sb = new StringBuilder("The response does not match the service's OpenAPI document (/q/openapi); "
                + "fix the document (an @APIResponse on the resource method, or the platform's ApiDocumentFilter), "
                + "not the check:");
        violations.forEach(v -> sb.append("\n  - ").append(v));
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
