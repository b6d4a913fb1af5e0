package org.frontline.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.frontline.deploy.StrictManifestReader.Manifest;

/**
 * NetworkPolicy semantics, enough to answer "may pod A open port P on pod B": a pod selected by a policy with
 * Egress (Ingress) in policyTypes is isolated in that direction and only the rules of the policies selecting it
 * allow traffic; a connection needs both the source's egress and the destination's ingress.
 *
 * <p>The pods the manifests do not declare are modelled from the contract: CloudNativePG instances carry
 * {@code cnpg.io/cluster}, Strimzi brokers {@code strimzi.io/cluster} (+ kind/name), Keycloak pods {@code app:
 * keycloak} and {@code app.kubernetes.io/instance}, the cluster DNS is {@code k8s-app: kube-dns} in kube-system.
 */
final class NetworkRules {

    /** A pod kind: its namespace's labels, its labels, its named ports. */
    record Pod(String name, Map<String, String> namespaceLabels, Map<String, String> labels, Map<String, Integer> ports) {
    }

    static final Map<String, String> KUBE_SYSTEM = Map.of("kubernetes.io/metadata.name", "kube-system");
    static final Pod DNS = new Pod("cluster DNS", KUBE_SYSTEM, Map.of("k8s-app", "kube-dns"), Map.of());

    /**
     * The one exception to "only database, Kafka, Keycloak and DNS": alert-service delivers webhooks to subscribers
     * on the internet (alert-service README, "Notifications"). Allowed only as an ipBlock that excludes the private,
     * loopback, link-local and carrier-grade NAT ranges (so never a pod, a node or a metadata endpoint), on 80/443.
     */
    static final Set<String> WEBHOOK_SENDERS = Set.of("alert-service");
    private static final List<String> NOT_INTERNET = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "169.254.0.0/16", "127.0.0.0/8", "100.64.0.0/10");

    private NetworkRules() {
    }

    private static boolean internetOnly(NetworkPolicyPeer peer, List<NetworkPolicyPort> ports) {
        var block = peer.getIpBlock();
        boolean excluded = block.getExcept() != null && block.getExcept().containsAll(NOT_INTERNET);
        boolean web = ports != null && !ports.isEmpty() && ports.stream().allMatch(p -> p.getPort() != null
                && (Integer.valueOf(443).equals(p.getPort().getIntVal()) || Integer.valueOf(80).equals(p.getPort().getIntVal())));
        return excluded && web;
    }

    static List<String> check(Rendered r) {
        List<String> problems = new ArrayList<>();
        String ns = r.manifests().stream().filter(m -> m.kind().equals("Namespace")).map(Manifest::name).findFirst()
                .orElse("frontline");
        Map<String, String> nsLabels = Map.of("kubernetes.io/metadata.name", ns);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);

        boolean defaultDeny = policies.stream().anyMatch(p -> {
            LabelSelector s = p.getSpec().getPodSelector();
            boolean all = s != null && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                    && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
            List<String> types = Optional.ofNullable(p.getSpec().getPolicyTypes()).orElse(List.of());
            return all && types.contains("Ingress") && types.contains("Egress")
                    && empty(p.getSpec().getIngress()) && empty(p.getSpec().getEgress());
        });
        if (!defaultDeny) {
            problems.add(r.overlay() + ": no default-deny NetworkPolicy (empty podSelector, policyTypes Ingress and Egress, no rules)");
        }

        Map<String, Pod> services = new LinkedHashMap<>();
        for (Manifest m : r.ofKind("Deployment")) {
            services.put(m.name(), new Pod(m.name(), nsLabels, ManifestRules.podLabels(m.as(Deployment.class)),
                    Map.of("http", ManifestRules.HTTP_PORT)));
        }
        List<Pod> infra = new ArrayList<>();
        List<Pod> db = new ArrayList<>();
        for (Manifest m : r.ofKind("Cluster")) {
            Pod p = new Pod("PostgreSQL " + m.name(), nsLabels, Map.of("cnpg.io/cluster", m.name(), "cnpg.io/podRole", "instance"),
                    Map.of("postgresql", 5432));
            db.add(p);
            infra.add(p);
        }
        List<Pod> kafka = new ArrayList<>();
        for (Manifest m : r.ofKind("Kafka")) {
            Pod p = new Pod("Kafka " + m.name(), nsLabels, Map.of("strimzi.io/cluster", m.name(), "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", m.name() + "-kafka", "strimzi.io/broker-role", "true"), Map.of());
            kafka.add(p);
            infra.add(p);
        }
        List<Pod> keycloak = new ArrayList<>();
        for (Manifest m : r.ofKind("Keycloak")) {
            Pod p = new Pod("Keycloak " + m.name(), nsLabels, Map.of("app", "keycloak", "app.kubernetes.io/instance", m.name(),
                    "app.kubernetes.io/managed-by", "keycloak-operator"), Map.of("http", 8080));
            keycloak.add(p);
            infra.add(p);
        }
        int kafkaPort = r.all(Kafka.class).stream().flatMap(k -> k.getSpec().getKafka().getListeners().stream())
                .filter(l -> "plain".equals(l.getName())).map(l -> l.getPort()).findFirst().orElse(9092);

        for (Pod s : services.values()) {
            String where = r.overlay() + ": Deployment " + s.name();
            List<NetworkPolicy> own = policies.stream().filter(p -> selects(p, s) && hasType(p, "Egress")
                    && !empty(p.getSpec().getEgress())).toList();
            if (own.isEmpty()) {
                problems.add(where + ": no NetworkPolicy selects its pods with egress rules");
            }
            for (Pod target : db) {
                need(problems, where, policies, s, target, 5432, "TCP");
            }
            for (Pod target : kafka) {
                need(problems, where, policies, s, target, kafkaPort, "TCP");
            }
            for (Pod target : keycloak) {
                need(problems, where, policies, s, target, 8080, "TCP");
            }
            if (db.isEmpty() || kafka.isEmpty() || keycloak.isEmpty()) {
                problems.add(where + ": the overlay lacks the database, Kafka or Keycloak it needs");
            }
            if (!egress(policies, s, DNS, 53, "UDP")) {
                problems.add(where + ": may not reach the cluster DNS (kube-system, k8s-app=kube-dns) on UDP 53");
            }
            for (Pod other : services.values()) {
                if (other == s) {
                    continue;
                }
                boolean allowed = egress(policies, s, other, ManifestRules.HTTP_PORT, "TCP");
                if (s.name().equals("gateway")) {
                    need(problems, where, policies, s, other, ManifestRules.HTTP_PORT, "TCP");
                } else if (allowed) {
                    problems.add(where + ": may reach service " + other.name() + " (only the gateway may reach services)");
                }
            }
            // "only": every egress peer names an allowed destination
            List<Pod> allowedTargets = new ArrayList<>(infra);
            if (s.name().equals("gateway")) {
                services.values().stream().filter(o -> o != s).forEach(allowedTargets::add);
            }
            for (NetworkPolicy p : own) {
                for (var rule : p.getSpec().getEgress()) {
                    boolean dnsOnly = rule.getPorts() != null && !rule.getPorts().isEmpty()
                            && rule.getPorts().stream().allMatch(port -> port.getPort() != null
                                    && Integer.valueOf(53).equals(port.getPort().getIntVal()));
                    List<NetworkPolicyPeer> to = rule.getTo() == null ? List.of() : rule.getTo();
                    if (to.isEmpty()) {
                        problems.add(where + ": NetworkPolicy " + p.getMetadata().getName()
                                + " allows egress to every destination on " + ports(rule.getPorts())
                                + (dnsOnly ? " (DNS: want the cluster DNS, kube-system k8s-app=kube-dns)" : ""));
                    }
                    for (NetworkPolicyPeer peer : to) {
                        String peerWhere = where + ": NetworkPolicy " + p.getMetadata().getName() + " egress peer " + peer(peer);
                        if (dnsOnly) {
                            // port 53 alone is not DNS: an ipBlock 0.0.0.0/0 on 53 reaches any resolver (or tunnel)
                            boolean kubeDns = peer.getIpBlock() == null && !everything(peer.getNamespaceSelector())
                                    && ManifestRules.matches(peer.getNamespaceSelector(), DNS.namespaceLabels())
                                    && !everything(peer.getPodSelector()) && ManifestRules.matches(peer.getPodSelector(), DNS.labels());
                            if (!kubeDns) {
                                problems.add(peerWhere + " on port 53 is not the cluster DNS (want namespaceSelector kube-system and podSelector k8s-app=kube-dns)");
                            }
                            continue;
                        }
                        if (peer.getIpBlock() != null && WEBHOOK_SENDERS.contains(s.name()) && internetOnly(peer, rule.getPorts())) {
                            continue;
                        }
                        if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null) {
                            problems.add(peerWhere + " leaves the namespace on " + ports(rule.getPorts()) + " (only DNS may)");
                            continue;
                        }
                        boolean known = allowedTargets.stream().anyMatch(t -> ManifestRules.matches(peer.getPodSelector(), t.labels()));
                        if (!known) {
                            problems.add(peerWhere + " selects none of its allowed peers (database, Kafka, Keycloak"
                                    + (s.name().equals("gateway") ? ", the services" : "") + ")");
                        }
                        for (Pod other : services.values()) {
                            if (!allowedTargets.contains(other) && ManifestRules.matches(peer.getPodSelector(), other.labels())) {
                                problems.add(peerWhere + " also selects " + other.name());
                            }
                        }
                    }
                }
            }
        }
        problems.addAll(ingressWidth(r));
        // the Keycloak operator writes its own NetworkPolicy (spec.networkPolicy, on by default): a port without
        // peers is open to every pod, and policies add up, so it would undo ours; off, or peers on every port
        for (Manifest m : r.ofKind("Keycloak")) {
            var np = m.as(OperatorModels.Keycloak.class).spec().networkPolicy();
            if (np != null && Boolean.FALSE.equals(np.enabled())) {
                continue;
            }
            if (np == null || empty(np.http()) || empty(np.https()) || empty(np.management())) {
                problems.add(m.where() + ": spec.networkPolicy is " + (np == null ? "not set (on by default)" : "enabled")
                        + " with a port without peers (http " + (np == null ? null : np.http()) + ", https "
                        + (np == null ? null : np.https()) + ", management " + (np == null ? null : np.management())
                        + "): the operator's policy then admits every pod and undoes ours; disable it or name peers on every port");
            }
        }
        return problems;
    }

    /**
     * Who may open connections to each service: a service other than the gateway exactly the gateway's pods (a
     * podSelector of this namespace that selects the gateway and no other pod the overlay runs); the gateway only
     * the ingress controller's namespace (a namespaceSelector naming a namespace, never {} and never this one).
     * A rule without {@code from} admits everyone, an ipBlock any address.
     */
    static List<String> ingressWidth(Rendered r) {
        List<String> problems = new ArrayList<>();
        String ns = r.manifests().stream().filter(m -> m.kind().equals("Namespace")).map(Manifest::name).findFirst()
                .orElse("frontline");
        Map<String, String> nsLabels = Map.of("kubernetes.io/metadata.name", ns);
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (Manifest m : r.ofKind("Deployment")) {
            pods.put(m.name(), new Pod(m.name(), nsLabels, ManifestRules.podLabels(m.as(Deployment.class)), Map.of()));
        }
        for (Manifest m : r.ofKind("Cluster")) {
            pods.put("PostgreSQL " + m.name(), new Pod("PostgreSQL " + m.name(), nsLabels, Map.of("cnpg.io/cluster", m.name(), "cnpg.io/podRole", "instance"), Map.of()));
        }
        for (Manifest m : r.ofKind("Kafka")) {
            pods.put("Kafka " + m.name(), new Pod("Kafka " + m.name(), nsLabels, Map.of("strimzi.io/cluster", m.name(), "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", m.name() + "-kafka", "strimzi.io/broker-role", "true"), Map.of()));
        }
        for (Manifest m : r.ofKind("Keycloak")) {
            pods.put("Keycloak " + m.name(), new Pod("Keycloak " + m.name(), nsLabels, Map.of("app", "keycloak", "app.kubernetes.io/instance", m.name(),
                    "app.kubernetes.io/managed-by", "keycloak-operator"), Map.of()));
        }
        Pod gateway = pods.get("gateway");
        for (Manifest d : r.ofKind("Deployment")) {
            Pod s = pods.get(d.name());
            String where = r.overlay() + ": Deployment " + s.name();
            for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
                if (!selects(p, s) || !hasType(p, "Ingress")) {
                    continue;
                }
                for (var rule : Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())) {
                    String policy = where + ": NetworkPolicy " + p.getMetadata().getName();
                    List<NetworkPolicyPeer> from = rule.getFrom() == null ? List.of() : rule.getFrom();
                    if (from.isEmpty()) {
                        problems.add(policy + " admits ingress from every source on " + ports(rule.getPorts())
                                + (s == gateway ? " (want only the ingress controller's namespace)" : " (want only the gateway)"));
                    }
                    for (NetworkPolicyPeer peer : from) {
                        String peerWhere = policy + " ingress peer " + peer(peer);
                        if (peer.getIpBlock() != null) {
                            problems.add(peerWhere + " admits addresses, not the " + (s == gateway ? "ingress controller" : "gateway"));
                            continue;
                        }
                        if (s == gateway) {
                            if (peer.getNamespaceSelector() == null || everything(peer.getNamespaceSelector())
                                    || ManifestRules.matches(peer.getNamespaceSelector(), nsLabels)) {
                                problems.add(peerWhere + " is not the ingress controller's namespace (want a namespaceSelector naming it)");
                            }
                            continue;
                        }
                        if (peer.getNamespaceSelector() != null) {
                            problems.add(peerWhere + " admits pods of other namespaces (want only the gateway)");
                            continue;
                        }
                        if (gateway == null || !ManifestRules.matches(peer.getPodSelector(), gateway.labels())) {
                            problems.add(peerWhere + " does not select the gateway");
                        }
                        for (Pod other : pods.values()) {
                            if (other != gateway && ManifestRules.matches(peer.getPodSelector(), other.labels())) {
                                problems.add(peerWhere + " also selects " + other.name() + " (want only the gateway)");
                            }
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** An empty selector ({}) selects everything. */
    private static boolean everything(LabelSelector s) {
        return s != null && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }

    private static void need(List<String> problems, String where, List<NetworkPolicy> policies, Pod from, Pod to,
            int port, String protocol) {
        if (!egress(policies, from, to, port, protocol)) {
            problems.add(where + ": egress to " + to.name() + " on " + protocol + " " + port + " is not allowed");
        }
        if (!ingress(policies, from, to, port, protocol)) {
            problems.add(where + ": " + to.name() + " does not allow ingress from it on " + protocol + " " + port);
        }
    }

    static boolean egress(List<NetworkPolicy> policies, Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> isolating = policies.stream().filter(p -> selects(p, from) && hasType(p, "Egress")).toList();
        if (isolating.isEmpty()) {
            return true;
        }
        return isolating.stream().flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                .anyMatch(rule -> portAllowed(rule.getPorts(), to, port, protocol) && peersAllow(rule.getTo(), from, to));
    }

    static boolean ingress(List<NetworkPolicy> policies, Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> isolating = policies.stream().filter(p -> selects(p, to) && hasType(p, "Ingress")).toList();
        if (isolating.isEmpty()) {
            return true;
        }
        return isolating.stream().flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                .anyMatch(rule -> portAllowed(rule.getPorts(), to, port, protocol) && peersAllow(rule.getFrom(), to, from));
    }

    /** Whether the peers of a rule of a policy in {@code self}'s namespace cover {@code other}. */
    private static boolean peersAllow(List<NetworkPolicyPeer> peers, Pod self, Pod other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue; // pod IPs are not modelled; an ipBlock never proves a pod-to-pod path here
            }
            boolean nsOk = peer.getNamespaceSelector() == null ? other.namespaceLabels().equals(self.namespaceLabels())
                    : ManifestRules.matches(peer.getNamespaceSelector(), other.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || ManifestRules.matches(peer.getPodSelector(), other.labels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portAllowed(List<NetworkPolicyPort> ports, Pod to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            if (!protocol.equals(Optional.ofNullable(p.getProtocol()).orElse("TCP"))) {
                continue;
            }
            IntOrString v = p.getPort();
            if (v == null) {
                return true;
            }
            Integer number = v.getIntVal() != null ? v.getIntVal() : to.ports().get(v.getStrVal());
            if (number != null && (number == port || p.getEndPort() != null && number <= port && port <= p.getEndPort())) {
                return true;
            }
        }
        return false;
    }

    private static boolean selects(NetworkPolicy p, Pod pod) {
        // a policy applies to the pods of its own namespace only (all of ours render into one namespace)
        return !pod.namespaceLabels().equals(KUBE_SYSTEM) && ManifestRules.matches(p.getSpec().getPodSelector(), pod.labels());
    }

    private static boolean hasType(NetworkPolicy p, String type) {
        List<String> types = p.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) {
            return type.equals("Ingress") || type.equals("Egress") && p.getSpec().getEgress() != null;
        }
        return types.contains(type);
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }

    private static String ports(List<NetworkPolicyPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return "every port";
        }
        return ports.stream().map(p -> Optional.ofNullable(p.getProtocol()).orElse("TCP") + " " + p.getPort().getValue()).toList().toString();
    }

    private static String peer(NetworkPolicyPeer p) {
        return (p.getPodSelector() != null ? "podSelector " + p.getPodSelector().getMatchLabels() : "")
                + (p.getNamespaceSelector() != null ? " namespaceSelector " + p.getNamespaceSelector().getMatchLabels() : "")
                + (p.getIpBlock() != null ? " ipBlock " + p.getIpBlock().getCidr() : "");
    }
}
