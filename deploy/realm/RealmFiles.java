import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one source of the Frontline realm (deploy/realm/) turned into the files Keycloak reads. Needs only the JDK
 * and jackson-databind (the local run's .frontline/tools/lib/* has it):
 *
 * <pre>
 *   java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java local OUT.json       realm.json + local.json
 *   java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java kubernetes OUT.yaml  the KeycloakRealmImport
 *   java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java check                exit 1 if the committed
 *                                                      deploy/kubernetes/base/keycloak/realm-import.yaml is stale
 * </pre>
 *
 * realm.json is the production realm. local.json holds only what the local run adds, merged as: a top-level field
 * replaces the production one (null removes it); a client with the clientId of a production client is merged into
 * it field by field (local wins), other clients are appended; users are appended. Run from anywhere inside the
 * repository.
 */
public class RealmFiles {

    static final String REALM = "deploy/realm/realm.json";
    static final String LOCAL = "deploy/realm/local.json";
    static final String IMPORT = "deploy/kubernetes/base/keycloak/realm-import.yaml";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "";
        Path root = root();
        switch (mode) {
            case "local" -> write(out(args), JSON.writeValueAsString(localRealm(root)) + "\n");
            case "kubernetes" -> write(out(args), kubernetesManifest(root));
            case "check" -> {
                Path committed = root.resolve(IMPORT);
                String expected = kubernetesManifest(root);
                String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
                if (!expected.equals(actual)) {
                    System.err.println(IMPORT + " differs from what " + REALM + " generates; regenerate it:\n"
                            + "  java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java kubernetes " + IMPORT);
                    System.exit(1);
                }
                System.out.println(IMPORT + " is what " + REALM + " generates");
            }
            default -> {
                System.err.println("usage: RealmFiles local OUT.json | kubernetes OUT.yaml | check");
                System.exit(2);
            }
        }
    }

    private static Path out(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RealmFiles " + args[0] + " OUT");
            System.exit(2);
        }
        return Path.of(args[1]);
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The repository root: the working directory or the nearest parent holding deploy/realm/realm.json. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(REALM))) return p;
        }
        throw new IllegalStateException("run inside the Frontline repository (no " + REALM + " above the working directory)");
    }

    static ObjectNode read(Path file) throws IOException {
        JsonNode node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) throw new IllegalArgumentException(file + ": not a JSON object");
        return object;
    }

    /** The production realm, refused if it holds what only a local realm may hold. */
    static ObjectNode productionRealm(Path root) throws IOException {
        ObjectNode realm = read(root.resolve(REALM));
        List<String> problems = productionProblems(realm);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(REALM + " is the production realm and must not hold: " + problems);
        }
        return realm;
    }

    /** What a production realm must not contain: users, client secrets, the password grant, plain-HTTP logins. */
    public static List<String> productionProblems(JsonNode realm) {
        List<String> problems = new ArrayList<>();
        if (realm.path("users").size() > 0) problems.add("users");
        if (!"external".equals(realm.path("sslRequired").asText()) && !"all".equals(realm.path("sslRequired").asText())) {
            problems.add("sslRequired other than external/all");
        }
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            if (client.has("secret")) problems.add("a secret on client " + id);
            if (client.path("directAccessGrantsEnabled").asBoolean(false)) problems.add("the password grant on client " + id);
            for (JsonNode uri : client.path("redirectUris")) {
                if (!uri.asText().startsWith("https://")) problems.add("redirect URI " + uri.asText() + " on client " + id);
            }
        }
        return problems;
    }

    /** realm.json with local.json merged in (see the class comment). */
    public static ObjectNode localRealm(Path root) throws IOException {
        ObjectNode realm = productionRealm(root);
        ObjectNode local = read(root.resolve(LOCAL));
        for (Map.Entry<String, JsonNode> field : local.properties()) {
            switch (field.getKey()) {
                case "clients" -> mergeClients(array(realm, "clients"), field.getValue());
                case "users" -> array(realm, "users").addAll((ArrayNode) field.getValue());
                default -> {
                    if (field.getValue().isNull()) realm.remove(field.getKey());
                    else realm.set(field.getKey(), field.getValue());
                }
            }
        }
        return realm;
    }

    private static ArrayNode array(ObjectNode realm, String field) {
        return realm.get(field) instanceof ArrayNode array ? array : realm.putArray(field);
    }

    private static void mergeClients(ArrayNode clients, JsonNode localClients) {
        for (JsonNode localClient : localClients) {
            ObjectNode same = null;
            for (JsonNode client : clients) {
                if (client.path("clientId").equals(localClient.path("clientId"))) same = (ObjectNode) client;
            }
            if (same == null) {
                clients.add(localClient);
            } else {
                for (Map.Entry<String, JsonNode> field : localClient.properties()) {
                    if (field.getValue().isNull()) same.remove(field.getKey());
                    else same.set(field.getKey(), field.getValue());
                }
            }
        }
    }

    /** The KeycloakRealmImport resource with the production realm inline. */
    public static ObjectNode kubernetesImport(Path root) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode manifest = f.objectNode();
        manifest.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        manifest.put("kind", "KeycloakRealmImport");
        ObjectNode metadata = manifest.putObject("metadata");
        metadata.put("name", "frontline-realm");
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/name", "frontline-realm");
        labels.put("app.kubernetes.io/component", "keycloak");
        ObjectNode spec = manifest.putObject("spec");
        spec.put("keycloakCRName", "frontline-keycloak");
        spec.set("realm", productionRealm(root));
        return manifest;
    }

    /** {@link #kubernetesImport} as the YAML committed at {@link #IMPORT}. */
    public static String kubernetesManifest(Path root) throws IOException {
        ObjectNode manifest = kubernetesImport(root);
        StringBuilder yaml = new StringBuilder()
                .append("# GENERATED from ").append(REALM).append(" by deploy/realm/RealmFiles.java: do not edit.\n")
                .append("# After changing the realm source: java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java kubernetes ")
                .append(IMPORT).append("\n")
                .append("# The operator imports the realm once (an existing realm is not overwritten). Redirect URIs and web origins\n")
                .append("# name the base host frontline.example.org; each overlay's infra component patches them to its host.\n");
        yaml(manifest, 0, yaml);
        return yaml.toString();
    }

    // --- a small YAML writer: block mappings and sequences, every string double-quoted (JSON escapes are YAML's) ---

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");

    private static void yaml(JsonNode node, int indent, StringBuilder out) throws IOException {
        String pad = " ".repeat(indent);
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = PLAIN_KEY.matcher(field.getKey()).matches() && !isYamlWord(field.getKey())
                        ? field.getKey() : JSON.writeValueAsString(field.getKey());
                JsonNode value = field.getValue();
                out.append(pad).append(key).append(':');
                if (isBlock(value)) {
                    out.append('\n');
                    yaml(value, value.isArray() ? indent : indent + 2, out);
                } else {
                    out.append(' ').append(scalar(value)).append('\n');
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isObject() && !item.isEmpty()) {
                    StringBuilder inner = new StringBuilder();
                    yaml(item, indent + 2, inner);
                    out.append(pad).append("- ").append(inner.substring(indent + 2));
                } else if (item.isArray() && !item.isEmpty()) {
                    out.append(pad).append("-\n");
                    yaml(item, indent + 2, out);
                } else {
                    out.append(pad).append("- ").append(scalar(item)).append('\n');
                }
            }
        }
    }

    private static boolean isBlock(JsonNode value) {
        return (value.isObject() || value.isArray()) && !value.isEmpty();
    }

    private static boolean isYamlWord(String key) {
        return switch (key.toLowerCase()) {
            case "true", "false", "yes", "no", "on", "off", "null", "y", "n" -> true;
            default -> false;
        };
    }

    private static String scalar(JsonNode value) throws IOException {
        if (value.isObject()) return "{}";
        if (value.isArray()) return "[]";
        return JSON.writeValueAsString(value);   // strings quoted, numbers and booleans plain, null as null
    }
}
