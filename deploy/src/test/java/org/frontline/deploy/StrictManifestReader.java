package org.frontline.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads rendered manifests the way the API server would refuse them: every document is bound to a typed model
 * for its apiVersion and kind, and anything the model does not know is a problem.
 *
 * <ul>
 * <li>Built-in kinds: the fabric8 model (kubernetes-client-bom 8.0.0, built on Jackson 3). fabric8 keeps unknown
 * fields in {@code getAdditionalProperties()} instead of failing, so {@link #unknownFields} walks the whole object
 * graph and reports every non-empty one with its path.</li>
 * <li>Strimzi {@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}: {@code io.strimzi:api} 0.49.0, which keeps
 * unknown fields the same way ({@code UnknownPropertyPreserving}); same walk.</li>
 * <li>CloudNativePG and Keycloak operator kinds: no Java model on Maven Central, so {@link OperatorModels} holds
 * small records for the fields this project uses, read with FAIL_ON_UNKNOWN_PROPERTIES.</li>
 * <li>Any other apiVersion/kind is a problem: nothing goes unchecked.</li>
 * </ul>
 * Type errors fail too: no scalar coercion (a quoted "8080" for an int, a number where a string belongs, a
 * float for an int), duplicate keys fail. And every string value must survive a round trip through the model
 * ({@link #lostStrings}): Strimzi's enums read an unknown value ("brokers", "interal") as null instead of failing.
 */
final class StrictManifestReader {

    /** apiVersion + "/" + kind → the class it binds to. */
    static final Map<String, Class<?>> KINDS;

    static {
        Map<String, Class<?>> kinds = new LinkedHashMap<>();
        kinds.put("v1/Namespace", Namespace.class);
        kinds.put("v1/ConfigMap", ConfigMap.class);
        kinds.put("v1/Secret", Secret.class);
        kinds.put("v1/Service", Service.class);
        kinds.put("v1/ServiceAccount", ServiceAccount.class);
        kinds.put("apps/v1/Deployment", Deployment.class);
        kinds.put("batch/v1/Job", Job.class);
        kinds.put("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
        kinds.put("networking.k8s.io/v1/Ingress", Ingress.class);
        kinds.put("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
        kinds.put("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        kinds.put("rbac.authorization.k8s.io/v1/Role", Role.class);
        kinds.put("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);
        // the API versions Strimzi 0.49's model declares (v1beta2 and v1)
        for (String v : Kafka.VERSIONS) {
            kinds.put("kafka.strimzi.io/" + v + "/Kafka", Kafka.class);
        }
        for (String v : KafkaNodePool.VERSIONS) {
            kinds.put("kafka.strimzi.io/" + v + "/KafkaNodePool", KafkaNodePool.class);
        }
        for (String v : KafkaTopic.VERSIONS) {
            kinds.put("kafka.strimzi.io/" + v + "/KafkaTopic", KafkaTopic.class);
        }
        kinds.put("postgresql.cnpg.io/v1/Cluster", OperatorModels.CnpgCluster.class);
        kinds.put("postgresql.cnpg.io/v1/Database", OperatorModels.CnpgDatabase.class);
        kinds.put("k8s.keycloak.org/v2alpha1/Keycloak", OperatorModels.Keycloak.class);
        kinds.put("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", OperatorModels.KeycloakRealmImport.class);
        KINDS = Collections.unmodifiableMap(kinds);
    }

    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a number or boolean where the API wants a string (an env value, a label) is refused by the API server
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    /** One parsed document. {@code model} is the typed object (fabric8, Strimzi or an {@link OperatorModels} record). */
    record Manifest(String overlay, String apiVersion, String kind, String name, Object model, JsonNode raw) {
        String where() {
            return overlay + ": " + kind + " " + name;
        }

        <T> T as(Class<T> type) {
            return type.cast(model);
        }
    }

    record Result(List<Manifest> manifests, List<String> problems) {
    }

    private StrictManifestReader() {
    }

    /** Splits a multi-document YAML stream and binds every document; problems name the overlay, kind and name. */
    static Result read(String overlay, String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    documents.add(doc);
                }
            }
        } catch (JacksonException e) {
            problems.add(overlay + ": the rendered YAML does not parse: " + e.getOriginalMessage());
            return new Result(manifests, problems);
        }
        int index = 0;
        for (JsonNode doc : documents) {
            index++;
            String apiVersion = doc.path("apiVersion").asString("");
            String kind = doc.path("kind").asString("");
            String name = doc.path("metadata").path("name").asString("");
            String where = overlay + ": " + (kind.isEmpty() ? "document " + index : kind) + " "
                    + (name.isEmpty() ? "(no name)" : name);
            if (!doc.isObject() || apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                problems.add(where + ": every document needs apiVersion, kind and metadata.name");
                continue;
            }
            Class<?> type = KINDS.get(apiVersion + "/" + kind);
            if (type == null) {
                problems.add(where + ": apiVersion " + apiVersion + " kind " + kind
                        + " has no strict model in this test (add one to StrictManifestReader.KINDS; nothing goes unchecked)");
                continue;
            }
            Object model;
            try {
                model = MAPPER.treeToValue(doc, type);
            } catch (JacksonException e) {
                problems.add(where + ": does not match the " + type.getSimpleName() + " model at "
                        + e.getPathReference() + ": " + e.getOriginalMessage());
                continue;
            }
            for (String unknown : unknownFields(model, "")) {
                problems.add(where + ": unknown field " + unknown);
            }
            for (String invalid : invalidValues(model)) {
                problems.add(where + ": " + invalid);
            }
            // Strimzi's enums read an unknown value as null (a role "brokers", a listener type "interal"): every
            // string of the document must survive a round trip through the model
            JsonNode back;
            try {
                back = MAPPER.valueToTree(model);
            } catch (JacksonException e) {
                problems.add(where + ": the " + type.getSimpleName() + " model cannot write it back: " + e.getOriginalMessage());
                continue;
            }
            for (String lost : lostStrings(doc, back, "")) {
                problems.add(where + ": value not understood by the " + type.getSimpleName() + " model at " + lost);
            }
            manifests.add(new Manifest(overlay, apiVersion, kind, name, model, doc));
        }
        return new Result(manifests, problems);
    }

    /** Paths of the string values of {@code doc} that are missing or null in {@code back}. */
    static List<String> lostStrings(JsonNode doc, JsonNode back, String path) {
        List<String> lost = new ArrayList<>();
        if (doc.isString()) {
            if (back == null || back.isNull() || back.isMissingNode()) {
                lost.add(path.substring(Math.min(1, path.length())) + " (" + doc.asString() + ")");
            }
        } else if (doc.isObject()) {
            doc.properties().forEach(e -> lost.addAll(lostStrings(e.getValue(),
                    back == null ? null : back.get(e.getKey()), path + "." + e.getKey())));
        } else if (doc.isArray()) {
            for (int i = 0; i < doc.size(); i++) {
                lost.addAll(lostStrings(doc.get(i), back == null ? null : back.get(i), path + "[" + i + "]"));
            }
        }
        return lost;
    }

    /**
     * Every non-empty {@code additionalProperties} in the object graph, as "path.to.field" (the JSON names).
     * fabric8 and Strimzi both park fields they do not know there instead of failing.
     */
    static List<String> unknownFields(Object root, String rootPath) {
        List<String> found = new ArrayList<>();
        walk(root, rootPath, found, new ArrayList<>(), Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    /**
     * The Kubernetes quantity grammar (apimachinery resource.Quantity): a signed decimal number and one suffix,
     * binary (Ki Mi Gi Ti Pi Ei), decimal (m k M G T P E, or none) or an exponent (e3, E-2). {@code 2Gb}, {@code 512MB},
     * {@code abcGi}, {@code 2 Gi} are refused by the API server (or the operator) but kept by fabric8's Quantity.
     */
    static final Pattern QUANTITY = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

    /** String fields that hold a quantity: CloudNativePG storage.size / walStorage.size, Strimzi volume size and sizeLimit. */
    static final Set<String> QUANTITY_FIELDS = Set.of("size", "sizeLimit");

    /**
     * Values the model keeps although the API server or the operator refuses them: every fabric8 {@code Quantity}
     * and every quantity string ({@link #QUANTITY_FIELDS}) must follow {@link #QUANTITY}; an IntOrString must not be
     * an all-digits string ({@code "8080"} is read as a port name, which no container has).
     */
    static List<String> invalidValues(Object root) {
        List<String> invalid = new ArrayList<>();
        walk(root, "", new ArrayList<>(), invalid, Collections.newSetFromMap(new IdentityHashMap<>()));
        return invalid;
    }

    private static void checkValue(Object o, String path, List<String> invalid) {
        String at = path.isEmpty() ? "" : path.substring(1);
        if (o instanceof Quantity q) {
            String text = Objects.toString(q.getAmount(), "") + Objects.toString(q.getFormat(), "");
            if (!QUANTITY.matcher(text).matches()) {
                invalid.add("invalid quantity at " + at + " (" + text + "): not a Kubernetes quantity such as 512Mi, 2Gi, 500m, 1");
            }
        } else if (o instanceof IntOrString v && v.getStrVal() != null && v.getStrVal().matches("[0-9]+")) {
            invalid.add("quoted number at " + at + " (\"" + v.getStrVal() + "\"): an int-or-string holding digits is a name, not the number; write it unquoted");
        } else if (o instanceof CharSequence text && QUANTITY_FIELDS.contains(at.substring(at.lastIndexOf('.') + 1))
                && !QUANTITY.matcher(text).matches()) {
            invalid.add("invalid quantity at " + at + " (" + text + "): not a Kubernetes quantity such as 10Gi, 1Ti");
        }
    }

    private static void walk(Object o, String path, List<String> found, List<String> invalid, Set<Object> seen) {
        checkValue(o, path, invalid);
        if (o instanceof Quantity || o instanceof IntOrString) {
            return;
        }
        if (o == null || o instanceof CharSequence || o instanceof Number || o instanceof Boolean
                || o instanceof Enum<?> || o instanceof JsonNode || o.getClass().isPrimitive() || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, invalid, seen);
            }
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, invalid, seen);
            }
            return;
        }
        if (o instanceof Record) {
            // OperatorModels: unknown fields already failed while binding; fabric8 types inside are walked
            for (var component : o.getClass().getRecordComponents()) {
                try {
                    walk(component.getAccessor().invoke(o), path + "." + component.getName(), found, invalid, seen);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return;
        }
        if (!isModel(o.getClass())) {
            return;
        }
        Map<?, ?> extra = additionalProperties(o);
        if (extra != null) {
            for (Object key : extra.keySet()) {
                found.add((path.isEmpty() ? "" : path.substring(1) + ".") + key);
            }
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    walk(f.get(o), path + "." + jsonName(f), found, invalid, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + "." + f.getName(), e);
                }
            }
        }
    }

    private static boolean isModel(Class<?> c) {
        String n = c.getName();
        return n.startsWith("io.fabric8.kubernetes.api.model.") || n.startsWith("io.fabric8.kubernetes.client.")
                || n.startsWith("io.strimzi.api.");
    }

    private static Map<?, ?> additionalProperties(Object o) {
        try {
            Method m = o.getClass().getMethod("getAdditionalProperties");
            return m.getReturnType() == Map.class || Map.class.isAssignableFrom(m.getReturnType())
                    ? (Map<?, ?>) m.invoke(o) : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonName(Field f) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : f.getName();
    }

    /** The fabric8 metadata of a built-in or Strimzi object (records carry their own). */
    static Map<String, String> labels(Manifest m) {
        if (m.model() instanceof HasMetadata h && h.getMetadata() != null && h.getMetadata().getLabels() != null) {
            return h.getMetadata().getLabels();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        m.raw().path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }
}
