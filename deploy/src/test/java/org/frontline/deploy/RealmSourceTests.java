package org.frontline.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm comes from one source (deploy/realm): the committed KeycloakRealmImport is what the source generates,
 * the Kubernetes realm holds nothing only a local realm may hold, and the local realm the local run imports still has
 * the sample users and clients the README, the smoke check and the seed rely on. Runs the real generator
 * (deploy/realm/RealmFiles.java), compiled here against this test's Jackson.
 */
class RealmSourceTests {

    static final String IMPORT = "deploy/kubernetes/base/keycloak/realm-import.yaml";
    static final ObjectMapper JSON = new ObjectMapper();

    static Path root;
    static Class<?> generator;

    @BeforeAll
    static void compileGenerator(@TempDir Path classes) throws Exception {
        root = Repository.root();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", jacksonClasspath(), root.resolve("deploy/realm/RealmFiles.java").toString());
        assertEquals(0, rc, "deploy/realm/RealmFiles.java compiles against jackson-databind");
        ClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, RealmSourceTests.class.getClassLoader());
        generator = Class.forName("RealmFiles", true, loader);
    }

    // --- one source -------------------------------------------------------------------------------------------

    @Test
    void committedRealmImportIsWhatTheSourceGenerates() throws Exception {
        String generated = (String) call("kubernetesManifest", root);
        String committed = Files.readString(root.resolve(IMPORT), StandardCharsets.UTF_8);
        assertEquals(generated, committed, IMPORT + " is stale or edited by hand; regenerate it: "
                + "java -cp '.frontline/tools/lib/*' deploy/realm/RealmFiles.java kubernetes " + IMPORT);
    }

    @Test
    void checkModeFailsNamingTheImportWhenTheSourceChanged(@TempDir Path copy) throws Exception {
        for (String file : List.of("deploy/realm/realm.json", "deploy/realm/local.json")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(root.resolve(file), copy.resolve(file));
        }
        Run generate = runGenerator(copy, "kubernetes", IMPORT);
        assertEquals(0, generate.exitCode, generate.output);
        assertEquals(0, runGenerator(copy, "check").exitCode, "a freshly generated import checks clean");

        ObjectNode realm = (ObjectNode) JSON.readTree(copy.resolve("deploy/realm/realm.json").toFile());
        realm.put("accessTokenLifespan", 300);
        JSON.writeValue(copy.resolve("deploy/realm/realm.json").toFile(), realm);
        Run run = runGenerator(copy, "check");
        assertEquals(1, run.exitCode, "a changed source with the old import: " + run.output);
        assertTrue(run.output.contains(IMPORT), "names the stale file: " + run.output);
    }

    // --- the Kubernetes realm ---------------------------------------------------------------------------------

    @Test
    void kubernetesRealmHasNoUserNoPasswordGrantNoSecret() throws Exception {
        JsonNode realm = kubernetesRealm();
        assertEquals("frontline", realm.path("realm").asText());
        assertEquals(0, realm.path("users").size(), "no users in the production realm");
        assertEquals("external", realm.path("sslRequired").asText());
        List<String> found = new ArrayList<>();
        walk(realm, "realm", (path, name, value) -> {
            if (name.equals("users") || name.equals("credentials") || name.equals("secret")) found.add(path);
            if (name.equals("directAccessGrantsEnabled") && value.asBoolean()) found.add(path);
        });
        assertEquals(List.of(), found, "users, credentials, client secrets or a password grant in the Kubernetes realm");
        for (JsonNode client : realm.path("clients")) {
            for (JsonNode uri : client.path("redirectUris")) {
                assertTrue(uri.asText().startsWith("https://"), client.path("clientId").asText() + " redirects to " + uri);
            }
        }
    }

    @Test
    void generatorRefusesAProductionRealmWithLocalThings() throws Exception {
        ObjectNode realm = (ObjectNode) JSON.readTree(root.resolve("deploy/realm/realm.json").toFile());
        ObjectNode user = realm.putArray("users").addObject().put("username", "someone");
        user.putArray("credentials").addObject().put("type", "password").put("value", "x");
        ObjectNode web = (ObjectNode) realm.path("clients").get(0);
        web.put("directAccessGrantsEnabled", true);
        web.put("secret", "s");
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) call("productionProblems", realm);
        assertTrue(problems.contains("users"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("password grant")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("secret")), problems.toString());
    }

    @Test
    void webClientUsesPkceAndPutsAreaAndAudienceInTokens() throws Exception {
        JsonNode web = client(kubernetesRealm(), "frontline-web");
        assertTrue(web.path("publicClient").asBoolean());
        assertEquals("S256", web.path("attributes").path("pkce.code.challenge.method").asText());
        assertEquals("area", mapper(web, "oidc-usermodel-attribute-mapper").path("config").path("claim.name").asText());
        assertEquals("frontline-api", mapper(web, "oidc-audience-mapper").path("config").path("included.custom.audience").asText());
    }

    @Test
    void theFieldAppMaySignInAndKeepAnOfflineTokenForDays() throws Exception {
        for (JsonNode realm : List.of(kubernetesRealm(), localRealm())) {
            JsonNode web = client(realm, "frontline-web");
            boolean fieldApp = false;
            for (JsonNode uri : web.path("redirectUris")) {
                String pattern = uri.asText();
                // Keycloak's rule: a trailing * matches any rest of the URI
                fieldApp |= pattern.endsWith("/*") && pattern.startsWith("http")
                        || pattern.endsWith("/field/");
            }
            assertTrue(fieldApp, "frontline-web redirects back to /field/: " + web.path("redirectUris"));
            assertTrue(realm.path("offlineSessionMaxLifespanEnabled").asBoolean(), "offline tokens expire");
            assertTrue(realm.path("offlineSessionIdleTimeout").asLong() >= 7 * 24 * 3600,
                    "a phone offline for the late-sync window (7 days) can still send");
        }
    }

    // --- the local realm --------------------------------------------------------------------------------------

    @Test
    void localRealmHasTheSampleUsersTheReadmeLists() throws Exception {
        JsonNode realm = localRealm();
        Map<String, String> listed = readmeSampleUsers();
        assertTrue(listed.size() >= 8, "deploy/README.md lists the sample users: " + listed);
        for (Map.Entry<String, String> sample : listed.entrySet()) {
            JsonNode user = null;
            for (JsonNode u : realm.path("users")) {
                if (u.path("username").asText().equals(sample.getKey())) user = u;
            }
            assertTrue(user != null, "the local realm has sample user " + sample.getKey());
            JsonNode password = user.path("credentials").path(0);
            assertEquals("password", password.path("type").asText(), sample.getKey());
            assertEquals("frontline", password.path("value").asText(), sample.getKey() + "'s password");
            if (sample.getValue() != null) {
                assertEquals(sample.getValue(), user.path("attributes").path("area").path(0).asText(), sample.getKey() + "'s area");
            }
        }
    }

    @Test
    void localRealmKeepsWhatTheSmokeCheckAndTheSeedUse() throws Exception {
        JsonNode realm = localRealm();
        assertEquals("none", realm.path("sslRequired").asText());
        JsonNode web = client(realm, "frontline-web");
        assertTrue(web.path("directAccessGrantsEnabled").asBoolean(), "password grant on frontline-web, locally");
        assertTrue(web.path("redirectUris").toString().contains("http://127.0.0.1:8080/*"));
        assertEquals("frontline-api", mapper(web, "oidc-audience-mapper").path("config").path("included.custom.audience").asText(),
                "the production mappers reach the local realm");
        JsonNode integration = client(realm, "frontline-integration");
        assertEquals("local-integration-secret", integration.path("secret").asText());
        assertEquals("310104", mapper(integration, "oidc-hardcoded-claim-mapper").path("config").path("claim.value").asText());
        JsonNode other = client(realm, "other-app");
        assertTrue(other.path("protocolMappers").toString().indexOf("oidc-audience-mapper") < 0,
                "other-app gets no frontline-api audience (the smoke check proves its tokens are refused)");
        assertTrue(realm.path("users").toString().contains("service-account-frontline-integration"));
    }

    // --- Keycloak's own model ---------------------------------------------------------------------------------

    @Test
    void bothRealmsAreValidKeycloakRealmRepresentations() throws Exception {
        Class<?> representation = keycloakRealmRepresentation();
        ObjectMapper strict = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        strict.treeToValue(kubernetesRealm(), representation);
        strict.treeToValue(localRealm(), representation);

        ObjectNode misspelt = kubernetesRealm().deepCopy();
        ((ObjectNode) misspelt.path("clients").get(0)).putArray("redirectUri").add("https://x/*");
        assertThrows(Exception.class, () -> strict.treeToValue(misspelt, representation),
                "a misspelt field fails (the parse is strict)");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static Class<?> keycloakRealmRepresentation() {
        try {
            return Class.forName("org.keycloak.representations.idm.RealmRepresentation");
        } catch (ClassNotFoundException e) {
            // deploy/pom.xml declares keycloak-core: its absence is a broken build, never a reason to skip
            throw new AssertionError("org.keycloak:keycloak-core is not on the test classpath (deploy/pom.xml declares it)", e);
        }
    }

    static JsonNode kubernetesRealm() throws Exception {
        return ((JsonNode) call("kubernetesImport", root)).path("spec").path("realm");
    }

    static JsonNode localRealm() throws Exception {
        return (JsonNode) call("localRealm", root);
    }

    static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(clientId)) return c;
        }
        throw new AssertionError("no client " + clientId);
    }

    static JsonNode mapper(JsonNode client, String type) {
        for (JsonNode m : client.path("protocolMappers")) {
            if (m.path("protocolMapper").asText().equals(type)) return m;
        }
        throw new AssertionError(client.path("clientId").asText() + " has no " + type);
    }

    /** The sample users of the README's realm section: `name` (area), the area where given. */
    static Map<String, String> readmeSampleUsers() throws Exception {
        String readme = Files.readString(root.resolve("deploy/README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("- Sample users");
        assertTrue(start >= 0, "deploy/README.md has its '- Sample users' item");
        int end = readme.indexOf("\n\n", start);
        String item = readme.substring(start, end < 0 ? readme.length() : end);
        item = item.substring(item.indexOf(':', item.indexOf("password")) + 1);   // after "(printed by `run`):"
        Map<String, String> users = new LinkedHashMap<>();
        Matcher m = Pattern.compile("`([a-z][a-z.-]*)`(?:\\s*\\((\\d+)[;)])?").matcher(item);
        while (m.find()) users.put(m.group(1), m.group(2));
        return users;
    }

    interface Visitor {
        void visit(String path, String name, JsonNode value);
    }

    static void walk(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                visitor.visit(path + "." + field.getKey(), field.getKey(), field.getValue());
                walk(field.getValue(), path + "." + field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", visitor);
        }
    }

    static Object call(String method, Object argument) throws Exception {
        for (Method m : generator.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == 1) {
                try {
                    return m.invoke(null, argument);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        throw new AssertionError("RealmFiles has no public static " + method);
    }

    record Run(int exitCode, String output) {}

    /** The generator as a user runs it: java -cp JACKSON deploy/realm/RealmFiles.java ARGS, in the given root. */
    static Run runGenerator(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jacksonClasspath(), root.resolve("deploy/realm/RealmFiles.java").toString()));
        command.addAll(List.of(args));
        Rendered.Finished f = Rendered.execute(command, workingDirectory, Map.of(), "java", Rendered.TIMEOUT_SECONDS);
        return new Run(f.exitCode(), f.stdout() + f.stderr());
    }

    static String jacksonClasspath() throws Exception {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : List.of(ObjectMapper.class, JsonFactory.class, JsonProperty.class)) {
            jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, jars);
    }
}
