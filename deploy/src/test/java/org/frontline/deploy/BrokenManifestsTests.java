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
        problems.addAll(ManifestRules.imageSources(r, true));
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
        problems.addAll(ManifestRules.environmentRequiredByConfig(r, FIXTURE_REQUIRED, secretsOf(r)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** What the platform's and screening-service's config read without a default (as {@link ManifestRules#requiredByConfig} finds it). */
    private static final Map<String, Map<String, String>> FIXTURE_REQUIRED = Map.of(
            "gateway", Map.of("FRONTLINE_DB_PASSWORD", Repository.PLATFORM_CONFIG),
            "screening-service", Map.of("FRONTLINE_DB_PASSWORD", Repository.PLATFORM_CONFIG,
                    "SCREENING_ID_NUMBER_HASH_KEY", "screening-service/src/main/resources/application.properties"));

    @Test
    @DisplayName("an autoscaler raised beyond what PostgreSQL's max_connections admits is reported with the figures")
    void autoscalerBeyondMaxConnections() {
        String yaml = edit("HorizontalPodAutoscaler", "gateway", h -> ((ObjectNode) h.get("spec")).put("maxReplicas", 40));
        Rendered r = new Rendered("fixture", StrictManifestReader.read("fixture", yaml).manifests());
        List<String> problems = ManifestRules.connections(r, 21);
        assertTrue(problems.size() == 1 && problems.get(0).startsWith("fixture: Cluster frontline-db: max_connections 700 is below the "),
                problems.toString());
    }

    @Test
    @DisplayName("a rollout at the autoscalers' maxima adds maxSurge pods (25 % rounded up by default): counted against max_connections")
    void rolloutSurgeCountsAgainstMaxConnections() {
        // (12 + 1 surge) x 21 x 2 + Keycloak 2 x 30 = 606: above 600, although the maxima alone (564) fit
        String yaml = edit("Cluster", "frontline-db", c -> ((ObjectNode) c.at("/spec/postgresql/parameters")).put("max_connections", "600"));
        assertReports(ManifestRules.connections(rendered(yaml), 21), "fixture: Cluster frontline-db: max_connections 600 is below the 606 connections",
                "rollout surge [gateway 12+1, screening-service 12+1]");
        // maxSurge 50 % of 12 = 6 more pods each: 18 x 21 x 2 + 60 = 816
        yaml = edit("Deployment", "gateway", d -> ((ObjectNode) d.at("/spec/strategy/rollingUpdate")).put("maxSurge", "50%"));
        yaml = editIn(yaml, "Deployment", "screening-service", d -> ((ObjectNode) d.at("/spec/strategy")).remove("rollingUpdate"));
        assertReports(ManifestRules.connections(rendered(yaml), 21), "max_connections 700 is below the 753 connections",
                "[gateway 12+6, screening-service 12+3]");
        var recreate = rendered(edit("Deployment", "gateway", d -> {
            ((ObjectNode) d.get("spec")).putObject("strategy").put("type", "Recreate");
        })).find("Deployment", "gateway").orElseThrow().as(io.fabric8.kubernetes.api.model.apps.Deployment.class);
        assertTrue(ManifestRules.surge(recreate, 12) == 0, "Recreate starts no extra pods");
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
    @DisplayName("an image without a registry host (Docker Hub), a -SNAPSHOT in prod: reported")
    void imageSourceRules() {
        assertReports(ManifestRules.imageSources(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "frontline/gateway:0.1.0"))), false),
                "fixture: Deployment gateway container gateway: image frontline/gateway:0.1.0 names no registry host: it resolves to Docker Hub");
        String snapshot = edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "registry.example.org/frontline/gateway:0.1.0-SNAPSHOT"));
        assertReports(ManifestRules.imageSources(rendered(snapshot), true),
                "fixture: Deployment gateway container gateway: image registry.example.org/frontline/gateway:0.1.0-SNAPSHOT is a -SNAPSHOT");
        assertTrue(ManifestRules.imageSources(rendered(snapshot), false).isEmpty(), "dev may run a snapshot");
    }

    @Test
    @DisplayName("an images: entry that names no image leaves the base image: reported")
    void overlayImageRule() {
        assertReports(ManifestRules.overlayImages(rendered(FIXTURE), StrictManifestReader.MAPPER.readTree("""
                images:
                  - {name: frontline/gatway, newName: registry.example.org/frontline/gatway, newTag: 0.1.0}
                """)), "fixture: kustomization images entry frontline/gatway did not take effect");
        assertTrue(ManifestRules.overlayImages(rendered(FIXTURE), StrictManifestReader.MAPPER.readTree("""
                images:
                  - {name: frontline/gateway, newName: registry.example.org/frontline/gateway, newTag: 0.1.0}
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
    @DisplayName("replicas beside an autoscaler, HPA minimum one in prod, no anti-affinity, no TLS; dev with HPA minimum three")
    void overlayRules() {
        assertReports(ManifestRules.replicas(rendered(edit("Deployment", "gateway", d -> ((ObjectNode) d.get("spec")).put("replicas", 3))), true),
                "fixture: Deployment gateway: sets spec.replicas 3 although HorizontalPodAutoscaler gateway scales it");
        assertReports(ManifestRules.replicas(rendered(edit("Deployment", "gateway", d -> ((ObjectNode) d.get("spec")).put("replicas", 1))), false),
                "fixture: Deployment gateway: sets spec.replicas 1 although HorizontalPodAutoscaler gateway scales it");
        assertReports(ManifestRules.replicas(rendered(without("HorizontalPodAutoscaler", "gateway")), true),
                "fixture: Deployment gateway: replicas null and no autoscaler, prod wants at least 2");
        assertReports(ManifestRules.replicas(rendered(edit("HorizontalPodAutoscaler", "gateway", d -> ((ObjectNode) d.get("spec")).put("minReplicas", 1))), true),
                "fixture: HorizontalPodAutoscaler gateway: minReplicas 1, prod wants at least 2");
        assertReports(ManifestRules.replicas(rendered(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec")).remove("affinity"))), true),
                "fixture: Deployment gateway: no pod anti-affinity");
        assertReports(ManifestRules.replicas(rendered(FIXTURE), false), "fixture: HorizontalPodAutoscaler gateway: minReplicas 3, dev wants 1");
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
        // the egress every service shares (NetworkPolicy services) reaching the gateway: a backend may reach it
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("to").addObject().putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "gateway");
        }))), "fixture: Deployment screening-service: may reach service gateway");
        // without the backends' policy nothing lets the gateway in to them
        assertReports(NetworkRules.check(rendered(without("NetworkPolicy", "backends"))),
                "fixture: Deployment gateway: screening-service does not allow ingress from it on TCP 8080");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services", p -> {
            for (JsonNode rule : p.at("/spec/egress")) {
                for (JsonNode port : rule.path("ports")) {
                    if (port.path("port").asInt() == 5432) {
                        ((ObjectNode) port).put("port", 5433);
                    }
                }
            }
        }))), "fixture: Deployment screening-service: egress to PostgreSQL frontline-db on TCP 5432 is not allowed");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("ports").addObject().put("port", 443);
        }))), "fixture: Deployment screening-service: NetworkPolicy services allows egress to every destination");
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

    // --- review of issue 14: Kafka listeners, Keycloak's public paths, topics, backchannel, environment -------------

    @Test
    @DisplayName("a Kafka listener without networkPolicyPeers, with an empty podSelector, or a namespaceSelector is reported")
    void kafkaListenerPeers() {
        assertReports(ManifestRules.kafka(rendered(edit("Kafka", "frontline-kafka",
                k -> ((ObjectNode) k.at("/spec/kafka/listeners/0")).remove("networkPolicyPeers"))), true),
                "fixture: Kafka frontline-kafka listener plain: no networkPolicyPeers; Strimzi then opens the port to every pod");
        assertReports(ManifestRules.kafka(rendered(edit("Kafka", "frontline-kafka", k -> ((ArrayNode) k.at("/spec/kafka/listeners"))
                .addObject().put("name", "tls").put("port", 9093).put("type", "internal").put("tls", true))), true),
                "fixture: Kafka frontline-kafka listener tls: no networkPolicyPeers");
        assertReports(ManifestRules.kafka(rendered(edit("Kafka", "frontline-kafka",
                k -> ((ArrayNode) k.at("/spec/kafka/listeners/0/networkPolicyPeers")).addObject().putObject("podSelector"))), true),
                "fixture: Kafka frontline-kafka listener plain: a networkPolicyPeer with an empty podSelector admits every pod");
        assertReports(ManifestRules.kafka(rendered(edit("Kafka", "frontline-kafka",
                k -> ((ArrayNode) k.at("/spec/kafka/listeners/0/networkPolicyPeers")).addObject().putObject("namespaceSelector"))), true),
                "fixture: Kafka frontline-kafka listener plain: networkPolicyPeer", "admits pods outside the namespace");
        assertReports(ManifestRules.kafka(rendered(edit("Kafka", "frontline-kafka",
                k -> ((ObjectNode) k.at("/spec/kafka/listeners/0/networkPolicyPeers/0/podSelector")).putObject("matchLabels")
                        .put("app.kubernetes.io/part-of", "frontline"))), true),
                "does not require app.kubernetes.io/component=service");
    }

    @Test
    @DisplayName("an Ingress path that routes Keycloak's root, admin console or master realm is reported, on any Ingress")
    void keycloakAdminIsNotPublic() {
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline-auth",
                i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0")).put("path", "/"))), true),
                "fixture: Ingress frontline-auth: host auth.example.org path / (Prefix) routes /admin/master/console/ to Keycloak's Service frontline-keycloak-service");
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline-auth",
                i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0")).put("path", "/realms").put("pathType", "ImplementationSpecific"))), true),
                "fixture: Ingress frontline-auth: host auth.example.org path /realms (ImplementationSpecific) routes /realms/master to Keycloak");
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline-auth",
                i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/1")).put("path", "/admin"))), true),
                "fixture: Ingress frontline-auth: host auth.example.org path /admin (Prefix) routes /admin to Keycloak");
        // the gateway's Ingress carrying Keycloak too
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline", i -> {
            ObjectNode path = ((ArrayNode) i.at("/spec/rules/0/http/paths")).addObject().put("path", "/auth").put("pathType", "Prefix");
            path.putObject("backend").putObject("service").put("name", "frontline-keycloak-service").putObject("port").put("number", 8080);
            ((ObjectNode) path).put("path", "/");
            ((ObjectNode) i.at("/spec/rules/0/http/paths/0")).put("path", "/api");
        })), true), "fixture: Ingress frontline: host frontline.example.org path / (Prefix) routes /realms/master to Keycloak");
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline-auth",
                i -> ((ObjectNode) i.get("spec")).putObject("defaultBackend").putObject("service").put("name", "frontline-keycloak-service")
                        .putObject("port").put("number", 8080))), true),
                "fixture: Ingress frontline-auth: defaultBackend is Keycloak's Service frontline-keycloak-service");
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline-auth",
                i -> ((ArrayNode) i.at("/spec/rules/0/http/paths")).remove(1))), true),
                "fixture: no Ingress routes /resources/x/login/keycloak.v2/css/styles.css to Keycloak (sign-in needs it)");
        assertTrue(ManifestRules.routes("Prefix", "/realms/frontline", "/realms/frontline/protocol/openid-connect/auth")
                && !ManifestRules.routes("Prefix", "/realms/frontline", "/realms/frontlinex")
                && !ManifestRules.routes("Exact", "/realms/frontline", "/realms/frontline/x")
                && ManifestRules.routes("Prefix", "/", "/admin"), "Kubernetes path matching");
    }

    @Test
    @DisplayName("a plain-HTTP host that is not *.localhost, an http issuer elsewhere: no secure context for sign-in")
    void secureContextForSignIn() {
        assertReports(ManifestRules.ingress(rendered(edit("Ingress", "frontline", i -> ((ObjectNode) i.get("spec")).remove("tls"))), false),
                "fixture: Ingress frontline: host frontline.example.org is served over plain HTTP and is not localhost/*.localhost");
        String dev = editIn(edit("Ingress", "frontline", i -> {
            ((ObjectNode) i.get("spec")).remove("tls");
            ((ObjectNode) i.at("/spec/rules/0")).put("host", "frontline.localhost");
        }), "ConfigMap", "gateway", c -> ((ObjectNode) c.get("data")).put("FRONTLINE_GATEWAY_WEB_ISSUER", "http://auth.localtest.me/realms/frontline"));
        List<String> problems = ManifestRules.secureContexts(rendered(dev));
        assertReports(problems, "fixture: Deployment gateway: FRONTLINE_GATEWAY_WEB_ISSUER http://auth.localtest.me/realms/frontline is neither https nor http on localhost");
        assertTrue(problems.stream().noneMatch(p -> p.contains("frontline.localhost")), "http on *.localhost is a secure context: " + problems);
    }

    @Test
    @DisplayName("an event topic with fewer partitions or a finite retention, a dead-letter topic that expires, differing counts")
    void topicPartitionsAndRetention() {
        assertReports(ManifestRules.topics(rendered(edit("KafkaTopic", "screening-events", t -> ((ObjectNode) t.get("spec")).put("partitions", 2))),
                FIXTURE_TOPICS), "fixture: KafkaTopic screening-events: partitions 2, an event topic wants at least 3");
        assertReports(ManifestRules.topics(rendered(edit("KafkaTopic", "screening-events",
                t -> ((ObjectNode) t.at("/spec/config")).put("retention.ms", 604800000L))), FIXTURE_TOPICS),
                "fixture: KafkaTopic screening-events: retention.ms 604800000, an event topic keeps everything (-1)");
        assertReports(ManifestRules.topics(rendered(edit("KafkaTopic", "screening-events-dlq",
                t -> ((ObjectNode) t.at("/spec/config")).remove("retention.ms"))), FIXTURE_TOPICS),
                "fixture: KafkaTopic screening-events-dlq: retention.ms null, a dead-letter topic keeps its records until re-driven (-1)");
        String second = FIXTURE + "\n---\n" + """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: roster-events
                  labels: {strimzi.io/cluster: frontline-kafka, app.kubernetes.io/name: frontline-kafka, app.kubernetes.io/component: kafka, app.kubernetes.io/part-of: frontline}
                spec:
                  topicName: roster.events
                  partitions: 6
                  replicas: 3
                  config: {retention.ms: -1}
                """;
        assertReports(ManifestRules.topics(rendered(second), List.of("screening.events", "screening.events.dlq", "roster.events")),
                "fixture: the event topics have different partition counts {roster.events=6, screening.events=12}");
    }

    @Test
    @DisplayName("services reaching Keycloak's internal Service while its hostname is not backchannel-dynamic: reported")
    void backchannelDynamic() {
        assertReports(ManifestRules.wiring(rendered(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec/hostname")).remove("backchannelDynamic")))),
                "fixture: Deployment gateway: FRONTLINE_OIDC_URL http://frontline-keycloak-service:8080/realms/frontline is Keycloak "
                        + "frontline-keycloak's internal Service, but its spec.hostname.backchannelDynamic is not true");
    }

    @Test
    @DisplayName("a ${VAR} without a default outside %dev/%test must be set by the Deployment, whatever the table says")
    void environmentRequiredByConfig() {
        assertTrue(ManifestRules.requiredByConfig("""
                a=${X}
                %dev.b=${Y}
                %test.b=${Y2}
                %dev,test.b=${Y3}
                %prod.c=${Z}
                d=${W:default}
                e=${FRONTLINE_DB_URL:jdbc:postgresql://h:${PORT:5432}/${frontline.service}}
                f=long \\
                  ${CONTINUED}
                """).equals(Set.of("X", "Z", "CONTINUED")), "only defaultless variables outside dev/test");
        assertTrue(ManifestRules.requiredByConfig("screening.id-number-hash-key=${SCREENING_ID_NUMBER_HASH_KEY}\n")
                .contains("SCREENING_ID_NUMBER_HASH_KEY"));
        assertReports(ManifestRules.environmentRequiredByConfig(rendered(edit("Deployment", "screening-service", d -> {
            ArrayNode env = (ArrayNode) d.at("/spec/template/spec/containers/0/env");
            for (int i = env.size() - 1; i >= 0; i--) {
                if (env.get(i).path("name").asString().equals("SCREENING_ID_NUMBER_HASH_KEY")) {
                    env.remove(i);
                }
            }
        })), FIXTURE_REQUIRED, secretsOf(rendered(FIXTURE))),
                "fixture: Deployment screening-service: does not set SCREENING_ID_NUMBER_HASH_KEY "
                        + "(screening-service/src/main/resources/application.properties reads ${SCREENING_ID_NUMBER_HASH_KEY} without a default");
    }

    // --- network: how wide the services' own doors are, and what DNS is --------------------------------------

    @Test
    @DisplayName("a service's ingress open to all ([{}], namespaceSelector {}, podSelector {}), the gateway's from its own namespace")
    void ingressWidthRules() {
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "backends",
                p -> ((ArrayNode) p.at("/spec/ingress")).addObject()))),
                "fixture: Deployment screening-service: NetworkPolicy backends admits ingress from every source on every port (want only the gateway)");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "backends",
                p -> ((ArrayNode) p.at("/spec/ingress/0/from")).addObject().putObject("namespaceSelector")))),
                "fixture: Deployment screening-service: NetworkPolicy backends ingress peer", "admits pods of other namespaces");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "backends",
                p -> ((ArrayNode) p.at("/spec/ingress/0/from")).addObject().putObject("podSelector")))),
                "also selects screening-service (want only the gateway)", "also selects PostgreSQL frontline-db");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "gateway",
                p -> ((ObjectNode) p.at("/spec/ingress/0/from/0/namespaceSelector")).remove("matchLabels")))),
                "fixture: Deployment gateway: NetworkPolicy gateway ingress peer", "is not the ingress controller's namespace");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "gateway",
                p -> ((ObjectNode) p.at("/spec/ingress/0")).remove("from")))),
                "fixture: Deployment gateway: NetworkPolicy gateway admits ingress from every source on [TCP 8080] (want only the ingress controller's namespace)");
    }

    @Test
    @DisplayName("the Keycloak operator's own NetworkPolicy (on by default) or its own Ingress left on: reported")
    void keycloakOperatorPolicyAndIngress() {
        assertReports(NetworkRules.check(rendered(edit("Keycloak", "frontline-keycloak", k -> ((ObjectNode) k.get("spec")).remove("networkPolicy")))),
                "fixture: Keycloak frontline-keycloak: spec.networkPolicy is not set (on by default) with a port without peers");
        assertReports(NetworkRules.check(rendered(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.at("/spec/networkPolicy")).put("enabled", true)))),
                "fixture: Keycloak frontline-keycloak: spec.networkPolicy is enabled with a port without peers");
        assertReports(ManifestRules.ingress(rendered(edit("Keycloak", "frontline-keycloak",
                k -> ((ObjectNode) k.get("spec")).remove("ingress"))), true),
                "fixture: Keycloak frontline-keycloak: spec.ingress.enabled is not false");
    }

    @Test
    @DisplayName("DNS egress to an ipBlock or to every destination on port 53 is not the cluster DNS: reported")
    void dnsMeansKubeDns() {
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("to").addObject().putObject("ipBlock").put("cidr", "0.0.0.0/0");
            rule.putArray("ports").addObject().put("port", 53).put("protocol", "UDP");
        }))), "fixture: Deployment screening-service: NetworkPolicy services egress peer  ipBlock 0.0.0.0/0 on port 53 is not the cluster DNS");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services", p -> {
            ObjectNode rule = ((ArrayNode) p.at("/spec/egress")).addObject();
            rule.putArray("ports").addObject().put("port", 53).put("protocol", "UDP");
        }))), "fixture: Deployment screening-service: NetworkPolicy services allows egress to every destination on [UDP 53]");
        assertReports(NetworkRules.check(rendered(edit("NetworkPolicy", "services",
                p -> ((ObjectNode) p.at("/spec/egress/0/to/0")).remove("podSelector")))),
                "on port 53 is not the cluster DNS (want namespaceSelector kube-system and podSelector k8s-app=kube-dns)");
    }

    // --- quantities and quoted numbers -----------------------------------------------------------------------

    @Test
    @DisplayName("quantities outside Kubernetes' grammar (2Gb, 512MB, abcGi, 2 Gi) and a quoted port are reported, with their path")
    void invalidQuantitiesAndQuotedPorts() {
        for (String bad : List.of("2Gb", "512MB", "abcGi", "2 Gi", "1.5.0Gi")) {
            assertReports(parse(edit("Deployment", "gateway",
                    d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/resources/limits")).put("memory", bad))),
                    "fixture: Deployment gateway: invalid quantity at spec.template.spec.containers[0].resources.limits.memory (" + bad + ")");
        }
        assertReports(parse(edit("Cluster", "frontline-db", c -> ((ObjectNode) c.at("/spec/storage")).put("size", "500GB"))),
                "fixture: Cluster frontline-db: invalid quantity at spec.storage.size (500GB)");
        assertReports(parse(edit("KafkaNodePool", "broker", p -> ((ObjectNode) p.at("/spec/storage/volumes/0")).put("size", "1 Ti"))),
                "fixture: KafkaNodePool broker: invalid quantity at spec.storage.volumes[0].size (1 Ti)");
        assertReports(parse(edit("Keycloak", "frontline-keycloak", k -> ((ObjectNode) k.at("/spec/resources/limits")).put("memory", "2GB"))),
                "fixture: Keycloak frontline-keycloak: invalid quantity at spec.resources.limits.memory (2GB)");
        assertReports(parse(edit("Deployment", "gateway",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).put("port", "8080"))),
                "fixture: Deployment gateway: quoted number at spec.template.spec.containers[0].livenessProbe.httpGet.port (\"8080\")");
        for (String good : List.of("512Mi", "0.5", "100m", "1e3", "2Gi", "1Ti", ".5", "+1", "10")) {
            assertTrue(StrictManifestReader.QUANTITY.matcher(good).matches(), good + " is a quantity");
        }
    }

    @Test
    @DisplayName("a command that hangs with more output than a pipe holds still fails at its timeout")
    void hangingCommandTimesOut() {
        long start = System.nanoTime();
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> Rendered.run(
                List.of("bash", "-c", "head -c 300000 /dev/zero; sleep 60"), Map.of(), "bash is required", 2));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(e.getMessage().contains("did not finish in 2 s"), e.getMessage());
        assertTrue(seconds < 30, "gave up after " + seconds + " s");
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
        return editIn(FIXTURE, kind, name, change);
    }

    /** {@code yaml} with one document changed. */
    private static String editIn(String yaml, String kind, String name, Consumer<ObjectNode> change) {
        return rewrite(yaml, docs -> {
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
        return rewrite(FIXTURE, docs -> docs.stream().filter(d -> !(kind.equals(d.path("kind").asString())
                && name.equals(d.path("metadata").path("name").asString()))).toList());
    }

    private static String rewrite(String yaml, Function<List<JsonNode>, List<JsonNode>> change) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = StrictManifestReader.MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
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

