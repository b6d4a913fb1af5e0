package org.frontline.platform.testing;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Keeps the AsyncAPI catalogue ({@code docs/asyncapi.yaml}) and the code in step: every event record a
 * service publishes has a message there, its schema names exactly the record's fields, and every example
 * payload reads back into the record strictly (no unknown or missing fields).
 */
public final class EventCatalogue {

    private EventCatalogue() {
    }

    /** Checks the given event records of {@code service} against the catalogue; throws AssertionError on drift. */
    public static void check(ObjectMapper appMapper, String service, Class<?>... events) throws Exception {
        JsonNode messages = read().path("components").path("messages");
        ObjectMapper strict = appMapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
        Set<String> expectedTypes = new HashSet<>();
        for (Class<?> event : events) {
            String type = type(service, event);
            expectedTypes.add(type);
            JsonNode message = find(messages, type);
            if (message == null) {
                throw new AssertionError("docs/asyncapi.yaml has no message named " + type);
            }
            Set<String> fields = Arrays.stream(event.getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> documented = new TreeSet<>();
            message.path("payload").path("properties").fieldNames().forEachRemaining(documented::add);
            if (!documented.equals(fields)) {
                throw new AssertionError(type + ": catalogue fields " + documented + " differ from the record's " + fields);
            }
            JsonNode examples = message.path("examples");
            if (!examples.isArray() || examples.isEmpty()) {
                throw new AssertionError(type + ": the catalogue has no example payload");
            }
            for (JsonNode example : examples) {
                JsonNode payload = example.path("payload");
                Object value;
                try {
                    value = strict.treeToValue(payload, event);
                } catch (Exception e) {
                    throw new AssertionError(type + ": example '" + example.path("name").asText()
                            + "' does not read into " + event.getSimpleName() + ": " + e.getMessage(), e);
                }
                Set<String> present = new TreeSet<>();
                payload.fieldNames().forEachRemaining(present::add);
                if (!present.equals(fields)) {
                    throw new AssertionError(type + ": example lacks fields " + minus(fields, present));
                }
                JsonNode roundTrip = appMapper.valueToTree(value);
                Set<String> written = new TreeSet<>();
                roundTrip.fieldNames().forEachRemaining(written::add);
                if (!written.equals(fields)) {
                    throw new AssertionError(type + ": the record writes " + written + ", not " + fields);
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = messages.fields(); it.hasNext();) {
            String name = it.next().getValue().path("name").asText();
            if (name.startsWith("frontline." + service + ".") && !expectedTypes.contains(name)) {
                throw new AssertionError("docs/asyncapi.yaml documents " + name + ", which " + service
                        + " does not publish (or the test does not list it)");
            }
        }
    }

    private static JsonNode find(JsonNode messages, String type) {
        for (Iterator<JsonNode> it = messages.elements(); it.hasNext();) {
            JsonNode message = it.next();
            if (type.equals(message.path("name").asText())) {
                return message;
            }
        }
        return null;
    }

    private static String type(String service, Class<?> event) throws Exception {
        for (Annotation a : event.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("EventType")) {
                Object name = a.annotationType().getMethod("name").invoke(a);
                Object version = a.annotationType().getMethod("version").invoke(a);
                return "frontline." + service + "." + name + ".v" + version;
            }
        }
        throw new AssertionError(event.getName() + " has no @EventType");
    }

    private static JsonNode read() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs").resolve("asyncapi.yaml");
            if (Files.exists(candidate)) {
                return new ObjectMapper(new YAMLFactory()).readTree(candidate.toFile());
            }
            dir = dir.getParent();
        }
        throw new AssertionError("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

}
