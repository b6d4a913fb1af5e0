package org.frontline.platform.testing.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

/**
 * A service's OpenAPI 3.1 document, used to check real responses against it: is the status declared for the
 * operation, is the media type declared for that status, does the body match the schema (nulls included).
 * Requests are not checked: tests send bad requests on purpose.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE = Pattern.compile("\\{[^/}]+}");
    private static final AtomicLong IDS = new AtomicLong();

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    /** OpenAPI 3.1's dialect; {@code components} sits beside each response schema (see {@link #schema}). */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi31.getInstance())
            .keyword(new NonValidationKeyword("components")).build();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record PathTemplate(String template, Pattern pattern, int parameters) {
    }

    /** The operation a request reached: its path template as the document writes it, and the method. */
    public record OperationRef(String path, String method, JsonNode operation) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private OpenApiDocument(JsonNode document) {
        this.document = document;
        Iterator<String> names = document.path("paths").fieldNames();
        while (names.hasNext()) {
            String template = names.next();
            Matcher m = TEMPLATE.matcher(template);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            int parameters = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
                last = m.end();
                parameters++;
            }
            regex.append(Pattern.quote(template.substring(last)));
            paths.add(new PathTemplate(template, Pattern.compile(regex + "/?"), parameters));
        }
        // a literal segment wins over a parameter: /screenings/bulk before /screenings/{id}
        paths.sort(Comparator.comparingInt(PathTemplate::parameters));
    }

    public static OpenApiDocument parse(String json) {
        try {
            return new OpenApiDocument(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not an OpenAPI document in JSON: " + e.getMessage(), e);
        }
    }

    /** The document the server at {@code origin} (scheme://host:port) serves at /q/openapi; null if it serves none. */
    public static OpenApiDocument fetch(URI origin) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(origin.resolve("/q/openapi?format=json")).timeout(Duration.ofSeconds(60))
                            .header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return null;
            }
            // kept for the reader of a failure: the document the responses were checked against
            try {
                java.nio.file.Path copy = java.nio.file.Path.of("target", "frontline-test", "openapi.json");
                java.nio.file.Files.createDirectories(copy.getParent());
                java.nio.file.Files.writeString(copy, response.body());
            } catch (IOException | RuntimeException e) {
                // only a convenience
            }
            return parse(response.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The document of the application under test (RestAssured's base URI and port). */
    public static OpenApiDocument underTest() {
        URI base = URI.create(io.restassured.RestAssured.baseURI);
        OpenApiDocument document = fetch(
                URI.create(base.getScheme() + "://" + base.getHost() + ":" + io.restassured.RestAssured.port));
        if (document == null) {
            throw new AssertionError("The application under test serves no OpenAPI document at /q/openapi");
        }
        return document;
    }

    public JsonNode json() {
        return document;
    }

    /** The statuses declared for an operation, in the document's order; empty if there is no such operation. */
    public List<String> statuses(String method, String pathTemplate) {
        List<String> codes = new ArrayList<>();
        document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT)).path("responses").fieldNames()
                .forEachRemaining(codes::add);
        return codes;
    }

    /** Whether property {@code property} of component schema {@code schema} may be null. */
    public boolean nullable(String schema, String property) {
        JsonNode p = document.path("components").path("schemas").path(schema).path("properties").path(property);
        if (p.isMissingNode()) {
            throw new AssertionError("The document has no property " + schema + "." + property);
        }
        for (JsonNode type : p.path("type").isArray() ? p.path("type") : JSON.createArrayNode().add(p.path("type"))) {
            if ("null".equals(type.asText())) {
                return true;
            }
        }
        for (JsonNode alternative : p.path("anyOf")) {
            if ("null".equals(alternative.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** What the document itself lacks: a server, an operationId for every operation, unique operationIds. */
    public List<String> documentProblems() {
        List<String> problems = new ArrayList<>();
        if (!document.path("openapi").asText().startsWith("3.1")) {
            problems.add("the document is OpenAPI " + document.path("openapi").asText() + ", the validator reads 3.1");
        }
        if (document.path("servers").isEmpty()) {
            problems.add("the document names no server");
        }
        Map<String, String> ids = new HashMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getValue().isObject() || !op.getValue().has("responses")) {
                return;
            }
            String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            String id = op.getValue().path("operationId").asText("");
            if (id.isEmpty()) {
                problems.add(name + " has no operationId");
            } else if (ids.putIfAbsent(id, name) != null) {
                problems.add(name + " has operationId " + id + ", as " + ids.get(id) + " has");
            }
        }));
        return problems;
    }

    /** The documented operation that answers {@code method} on {@code path} (no query), or null. */
    public OperationRef operation(String method, String path) {
        String m = method.toLowerCase(Locale.ROOT);
        for (PathTemplate t : paths) {
            if (t.pattern().matcher(path).matches()) {
                JsonNode op = document.path("paths").path(t.template()).path(m);
                if (op.isObject()) {
                    return new OperationRef(t.template(), m, op);
                }
            }
        }
        return null;
    }

    /**
     * What is wrong with this response by the document; empty when it is true to it, or when the document does not
     * describe the operation (paths outside the API, such as /q/health, are not checked).
     *
     * @param contentType the Content-Type header, or null
     * @param body the body as sent, empty or null for none
     */
    public List<String> check(String method, String path, int status, String contentType, String body) {
        OperationRef op = operation(method, path);
        if (op == null) {
            return List.of();
        }
        List<String> violations = new ArrayList<>();
        JsonNode responses = op.operation().path("responses");
        String code = String.valueOf(status);
        String key = responses.has(code) ? code
                : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            List<String> declared = new ArrayList<>();
            responses.fieldNames().forEachRemaining(declared::add);
            declared.sort(null);
            violations.add(op + " answered " + status + ", which its document does not declare (declared: "
                    + String.join(", ", declared) + ")");
            return violations;
        }
        JsonNode content = responses.path(key).path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (!hasBody) {
            return violations;
        }
        if (content.isEmpty()) {
            violations.add(op + " answered " + status + " with a body (" + contentType
                    + "), but its document declares no content for " + key);
            return violations;
        }
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String declaredMedia = matchMedia(content, media);
        if (declaredMedia == null) {
            List<String> declared = new ArrayList<>();
            content.fieldNames().forEachRemaining(declared::add);
            violations.add(op + " answered " + status + " as " + (media.isEmpty() ? "no Content-Type" : media)
                    + ", its document declares " + String.join(", ", declared));
            return violations;
        }
        if (!isJson(media) || !content.path(declaredMedia).has("schema")) {
            return violations;
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException e) {
            violations.add(op + " answered " + status + " as " + media + " with a body that is not JSON: "
                    + abbreviate(body));
            return violations;
        }
        JsonSchema schema = schema(op, key, declaredMedia);
        for (ValidationMessage message : schema.validate(instance)) {
            violations.add(op + " answered " + status + " with " + message.getMessage()
                    + " (schema " + message.getEvaluationPath() + ")");
        }
        return violations;
    }

    private static String matchMedia(JsonNode content, String media) {
        if (content.has(media)) {
            return media;
        }
        String range = media.contains("/") ? media.substring(0, media.indexOf('/')) + "/*" : null;
        if (range != null && content.has(range)) {
            return range;
        }
        return content.has("*/*") ? "*/*" : null;
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    /**
     * The response schema as a schema document of its own, with the document's components beside it so that
     * {@code #/components/schemas/X} resolves.
     */
    private JsonSchema schema(OperationRef op, String status, String media) {
        return schemas.computeIfAbsent(op + " " + status + " " + media, k -> {
            JsonNode node = op.operation().path("responses").path(status).path("content").path(media).path("schema");
            ObjectNode root = JSON.createObjectNode();
            if (node.isObject()) {
                root.setAll((ObjectNode) node.deepCopy());
            }
            root.set("components", document.path("components"));
            URI id = URI.create("https://openapi.frontline.invalid/" + IDS.incrementAndGet() + "/schema.json");
            return factory.getSchema(id, root, config);
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
