package org.frontline.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.frontline.deploy.StrictManifestReader.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each checker of {@link KubernetesManifestsTests}, fed a deliberately broken manifest: a known-good prod rendering
 * (src/test/resources/prod-two-services.yaml) with one thing broken. The unbroken fixture passes every checker, so
 * each problem below comes from the one break.
 */
class BrokenManifestsTests {

    private static final String FIXTURE = resource("/prod-two-services.yaml");
    private static final List<String> FIXTURE_TOPICS = List.of("screening.events", "screening.events.dlq");

    // --- the fixture itself is fine --------------------------------------------------------------------------

    @Test
    @DisplayName("the unbroken fixture passes every checker (so each problem below comes from its one break)")
    void unbrokenFixturePasses() {
        StrictManifestReader.Result result = StrictManifestReader.read("fixture", FIXTURE);
        assertTrue(result.problems().isEmpty(), result.problems().toString());
        Rendered r = new Rendered("fixture", result.manifests());
        List<String> problems = new ArrayList<>();
        problems.addAll(ManifestRules.deployments(r));
        problems.addAll(ManifestRules.companions(r));
        problems.addAll(ManifestRules.replicas(r, true));
        problems.addAll(ManifestRules.ingress(r, true));
        problems.addAll(ManifestRules.kafka(r, true));
        problems.addAll(ManifestRules.topics(r, FIXTURE_TOPICS));
        problems.addAll(NetworkRules.check(r));
        problems.addAll(ManifestRules.environment(r, tableOf(r), secretsOf(r)));
        problems.addAll(ManifestRules.secrets(r, secretsOf(r)));
        problems.addAll(ManifestRules.realm(r, true));
        problems.addAll(ManifestRules.labels(r));
        problems.addAll(ManifestRules.wiring(r));
        problems.addAll(ManifestRules.connections(r, 21));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    @DisplayName("an autoscaler raised beyond what PostgreSQL's max_connections admits is reported with the figures")
    void autoscalerBeyondMaxConnections() {
        String yaml = edit("HorizontalPodAutoscaler", "gateway", h -> ((ObjectNode) h.get("spec")).put("maxReplicas", 40));
        Rendered r = new Rendered("fixture", StrictManifestReader.read("fixture", yaml).manifests());
        List<String> problems = ManifestRules.connections(r, 21);
        assertTrue(problems.size() == 1 && problems.get(0).startsWith("fixture: Cluster frontline-db: max_connections 600 is below the "),
                problems.toString());
    }

    @Test
    @DisplayName("a missing kubectl fails the render and names the prerequisite (never a silent skip)")
    void missingKubectlFails() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Rendered.run(List.of("frontline-no-such-kubectl", "kustomize", "."), Map.of(), Rendered.KUBECTL_MISSING));
        assertTrue(e.getMessage().startsWith(Rendered.KUBECTL_MISSING), e.getMessage());
    }

    // --- strict parsing --------------------------------------------------------------------------------------

    @Test
    @DisplayName("a misspelt field of a Deployment (readOnlyRootFileSystem) is an unknown field with its path")
    void misspeltDeploymentField() {
        String yaml = edit("Deployment", "gateway", d -> {
            ObjectNode sc = (ObjectNode) d.at("/spec/template/spec/containers/0/securityContext");
            sc.remove("readOnlyRootFilesystem");
            sc.put("readOnlyRootFileSystem", true);
        });
        assertReports(parse(yaml), "fixture: Deployment gateway: unknown field "
                + "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    @Test
    @DisplayName("a quoted number for an integer, or a number for a string, is a type error")
    void typeErrors() {
        assertReports(parse(edit("Deployment", "gateway", d -> ((ObjectNode) d.get("spec")).put("replicas", "3"))),
                "fixture: Deployment gateway: does not match the Deployment model");
        assertReports(parse(edit("ConfigMap", "gateway", d -> ((ObjectNode) d.get("data")).put("FRONTLINE_X", 8080))),
                "fixture: ConfigMap gateway: does not match the ConfigMap model");
    }

    @Test
    @DisplayName("an unknown field of a Strimzi Kafka, KafkaTopic or KafkaNodePool is reported")
    void unknownStrimziFields() {
        assertReports(parse(edit("Kafka", "frontline-kafka", k -> ((ObjectNode) k.at("/spec/kafka")).put("listners", "x"))),
                "fixture: Kafka frontline-kafka: unknown field spec.kafka.listners");
        assertReports(parse(edit("KafkaTopic", "screening-events", t -> ((ObjectNode) t.get("spec")).put("partition", 3))),
                "fixture: KafkaTopic screening-events: unknown field spec.partition");
        assertReports(parse(edit("KafkaNodePool", "broker", p -> ((ObjectNode) p.get("spec")).put("replica", 3))),
                "fixture: KafkaNodePool broker: unknown field spec.replica");
        // enums and polymorphic types: a misspelt role, listener type or storage type, a field of a storage volume
        assertReports(parse(edit("KafkaNodePool", "broker", p -> ((ArrayNode) p.at("/spec/roles")).set(0, "brokers"))),
                "fixture: KafkaNodePool broker: value not understood by the KafkaNodePool model at spec.roles[0] (brokers)");
        assertReports(parse(edit("Kafka", "frontline-kafka", k -> ((ObjectNode) k.at("/spec/kafka/listeners/0")).put("type", "interal"))),
                "fixture: Kafka frontline-kafka: value not understood by the Kafka model at spec.kafka.listeners[0].type (interal)");
        assertReports(parse(edit("KafkaNodePool", "broker", p -> ((ObjectNode) p.at("/spec/storage")).put("type", "jbd"))),
                "fixture: KafkaNodePool broker: does not match the KafkaNodePool model");
        assertReports(parse(edit("KafkaNodePool", "broker", p -> ((ObjectNode) p.at("/spec/storage/volumes/0")).put("sise", "1Gi"))),
                "fixture: KafkaNodePool broker: unknown field spec.storage.volumes[0].sise");
    }

    @Test
    @DisplayName("an unknown field of a CloudNativePG Cluster/Database or a Keycloak/KeycloakRealmImport is reported")
    void unknownOperatorFields() {
        assertReports(parse(edit("Cluster", "frontline-db", c -> ((ObjectNode) c.get("spec")).put("instance", 3))),
                "fixture: Cluster frontline-db: does not match the CnpgCluster model", "\"instance\"");
        assertReports(parse(edit("Database", "frontline-db-screening", c -> ((ObjectNode) c.get("spec")).put("owners", "x"))),
                "fixture: Database frontline-db-screening: does not match the CnpgDatabase model", "\"owners\"");
        assertReports(parse(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec/hostname")).put("hostName", "x"))),
                "fixture: Keycloak frontline-keycloak: does not match the Keycloak model", "\"hostName\"");
        // Kubernetes types inside an operator record are walked too
        assertReports(parse(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec")).putObject("resources").put("limit", "x"))),
                "fixture: Keycloak frontline-keycloak: unknown field spec.resources.limit");
    }

    @Test
    @DisplayName("a kind or apiVersion without a strict model, and a duplicate key, are reported")
    void uncheckedKindsAndDuplicates() {
        assertReports(parse(FIXTURE + "\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {}\n"),
                "fixture: StatefulSet x: apiVersion apps/v1 kind StatefulSet has no strict model");
        assertReports(parse(FIXTURE.replace("apiVersion: autoscaling/v2\n", "apiVersion: autoscaling/v2beta2\n")),
                "fixture: HorizontalPodAutoscaler gateway: apiVersion autoscaling/v2beta2");
        assertReports(parse(FIXTURE + "\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x, name: y}\n"),
                "fixture: the rendered YAML does not parse", "Duplicate");
    }

    // --- Deployments -----------------------------------------------------------------------------------------

    @Test
    @DisplayName("a missing limit, a wrong probe, root, privilege escalation, kept capabilities, no /tmp, latest")
    void deploymentRules() {
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/resources/limits")).remove("cpu")))),
                "fixture: Deployment gateway container gateway: no cpu in resources.limits");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).put("path", "/q/health")))),
                "fixture: Deployment gateway container gateway: livenessProbe path is /q/health, want /q/health/live");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("readinessProbe")))),
                "fixture: Deployment gateway container gateway: no readinessProbe");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway", d -> {
            ((ObjectNode) d.at("/spec/template/spec/securityContext")).put("runAsUser", 0);
            ((ObjectNode) d.at("/spec/template/spec/containers/0/securityContext")).remove("runAsUser");
        }))), "fixture: Deployment gateway container gateway: runAsUser must be set and not 0");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/securityContext")).put("allowPrivilegeEscalation", true)))),
                "fixture: Deployment gateway container gateway: securityContext.allowPrivilegeEscalation must be false");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/securityContext/capabilities")).putArray("drop").add("NET_RAW")))),
                "fixture: Deployment gateway container gateway: securityContext.capabilities.drop must contain ALL");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("volumeMounts")))),
                "fixture: Deployment gateway container gateway: no volume mounted at /tmp");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "registry.example.org/frontline/gateway:latest")))),
                "fixture: Deployment gateway container gateway: image registry.example.org/frontline/gateway:latest uses the tag latest");
        assertReports(ManifestRules.deployments(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/startupProbe")).put("failureThreshold", 3).put("periodSeconds", 10)))),
                "fixture: Deployment gateway container gateway: startupProbe allows 30 s");
    }

    @Test
    @DisplayName("an images: entry that names no image leaves the base image: reported")
    void overlayImageRule() {
        assertReports(ManifestRules.overlayImages(rendered(FIXTURE), StrictManifestReader.MAPPER.readTree("""
                images:
                  - {name: frontline/gatway, newName: registry.example.org/frontline/gatway, newTag: 0.1.0-SNAPSHOT}
                """)), "fixture: kustomization images entry frontline/gatway did not take effect");
        assertTrue(ManifestRules.overlayImages(rendered(FIXTURE), StrictManifestReader.MAPPER.readTree("""
                images:
                  - {name: frontline/gateway, newName: registry.example.org/frontline/gateway, newTag: 0.1.0-SNAPSHOT}
                """)).isEmpty(), "an entry that took effect is fine");
    }

    @Test
    @DisplayName("no PodDisruptionBudget, no HorizontalPodAutoscaler, a Service selecting other pods")
    void companionRules() {
        assertReports(ManifestRules.companions(rendered(without("PodDisruptionBudget", "gateway"))),
                "fixture: Deployment gateway: no PodDisruptionBudget selects its pods");
        assertReports(ManifestRules.companions(rendered(without("HorizontalPodAutoscaler", "gateway"))),
                "fixture: Deployment gateway: no HorizontalPodAutoscaler scales Deployment gateway");
        assertReports(ManifestRules.companions(rendered(edit("Service", "gateway",
                s -> ((ObjectNode) s.at("/spec")).putObject("selector").put("app.kubernetes.io/component", "service")))),
                "fixture: Service gateway: selector {app.kubernetes.io/component=service} also selects the pods of screening-service");
        assertReports(ManifestRules.companions(rendered(without("ServiceAccount", "gateway"))),
                "fixture: Deployment gateway: no ServiceAccount gateway");
    }

    @Test
    @DisplayName("prod with one replica, HPA minimum one, no anti-affinity, no TLS; dev with three replicas")
    void overlayRules() {
        assertReports(ManifestRules.replicas(rendered(edit("Deployment", "gateway", d -> ((ObjectNode) d.get("spec")).put("replicas", 1))), true),
                "fixture: Deployment gateway: replicas 1, prod wants at least 2");
        assertReports(ManifestRules.replicas(rendered(edit("HorizontalPodAutoscaler", "gateway", d -> ((ObjectNode) d.get("spec")).put("minReplicas", 1))), true),
                "fixture: HorizontalPodAutoscaler gateway: minReplicas 1, prod wants at least 2");
        assertReports(ManifestRules.replicas(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec")).remove("affinity"))), true),
                "fixture: Deployment gateway: no pod anti-affinity");
        assertReports(ManifestRules.replicas(rendered(FIXTURE), false), "fixture: Deployment gateway: replicas 3, dev wants 1");
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline", i -> ((ObjectNode) i.get("spec")).remove("tls"))), true),
                "fixture: Ingress frontline: prod Ingress has no tls");
    }

    // --- Kafka -----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("prod with one broker, a topic with more replicas than brokers, a topic on no Kafka, a missing topic")
    void kafkaRules() {
        assertReports(ManifestRules.kafka(rendered(edit("KafkaNodePool", "broker", p -> ((ObjectNode) p.get("spec")).put("replicas", 1))), true),
                "fixture: Kafka frontline-kafka: 1 broker replica(s) across node pools with role broker; want at least 3 in prod");
        assertReports(ManifestRules.kafka(rendered(edit("KafkaTopic", "screening-events", t -> ((ObjectNode) t.get("spec")).put("replicas", 5))), false),
                "fixture: KafkaTopic screening-events: replicas 5 but only 3 broker(s)");
        assertReports(ManifestRules.kafka(rendered(edit("KafkaTopic", "screening-events",
                t -> ((ObjectNode) t.at("/spec/config")).put("min.insync.replicas", 1))), true),
                "fixture: KafkaTopic screening-events: min.insync.replicas 1, prod wants at least 2");
        assertReports(ManifestRules.topics(rendered(edit("KafkaTopic", "screening-events",
                t -> ((ObjectNode) t.at("/metadata/labels")).put("strimzi.io/cluster", "other"))), FIXTURE_TOPICS),
                "fixture: KafkaTopic screening-events: label strimzi.io/cluster other names no Kafka");
        assertReports(ManifestRules.topics(rendered(FIXTURE), List.of("screening.events", "screening.events.dlq", "alert.events")),
                "fixture: KafkaTopics differ from the design's list: missing [alert.events]");
    }

    // --- network ---------------------------------------------------------------------------------------------

    @Test
    @DisplayName("no default deny, a service reaching another, the wrong database port, egress to everything")
    void networkRules() {
        assertReports(NetworkRules.check(rendered(without("NetworkPolicy", "default-deny"))),
                "fixture: no default-deny NetworkPolicy");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "screening-service", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("to").addObject().putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "gateway");
        }))), "fixture: Deployment screening-service: may reach service gateway");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "screening-service", p -> {
            for (JsonNode rule : p.at("/spec/egress")) {
                for (JsonNode port : rule.path("ports")) {
                    if (port.path("port").asInt() == 5432) {
                        ((ObjectNode) port).put("port", 5433);
                    }
                }
            }
        }))), "fixture: Deployment screening-service: egress to PostgreSQL frontline-db on TCP 5432 is not allowed");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "screening-service", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("ports").addObject().put("port", 443);
        }))), "fixture: Deployment screening-service: NetworkPolicy screening-service allows egress to every destination");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "database",
                p -> ((ObjectNode) p.get("spec")).putArray("ingress")))),
                "fixture: Deployment gateway: PostgreSQL frontline-db does not allow ingress from it on TCP 5432");
    }

    @Test
    @DisplayName("a database no Database creates, a password from another role, a wrong bootstrap, Keycloak without HTTP")
    void wiringRules() {
        assertReports(ManifestRules.wiring(rendered(edit("ConfigMap", "screening-service",
                c -> ((ObjectNode) c.get("data")).put("FRONTLINE_DB_URL", "jdbc:postgresql://frontline-db-rw:5432/screenig")))),
                "fixture: Deployment screening-service: FRONTLINE_DB_URL names database screenig, which no Database of frontline-db creates");
        assertReports(ManifestRules.wiring(rendered(edit("Deployment", "screening-service", d -> {
            for (JsonNode e : d.at("/spec/template/spec/containers/0/env")) {
                if (e.path("name").asString().equals("FRONTLINE_DB_PASSWORD")) {
                    ((ObjectNode) e.at("/valueFrom/secretKeyRef")).put("name", "frontline-db-gateway");
                }
            }
        }))), "fixture: Deployment screening-service: FRONTLINE_DB_PASSWORD is secret:frontline-db-gateway/password, want secret:frontline-db-screening/password");
        assertReports(ManifestRules.wiring(rendered(edit("ConfigMap", "gateway",
                c -> ((ObjectNode) c.get("data")).put("FRONTLINE_KAFKA_BOOTSTRAP", "frontline-kafka-kafka-bootstrap:9093")))),
                "fixture: Deployment gateway: FRONTLINE_KAFKA_BOOTSTRAP frontline-kafka-kafka-bootstrap:9093 is no Kafka's bootstrap");
        assertReports(ManifestRules.wiring(rendered(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec/http")).put("httpEnabled", false)))),
                "fixture: Deployment gateway: FRONTLINE_OIDC_URL http://frontline-keycloak-service:8080/realms/frontline is not");
        assertReports(ManifestRules.wiring(rendered(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec/db/passwordSecret")).put("name", "frontline-db-gateway")))),
                "fixture: Keycloak frontline-keycloak: spec.db user/password Secrets are not frontline-db-keycloak username/password");
    }

    // --- environment and secrets -----------------------------------------------------------------------------

    @Test
    @DisplayName("a variable the table requires but the Deployment lacks; one it sets that the table lacks; an undocumented ${ENV}")
    void environmentRules() {
        Rendered r = rendered(FIXTURE);
        ConfigurationTable table = tableOf(r);
        List<ConfigurationTable.Row> rows = new ArrayList<>(table.rows());
        rows.add(new ConfigurationTable.Row("FRONTLINE_NEW_THING", Set.of("gateway"), true));
        assertReports(ManifestRules.environment(r, new ConfigurationTable(rows, List.of()), secretsOf(r)),
                "fixture: Deployment gateway: does not set FRONTLINE_NEW_THING");
        rows = new ArrayList<>(table.rows());
        rows.removeIf(row -> row.variable().equals("FRONTLINE_OIDC_URL"));
        assertReports(ManifestRules.environment(r, new ConfigurationTable(rows, List.of()), secretsOf(r)),
                "fixture: Deployment gateway: sets FRONTLINE_OIDC_URL, which docs/configuration.md does not list for gateway");
        assertReports(ManifestRules.configReferences(table, "application.properties",
                "a.b=${FRONTLINE_OIDC_URL:x}\nc.d=${FRONTLINE_UNLISTED:${frontline.service}}\n", List.of("gateway")),
                "application.properties reads ${FRONTLINE_UNLISTED}, which docs/configuration.md does not list for gateway");
        ConfigurationTable parsed = ConfigurationTable.parse("""
                | variable | services | default | set in Kubernetes | meaning |
                |---|---|---|---|---|
                | `FRONTLINE_DB_URL` | all | local | yes | where |
                | `FRONTLINE_GATEWAY_SERVICES_<NAME>_URL` | gateway | | maybe | a service |
                """);
        assertReports(parsed.problems(), "FRONTLINE_GATEWAY_SERVICES_<NAME>_URL: 'set in Kubernetes' is 'maybe'");
        assertTrue(parsed.documents("FRONTLINE_GATEWAY_SERVICES_ROSTER_URL", "gateway"), "a <NAME> row matches its variables");
        assertTrue(!parsed.documents("FRONTLINE_GATEWAY_SERVICES_ROSTER_URL", "alert-service"), "only for its services");
    }

    @Test
    @DisplayName("a Secret key the script does not create, and a committed Secret with data")
    void secretRules() {
        Rendered r = rendered(FIXTURE);
        Map<String, Set<String>> created = new LinkedHashMap<>(secretsOf(r));
        created.put("frontline-db-screening", Set.of("username"));
        assertReports(ManifestRules.secrets(r, created), "fixture: Deployment screening-service env FRONTLINE_DB_PASSWORD: "
                + "Secret frontline-db-screening has no key password");
        created.remove("frontline-db-keycloak");
        assertReports(ManifestRules.secrets(r, created),
                "fixture: Cluster frontline-db managed role keycloak: Secret frontline-db-keycloak is not created by deploy/kubernetes/secrets",
                "fixture: Keycloak frontline-keycloak db.passwordSecret: Secret frontline-db-keycloak is not created");
        Rendered committed = rendered(FIXTURE + "\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: oops\n  labels:\n"
                + "    app.kubernetes.io/name: x\n    app.kubernetes.io/component: service\n    app.kubernetes.io/part-of: frontline\n"
                + "data:\n  password: c2VjcmV0\n");
        assertReports(ManifestRules.secrets(committed, secretsOf(r)), "fixture: Secret oops: a Secret with data is committed");
    }

    @Test
    @DisplayName("prod importing sample users; a realm import naming no Keycloak; a resource without its labels")
    void realmAndLabelRules() {
        assertReports(ManifestRules.realm(rendered(edit("KeycloakRealmImport", "frontline-realm",
                ri -> ((ObjectNode) ri.at("/spec/realm")).putArray("users").addObject().put("username", "demo"))), true),
                "fixture: KeycloakRealmImport frontline-realm: prod imports 1 user(s)");
        assertReports(ManifestRules.realm(rendered(edit("KeycloakRealmImport", "frontline-realm",
                ri -> ((ObjectNode) ri.get("spec")).put("keycloakCRName", "keycloak"))), false),
                "fixture: KeycloakRealmImport frontline-realm: keycloakCRName keycloak names no Keycloak");
        assertReports(ManifestRules.labels(rendered(edit("Service", "gateway",
                s -> ((ObjectNode) s.at("/metadata/labels")).remove("app.kubernetes.io/component")))),
                "fixture: Service gateway: no label app.kubernetes.io/component");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void assertReports(List<String> problems, String... expected) {
        for (String e : expected) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(e)),
                    "want a problem containing \"" + e + "\", got:\n  " + String.join("\n  ", problems));
        }
    }

    private static List<String> parse(String yaml) {
        return StrictManifestReader.read("fixture", yaml).problems();
    }

    private static Rendered rendered(String yaml) {
        StrictManifestReader.Result result = StrictManifestReader.read("fixture", yaml);
        assertTrue(result.problems().isEmpty(), "the broken fixture must still parse: " + result.problems());
        return new Rendered("fixture", result.manifests());
    }

    /** The fixture with one document changed. */
    private static String edit(String kind, String name, Consumer<ObjectNode> change) {
        return rewrite(docs -> {
            boolean found = false;
            for (JsonNode d : docs) {
                if (kind.equals(d.path("kind").asString()) && name.equals(d.path("metadata").path("name").asString())) {
                    change.accept((ObjectNode) d);
                    found = true;
                }
            }
            assertTrue(found, "fixture has no " + kind + " " + name);
            return docs;
        });
    }

    /** The fixture without one document. */
    private static String without(String kind, String name) {
        return rewrite(docs -> docs.stream().filter(d -> !(kind.equals(d.path("kind").asString())
                && name.equals(d.path("metadata").path("name").asString()))).toList());
    }

    private static String rewrite(Function<List<JsonNode>, List<JsonNode>> change) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = StrictManifestReader.MAPPER.readerFor(JsonNode.class).readValues(FIXTURE)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        }
        return change.apply(docs).stream().map(StrictManifestReader.MAPPER::writeValueAsString)
                .collect(Collectors.joining("\n"));
    }

    /** A table documenting exactly what the fixture's Deployments set, all required. */
    private static ConfigurationTable tableOf(Rendered r) {
        List<ConfigurationTable.Row> rows = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, Set<String>> byVariable = new LinkedHashMap<>();
        for (Manifest m : r.ofKind("Deployment")) {
            ManifestRules.environment(r, m, secretsOf(r), ignored).keySet()
                    .forEach(v -> byVariable.computeIfAbsent(v, k -> new TreeSet<>()).add(m.name()));
        }
        byVariable.forEach((v, services) -> rows.add(new ConfigurationTable.Row(v, services, true)));
        return new ConfigurationTable(rows, List.of());
    }

    /** What a secrets script would create for exactly the fixture's references. */
    private static Map<String, Set<String>> secretsOf(Rendered r) {
        Map<String, Set<String>> created = new LinkedHashMap<>();
        for (ManifestRules.SecretUse use : ManifestRules.secretUses(r)) {
            Set<String> keys = created.computeIfAbsent(use.secret(), k -> new TreeSet<>());
            if (use.key() != null) {
                keys.add(use.key());
            }
        }
        return created;
    }

    private static String resource(String name) {
        try (InputStream in = BrokenManifestsTests.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
