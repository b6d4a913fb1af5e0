package org.frontline.platform.testing.conformance;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.PolicyTable.Row;
import org.frontline.platform.testing.conformance.PolicyTable.Scope;
import org.frontline.platform.testing.openapi.OpenApiDocument;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Checks a running service against its declared policy table ({@link PolicyTable}) and its OpenAPI document:
 * <ol>
 * <li>every documented operation has a row and every row a documented operation;</li>
 * <li>no token, an expired token, a token signed by another key, a token for another audience: 401 everywhere;</li>
 * <li>out of scope (a caller of another district, in each allowed role): a named record of area A answers 403 or
 * 404 and is unchanged (read by its owner before and after), a list holds no row of another area (where the fixture
 * says the list shows wider areas' rows, {@code listsWiderAreas}, a row of an area that contains the caller's, such as
 * a city-wide detector, applies to it and is not another's), a write naming
 * area A's records is refused and changes nothing, an area parameter outside the caller's area is 403;</li>
 * <li>schema-driven malformed input ({@link MalformedInputs}), as an allowed role in scope: 4xx problem+json,
 * never 5xx, and the row counts of every table and the end offsets of the service's topics unchanged;</li>
 * <li>in scope, every role: a role not in the row 403, a role in the row neither 401 nor 403 (nor 5xx).</li>
 * </ol>
 * Every failure is collected, then all are reported at once; the figures are printed to the test log.
 */
public final class ApiConformance {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Names of fields that say which area a row belongs to. */
    private static final Set<String> AREA_FIELDS = Set.of("communityCode", "community", "area", "areaCode",
            "areaPrefix", "districtCode", "streetCode");
    /** Query parameters that name an area. */
    private static final Set<String> AREA_PARAMS = Set.of("area", "community", "communityCode");

    private final String module;
    private final OpenApiDocument document;
    private final PolicyTable table;
    private final ConformanceFixture fixture;
    private final ServiceState state;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, JsonNode> operations = new LinkedHashMap<>();
    private int authCases;
    private int roleCases;
    private int scopeCases;
    private int malformedCases;

    private ApiConformance(String module, OpenApiDocument document, PolicyTable table, ConformanceFixture fixture,
            TestDatabase db) {
        this.module = module;
        this.document = document;
        this.table = table;
        this.fixture = fixture;
        this.state = new ServiceState(db, fixture.topics(), fixture.volatileTables());
        document.json().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().isObject() && op.getValue().has("responses")) {
                operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
    }

    /** Runs every check on the application under test; fails with every finding at once. */
    public static void verify(String module, ConformanceFixture fixture, TestDatabase db) {
        verify(module, PolicyTable.of(module), fixture, db);
    }

    /** The same against a given table (the engine's own tests use tables that are wrong on purpose). */
    public static void verify(String module, PolicyTable table, ConformanceFixture fixture, TestDatabase db) {
        ApiConformance c = new ApiConformance(module, OpenApiDocument.underTest(), table, fixture, db);
        try {
            c.run();
        } finally {
            c.state.close();
        }
    }

    private void run() {
        long started = System.nanoTime();
        tableMatchesDocument();
        if (!failures.isEmpty()) {
            fail();
        }
        long t0 = System.nanoTime();
        for (String op : operations.keySet()) {
            unauthenticated(op);
        }
        long t1 = System.nanoTime();
        for (String op : operations.keySet()) {
            outOfScope(op);
        }
        long t2 = System.nanoTime();
        for (String op : operations.keySet()) {
            malformed(op);
        }
        long t3 = System.nanoTime();
        for (String op : operations.keySet()) {
            roles(op);
        }
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "[conformance] %s: tokens %d ms, another area %d ms, malformed %d ms, roles %d ms "
                + "(of which %d ms counting rows and offsets)%n", module, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, state.nanos / 1_000_000);
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(Locale.ROOT, "[conformance] %s: %d operations × %d roles (%d role cases), %d token cases, "
                + "%d out-of-scope cases, %d malformed inputs tried, %d findings, %d ms%n", module, operations.size(),
                PolicyTable.ROLES.size(), roleCases, authCases, scopeCases, malformedCases, failures.size(), ms);
        if (!failures.isEmpty()) {
            fail();
        }
    }

    private void fail() {
        throw new AssertionError(failures.size() + " finding(s) against " + table.file() + " and the OpenAPI document:\n  - "
                + String.join("\n  - ", failures));
    }

    // ---- 1. the table and the document

    private void tableMatchesDocument() {
        for (String op : operations.keySet()) {
            if (table.row(op) == null) {
                failures.add(op + " is in the OpenAPI document but has no row in " + table.file().getFileName()
                        + " (declare who may call it: | " + op + " | roles | scope |)");
            }
        }
        for (Row row : table.rows().values()) {
            if (!operations.containsKey(row.operation())) {
                failures.add(table.file().getFileName() + ":" + row.line() + " declares " + row.operation()
                        + ", which the OpenAPI document does not have (remove the row)");
            }
        }
    }

    // ---- 2. tokens that must not be accepted

    private void unauthenticated(String op) {
        Row row = table.row(op);
        if (row.isPublic()) {
            return;
        }
        String role = row.roles().iterator().next();
        String area = fixture.area();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("an expired token", TestTokens.expiredToken("conformance." + role, role, area));
        tokens.put("a token signed by another key", TestTokens.tokenSignedByAnotherKey("conformance." + role, role, area));
        tokens.put("a token for another audience",
                TestTokens.tokenForAudience("another-client", "conformance." + role, role, area));
        tokens.forEach((what, token) -> {
            authCases++;
            Answer r = call(op, token, path(op), fixture.query(op), validBody(op));
            if (r != null && r.status() != 401) {
                failures.add(op + " with " + what + " answered " + r.status() + ", not 401");
            }
        });
    }

    // ---- 3. another area

    private void outOfScope(String op) {
        Row row = table.row(op);
        if (row.isPublic() || row.scope() == Scope.NONE) {
            return;
        }
        String method = op.substring(0, op.indexOf(' '));
        String template = op.substring(op.indexOf(' ') + 1);
        for (String role : row.roles()) {
            String token = token("conformance.other." + role, role, fixture.otherArea());
            switch (row.scope()) {
                case NAMED -> {
                    String concrete = fixture.path(template);
                    if (concrete == null) {
                        failures.add(op + ": the fixture names no record of area A for " + template
                                + " (scope named needs one)");
                        return;
                    }
                    scopeCases++;
                    String read = ownerRead(template, concrete);
                    String before = read == null ? null : read(read);
                    Map<String, Long> stored = method.equals("GET") ? null : state.snapshot();
                    Answer r = call(op, token, concrete, fixture.query(op), validBody(op));
                    if (r != null && r.status() != 403 && r.status() != 404) {
                        failures.add(op + " as " + role + " of another area on " + concrete + " answered " + r.status()
                                + ", not 403 or 404" + (r.status() < 300 ? ": " + abbreviate(r.body()) : ""));
                    }
                    // the counts first: the owner's read after it may itself write (screening's read audit)
                    if (stored != null) {
                        List<String> changes = ServiceState.differences(stored, state.snapshot());
                        if (!changes.isEmpty()) {
                            failures.add(op + " as " + role + " of another area wrote: " + changes);
                        }
                    }
                    if (read != null && !Objects.equals(before, read(read))) {
                        failures.add(op + " as " + role + " of another area changed " + read + " (read by its owner)");
                    }
                }
                case LIST -> {
                    scopeCases++;
                    Answer r = call(op, token, path(op), otherQuery(op), null);
                    listInScope(op, role, r, fixture.otherArea());
                    if (hasAreaParameter(op)) {
                        scopeCases++;
                        Map<String, Object> q = new LinkedHashMap<>(otherQuery(op));
                        areaParameters(op).forEach(p -> q.put(p, fixture.area()));
                        Answer foreign = call(op, token, path(op), q, null);
                        if (foreign != null && foreign.status() != 403 && foreign.status() != 400) {
                            listInScope(op + "?" + q, role, foreign, fixture.otherArea());
                        }
                    }
                }
                case WRITE -> {
                    Object body = fixture.body(op);
                    if (body == null && requestBody(op) != null) {
                        failures.add(op + ": the fixture gives no body naming area A's records (scope write needs one)");
                        return;
                    }
                    scopeCases++;
                    Map<String, Long> stored = state.snapshot();
                    Answer r = call(op, token, path(op), fixture.query(op), body);
                    if (r != null && r.status() < 400) {
                        failures.add(op + " as " + role + " of another area, naming area A's records, answered "
                                + r.status() + ": " + abbreviate(r.body()));
                    }
                    List<String> changes = ServiceState.differences(stored, state.snapshot());
                    if (!changes.isEmpty()) {
                        failures.add(op + " as " + role + " of another area wrote: " + changes);
                    }
                }
                case AREA_PARAM -> {
                    if (!hasAreaParameter(op)) {
                        failures.add(op + " is declared area-param but has no area, community or communityCode parameter");
                        return;
                    }
                    scopeCases++;
                    Map<String, Object> q = new LinkedHashMap<>(fixture.query(op));
                    areaParameters(op).forEach(p -> q.put(p, fixture.area()));
                    Map<String, Long> stored = method.equals("GET") ? null : state.snapshot();
                    Answer r = call(op, token, path(op), q, validBody(op));
                    // a path naming a record the fixture does not have may be 404 before the area is looked at
                    boolean unknownRecord = template.contains("{") && fixture.path(template) == null;
                    if (r != null && r.status() != 403 && !(unknownRecord && r.status() == 404)) {
                        failures.add(op + " as " + role + " of another area with " + q + " answered " + r.status()
                                + ", not 403");
                    }
                    if (stored != null && !ServiceState.differences(stored, state.snapshot()).isEmpty()) {
                        failures.add(op + " as " + role + " of another area wrote");
                    }
                }
                default -> {
                }
            }
        }
    }

    private void listInScope(String op, String role, Answer r, String scope) {
        if (r == null || r.status() >= 300 || r.status() < 200) {
            if (r != null && r.status() >= 500) {
                failures.add(op + " as " + role + " of another area answered " + r.status());
            }
            return;
        }
        String ct = r.contentType();
        if (ct == null || !ct.contains("json")) {
            return;
        }
        List<String> foreign = new ArrayList<>();
        try {
            foreignAreas(JSON.readTree(r.body()), scope, fixture.listsWiderAreas(op.contains("?")
                    ? op.substring(0, op.indexOf('?')) : op), "", foreign);
        } catch (Exception e) {
            failures.add(op + " answered 2xx with a body that is not JSON");
            return;
        }
        if (!foreign.isEmpty()) {
            failures.add(op + " as " + role + " of " + scope + " listed rows of another area: "
                    + foreign.subList(0, Math.min(5, foreign.size())));
        }
    }

    static void foreignAreas(JsonNode node, String scope, boolean wider, String at, List<String> found) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                // where the fixture says so (a city's detector or plan applies to the caller), a row of an area that
                // contains the caller's is not another area's; only an area beside the caller's is
                String area = f.getValue().asText();
                if (AREA_FIELDS.contains(f.getKey()) && f.getValue().isTextual() && !area.startsWith(scope)
                        && !(wider && !area.isEmpty() && scope.startsWith(area))) {
                    found.add(at + "." + f.getKey() + "=" + f.getValue().asText());
                }
                foreignAreas(f.getValue(), scope, wider, at + "." + f.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                foreignAreas(node.get(i), scope, wider, at + "[" + i + "]", found);
            }
        }
    }

    /** The GET that reads the record an operation on {@code template} acts on: its longest prefix with a GET. */
    private String ownerRead(String template, String concrete) {
        String[] t = template.split("/");
        String[] c = concrete.split("/");
        for (int n = t.length; n > 1; n--) {
            if (!t[n - 1].startsWith("{")) {
                continue;
            }
            String prefix = String.join("/", java.util.Arrays.copyOf(t, n));
            if (operations.containsKey("GET " + prefix)) {
                Row row = table.row("GET " + prefix);
                if (row != null && !row.isPublic() && !row.roles().isEmpty()) {
                    return String.join("/", java.util.Arrays.copyOf(c, n)) + "|" + prefix;
                }
            }
        }
        return null;
    }

    private String read(String ref) {
        String concrete = ref.substring(0, ref.indexOf('|'));
        String template = ref.substring(ref.indexOf('|') + 1);
        Row row = table.row("GET " + template);
        String role = row.roles().stream().filter(r -> !row.ownOnly().contains(r)).findFirst()
                .orElse(row.roles().iterator().next());
        Answer r = call("GET " + template, token("conformance." + role, role, fixture.area("GET " + template)), concrete,
                Map.of(), null);
        return r == null ? null : r.status() + " " + r.body();
    }

    // ---- 4. malformed input

    private void malformed(String op) {
        JsonNode operation = operations.get(op);
        boolean parameters = operation.path("parameters").size() > 0;
        if (!parameters && requestBody(op) == null) {
            return;
        }
        Row row = table.row(op);
        String role = row.roles().stream().filter(r -> !row.ownOnly().contains(r)).findFirst()
                .orElse(row.roles().iterator().next());
        String token = token("conformance." + role, role, fixture.area(op));
        List<MalformedInputs.Input> inputs = new MalformedInputs(document.json(), operation, op.substring(op.indexOf(' ') + 1), path(op), fixture.query(op),
                validBody(op), fixture.area()).all();
        Map<String, Long> before = state.snapshot();
        for (MalformedInputs.Input input : inputs) {
            malformedCases++;
            Answer r = send(op.substring(0, op.indexOf(' ')), token, input.path(), input.query(), input.contentType(),
                    input.body(), op + " with " + input.what());
            if (r == null) {
                continue;
            }
            String ct = r.contentType() == null ? "" : r.contentType();
            if (r.status() < 400 || r.status() >= 500) {
                failures.add(op + " with " + input.what() + " answered " + r.status() + ", not 4xx: "
                        + abbreviate(r.body()));
            } else if (!ct.startsWith("application/problem+json")) {
                failures.add(op + " with " + input.what() + " answered " + r.status() + " as '" + ct
                        + "', not application/problem+json");
            }
        }
        List<String> changes = ServiceState.differences(before, state.snapshot());
        if (!changes.isEmpty()) {
            failures.add(op + ": malformed inputs changed what is stored: " + changes);
        }
    }

    // ---- 5. every role, in scope

    private void roles(String op) {
        Row row = table.row(op);
        if (row.isPublic()) {
            return;
        }
        for (String role : PolicyTable.ROLES) {
            roleCases++;
            String token = token("conformance." + role, role, fixture.area(op));
            Answer r = call(op, token, path(op), fixture.query(op), validBody(op));
            if (r == null) {
                continue;
            }
            int s = r.status();
            if (!row.allows(role) && s != 403) {
                failures.add(op + " as " + role + " (not in its row) answered " + s + ", not 403");
            } else if (row.allows(role) && (s == 401 || (s == 403 && !row.ownOnly().contains(role)))) {
                failures.add(op + " as " + role + " (in its row) answered " + s + ": " + abbreviate(r.body()));
            } else if (s >= 500) {
                failures.add(op + " as " + role + " answered " + s + ": " + abbreviate(r.body()));
            }
        }
    }

    // ---- requests

    private final Map<String, String> tokens = new java.util.HashMap<>();

    /** A token for {@code user} in one role and area, signed once per run. */
    private String token(String user, String role, String area) {
        return tokens.computeIfAbsent(user + "|" + role + "|" + area, k -> TestTokens.token(user, role, area));
    }

    private String path(String op) {
        String template = op.substring(op.indexOf(' ') + 1);
        String concrete = fixture.path(template);
        if (concrete != null) {
            return concrete;
        }
        // records that do not exist: a UUID where the document says uuid, else a plausible word
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        int last = 0;
        while (m.find()) {
            sb.append(template, last, m.start());
            JsonNode p = parameter(operations.get(op), m.group(1), "path");
            JsonNode schema = MalformedInputs.resolve(document.json(), p.path("schema"));
            sb.append("uuid".equals(schema.path("format").asText()) ? UUID.randomUUID().toString()
                    : schema.path("type").asText().equals("integer") ? "1" : "none");
            last = m.end();
        }
        return sb.append(template.substring(last)).toString();
    }

    static JsonNode parameter(JsonNode operation, String name, String in) {
        for (JsonNode p : operation.path("parameters")) {
            if (name.equals(p.path("name").asText()) && in.equals(p.path("in").asText())) {
                return p;
            }
        }
        return JSON.createObjectNode();
    }

    private boolean hasAreaParameter(String op) {
        return !areaParameters(op).isEmpty();
    }

    private List<String> areaParameters(String op) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : operations.get(op).path("parameters")) {
            if ("query".equals(p.path("in").asText()) && AREA_PARAMS.contains(p.path("name").asText())) {
                names.add(p.path("name").asText());
            }
        }
        return names;
    }

    /** The fixture's query with its area parameters moved to the caller's (other) area. */
    private Map<String, Object> otherQuery(String op) {
        Map<String, Object> q = new LinkedHashMap<>(fixture.query(op));
        for (String p : areaParameters(op)) {
            if (q.containsKey(p)) {
                q.put(p, fixture.otherArea());
            }
        }
        return q;
    }

    private JsonNode requestBody(String op) {
        JsonNode rb = operations.get(op).path("requestBody");
        return rb.isMissingNode() ? null : rb;
    }

    /** The fixture's body, or one made from the schema; null for an operation without a body. */
    private Object validBody(String op) {
        JsonNode rb = requestBody(op);
        if (rb == null) {
            return null;
        }
        Object body = fixture.body(op);
        if (body != null) {
            return body;
        }
        return MalformedInputs.example(document.json(), rb, fixture.area());
    }

    private Answer call(String op, String token, String path, Map<String, Object> query, Object body) {
        String method = op.substring(0, op.indexOf(' '));
        JsonNode rb = requestBody(op);
        String media = rb == null ? null : rb.path("content").fieldNames().hasNext()
                ? rb.path("content").fieldNames().next() : "application/json";
        byte[] bytes = null;
        if (rb != null) {
            try {
                bytes = body instanceof byte[] b ? b
                        : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(body == null ? Map.of() : body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return send(method, token, path, query, media, bytes, op);
    }

    private Answer send(String method, String token, String path, Map<String, Object> query, String contentType,
            byte[] body, String what) {
        if (body != null && body.length >= MalformedInputs.OVERSIZED) {
            return announced(method, token, path, query, contentType, body.length, what);
        }
        RequestSpecification spec = given().urlEncodingEnabled(true);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (query != null) {
            spec = spec.queryParams(query);
        }
        if (contentType != null) {
            spec = spec.contentType(contentType.contains("multipart") ? contentType + "; boundary=conformance" : contentType);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        boolean stream = streams(path);
        if (stream) {
            // an event stream stays open: an answer that has not ended within two seconds is a stream that opened
            spec = spec.config(io.restassured.RestAssured.config().httpClient(
                    io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 2000)));
        }
        try {
            Response r = spec.request(method, path);
            return new Answer(r.statusCode(), r.getContentType(), r.asString());
        } catch (Exception e) {
            // RestAssured (Groovy) throws the read timeout as the checked SocketTimeoutException itself, unwrapped
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (stream && t instanceof java.net.SocketTimeoutException) {
                    return new Answer(200, "text/event-stream", "");
                }
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(what + ": " + e, e);
        } catch (AssertionError e) {
            // the OpenAPI check of platform-testing: an answer the document does not declare
            failures.add(what + ": " + e.getMessage().lines().limit(4).reduce((a, b) -> a + " " + b).orElse(""));
            return null;
        }
    }

    /**
     * Announces a body of {@code length} bytes (Content-Length) without sending it, and reads the answer: a service
     * with a body limit refuses from the header, before it reads a byte (sending the 5 MiB for real cost ~3 s a
     * request, most of this test's time). A service that waits for the body instead is a finding.
     */
    private Answer announced(String method, String token, String path, Map<String, Object> query, String contentType,
            int length, String what) {
        StringBuilder target = new StringBuilder(path);
        if (query != null && !query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&")
                    .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
            target.append('?').append(q);
        }
        String host = java.net.URI.create(io.restassured.RestAssured.baseURI).getHost();
        int port = io.restassured.RestAssured.port;
        StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType.contains("multipart") && !contentType.contains("boundary")
                    ? contentType + "; boundary=conformance" : contentType).append("\r\n");
        }
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null) {
                failures.add(what + ": the connection was closed without an answer");
                return null;
            }
            String type = null;
            int contentLength = -1;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (name.equals("content-type")) {
                    type = value;
                } else if (name.equals("content-length")) {
                    contentLength = Integer.parseInt(value);
                }
            }
            StringBuilder answer = new StringBuilder();
            char[] buffer = new char[4096];
            for (int n; (contentLength < 0 || answer.length() < contentLength) && (n = in.read(buffer)) > 0; ) {
                answer.append(buffer, 0, n);
            }
            return new Answer(Integer.parseInt(status.split(" ")[1]), type, answer.toString());
        } catch (java.net.SocketTimeoutException e) {
            failures.add(what + ": no answer within 5 s to a body announced as " + length
                    + " bytes (the service waits for it instead of refusing it from its Content-Length)");
            return null;
        } catch (java.io.IOException e) {
            failures.add(what + ": " + e);
            return null;
        }
    }

    /** An answer: its status, Content-Type and body ({@code 200 text/event-stream} for a stream that opened). */
    record Answer(int status, String contentType, String body) {
    }

    /** Whether the operation at this concrete path answers an event stream. */
    private boolean streams(String path) {
        OpenApiDocument.OperationRef ref = document.operation("GET", path);
        return ref != null && ref.operation().path("responses").path("200").path("content").has("text/event-stream");
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** The operations of the document, for a test that lists them. */
    public static Set<String> operations(OpenApiDocument document) {
        Set<String> ops = new TreeSet<>();
        document.json().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().isObject() && op.getValue().has("responses")) {
                ops.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return ops;
    }
}
