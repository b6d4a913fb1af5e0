package org.frontline.platform.testing.conformance;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Malformed requests for one operation, made from its OpenAPI schemas: each breaks one thing of an otherwise valid
 * request (the fixture's body, or one made from the schema) — a wrong type, a missing required field, an unknown
 * enum value, a number out of range, an invalid date, UUID or code, a huge string or array, deep nesting, a body
 * that is not JSON, another content type, a body over the platform's limit.
 */
final class MalformedInputs {

    /** Larger than the platform's {@code quarkus.http.limits.max-body-size}. */
    static final int OVERSIZED = 5 * 1024 * 1024;
    static final int HUGE_STRING = 100_000;
    static final int NESTING = 5_000;
    static final int HUGE_ARRAY = 5_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Input(String what, String path, Map<String, Object> query, String contentType, byte[] body) {
    }

    private final JsonNode document;
    private final JsonNode operation;
    private final String template;
    private final String path;
    private final Map<String, Object> query;
    private final Object body;
    private final String area;

    MalformedInputs(JsonNode document, JsonNode operation, String template, String path, Map<String, Object> query, Object body,
            String area) {
        this.document = document;
        this.operation = operation;
        this.template = template;
        this.path = path;
        this.query = query;
        this.body = body;
        this.area = area;
    }

    List<Input> all() {
        List<Input> inputs = new ArrayList<>();
        parameters(inputs);
        body(inputs);
        return inputs;
    }

    // ---- parameters

    private void parameters(List<Input> inputs) {
        for (JsonNode p : operation.path("parameters")) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            JsonNode schema = resolve(document, p.path("schema"));
            for (Map.Entry<String, String> bad : badScalars(schema).entrySet()) {
                if (in.equals("query") && bad.getValue().isEmpty()) {
                    continue; // an empty query value is no value
                }
                if (in.equals("query")) {
                    Map<String, Object> q = new LinkedHashMap<>(query);
                    q.put(name, bad.getValue());
                    inputs.add(new Input("query " + name + " = " + bad.getKey(), path, q, null, null));
                } else if (in.equals("path")) {
                    String broken = replacePathValue(name, bad.getValue());
                    if (broken != null) {
                        inputs.add(new Input("path " + name + " = " + bad.getKey(), broken, query, null, null));
                    }
                }
            }
        }
        // a body-less operation still gets its body as the platform's limit sees it: nothing to try here
    }

    /** The path with parameter {@code name}'s value replaced; the path template order gives which segment. */
    private String replacePathValue(String name, String value) {
        String[] t = template.split("/");
        String[] c = path.split("/");
        if (t.length != c.length) {
            return null;
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i].equals("{" + name + "}")) {
                c[i] = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                return String.join("/", c);
            }
        }
        return null;
    }

    /** Values that break a scalar schema, by what they break; empty when any string is valid. */
    private Map<String, String> badScalars(JsonNode schema) {
        Map<String, String> bad = new LinkedHashMap<>();
        String type = type(schema);
        String format = schema.path("format").asText("");
        if (schema.has("enum")) {
            bad.put("an unknown enum value", "NOT_A_VALUE");
        }
        switch (type) {
            case "integer", "number" -> {
                bad.put("a word for a number", "abc");
                if (schema.has("minimum")) {
                    bad.put("below its minimum", String.valueOf(schema.path("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    bad.put("above its maximum", String.valueOf(schema.path("maximum").asLong() + 1));
                }
                bad.put("a number past any range", "1" + "0".repeat(40));
            }
            case "boolean" -> bad.put("a word for a boolean", "maybe");
            case "string" -> {
                switch (format) {
                    case "uuid" -> bad.put("an invalid uuid", "not-a-uuid");
                    case "date" -> bad.put("an invalid date", "2026-02-30");
                    case "date-time" -> bad.put("an invalid date-time", "yesterday");
                    default -> {
                    }
                }
                if (schema.has("pattern") && format.isEmpty() && !matches(schema.path("pattern").asText(), "!!")) {
                    bad.put("an invalid code", "!!");
                }
                if (schema.has("maxLength")) {
                    bad.put("a string over its maxLength", "x".repeat(schema.path("maxLength").asInt() + 1));
                }
                if (schema.has("minLength") && schema.path("minLength").asInt() > 0) {
                    bad.put("a string under its minLength", "");
                }
            }
            default -> {
            }
        }
        return bad;
    }

    private static boolean matches(String pattern, String value) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(value).find();
        } catch (RuntimeException e) {
            return true; // a pattern Java does not read: no claim about it
        }
    }

    // ---- body

    private void body(List<Input> inputs) {
        JsonNode rb = operation.path("requestBody");
        if (rb.isMissingNode()) {
            return;
        }
        String media = rb.path("content").fieldNames().hasNext() ? rb.path("content").fieldNames().next() : "application/json";
        boolean json = media.equals("application/json") || media.endsWith("+json");
        // an empty body is a valid request when the document says the body may be left out
        boolean required = rb.path("required").asBoolean(false);
        byte[] oversized = new byte[OVERSIZED];
        java.util.Arrays.fill(oversized, (byte) 'x');
        if (!json) {
            // an upload may be declared in several media types (a raw sheet, a form): each gets the broken bodies
            for (Iterator<String> it = rb.path("content").fieldNames(); it.hasNext();) {
                String m = it.next();
                if (m.equals("application/json") || m.endsWith("+json")) {
                    continue;
                }
                String ct = m.contains("multipart") ? m + "; boundary=conformance" : m;
                if (required) {
                    inputs.add(new Input("an empty body (" + m + ")", path, query, ct, new byte[0]));
                }
                inputs.add(new Input("bytes that are no " + m, path, query, ct, new byte[] {0, (byte) 0xff, 0x13, 'P', 'K', 3, 4}));
                inputs.add(new Input("an oversized body (" + OVERSIZED + " bytes, " + m + ")", path, query, ct, oversized));
            }
            inputs.add(new Input("a body in another content type (text/plain)", path, query, "text/plain",
                    "hello".getBytes(StandardCharsets.UTF_8)));
            return;
        }
        JsonNode schema = resolve(document, rb.path("content").path(media).path("schema"));
        JsonNode base = ApiConformance.JSON.valueToTree(body);
        inputs.add(new Input("a body that is not JSON", path, query, media, bytes("{\"unterminated\": ")));
        if (required) {
            inputs.add(new Input("an empty body", path, query, media, new byte[0]));
        }
        inputs.add(new Input("a body in another content type (text/plain)", path, query, "text/plain",
                bytes(base.toString())));
        inputs.add(new Input("JSON of the wrong shape", path, query, media,
                bytes(type(schema).equals("array") ? "{\"not\": \"an array\"}" : "[1, 2, 3]")));
        inputs.add(new Input("deep nesting (" + NESTING + " levels)", path, query, media,
                bytes("[".repeat(NESTING) + "]".repeat(NESTING))));
        inputs.add(new Input("an oversized body (" + OVERSIZED + " bytes)", path, query, media, oversized));
        if (base instanceof ObjectNode object) {
            objectMutations(inputs, media, object, object, schema, "");
        } else if (base instanceof ArrayNode array) {
            inputs.add(new Input("a huge array (" + HUGE_ARRAY + " items)", path, query, media,
                    bytes(hugeArray(array, HUGE_ARRAY))));
        }
    }

    /** Breaks each property of {@code node} (part of {@code root}) in turn; recurses into nested objects and arrays. */
    private void objectMutations(List<Input> inputs, String media, ObjectNode root, ObjectNode node, JsonNode schema,
            String at) {
        JsonNode props = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
            String name = r.asText();
            if (node.has(name)) {
                ObjectNode copy = node.deepCopy();
                copy.remove(name);
                inputs.add(new Input("required " + at + name + " missing", path, query, media, bytes(replace(root, node, copy))));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            String name = p.getKey();
            JsonNode ps = resolve(document, p.getValue());
            String type = type(ps);
            List<Map.Entry<String, JsonNode>> bad = new ArrayList<>();
            switch (type) {
                case "string" -> {
                    bad.add(Map.entry("an object for a string", NODES.objectNode().put("x", 1)));
                    badScalars(ps).forEach((what, v) -> bad.add(Map.entry(what, NODES.textNode(v))));
                    if (!ps.has("enum") && !ps.has("format")) {
                        bad.add(Map.entry("a huge string (" + HUGE_STRING + " characters)",
                                NODES.textNode("x".repeat(HUGE_STRING))));
                    }
                }
                case "integer", "number" -> {
                    bad.add(Map.entry("a word for a number", NODES.textNode("abc")));
                    if (ps.has("minimum")) {
                        bad.add(Map.entry("below its minimum", NODES.numberNode(ps.path("minimum").decimalValue()
                                .subtract(java.math.BigDecimal.ONE))));
                    }
                    if (ps.has("maximum")) {
                        bad.add(Map.entry("above its maximum", NODES.numberNode(ps.path("maximum").decimalValue()
                                .add(java.math.BigDecimal.ONE))));
                    }
                    bad.add(Map.entry("a number past any range", NODES.numberNode(new java.math.BigDecimal("1e400"))));
                }
                case "boolean" -> bad.add(Map.entry("a word for a boolean", NODES.textNode("maybe")));
                case "array" -> {
                    bad.add(Map.entry("a string for an array", NODES.textNode("x")));
                    JsonNode items = resolve(document, ps.path("items"));
                    JsonNode one = node.path(name).isArray() && node.path(name).size() > 0 ? node.path(name).get(0)
                            : example(items, 0);
                    if (items.has("enum")) {
                        bad.add(Map.entry("an unknown enum value in an array", NODES.arrayNode().add("NOT_A_VALUE")));
                    }
                    if (!ps.path("uniqueItems").asBoolean(false)) {
                        // (copies of one item would collapse into a set: only for lists)
                        int huge = ps.has("maxItems") ? ps.path("maxItems").asInt() + 1 : HUGE_ARRAY;
                        ArrayNode many = NODES.arrayNode();
                        for (int i = 0; i < huge; i++) {
                            many.add(one == null ? NODES.nullNode() : one.deepCopy());
                        }
                        bad.add(Map.entry("a huge array (" + huge + " items)", many));
                    }
                    if (node.path(name).isArray() && node.path(name).size() > 0 && node.path(name).get(0) instanceof ObjectNode first
                            && at.isEmpty()) {
                        objectMutations(inputs, media, root, first, items, name + "[0].");
                    }
                }
                case "object" -> {
                    bad.add(Map.entry("a number for an object", NODES.numberNode(42)));
                    if (node.path(name) instanceof ObjectNode child && at.length() < 40) {
                        objectMutations(inputs, media, root, child, ps, at + name + ".");
                    }
                }
                default -> {
                }
            }
            for (Map.Entry<String, JsonNode> b : bad) {
                ObjectNode copy = node.deepCopy();
                copy.set(name, b.getValue());
                inputs.add(new Input(at + name + " = " + b.getKey(), path, query, media, bytes(replace(root, node, copy))));
            }
        }
    }

    /** {@code root} with {@code part} (identity) replaced by {@code with}, as JSON. */
    private static String replace(ObjectNode root, JsonNode part, JsonNode with) {
        if (root == part) {
            return with.toString();
        }
        return replaceIn(root.deepCopy(), root, part, with).toString();
    }

    private static JsonNode replaceIn(JsonNode copy, JsonNode original, JsonNode part, JsonNode with) {
        if (original == part) {
            return with;
        }
        if (original instanceof ObjectNode o) {
            ObjectNode c = (ObjectNode) copy;
            o.fields().forEachRemaining(e -> c.set(e.getKey(), replaceIn(c.get(e.getKey()), e.getValue(), part, with)));
            return c;
        }
        if (original instanceof ArrayNode a) {
            ArrayNode c = (ArrayNode) copy;
            for (int i = 0; i < a.size(); i++) {
                c.set(i, replaceIn(c.get(i), a.get(i), part, with));
            }
            return c;
        }
        return copy;
    }

    private static String hugeArray(ArrayNode array, int n) {
        ArrayNode many = NODES.arrayNode();
        JsonNode one = array.size() > 0 ? array.get(0) : NODES.nullNode();
        for (int i = 0; i < n; i++) {
            many.add(one.deepCopy());
        }
        return many.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- schemas

    /** The schema itself: a {@code $ref} followed, a nullable {@code anyOf} reduced to its non-null alternative. */
    static JsonNode resolve(JsonNode document, JsonNode schema) {
        for (int depth = 0; depth < 10; depth++) {
            if (schema.has("$ref")) {
                String ref = schema.path("$ref").asText();
                JsonNode target = document.at(ref.substring(1));
                if (schema.size() > 1 && target instanceof ObjectNode t) {
                    ObjectNode merged = t.deepCopy();
                    schema.fields().forEachRemaining(e -> {
                        if (!e.getKey().equals("$ref")) {
                            merged.set(e.getKey(), e.getValue());
                        }
                    });
                    schema = merged;
                } else {
                    schema = target;
                }
            } else if (schema.has("anyOf") || schema.has("oneOf") || schema.has("allOf")) {
                JsonNode alternatives = schema.has("anyOf") ? schema.path("anyOf")
                        : schema.has("oneOf") ? schema.path("oneOf") : schema.path("allOf");
                JsonNode chosen = null;
                for (JsonNode a : alternatives) {
                    if (!"null".equals(a.path("type").asText())) {
                        chosen = a;
                        break;
                    }
                }
                if (chosen == null) {
                    return schema;
                }
                ObjectNode merged = ((ObjectNode) schema).deepCopy();
                merged.remove(List.of("anyOf", "oneOf", "allOf"));
                JsonNode r = resolve(document, chosen);
                if (r instanceof ObjectNode ro) {
                    ObjectNode out = ro.deepCopy();
                    merged.fields().forEachRemaining(e -> out.putIfAbsent(e.getKey(), e.getValue()));
                    schema = out;
                } else {
                    schema = r;
                }
            } else {
                return schema;
            }
        }
        return schema;
    }

    static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (!"null".equals(x.asText())) {
                    return x.asText();
                }
            }
            return "null";
        }
        if (t.isMissingNode()) {
            return schema.has("properties") ? "object" : schema.has("items") ? "array" : "";
        }
        return t.asText();
    }

    /** A body for {@code requestBody} made from its schema: required fields only, each with a plausible value. */
    static Object example(JsonNode document, JsonNode requestBody, String area) {
        String media = requestBody.path("content").fieldNames().hasNext() ? requestBody.path("content").fieldNames().next()
                : "application/json";
        if (!(media.equals("application/json") || media.endsWith("+json"))) {
            return "x".getBytes(StandardCharsets.UTF_8);
        }
        MalformedInputs m = new MalformedInputs(document, ApiConformance.JSON.createObjectNode(), "", "", Map.of(), null, area);
        JsonNode e = m.example(resolve(document, requestBody.path("content").path(media).path("schema")), 0);
        return e == null ? Map.of() : e;
    }

    JsonNode example(JsonNode schema, int depth) {
        schema = resolve(document, schema);
        if (schema.has("example") && !schema.path("example").isNull()) {
            return schema.path("example");
        }
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        switch (type(schema)) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 5) {
                    for (JsonNode r : schema.path("required")) {
                        JsonNode v = example(schema.path("properties").path(r.asText()), depth + 1);
                        if (v != null) {
                            o.set(r.asText(), v);
                        }
                    }
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                if (schema.path("minItems").asInt() > 0 && depth < 5) {
                    JsonNode item = example(schema.path("items"), depth + 1);
                    a.add(item == null ? NODES.nullNode() : item);
                }
                return a;
            }
            case "string" -> {
                return switch (schema.path("format").asText("")) {
                    case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                    case "date" -> NODES.textNode(LocalDate.now(ZoneOffset.ofHours(8)).toString());
                    case "date-time" -> NODES.textNode(OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(5).toString());
                    default -> NODES.textNode(schema.has("pattern") && schema.path("pattern").asText().contains("\\d{12}") ? area
                            : "x".repeat(Math.max(1, schema.path("minLength").asInt(1))));
                };
            }
            case "integer" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.path("minimum").asLong() : 1);
            }
            case "number" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.path("minimum").decimalValue()
                        : java.math.BigDecimal.ONE);
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            default -> {
                return null;
            }
        }
    }
}
