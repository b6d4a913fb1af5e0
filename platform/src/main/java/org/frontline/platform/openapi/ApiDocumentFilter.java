package org.frontline.platform.openapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.frontline.platform.problem.Problem;

/**
 * Makes every service's OpenAPI document say what the service really answers, so a client generated from it
 * works. Registered for every service through {@code mp.openapi.filter} in the platform's configuration.
 *
 * <ul>
 * <li>A property that is not {@code required} may be {@code null} in a body: it is declared nullable
 * (OpenAPI 3.1: {@code "null"} in its type, or {@code anyOf} with a null schema beside a {@code $ref}).</li>
 * <li>Every operation declares the problem+json errors the platform can answer for it (see
 * {@link #declareErrors}), with one shared {@code Problem} schema.</li>
 * <li>The document names its server ({@code /}, the service itself) when none is configured.</li>
 * </ul>
 *
 * Success statuses other than a plain 200 (201, 204, or 200 and 201 for an idempotent replay) are declared on
 * the resource method with {@code @APIResponse}: only the code knows them.
 */
public class ApiDocumentFilter implements OASFilter {

    public static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    /** What SmallRye writes for the 400, 401 and 403 it adds by itself: replaced by what the platform answers. */
    private static final Set<String> GENERIC_DESCRIPTIONS = Set.of("Bad Request", "Not Authorized", "Not Allowed");
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(s -> nullableOptionals(s, seen));
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
            openAPI.getPaths().getPathItems().forEach((path, item) -> {
                if (item.getOperations() == null) {
                    return;
                }
                item.getOperations().forEach((method, operation) -> {
                    inlineSchemas(operation).forEach(s -> nullableOptionals(s, seen));
                    declareErrors(path, item, method, operation, securedByDefault);
                });
            });
        }
        if (components.getSchemas() == null || !components.getSchemas().containsKey(PROBLEM_SCHEMA)) {
            components.addSchema(PROBLEM_SCHEMA, problemSchema());
        }
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            openAPI.addServer(OASFactory.createServer().url("/")
                    .description("This service; behind the gateway or an ingress, the same paths under its address"));
        }
    }

    /**
     * The errors the platform answers, by what an operation does: 400 for anything that takes input (bean
     * validation, malformed JSON, bad query values), 413 for a body over the limit (rest.BodyLimit), 415 for a body in another media type, 401 and 403 where it is
     * secured (no or bad token; role or area scope), 404 for a named resource (a path parameter), 409 and 422 for
     * writes (a conflict with the stored state; a request that cannot be applied, such as an idempotency key reused
     * with another body), 500 (an unexpected
     * failure, with a log reference) and 503 (the database busy or away) for every operation.
     */
    static void declareErrors(String path, PathItem item, PathItem.HttpMethod method, Operation operation,
            boolean securedByDefault) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean parameters = (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        boolean body = operation.getRequestBody() != null;
        boolean secured = operation.getSecurity() != null ? !operation.getSecurity().isEmpty() : securedByDefault;
        if (parameters || body) {
            problem(responses, "400", "Invalid request: `errors` names each field that failed validation");
        }
        if (body) {
            problem(responses, "413", "The body is larger than the service takes (quarkus.http.limits.max-body-size)");
            problem(responses, "415", "The body is not application/json");
        }
        if (secured) {
            problem(responses, "401", "No valid bearer token");
            problem(responses, "403", "The caller's role, or area scope, does not allow this");
        }
        if (path.contains("{")) {
            problem(responses, "404", "No such resource (or none the caller may know of)");
        }
        if (WRITES.contains(method)) {
            problem(responses, "409", "Conflicts with the stored state (already exists, already closed, changed meanwhile)");
            problem(responses, "422", "Well-formed but cannot be applied, e.g. an idempotency key reused with another body");
        }
        if (operation.getExtensions() != null
                && operation.getExtensions().get(org.frontline.platform.ratelimit.RateLimits.OPENAPI_EXTENSION) != null) {
            rateLimited(responses, String.valueOf(
                    operation.getExtensions().get(org.frontline.platform.ratelimit.RateLimits.OPENAPI_EXTENSION)));
        }
        problem(responses, "500", "Unexpected failure; `detail` quotes a reference for the operators");
        problem(responses, "503", "The database is busy or unreachable; nothing was written. Retry after `Retry-After` seconds");
        // in status order, as a reader looks for them
        responses.setAPIResponses(new java.util.TreeMap<>(responses.getAPIResponses()));
    }

    /** The 429 of a rate-limited operation (an {@code x-frontline-rate-limit} extension), with its Retry-After header. */
    private static void rateLimited(APIResponses responses, String limit) {
        problem(responses, "429", "Too many requests from you (limit `" + limit
                + "`, frontline.rate-limit." + limit + ".*); nothing was written. Retry after `Retry-After` seconds");
        APIResponse response = responses.getAPIResponse("429");
        if (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After")) {
            response.addHeader("Retry-After", OASFactory.createHeader().required(true)
                    .description("Seconds until the caller's current window ends")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64").minimum(java.math.BigDecimal.ONE)));
        }
    }

    private static void problem(APIResponses responses, String code, String description) {
        APIResponse response = responses.getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, response);
        } else if (GENERIC_DESCRIPTIONS.contains(response.getDescription())) {
            response.setDescription(description);
        }
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        if (response.getContent().getMediaType(Problem.MEDIA_TYPE) == null) {
            response.getContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
        }
    }

    static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("The request field, e.g. `records[3].residentId`, or a parameter name"))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING))
                .required(List.of("field", "message"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details. Further members may appear (e.g. `existingId`)")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).format("uri-reference")
                        .examples(List.of("urn:frontline:problem:validation")))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError))
                .required(List.of("type", "title", "status"));
    }

    private static List<Schema> inlineSchemas(Operation operation) {
        List<Schema> schemas = new ArrayList<>();
        if (operation.getRequestBody() != null) {
            addSchemas(operation.getRequestBody().getContent(), schemas);
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(r -> addSchemas(r.getContent(), schemas));
        }
        return schemas;
    }

    private static void addSchemas(Content content, List<Schema> schemas) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType media : content.getMediaTypes().values()) {
            if (media.getSchema() != null) {
                schemas.add(media.getSchema());
            }
        }
    }

    /** Every property not listed as required may be null; walks nested schemas once each. */
    static void nullableOptionals(Schema schema, Set<Schema> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (Map.Entry<String, Schema> property : properties.entrySet()) {
                if (!required.contains(property.getKey())) {
                    nullable(property.getValue());
                }
                nullableOptionals(property.getValue(), seen);
            }
        }
        nullableOptionals(schema.getItems(), seen);
        nullableOptionals(schema.getAdditionalPropertiesSchema(), seen);
        for (List<Schema> list : new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
            if (list != null) {
                list.forEach(s -> nullableOptionals(s, seen));
            }
        }
    }

    /** Lets {@code schema} accept null as well as what it accepted. */
    static void nullable(Schema schema) {
        if (schema == null || acceptsNull(schema)) {
            return;
        }
        List<SchemaType> types = schema.getType();
        if (schema.getRef() == null && types != null && !types.isEmpty()) {
            schema.addType(SchemaType.NULL);
            if (schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
                schema.addEnumeration(null);
            }
            return;
        }
        if (schema.getRef() == null && schema.getAllOf() == null && schema.getAnyOf() == null
                && schema.getOneOf() == null) {
            return; // no type at all: anything, null included
        }
        // A $ref (or a combination) is a whole schema of its own: offer it or null.
        Schema inner = OASFactory.createSchema();
        inner.setRef(schema.getRef());
        inner.setAllOf(schema.getAllOf());
        inner.setAnyOf(schema.getAnyOf());
        inner.setOneOf(schema.getOneOf());
        inner.setType(types);
        schema.setRef(null);
        schema.setAllOf(null);
        schema.setOneOf(null);
        schema.setType(null);
        schema.setAnyOf(new ArrayList<>(List.of(inner, OASFactory.createSchema().addType(SchemaType.NULL))));
    }

    private static boolean acceptsNull(Schema schema) {
        if (schema.getType() != null && schema.getType().contains(SchemaType.NULL)) {
            return true;
        }
        List<Schema> anyOf = schema.getAnyOf();
        return schema.getRef() == null && anyOf != null
                && anyOf.stream().anyMatch(s -> s.getType() != null && s.getType().equals(List.of(SchemaType.NULL)));
    }
}
