package org.frontline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Secret;
import org.frontline.deploy.StrictManifestReader.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every manifest Kustomize renders for the dev and prod overlays, parsed strictly (see {@link StrictManifestReader})
 * and checked against the rules of issue 14 (see {@link ManifestRules}, {@link NetworkRules}). Renders with
 * {@code kubectl kustomize} (offline); without kubectl the tests fail and name it. The negative tests at the end
 * feed each checker a deliberately broken manifest ({@link BrokenManifestsTests}).
 */
class KubernetesManifestsTests {

    static final Path ROOT = Repository.root();
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> PARSE_PROBLEMS = new ConcurrentHashMap<>();

    /** The overlay rendered and parsed once per JVM. */
    static Rendered rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            String yaml = Rendered.kustomize(Repository.kubernetes().resolve("overlays").resolve(o));
            StrictManifestReader.Result result = StrictManifestReader.read(o, yaml);
            PARSE_PROBLEMS.put(o, result.problems());
            return new Rendered(o, result.manifests());
        });
    }

    private static void assertNone(List<String> problems) {
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }

    @EachOverlay
    @DisplayName("every rendered document binds to its strict model: no unknown field, no type error, no unchecked kind")
    void everyDocumentParsesStrictly(String overlay) {
        Rendered r = rendered(overlay);
        assertNone(PARSE_PROBLEMS.get(overlay));
        Set<String> kinds = new TreeSet<>();
        r.manifests().forEach(m -> kinds.add(m.kind()));
        for (String want : List.of("Deployment", "Service", "ServiceAccount", "ConfigMap", "PodDisruptionBudget",
                "HorizontalPodAutoscaler", "NetworkPolicy", "Ingress", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster",
                "Database", "Keycloak", "KeycloakRealmImport")) {
            assertTrue(kinds.contains(want), overlay + ": no " + want + " rendered (kinds: " + kinds + ")");
        }
        Set<String> deployments = new TreeSet<>();
        r.ofKind("Deployment").forEach(m -> deployments.add(m.name()));
        assertEquals(new TreeSet<>(ConfigurationTable.SERVICES), deployments, overlay + ": the five services' Deployments");
    }

    @EachOverlay
    @DisplayName("every Deployment: health probes, requests and limits, non-root, read-only root fs, /tmp, image")
    void deploymentsAreHardened(String overlay) {
        assertNone(ManifestRules.deployments(rendered(overlay)));
    }

    @EachOverlay
    @DisplayName("every image names its registry (never Docker Hub by default); prod runs a release, not a -SNAPSHOT")
    void imageSources(String overlay) {
        assertNone(ManifestRules.imageSources(rendered(overlay), overlay.equals("prod")));
    }

    @EachOverlay
    @DisplayName("every images: entry of the overlay sets a service's image (registry and tag)")
    void overlayImages(String overlay) throws Exception {
        Path kustomization = Repository.kubernetes().resolve("overlays").resolve(overlay).resolve("kustomization.yaml");
        assertNone(ManifestRules.overlayImages(rendered(overlay),
                StrictManifestReader.MAPPER.readTree(Files.readString(kustomization))));
    }

    @EachOverlay
    @DisplayName("every Deployment has its Service, ServiceAccount, PodDisruptionBudget and HorizontalPodAutoscaler")
    void everyDeploymentHasItsCompanions(String overlay) {
        assertNone(ManifestRules.companions(rendered(overlay)));
    }

    @EachOverlay
    @DisplayName("default deny; each service reaches only its database, Kafka, Keycloak and kube-dns, and is reached only by the gateway (the gateway by the ingress controller)")
    void networkPolicies(String overlay) {
        assertNone(NetworkRules.check(rendered(overlay)));
    }

    @EachOverlay
    @DisplayName("the autoscalers own the replica count (no spec.replicas beside one); dev minimum 1, prod minimum 2 and anti-affinity")
    void replicasFitTheOverlay(String overlay) {
        assertNone(ManifestRules.replicas(rendered(overlay), overlay.equals("prod")));
    }

    @EachOverlay
    @DisplayName("pods run as the images are built: the image's user and group, its port, its image name")
    void podsMatchTheImages(String overlay) {
        assertNone(ManifestRules.matchImages(rendered(overlay), Repository.config(Repository.PLATFORM_CONFIG)));
    }

    @EachOverlay
    @DisplayName("PostgreSQL's max_connections covers every service replica at its autoscaler's maximum plus the rollout surge, and Keycloak")
    void databaseConnectionsCoverTheAutoscalers(String overlay) {
        assertNone(ManifestRules.connections(rendered(overlay), ManifestRules.connectionsPerReplica()));
    }

    @EachOverlay
    @DisplayName("the Ingress routes to the gateway and Keycloak's realm, never its admin console or master realm; prod has TLS for every host")
    void ingress(String overlay) {
        assertNone(ManifestRules.ingress(rendered(overlay), overlay.equals("prod")));
    }

    @EachOverlay
    @DisplayName("Kafka: KRaft node pools, replication the brokers can carry, every listener limited to the services; prod 3 brokers, replicas 3, min ISR 2")
    void kafka(String overlay) {
        assertNone(ManifestRules.kafka(rendered(overlay), overlay.equals("prod")));
    }

    @EachOverlay
    @DisplayName("the KafkaTopics are exactly the design's topics, on the Kafka that exists; event topics one partition count ≥ 3, kept forever, dead letters too")
    void topicsAreTheDesignsList(String overlay) {
        assertNone(ManifestRules.topics(rendered(overlay), designTopics()));
    }

    @EachOverlay
    @DisplayName("each Deployment sets what its service must get in Kubernetes (the table's yes rows and every ${VAR} without a default), and only documented variables")
    void environmentMatchesTheConfigurationTable(String overlay) {
        ConfigurationTable table = configurationTable();
        assertNone(table.problems());
        assertNone(ManifestRules.environment(rendered(overlay), table, secretsScript()));
        assertNone(ManifestRules.environmentRequiredByConfig(rendered(overlay), requiredByConfig(), secretsScript()));
    }

    /** Service → variable → the file that reads it without a default (platform's config and the service's own). */
    static Map<String, Map<String, String>> requiredByConfig() {
        Map<String, Map<String, String>> required = new LinkedHashMap<>();
        try {
            for (String service : ConfigurationTable.SERVICES) {
                Map<String, String> vars = new java.util.TreeMap<>();
                for (String file : List.of(Repository.PLATFORM_CONFIG, service + "/src/main/resources/application.properties")) {
                    ManifestRules.requiredByConfig(Files.readString(ROOT.resolve(file))).forEach(v -> vars.putIfAbsent(v, file));
                }
                required.put(service, vars);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return required;
    }

    @EachOverlay
    @DisplayName("each service's database, Kafka, OIDC (backchannel-dynamic Keycloak) and service URLs point at what the overlay creates")
    void wiring(String overlay) {
        assertNone(ManifestRules.wiring(rendered(overlay)));
    }

    @EachOverlay
    @DisplayName("every Secret referred to is created by deploy/kubernetes/secrets; no Secret data committed")
    void secretsComeFromTheScript(String overlay) {
        assertNone(ManifestRules.secrets(rendered(overlay), secretsScript()));
    }

    @EachOverlay
    @DisplayName("the realm import names the Keycloak; prod imports no users")
    void realm(String overlay) {
        assertNone(ManifestRules.realm(rendered(overlay), overlay.equals("prod")));
    }

    @EachOverlay
    @DisplayName("everything carries app.kubernetes.io/name, component and part-of")
    void labels(String overlay) {
        assertNone(ManifestRules.labels(rendered(overlay)));
    }

    @Test
    @DisplayName("every ${ENV} the platform and the services read is in docs/configuration.md")
    void everyEnvironmentReferenceIsDocumented() throws Exception {
        ConfigurationTable table = configurationTable();
        assertNone(table.problems());
        List<String> problems = new ArrayList<>();
        String platform = Repository.PLATFORM_CONFIG;
        problems.addAll(ManifestRules.configReferences(table, platform, Files.readString(ROOT.resolve(platform)),
                ConfigurationTable.SERVICES));
        for (String service : ConfigurationTable.SERVICES) {
            String file = service + "/src/main/resources/application.properties";
            problems.addAll(ManifestRules.configReferences(table, file, Files.readString(ROOT.resolve(file)), List.of(service)));
        }
        assertNone(problems);
    }

    @Test
    @DisplayName("deploy/kubernetes/secrets --print writes Secrets without a cluster, with fresh random values")
    void secretsScriptPrintsRandomSecrets() {
        String first = runSecretsScript();
        String second = runSecretsScript();
        StrictManifestReader.Result parsed = StrictManifestReader.read("secrets --print", first);
        assertNone(parsed.problems());
        assertFalse(parsed.manifests().isEmpty(), "secrets --print printed no Secret");
        for (Manifest m : parsed.manifests()) {
            assertEquals("Secret", m.kind(), m.where() + ": secrets --print printed something else than a Secret");
            Secret s = m.as(Secret.class);
            Map<String, String> values = new LinkedHashMap<>();
            if (s.getData() != null) {
                values.putAll(s.getData());
            }
            if (s.getStringData() != null) {
                values.putAll(s.getStringData());
            }
            assertFalse(values.isEmpty(), m.where() + ": no keys");
            values.forEach((k, v) -> assertFalse(v == null || v.isBlank(), m.where() + " key " + k + " is empty"));
        }
        assertNotEquals(first, second, "two runs of secrets --print printed the same values: they are not random");
    }

    // --- inputs from the repository ----------------------------------------------------------------------------

    /** The design's topics, as the local run creates them (deploy/local/frontline TOPICS): no third copy. */
    static List<String> designTopics() {
        try {
            String script = Files.readString(ROOT.resolve("deploy/local/frontline"));
            Matcher m = Pattern.compile("(?m)^TOPICS=\\(([^)]*)\\)").matcher(script);
            assertTrue(m.find(), "deploy/local/frontline has no TOPICS=(...) line");
            List<String> topics = Arrays.stream(m.group(1).trim().split("\\s+")).toList();
            // the design (DESIGN.md "Events"): one topic per owning service and its .dlq
            assertEquals(8, topics.size(), "deploy/local/frontline TOPICS: " + topics);
            return topics;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ConfigurationTable configurationTable() {
        Path doc = ROOT.resolve("docs/configuration.md");
        assertTrue(Files.isRegularFile(doc), "docs/configuration.md is missing");
        try {
            return ConfigurationTable.parse(Files.readString(doc));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> secrets;

    /** Secret name → keys, from {@code deploy/kubernetes/secrets --print}. */
    static synchronized Map<String, Set<String>> secretsScript() {
        if (secrets == null) {
            StrictManifestReader.Result parsed = StrictManifestReader.read("secrets --print", runSecretsScript());
            assertNone(parsed.problems());
            Map<String, Set<String>> keys = new LinkedHashMap<>();
            for (Manifest m : parsed.manifests()) {
                if (m.model() instanceof Secret s) {
                    Set<String> k = new TreeSet<>();
                    if (s.getData() != null) {
                        k.addAll(s.getData().keySet());
                    }
                    if (s.getStringData() != null) {
                        k.addAll(s.getStringData().keySet());
                    }
                    keys.put(m.name(), k);
                }
            }
            secrets = keys;
        }
        return secrets;
    }

    private static String runSecretsScript() {
        Path script = Repository.kubernetes().resolve("secrets");
        assertTrue(Files.isRegularFile(script), script + " is missing");
        // no cluster: --print must not need one
        return Rendered.run(List.of("bash", script.toString(), "--print"),
                Map.of("KUBECONFIG", ROOT.resolve("deploy/target/no-such-kubeconfig").toString()),
                "bash is required to run deploy/kubernetes/secrets");
    }

    /** A test run once per overlay (its argument: "dev", "prod"). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    @interface EachOverlay {
    }
}
