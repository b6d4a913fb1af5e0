package org.frontline.platform.testing;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Keeps the AsyncAPI catalogue ({@code docs/asyncapi.yaml}) and the code in step, in both directions:
 * <ul>
 * <li>every event record of the module (each class in its {@code target/classes} annotated
 * {@code @org.frontline.platform.events.EventType}, found by scanning, whether or not the test lists it) has a
 * message there, its schema names exactly the record's fields, and every example payload reads back into the
 * record strictly (no unknown or missing fields);</li>
 * <li>every message the catalogue documents for the service ({@code frontline.<service>.*}) is an event record
 * of the module;</li>
 * <li>a record the test lists must be one of the module's event records.</li>
 * </ul>
 * All differences are reported together.
 */
public final class EventCatalogue {

    /** The platform's annotation (named, not referenced: the platform itself is tested with this module). */
    static final String EVENT_TYPE = "org.frontline.platform.events.EventType";

    private EventCatalogue() {
    }

    /**
     * Checks every event record in this module's classes ({@code target/classes}) and, in addition, the
     * records listed, against the catalogue; throws AssertionError on any drift.
     */
    public static void check(ObjectMapper appMapper, String service, Class<?>... listed) throws Exception {
        check(appMapper, service, catalogue(), Path.of("target", "classes"), listed);
    }

    /** The records annotated {@code @EventType} in this module's classes ({@code target/classes}), by name. */
    public static List<Class<?>> discover() throws IOException {
        return discover(Path.of("target", "classes"));
    }

    /** The records annotated {@code @EventType} under a class-file directory, loaded by the test's class loader. */
    public static List<Class<?>> discover(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new AssertionError(classes.toAbsolutePath() + " does not exist: compile the module first");
        }
        byte[] descriptor = ("L" + EVENT_TYPE.replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            // cheap filter: only a class that mentions the annotation is loaded
            if (!contains(Files.readAllBytes(file), descriptor)) {
                continue;
            }
            String relative = classes.relativize(file).toString();
            String name = relative.substring(0, relative.length() - ".class".length()).replace(File.separatorChar, '.');
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new AssertionError("could not load " + name + " to look for @EventType: " + e, e);
            }
            if (annotation(type) != null) {
                found.add(type);
            }
        }
        return found;
    }

    /** The check itself, on a given catalogue file and class-file directory (for platform-testing's own tests). */
    static void check(ObjectMapper appMapper, String service, Path catalogueFile, Path classes, Class<?>... listed)
            throws Exception {
        JsonNode messages = new ObjectMapper(new YAMLFactory()).readTree(catalogueFile.toFile())
                .path("components").path("messages");
        ObjectMapper strict = appMapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
        List<String> problems = new ArrayList<>();
        Set<Class<?>> inCode = new LinkedHashSet<>(discover(classes));
        for (Class<?> event : listed) {
            if (!inCode.contains(event)) {
                problems.add(event.getName() + " is listed by the test but is not an @EventType record of this module's "
                        + "code (" + classes + ")");
            }
        }
        Set<Class<?>> events = new LinkedHashSet<>(inCode);
        events.addAll(Arrays.asList(listed));
        Set<String> codeTypes = new TreeSet<>();
        for (Class<?> event : events) {
            String type;
            try {
                type = type(service, event);
            } catch (AssertionError e) {
                problems.add(e.getMessage());
                continue;
            }
            if (inCode.contains(event)) {
                codeTypes.add(type);
            }
            JsonNode message = find(messages, type);
            if (message == null) {
                problems.add(type + " (" + event.getName() + ") is in the code but docs/asyncapi.yaml has no message "
                        + "named so");
                continue;
            }
            checkMessage(appMapper, strict, type, event, message, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = messages.fields(); it.hasNext();) {
            String name = it.next().getValue().path("name").asText();
            if (name.startsWith("frontline." + service + ".") && !codeTypes.contains(name)) {
                problems.add("docs/asyncapi.yaml documents " + name + ", but no @EventType record of " + service
                        + " in " + classes + " is named so");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("docs/asyncapi.yaml and the events of " + service + " differ:\n- "
                    + String.join("\n- ", problems));
        }
    }

    private static void checkMessage(ObjectMapper appMapper, ObjectMapper strict, String type, Class<?> event,
            JsonNode message, List<String> problems) {
        if (!event.isRecord()) {
            problems.add(type + ": " + event.getName() + " is not a record");
            return;
        }
        Set<String> fields = Arrays.stream(event.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        message.path("payload").path("properties").fieldNames().forEachRemaining(documented::add);
        if (!documented.equals(fields)) {
            problems.add(type + ": catalogue fields " + documented + " differ from the record's " + fields);
            return;
        }
        JsonNode examples = message.path("examples");
        if (!examples.isArray() || examples.isEmpty()) {
            problems.add(type + ": the catalogue has no example payload");
            return;
        }
        for (JsonNode example : examples) {
            JsonNode payload = example.path("payload");
            Object value;
            try {
                value = strict.treeToValue(payload, event);
            } catch (Exception e) {
                problems.add(type + ": example '" + example.path("name").asText() + "' does not read into "
                        + event.getSimpleName() + ": " + e.getMessage());
                continue;
            }
            Set<String> present = new TreeSet<>();
            payload.fieldNames().forEachRemaining(present::add);
            if (!present.equals(fields)) {
                problems.add(type + ": example '" + example.path("name").asText() + "' lacks fields "
                        + minus(fields, present));
                continue;
            }
            JsonNode roundTrip = appMapper.valueToTree(value);
            Set<String> written = new TreeSet<>();
            roundTrip.fieldNames().forEachRemaining(written::add);
            if (!written.equals(fields)) {
                problems.add(type + ": the record writes " + written + ", not " + fields);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Annotation annotation(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            if (a.annotationType().getName().equals(EVENT_TYPE)) {
                return a;
            }
        }
        return null;
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
        Annotation a = annotation(event);
        if (a == null) {
            throw new AssertionError(event.getName() + " has no @EventType");
        }
        Object name = a.annotationType().getMethod("name").invoke(a);
        Object version = a.annotationType().getMethod("version").invoke(a);
        return "frontline." + service + "." + name + ".v" + version;
    }

    /** {@code docs/asyncapi.yaml} of the repository, found from the module's directory upwards. */
    private static Path catalogue() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs").resolve("asyncapi.yaml");
            if (Files.exists(candidate)) {
                return candidate;
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
