package org.frontline.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import tools.jackson.databind.JsonNode;

/**
 * Strict models of the CloudNativePG ({@code postgresql.cnpg.io/v1}) and Keycloak operator
 * ({@code k8s.keycloak.org/v2alpha1}) resources. Neither operator publishes a Java model on Maven Central
 * (keycloak-operator is not there), so these records cover the fields this project uses, with the names from the
 * operators' own references: the CloudNativePG API reference (ClusterSpec, StorageConfiguration,
 * PostgresConfiguration, AffinityConfiguration, ManagedConfiguration/RoleConfiguration, BootstrapInitDB,
 * DatabaseSpec) and the Keycloak operator guide ("Advanced configuration") and its CRD
 * (keycloaks.k8s.keycloak.org, keycloakrealmimports.k8s.keycloak.org). The reader binds them with
 * FAIL_ON_UNKNOWN_PROPERTIES: a misspelt field, or one the operator has but nobody has checked here yet, fails;
 * add it here after checking the operator's reference. Kubernetes types inside (resources, affinity, a pod
 * template) are the fabric8 model and are walked for unknown fields like everything else.
 *
 * <p>Not modelled: the realm itself ({@code KeycloakRealmImport.spec.realm}, Keycloak's RealmRepresentation with
 * hundreds of fields) is kept as a tree; the test checks only what it relies on (its name, no users in prod).
 */
final class OperatorModels {

    private OperatorModels() {
    }

    record Meta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record LocalObjectReference(String name) {
    }

    record SecretKeySelector(String name, String key, Boolean optional) {
    }

    // --- CloudNativePG --------------------------------------------------------------------------------------

    record CnpgCluster(String apiVersion, String kind, Meta metadata, ClusterSpec spec) {
    }

    record ClusterSpec(
            String description,
            Integer instances,
            String imageName,
            String imagePullPolicy,
            List<LocalObjectReference> imagePullSecrets,
            Integer startDelay,
            Integer stopDelay,
            Integer switchoverDelay,
            Integer smartShutdownTimeout,
            String primaryUpdateStrategy,
            String primaryUpdateMethod,
            Boolean enableSuperuserAccess,
            LocalObjectReference superuserSecret,
            String logLevel,
            String priorityClassName,
            StorageConfiguration storage,
            StorageConfiguration walStorage,
            PostgresConfiguration postgresql,
            AffinityConfiguration affinity,
            List<TopologySpreadConstraint> topologySpreadConstraints,
            ResourceRequirements resources,
            ManagedConfiguration managed,
            BootstrapConfiguration bootstrap,
            MonitoringConfiguration monitoring,
            EmbeddedObjectMetadata inheritedMetadata) {
    }

    record StorageConfiguration(String storageClass, String size, Boolean resizeInUseVolumes) {
    }

    /** parameters and pg_hba are strings in the CRD: an unquoted number is refused by the API server. */
    record PostgresConfiguration(Map<String, String> parameters, List<String> pg_hba, List<String> pg_ident,
            List<String> shared_preload_libraries, Boolean enableAlterSystem, SynchronousReplicaConfiguration synchronous) {
    }

    /** method any|first, dataDurability required|preferred (CloudNativePG 1.24+). */
    record SynchronousReplicaConfiguration(String method, Integer number, Integer maxStandbyNamesFromCluster,
            List<String> standbyNamesPre, List<String> standbyNamesPost, String dataDurability) {
    }

    record AffinityConfiguration(Boolean enablePodAntiAffinity, String topologyKey, String podAntiAffinityType,
            Map<String, String> nodeSelector, List<Toleration> tolerations) {
    }

    record ManagedConfiguration(List<RoleConfiguration> roles) {
    }

    record RoleConfiguration(String name, String comment, String ensure, Boolean login, Boolean superuser,
            Boolean createdb, Boolean createrole, Boolean inherit, Boolean replication, Boolean bypassrls,
            Integer connectionLimit, String validUntil, List<String> inRoles, LocalObjectReference passwordSecret,
            Boolean disablePassword) {
    }

    record BootstrapConfiguration(BootstrapInitDB initdb) {
    }

    record BootstrapInitDB(String database, String owner, LocalObjectReference secret, String encoding,
            String localeCollate, String localeCType, Boolean dataChecksums, List<String> postInitSQL,
            List<String> postInitApplicationSQL, List<String> postInitTemplateSQL) {
    }

    record MonitoringConfiguration(Boolean enablePodMonitor) {
    }

    record EmbeddedObjectMetadata(Map<String, String> labels, Map<String, String> annotations) {
    }

    record CnpgDatabase(String apiVersion, String kind, Meta metadata, DatabaseSpec spec) {
    }

    record DatabaseSpec(LocalObjectReference cluster, String name, String owner, String ensure,
            String databaseReclaimPolicy, String encoding, String locale, String localeProvider,
            String template, String tablespace, Boolean allowConnections, Integer connectionLimit) {
    }

    // --- Keycloak operator ----------------------------------------------------------------------------------

    record Keycloak(String apiVersion, String kind, Meta metadata, KeycloakSpec spec) {
    }

    record KeycloakSpec(
            Integer instances,
            String image,
            List<LocalObjectReference> imagePullSecrets,
            Boolean startOptimized,
            Database db,
            Http http,
            HttpManagement httpManagement,
            Hostname hostname,
            Proxy proxy,
            IngressSpec ingress,
            Features features,
            Transaction transaction,
            ResourceRequirements resources,
            List<ValueOrSecret> additionalOptions,
            BootstrapAdmin bootstrapAdmin,
            KeycloakNetworkPolicy networkPolicy,
            Scheduling scheduling,
            Unsupported unsupported) {
    }

    record Database(String vendor, String host, Integer port, String database, String schema, String url,
            SecretKeySelector usernameSecret, SecretKeySelector passwordSecret, Integer poolInitialSize,
            Integer poolMinSize, Integer poolMaxSize) {
    }

    record Http(Boolean httpEnabled, Integer httpPort, Integer httpsPort, String tlsSecret,
            Map<String, String> annotations, Map<String, String> labels) {
    }

    record HttpManagement(Integer port) {
    }

    record Hostname(String hostname, String admin, Boolean strict, Boolean backchannelDynamic) {
    }

    record Proxy(String headers) {
    }

    record IngressSpec(Boolean enabled, String className, Map<String, String> annotations,
            Map<String, String> labels, String tlsSecret) {
    }

    record Features(List<String> enabled, List<String> disabled) {
    }

    record Transaction(Boolean xaEnabled) {
    }

    record ValueOrSecret(String name, String value, SecretKeySelector secret) {
    }

    record BootstrapAdmin(SecretRef user, SecretRef service) {
    }

    record SecretRef(String secret) {
    }

    record KeycloakNetworkPolicy(Boolean enabled, List<NetworkPolicyPeer> http, List<NetworkPolicyPeer> https,
            List<NetworkPolicyPeer> management) {
    }

    record Scheduling(Affinity affinity, List<Toleration> tolerations,
            List<TopologySpreadConstraint> topologySpreadConstraints, String priorityClassName) {
    }

    record Unsupported(PodTemplateSpec podTemplate) {
    }

    record KeycloakRealmImport(String apiVersion, String kind, Meta metadata, RealmImportSpec spec) {
    }

    record RealmImportSpec(String keycloakCRName, JsonNode realm, Map<String, Placeholder> placeholders,
            ResourceRequirements resources) {
    }

    record Placeholder(SecretKeySelector secret) {
    }
}
