package org.frontline.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.frontline.deploy.StrictManifestReader.Manifest;

/**
 * The rules the rendered overlays must keep. Each check returns its problems (empty = fine); every problem names the
 * overlay, the kind and name, and what is wrong. The tests assert the lists are empty, and feed broken manifests to
 * each check to show it notices.
 */
final class ManifestRules {

    static final String PROBE_STARTED = "/q/health/started";
    static final String PROBE_LIVE = "/q/health/live";
    static final String PROBE_READY = "/q/health/ready";
    static final int HTTP_PORT = 8080;

    private ManifestRules() {
    }

    // --- Deployments ------------------------------------------------------------------------------------------

    /** Probes, resources, hardening, /tmp, names and image of every Deployment. */
    static List<String> deployments(Rendered r) {
        List<String> problems = new ArrayList<>();
        List<Manifest> deployments = r.ofKind("Deployment");
        if (deployments.isEmpty()) {
            problems.add(r.overlay() + ": no Deployment rendered");
        }
        Map<String, String> registryAndTag = new LinkedHashMap<>();
        for (Manifest m : deployments) {
            Deployment d = m.as(Deployment.class);
            String where = m.where();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Map<String, String> podLabels = podLabels(d);
            if (!matches(d.getSpec().getSelector(), podLabels)) {
                problems.add(where + ": spec.selector does not match the pod template's labels " + podLabels);
            }
            if (!m.name().equals(podLabels.get("app.kubernetes.io/name"))) {
                problems.add(where + ": pod label app.kubernetes.io/name is " + podLabels.get("app.kubernetes.io/name")
                        + ", want " + m.name());
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(where + ": automountServiceAccountToken must be false");
            }
            PodSecurityContext podSec = pod.getSecurityContext() != null ? pod.getSecurityContext() : new PodSecurityContext();
            Optional<Container> main = pod.getContainers().stream().filter(c -> m.name().equals(c.getName())).findFirst();
            if (main.isEmpty()) {
                problems.add(where + ": no container named " + m.name());
            }
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                String cw = where + " container " + c.getName();
                problems.addAll(hardening(cw, c, podSec, pod));
                problems.addAll(resources(cw, c));
                registryAndTag.put(m.name(), image(cw, c, problems));
            }
            main.ifPresent(c -> problems.addAll(probesAndPort(where + " container " + c.getName(), c)));
        }
        // one registry and one tag for the whole overlay (an image left behind by a partial edit shows up)
        Set<String> distinct = new TreeSet<>(registryAndTag.values().stream().filter(Objects::nonNull).toList());
        if (distinct.size() > 1) {
            problems.add(r.overlay() + ": the services' images use different registries/tags: " + registryAndTag);
        }
        return problems;
    }

    private static List<String> hardening(String where, Container c, PodSecurityContext pod, PodSpec spec) {
        List<String> problems = new ArrayList<>();
        SecurityContext sc = c.getSecurityContext() != null ? c.getSecurityContext() : new SecurityContext();
        Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add(where + ": runAsNonRoot must be true (pod or container securityContext)");
        }
        Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
        if (user == null || user == 0) {
            problems.add(where + ": runAsUser must be set and not 0 (is " + user + ")");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            problems.add(where + ": securityContext.readOnlyRootFilesystem must be true");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            problems.add(where + ": securityContext.allowPrivilegeEscalation must be false");
        }
        if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                || !sc.getCapabilities().getDrop().contains("ALL")) {
            problems.add(where + ": securityContext.capabilities.drop must contain ALL");
        }
        var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            problems.add(where + ": seccompProfile must be RuntimeDefault (pod or container)");
        }
        Optional<VolumeMount> tmp = c.getVolumeMounts() == null ? Optional.empty()
                : c.getVolumeMounts().stream().filter(v -> "/tmp".equals(v.getMountPath())).findFirst();
        if (tmp.isEmpty()) {
            problems.add(where + ": no volume mounted at /tmp (the root filesystem is read-only)");
        } else {
            Optional<Volume> vol = spec.getVolumes() == null ? Optional.empty()
                    : spec.getVolumes().stream().filter(v -> v.getName().equals(tmp.get().getName())).findFirst();
            if (Boolean.TRUE.equals(tmp.get().getReadOnly())) {
                problems.add(where + ": /tmp is mounted readOnly");
            }
            if (vol.isEmpty() || vol.get().getEmptyDir() == null) {
                problems.add(where + ": /tmp must be an emptyDir volume of the pod (volume " + tmp.get().getName() + ")");
            }
        }
        return problems;
    }

    private static List<String> resources(String where, Container c) {
        List<String> problems = new ArrayList<>();
        var res = c.getResources();
        for (String kind : List.of("requests", "limits")) {
            Map<String, Quantity> q = res == null ? null : kind.equals("requests") ? res.getRequests() : res.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                if (q == null || q.get(resource) == null) {
                    problems.add(where + ": no " + resource + " in resources." + kind);
                }
            }
        }
        if (problems.isEmpty()) {
            for (String resource : List.of("cpu", "memory")) {
                BigDecimal req = Quantity.getAmountInBytes(res.getRequests().get(resource));
                BigDecimal lim = Quantity.getAmountInBytes(res.getLimits().get(resource));
                if (req.compareTo(lim) > 0) {
                    problems.add(where + ": " + resource + " request " + res.getRequests().get(resource)
                            + " is above its limit " + res.getLimits().get(resource));
                }
            }
        }
        return problems;
    }

    private static final Pattern IMAGE = Pattern.compile(
            "^(?:(?<registry>.+)/)?frontline/(?<name>[a-z0-9-]+)(?::(?<tag>[\\w][\\w.-]{0,127}))?(?<digest>@sha256:[a-f0-9]{64})?$");

    /** frontline/&lt;container name&gt; under the overlay's registry, with a tag or digest that is not latest. */
    private static String image(String where, Container c, List<String> problems) {
        String image = c.getImage();
        Matcher m = image == null ? null : IMAGE.matcher(image);
        if (m == null || !m.matches()) {
            problems.add(where + ": image " + image + " is not [registry/]frontline/" + c.getName() + ":tag");
            return null;
        }
        if (!m.group("name").equals(c.getName())) {
            problems.add(where + ": image " + image + " is frontline/" + m.group("name") + ", want frontline/" + c.getName());
        }
        if (m.group("tag") == null && m.group("digest") == null) {
            problems.add(where + ": image " + image + " has no tag (that is latest)");
        }
        if ("latest".equals(m.group("tag"))) {
            problems.add(where + ": image " + image + " uses the tag latest");
        }
        return m.group("registry") + " " + m.group("tag") + Objects.toString(m.group("digest"), "");
    }

    /**
     * Where the images come from: every image names its registry host (an unqualified {@code frontline/<name>}
     * resolves to Docker Hub, where anyone may publish under that name); prod runs a release, never a -SNAPSHOT
     * (a moving tag: nodes with IfNotPresent keep whichever build they pulled first).
     */
    static List<String> imageSources(Rendered r, boolean prod) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Deployment")) {
            PodSpec pod = m.as(Deployment.class).getSpec().getTemplate().getSpec();
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                String image = Objects.toString(c.getImage(), "");
                String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
                boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
                if (!host) {
                    problems.add(m.where() + " container " + c.getName() + ": image " + image
                            + " names no registry host: it resolves to Docker Hub (docker.io/" + image + ")");
                }
                Matcher t = IMAGE.matcher(image);
                if (prod && t.matches() && t.group("tag") != null && t.group("tag").endsWith("-SNAPSHOT") && t.group("digest") == null) {
                    problems.add(m.where() + " container " + c.getName() + ": image " + image
                            + " is a -SNAPSHOT; prod runs a release tag or a digest");
                }
            }
        }
        return problems;
    }

    /**
     * Every {@code images:} entry of the overlay's kustomization took effect: some container runs newName:newTag
     * (a misspelt {@code name:} matches nothing and silently leaves the base image).
     */
    static List<String> overlayImages(Rendered r, tools.jackson.databind.JsonNode kustomization) {
        List<String> problems = new ArrayList<>();
        Set<String> images = new TreeSet<>();
        for (Manifest m : r.ofKind("Deployment")) {
            m.as(Deployment.class).getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage()));
        }
        for (tools.jackson.databind.JsonNode entry : kustomization.path("images")) {
            String name = entry.path("newName").asString(entry.path("name").asString());
            String want = name + (entry.has("digest") ? "@" + entry.path("digest").asString()
                    : entry.has("newTag") ? ":" + entry.path("newTag").asString() : "");
            if (!images.contains(want)) {
                problems.add(r.overlay() + ": kustomization images entry " + entry.path("name").asString()
                        + " did not take effect: no container runs " + want + " (images: " + images + ")");
            }
        }
        return problems;
    }

    private static List<String> probesAndPort(String where, Container c) {
        List<String> problems = new ArrayList<>();
        Optional<ContainerPort> http = c.getPorts() == null ? Optional.empty()
                : c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst();
        if (http.isEmpty() || http.get().getContainerPort() != HTTP_PORT) {
            problems.add(where + ": want container port " + HTTP_PORT + " named http");
        }
        problems.addAll(probe(where, "startupProbe", c.getStartupProbe(), PROBE_STARTED));
        problems.addAll(probe(where, "livenessProbe", c.getLivenessProbe(), PROBE_LIVE));
        problems.addAll(probe(where, "readinessProbe", c.getReadinessProbe(), PROBE_READY));
        Probe startup = c.getStartupProbe();
        if (startup != null) {
            // Flyway may wait for another replica's migration lock: the startup probe must allow 5 minutes
            int period = Optional.ofNullable(startup.getPeriodSeconds()).orElse(10);
            int failures = Optional.ofNullable(startup.getFailureThreshold()).orElse(3);
            int delay = Optional.ofNullable(startup.getInitialDelaySeconds()).orElse(0);
            if (delay + period * failures < 300) {
                problems.add(where + ": startupProbe allows " + (delay + period * failures)
                        + " s (initialDelay + period x failureThreshold); want at least 300 s");
            }
        }
        return problems;
    }

    private static List<String> probe(String where, String name, Probe p, String path) {
        if (p == null) {
            return List.of(where + ": no " + name);
        }
        HTTPGetAction get = p.getHttpGet();
        if (get == null) {
            return List.of(where + ": " + name + " is not httpGet");
        }
        List<String> problems = new ArrayList<>();
        if (!path.equals(get.getPath())) {
            problems.add(where + ": " + name + " path is " + get.getPath() + ", want " + path);
        }
        IntOrString port = get.getPort();
        boolean portOk = port != null && ("http".equals(port.getStrVal())
                || Integer.valueOf(HTTP_PORT).equals(port.getIntVal()));
        if (!portOk) {
            problems.add(where + ": " + name + " port is " + port + ", want http (8080)");
        }
        return problems;
    }

    // --- Service, ServiceAccount, PDB, HPA per Deployment -------------------------------------------------------

    static List<String> companions(Rendered r) {
        List<String> problems = new ArrayList<>();
        List<Manifest> deployments = r.ofKind("Deployment");
        for (Manifest m : deployments) {
            Deployment d = m.as(Deployment.class);
            String where = m.where();
            Map<String, String> labels = podLabels(d);
            Optional<Manifest> svc = r.find("Service", m.name());
            if (svc.isEmpty()) {
                problems.add(where + ": no Service " + m.name());
            } else {
                Service s = svc.get().as(Service.class);
                Map<String, String> sel = s.getSpec().getSelector();
                if (sel == null || sel.isEmpty() || !labels.entrySet().containsAll(sel.entrySet())) {
                    problems.add(svc.get().where() + ": selector " + sel + " does not select the pods of Deployment "
                            + m.name() + " " + labels);
                } else {
                    for (Manifest other : deployments) {
                        if (other != m && podLabels(other.as(Deployment.class)).entrySet().containsAll(sel.entrySet())) {
                            problems.add(svc.get().where() + ": selector " + sel + " also selects the pods of "
                                    + other.name());
                        }
                    }
                }
                boolean port = s.getSpec().getPorts() != null && s.getSpec().getPorts().stream().anyMatch(
                        p -> p.getPort() == HTTP_PORT && targets(p));
                if (!port) {
                    problems.add(svc.get().where() + ": want port " + HTTP_PORT + " with targetPort http");
                }
            }
            String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
            if (!m.name().equals(sa)) {
                problems.add(where + ": serviceAccountName is " + sa + ", want " + m.name());
            }
            if (sa != null && r.find("ServiceAccount", sa).isEmpty()) {
                problems.add(where + ": no ServiceAccount " + sa);
            }
            int replicas = effectiveReplicas(r, m);
            List<Manifest> pdbs = r.ofKind("PodDisruptionBudget").stream()
                    .filter(p -> matches(p.as(PodDisruptionBudget.class).getSpec().getSelector(), labels)).toList();
            if (pdbs.isEmpty()) {
                problems.add(where + ": no PodDisruptionBudget selects its pods");
            }
            for (Manifest p : pdbs) {
                var spec = p.as(PodDisruptionBudget.class).getSpec();
                // a budget that never allows an eviction blocks every node drain
                if (spec.getMaxUnavailable() != null) {
                    IntOrString mu = spec.getMaxUnavailable();
                    if (Integer.valueOf(0).equals(mu.getIntVal()) || "0%".equals(mu.getStrVal())) {
                        problems.add(p.where() + ": maxUnavailable 0 blocks every node drain");
                    }
                } else if (spec.getMinAvailable() != null && spec.getMinAvailable().getIntVal() != null
                        && spec.getMinAvailable().getIntVal() >= replicas) {
                    problems.add(p.where() + ": minAvailable " + spec.getMinAvailable().getIntVal() + " with "
                            + replicas + " replica(s) of " + m.name() + " blocks every node drain");
                } else if (spec.getMinAvailable() == null) {
                    problems.add(p.where() + ": neither minAvailable nor maxUnavailable");
                }
            }
            List<Manifest> hpas = hpasFor(r, m.name());
            if (hpas.isEmpty()) {
                problems.add(where + ": no HorizontalPodAutoscaler scales Deployment " + m.name());
            }
            for (Manifest h : hpas) {
                var spec = h.as(HorizontalPodAutoscaler.class).getSpec();
                if (!"apps/v1".equals(spec.getScaleTargetRef().getApiVersion())) {
                    problems.add(h.where() + ": scaleTargetRef.apiVersion must be apps/v1");
                }
                int min = Optional.ofNullable(spec.getMinReplicas()).orElse(1);
                if (spec.getMaxReplicas() == null || spec.getMaxReplicas() < min) {
                    problems.add(h.where() + ": maxReplicas " + spec.getMaxReplicas() + " below minReplicas " + min);
                }
            }
        }
        return problems;
    }

    private static boolean targets(ServicePort p) {
        IntOrString t = p.getTargetPort();
        return t != null && ("http".equals(t.getStrVal()) || Integer.valueOf(HTTP_PORT).equals(t.getIntVal()));
    }

    /**
     * The pods run as the images are built (platform's microprofile-config.properties, quarkus.jib.*): the user and
     * group the image declares, its port, its image group — a mismatch means a pod the image's files do not expect
     * (or a runAsNonRoot pod that cannot start).
     */
    static List<String> matchImages(Rendered r, java.util.Properties imageConfig) {
        List<String> problems = new ArrayList<>();
        String[] userGroup = imageConfig.getProperty("quarkus.jib.user").trim().split(":");
        long user = Long.parseLong(userGroup[0]);
        Long group = userGroup.length > 1 ? Long.parseLong(userGroup[1]) : null;
        int port = Integer.parseInt(imageConfig.getProperty("quarkus.jib.ports").trim());
        String imageGroup = imageConfig.getProperty("quarkus.container-image.group").trim();
        for (Manifest m : r.ofKind("Deployment")) {
            PodSpec pod = m.as(Deployment.class).getSpec().getTemplate().getSpec();
            PodSecurityContext podSec = pod.getSecurityContext() != null ? pod.getSecurityContext() : new PodSecurityContext();
            for (Container c : pod.getContainers()) {
                SecurityContext sc = c.getSecurityContext() != null ? c.getSecurityContext() : new SecurityContext();
                Long runAsUser = sc.getRunAsUser() != null ? sc.getRunAsUser() : podSec.getRunAsUser();
                Long runAsGroup = sc.getRunAsGroup() != null ? sc.getRunAsGroup() : podSec.getRunAsGroup();
                if (!Long.valueOf(user).equals(runAsUser) || (group != null && !group.equals(runAsGroup))) {
                    problems.add(m.where() + ": runs as " + runAsUser + ":" + runAsGroup + ", the image is built for "
                            + imageConfig.getProperty("quarkus.jib.user").trim());
                }
                boolean portMatches = c.getPorts() != null && c.getPorts().stream()
                        .anyMatch(p -> p.getContainerPort() != null && p.getContainerPort() == port);
                if (!portMatches) {
                    problems.add(m.where() + ": no container port " + port + " (the image exposes it)");
                }
                String image = Objects.toString(c.getImage(), "");
                if (!image.contains(imageGroup + "/" + m.name() + ":")) {
                    problems.add(m.where() + ": image " + image + " is not the image built for it ("
                            + imageGroup + "/" + m.name() + ")");
                }
            }
        }
        return problems;
    }

    /** Connections a service replica holds at most: its pool (the platform's quarkus.datasource.jdbc.max-size) + the relay's lock session. */
    static int connectionsPerReplica() {
        return Integer.parseInt(Repository.config(Repository.PLATFORM_CONFIG).getProperty("quarkus.datasource.jdbc.max-size").trim()) + 1;
    }

    /**
     * Every CloudNativePG Cluster's max_connections covers what may connect at once: each service replica at its
     * HorizontalPodAutoscaler's maximum (or its replicas without one) plus the extra pods a rolling update starts
     * (the Deployment's maxSurge, Kubernetes' default 25 %, rounded up, of that maximum; none for Recreate), times
     * {@code perReplica}, and each Keycloak instance on that cluster times its pool (100, Keycloak's default, when not
     * set). Below it, a scale-out or a rollout under load fails with "too many clients" exactly when the city needs
     * the capacity.
     */
    static List<String> connections(Rendered r, int perReplica) {
        List<String> problems = new ArrayList<>();
        int services = 0;
        List<String> figures = new ArrayList<>();
        for (Manifest m : r.ofKind("Deployment")) {
            List<Manifest> hpas = hpasFor(r, m.name());
            Integer most = hpas.isEmpty() ? m.as(Deployment.class).getSpec().getReplicas()
                    : hpas.get(0).as(HorizontalPodAutoscaler.class).getSpec().getMaxReplicas();
            int pods = most == null ? 1 : most;
            int surge = surge(m.as(Deployment.class), pods);
            figures.add(m.name() + " " + pods + "+" + surge);
            services += (pods + surge) * perReplica;
        }
        for (Manifest m : r.ofKind("Cluster")) {
            OperatorModels.CnpgCluster c = m.as(OperatorModels.CnpgCluster.class);
            int needed = services;
            for (OperatorModels.Keycloak k : r.all(OperatorModels.Keycloak.class)) {
                var db = k.spec().db();
                if (db != null && (c.metadata().name() + "-rw").equals(db.host())) {
                    int instances = k.spec().instances() == null ? 1 : k.spec().instances();
                    needed += instances * (db.poolMaxSize() == null ? 100 : db.poolMaxSize());
                }
            }
            Map<String, String> parameters = c.spec().postgresql() == null ? null : c.spec().postgresql().parameters();
            String set = parameters == null ? null : parameters.get("max_connections");
            int max = set == null ? 100 : Integer.parseInt(set.trim());
            if (max < needed) {
                problems.add(m.where() + ": max_connections " + max + " is below the " + needed
                        + " connections the services (at their autoscalers' maxima + rollout surge " + figures + ", "
                        + perReplica + " each) and Keycloak may open");
            }
        }
        return problems;
    }

    /**
     * The pods a rolling update adds above {@code pods}: the Deployment's strategy.rollingUpdate.maxSurge (a number,
     * or a percentage rounded up, as Kubernetes does), 25 % by default; 0 for the Recreate strategy.
     */
    static int surge(Deployment d, int pods) {
        var strategy = d.getSpec().getStrategy();
        if (strategy != null && "Recreate".equals(strategy.getType())) {
            return 0;
        }
        IntOrString surge = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxSurge();
        if (surge == null) {
            return (int) Math.ceil(pods * 0.25);
        }
        if (surge.getIntVal() != null) {
            return surge.getIntVal();
        }
        String v = surge.getStrVal().trim();
        if (v.endsWith("%")) {
            return new BigDecimal(v.substring(0, v.length() - 1)).multiply(BigDecimal.valueOf(pods))
                    .divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.CEILING).intValue();
        }
        throw new IllegalArgumentException("maxSurge " + v + " is neither a number nor a percentage");
    }

    static List<Manifest> hpasFor(Rendered r, String deployment) {
        return r.ofKind("HorizontalPodAutoscaler").stream().filter(h -> {
            var ref = h.as(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef();
            return ref != null && "Deployment".equals(ref.getKind()) && deployment.equals(ref.getName());
        }).toList();
    }

    private static int effectiveReplicas(Rendered r, Manifest deployment) {
        int replicas = Optional.ofNullable(deployment.as(Deployment.class).getSpec().getReplicas()).orElse(1);
        for (Manifest h : hpasFor(r, deployment.name())) {
            replicas = Math.max(replicas,
                    Optional.ofNullable(h.as(HorizontalPodAutoscaler.class).getSpec().getMinReplicas()).orElse(1));
        }
        return replicas;
    }

    // --- replicas per overlay -------------------------------------------------------------------------------

    /**
     * A Deployment an autoscaler scales sets no spec.replicas (every {@code kubectl apply} would reset the autoscaled
     * count to it, cutting capacity mid-surge); prod: autoscaler minimum ≥ 2 (replicas ≥ 2 without one), pod
     * anti-affinity; dev: autoscaler minimum 1 (one replica without one).
     */
    static List<String> replicas(Rendered r, boolean prod) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Deployment")) {
            Deployment d = m.as(Deployment.class);
            Integer replicas = d.getSpec().getReplicas();
            List<Manifest> hpas = hpasFor(r, m.name());
            if (!hpas.isEmpty() && replicas != null) {
                problems.add(m.where() + ": sets spec.replicas " + replicas + " although HorizontalPodAutoscaler "
                        + hpas.get(0).name() + " scales it (each apply resets the autoscaled count to " + replicas
                        + "); leave replicas to the autoscaler");
            }
            if (hpas.isEmpty()) {
                if (prod && (replicas == null || replicas < 2)) {
                    problems.add(m.where() + ": replicas " + replicas + " and no autoscaler, prod wants at least 2");
                } else if (!prod && replicas != null && replicas != 1) {
                    problems.add(m.where() + ": replicas " + replicas + ", dev wants 1");
                }
            }
            for (Manifest h : hpas) {
                Integer min = h.as(HorizontalPodAutoscaler.class).getSpec().getMinReplicas();
                int effective = min == null ? 1 : min;
                if (prod && effective < 2) {
                    problems.add(h.where() + ": minReplicas " + min + ", prod wants at least 2");
                } else if (!prod && effective != 1) {
                    problems.add(h.where() + ": minReplicas " + min + ", dev wants 1");
                }
            }
            if (prod && !antiAffine(d)) {
                problems.add(m.where() + ": no pod anti-affinity that keeps its own replicas apart");
            }
        }
        return problems;
    }

    private static boolean antiAffine(Deployment d) {
        var affinity = d.getSpec().getTemplate().getSpec().getAffinity();
        if (affinity == null || affinity.getPodAntiAffinity() == null) {
            return false;
        }
        Map<String, String> labels = podLabels(d);
        List<PodAffinityTerm> terms = new ArrayList<>();
        var anti = affinity.getPodAntiAffinity();
        if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            terms.addAll(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
        }
        if (anti.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            anti.getPreferredDuringSchedulingIgnoredDuringExecution().stream()
                    .map(WeightedPodAffinityTerm::getPodAffinityTerm).forEach(terms::add);
        }
        return terms.stream().anyMatch(t -> t.getTopologyKey() != null && !t.getTopologyKey().isBlank()
                && t.getLabelSelector() != null && matches(t.getLabelSelector(), labels));
    }

    // --- Ingress ---------------------------------------------------------------------------------------------

    /** The gateway and Keycloak behind the Ingress; prod: TLS for every host. */
    static List<String> ingress(Rendered r, boolean prod) {
        List<String> problems = new ArrayList<>();
        List<Manifest> ingresses = r.ofKind("Ingress");
        if (ingresses.isEmpty()) {
            problems.add(r.overlay() + ": no Ingress");
        }
        Set<String> backends = new LinkedHashSet<>();
        for (Manifest m : ingresses) {
            Ingress ing = m.as(Ingress.class);
            List<IngressRule> rules = ing.getSpec().getRules() == null ? List.of() : ing.getSpec().getRules();
            for (IngressRule rule : rules) {
                if (rule.getHost() == null || rule.getHost().isBlank()) {
                    problems.add(m.where() + ": a rule without host");
                }
                if (rule.getHttp() == null) {
                    continue;
                }
                for (var path : rule.getHttp().getPaths()) {
                    IngressBackend b = path.getBackend();
                    if (b.getService() == null) {
                        problems.add(m.where() + ": host " + rule.getHost() + " has a backend that is no Service");
                        continue;
                    }
                    String svc = b.getService().getName();
                    Integer port = b.getService().getPort() == null ? null : b.getService().getPort().getNumber();
                    backends.add(svc + ":" + port);
                    boolean known = r.find("Service", svc).isPresent() || keycloakServices(r).contains(svc);
                    if (!known) {
                        problems.add(m.where() + ": host " + rule.getHost() + " routes to Service " + svc
                                + ", which neither the manifests nor the Keycloak operator create");
                    }
                }
            }
            if (prod) {
                List<IngressTLS> tls = ing.getSpec().getTls() == null ? List.of() : ing.getSpec().getTls();
                if (tls.isEmpty()) {
                    problems.add(m.where() + ": prod Ingress has no tls");
                }
                for (IngressRule rule : rules) {
                    boolean covered = tls.stream().anyMatch(t -> t.getHosts() != null && t.getHosts().contains(rule.getHost())
                            && t.getSecretName() != null && !t.getSecretName().isBlank());
                    if (!covered) {
                        problems.add(m.where() + ": host " + rule.getHost() + " has no tls entry with a secretName");
                    }
                }
            }
        }
        for (String want : List.of("gateway:" + HTTP_PORT, "frontline-keycloak-service:" + HTTP_PORT)) {
            if (!ingresses.isEmpty() && !backends.contains(want)) {
                problems.add(r.overlay() + ": Ingress has no backend " + want + " (has " + backends + ")");
            }
        }
        problems.addAll(keycloakPaths(r));
        problems.addAll(secureContexts(r));
        return problems;
    }

    /**
     * The command-centre page signs in with PKCE, which needs crypto.subtle: a browser offers it only in a secure
     * context, https or http on localhost / *.localhost. So every Ingress host without TLS, and the issuer the page
     * signs in with (FRONTLINE_GATEWAY_WEB_ISSUER), must be one of those (e.g. dev: frontline.localhost).
     */
    static List<String> secureContexts(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Ingress")) {
            Ingress ing = m.as(Ingress.class);
            List<IngressTLS> tls = ing.getSpec().getTls() == null ? List.of() : ing.getSpec().getTls();
            for (IngressRule rule : ing.getSpec().getRules() == null ? List.<IngressRule>of() : ing.getSpec().getRules()) {
                boolean covered = tls.stream().anyMatch(t -> t.getHosts() != null && t.getHosts().contains(rule.getHost()));
                if (!covered && !loopbackName(rule.getHost())) {
                    problems.add(m.where() + ": host " + rule.getHost() + " is served over plain HTTP and is not localhost/"
                            + "*.localhost: no secure context, the page's sign-in (PKCE, crypto.subtle) fails");
                }
            }
        }
        for (Manifest m : r.ofKind("Deployment")) {
            String issuer = envValues(r, m).get("FRONTLINE_GATEWAY_WEB_ISSUER");
            if (issuer != null && !issuer.startsWith("https://")) {
                String host = issuer.replaceFirst("^http://", "").replaceFirst("[:/].*$", "");
                if (!issuer.startsWith("http://") || !loopbackName(host)) {
                    problems.add(m.where() + ": FRONTLINE_GATEWAY_WEB_ISSUER " + issuer
                            + " is neither https nor http on localhost/*.localhost (no secure context for sign-in)");
                }
            }
        }
        return problems;
    }

    private static boolean loopbackName(String host) {
        return host != null && (host.equals("localhost") || host.endsWith(".localhost"));
    }

    /** Requests to Keycloak that must not be routed from outside: its root (redirects to the admin console), the admin console and API, the master realm. */
    static final List<String> KEYCLOAK_PRIVATE = List.of("/", "/admin", "/admin/master/console/", "/admin/realms/frontline/users",
            "/realms/master", "/realms/master/protocol/openid-connect/token");
    /** Requests to Keycloak that sign-in needs: the realm's endpoints and the login pages' static resources. */
    static final List<String> KEYCLOAK_PUBLIC = List.of("/realms/frontline/protocol/openid-connect/auth",
            "/realms/frontline/protocol/openid-connect/token", "/realms/frontline/protocol/openid-connect/certs",
            "/resources/x/login/keycloak.v2/css/styles.css");

    /**
     * No Ingress routes Keycloak's root, admin console/API or master realm (only the realm's own endpoints and the
     * login resources are public; the admin console is reached by port-forward or an internal host), whichever
     * Ingress carries Keycloak; and sign-in's requests do reach Keycloak.
     */
    static List<String> keycloakPaths(Rendered r) {
        List<String> problems = new ArrayList<>();
        Set<String> keycloak = keycloakServices(r);
        Set<String> routed = new TreeSet<>();
        for (Manifest m : r.ofKind("Keycloak")) {
            var ingress = m.as(OperatorModels.Keycloak.class).spec().ingress();
            if (ingress == null || !Boolean.FALSE.equals(ingress.enabled())) {
                problems.add(m.where() + ": spec.ingress.enabled is not false: the operator then creates its own Ingress "
                        + "routing every path (admin console and master realm included); route Keycloak through our Ingress");
            }
        }
        for (Manifest m : r.ofKind("Ingress")) {
            Ingress ing = m.as(Ingress.class);
            IngressBackend fallback = ing.getSpec().getDefaultBackend();
            if (fallback != null && fallback.getService() != null && keycloak.contains(fallback.getService().getName())) {
                problems.add(m.where() + ": defaultBackend is Keycloak's Service " + fallback.getService().getName()
                        + ": every path, the admin console and the master realm included, is public");
            }
            for (IngressRule rule : ing.getSpec().getRules() == null ? List.<IngressRule>of() : ing.getSpec().getRules()) {
                if (rule.getHttp() == null) {
                    continue;
                }
                for (var path : rule.getHttp().getPaths()) {
                    var svc = path.getBackend() == null ? null : path.getBackend().getService();
                    if (svc == null || !keycloak.contains(svc.getName())) {
                        continue;
                    }
                    for (String request : KEYCLOAK_PRIVATE) {
                        if (routes(path.getPathType(), path.getPath(), request)) {
                            problems.add(m.where() + ": host " + rule.getHost() + " path " + path.getPath() + " ("
                                    + path.getPathType() + ") routes " + request + " to Keycloak's Service " + svc.getName()
                                    + " (the admin console / master realm must not be public)");
                        }
                    }
                    KEYCLOAK_PUBLIC.stream().filter(request -> routes(path.getPathType(), path.getPath(), request)).forEach(routed::add);
                }
            }
        }
        if (!keycloak.isEmpty() && !r.ofKind("Ingress").isEmpty()) {
            for (String request : KEYCLOAK_PUBLIC) {
                if (!routed.contains(request)) {
                    problems.add(r.overlay() + ": no Ingress routes " + request + " to Keycloak (sign-in needs it)");
                }
            }
        }
        return problems;
    }

    /**
     * Whether an Ingress path matches a request path: Exact = equal; Prefix = element-wise prefix (Kubernetes'
     * definition: /realms matches /realms/x, not /realmsx); ImplementationSpecific (and anything else) is taken as
     * the widest reading, a plain string prefix.
     */
    static boolean routes(String type, String path, String request) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if ("Exact".equals(type)) {
            return p.equals(request);
        }
        if ("Prefix".equals(type)) {
            String trimmed = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            return trimmed.isEmpty() || request.equals(trimmed) || request.startsWith(trimmed + "/");
        }
        return request.startsWith(p);
    }

    /** The Services the Keycloak operator creates for each Keycloak: {@code <name>-service}. */
    static Set<String> keycloakServices(Rendered r) {
        Set<String> names = new LinkedHashSet<>();
        r.all(OperatorModels.Keycloak.class).forEach(k -> names.add(k.metadata().name() + "-service"));
        return names;
    }

    // --- Kafka -----------------------------------------------------------------------------------------------

    /** Node pools, broker count, replication settings that the broker count can carry. */
    static List<String> kafka(Rendered r, boolean prod) {
        List<String> problems = new ArrayList<>();
        List<Manifest> clusters = r.ofKind("Kafka");
        if (clusters.isEmpty()) {
            problems.add(r.overlay() + ": no Kafka");
        }
        for (Manifest m : clusters) {
            Kafka k = m.as(Kafka.class);
            if (k.getSpec() == null || k.getSpec().getKafka() == null || k.getSpec().getKafka().getListeners() == null) {
                problems.add(m.where() + ": no spec.kafka with listeners");
                continue;
            }
            Map<String, String> ann = Optional.ofNullable(k.getMetadata().getAnnotations()).orElse(Map.of());
            for (String a : List.of("strimzi.io/node-pools", "strimzi.io/kraft")) {
                if (!"enabled".equals(ann.get(a))) {
                    problems.add(m.where() + ": annotation " + a + " must be enabled");
                }
            }
            int brokers = 0;
            boolean controllers = false;
            for (Manifest p : r.ofKind("KafkaNodePool")) {
                KafkaNodePool pool = p.as(KafkaNodePool.class);
                if (!m.name().equals(StrictManifestReader.labels(p).get("strimzi.io/cluster"))) {
                    continue;
                }
                List<ProcessRoles> roles = pool.getSpec().getRoles() == null ? List.of() : pool.getSpec().getRoles();
                if (roles.contains(ProcessRoles.BROKER)) {
                    brokers += pool.getSpec().getReplicas();
                }
                controllers |= roles.contains(ProcessRoles.CONTROLLER) && pool.getSpec().getReplicas() > 0;
            }
            if (!controllers) {
                problems.add(m.where() + ": no KafkaNodePool with role controller (KRaft)");
            }
            if (brokers < 1 || prod && brokers < 3) {
                problems.add(m.where() + ": " + brokers + " broker replica(s) across node pools with role broker; want "
                        + (prod ? "at least 3 in prod" : "at least 1"));
            }
            // Strimzi writes a NetworkPolicy per listener; without networkPolicyPeers it admits every pod of the cluster
            // (policies add up, so our own Kafka policy cannot narrow it): each listener names the services' pods
            for (var listener : k.getSpec().getKafka().getListeners()) {
                problems.addAll(listenerPeers(m.where() + " listener " + listener.getName(), listener.getNetworkPolicyPeers()));
            }
            Map<String, Object> config = Optional.ofNullable(k.getSpec().getKafka().getConfig()).orElse(Map.of());
            for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                    "transaction.state.log.replication.factor")) {
                Integer v = intConfig(config.get(key));
                // the outbox relay publishes in transactions: a transaction log the brokers cannot place stops it
                if (v != null && v > brokers) {
                    problems.add(m.where() + ": " + key + " " + v + " but only " + brokers + " broker(s)");
                }
            }
            Integer txIsr = intConfig(config.get("transaction.state.log.min.isr"));
            Integer txRf = intConfig(config.get("transaction.state.log.replication.factor"));
            if (txIsr != null && txIsr > Optional.ofNullable(txRf).orElse(3)) {
                problems.add(m.where() + ": transaction.state.log.min.isr " + txIsr + " above its replication factor");
            }
            if (prod) {
                Integer isr = intConfig(config.get("min.insync.replicas"));
                if (isr == null || isr < 2) {
                    problems.add(m.where() + ": min.insync.replicas " + isr + ", prod wants at least 2");
                }
            }
            for (Manifest t : r.ofKind("KafkaTopic")) {
                if (!m.name().equals(StrictManifestReader.labels(t).get("strimzi.io/cluster"))) {
                    continue;
                }
                var spec = t.as(KafkaTopic.class).getSpec();
                Integer replicas = spec.getReplicas() != null ? spec.getReplicas()
                        : intConfig(config.get("default.replication.factor"));
                Map<String, Object> tc = Optional.ofNullable(spec.getConfig()).orElse(Map.of());
                Integer isr = intConfig(tc.containsKey("min.insync.replicas") ? tc.get("min.insync.replicas")
                        : config.get("min.insync.replicas"));
                if (replicas != null && replicas > brokers) {
                    problems.add(t.where() + ": replicas " + replicas + " but only " + brokers + " broker(s)");
                }
                // acks=all producers fail when fewer replicas exist than min.insync.replicas
                if (isr != null && replicas != null && isr > replicas) {
                    problems.add(t.where() + ": min.insync.replicas " + isr + " above replicas " + replicas);
                }
                if (prod && (replicas == null || replicas < 3)) {
                    problems.add(t.where() + ": replicas " + replicas + ", prod wants at least 3");
                }
                if (prod && (isr == null || isr < 2)) {
                    problems.add(t.where() + ": min.insync.replicas " + isr + ", prod wants at least 2");
                }
            }
        }
        for (Manifest p : r.ofKind("KafkaNodePool")) {
            String cluster = StrictManifestReader.labels(p).get("strimzi.io/cluster");
            if (r.find("Kafka", String.valueOf(cluster)).isEmpty()) {
                problems.add(p.where() + ": label strimzi.io/cluster " + cluster + " names no Kafka");
            }
        }
        return problems;
    }

    /**
     * A listener's networkPolicyPeers: at least one, each a podSelector alone (no namespaceSelector, no ipBlock), not
     * empty, that requires app.kubernetes.io/component=service (the label of the services' pods).
     */
    static List<String> listenerPeers(String where, List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer> peers) {
        List<String> problems = new ArrayList<>();
        if (peers == null || peers.isEmpty()) {
            problems.add(where + ": no networkPolicyPeers; Strimzi then opens the port to every pod in the cluster");
            return problems;
        }
        for (var peer : peers) {
            String p = where + ": networkPolicyPeer " + peer;
            if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null) {
                problems.add(p + " admits pods outside the namespace (want a podSelector of the services only)");
                continue;
            }
            LabelSelector sel = peer.getPodSelector();
            if (sel == null || (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                    && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty())) {
                problems.add(where + ": a networkPolicyPeer with an empty podSelector admits every pod of the namespace");
                continue;
            }
            // component=service is the label base/services gives the five services' pods (and no other pod of the
            // overlays carries); a selector without it could admit other pods
            if (!requires(sel, "app.kubernetes.io/component", Set.of("service"))) {
                problems.add(p + " does not require app.kubernetes.io/component=service");
            }
        }
        return problems;
    }

    /** Whether every pod the selector matches has {@code key} set to one of {@code allowed}. */
    private static boolean requires(LabelSelector sel, String key, Set<String> allowed) {
        if (sel.getMatchLabels() != null && sel.getMatchLabels().containsKey(key)) {
            return allowed.contains(sel.getMatchLabels().get(key));
        }
        return sel.getMatchExpressions() != null && sel.getMatchExpressions().stream().anyMatch(e -> key.equals(e.getKey())
                && "In".equals(e.getOperator()) && e.getValues() != null && !e.getValues().isEmpty()
                && allowed.containsAll(e.getValues()));
    }

    private static Integer intConfig(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString().trim());
    }

    /** The KafkaTopic names equal the design's list exactly, each on a Kafka that exists. */
    static List<String> topics(Rendered r, List<String> expected) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Manifest t : r.ofKind("KafkaTopic")) {
            String name = t.as(KafkaTopic.class).getSpec().getTopicName();
            if (name == null) {
                problems.add(t.where() + ": spec.topicName must be explicit");
                name = t.name();
            }
            if (!names.add(name)) {
                problems.add(t.where() + ": topic " + name + " declared twice");
            }
            String cluster = StrictManifestReader.labels(t).get("strimzi.io/cluster");
            if (cluster == null || r.find("Kafka", cluster).isEmpty()) {
                problems.add(t.where() + ": label strimzi.io/cluster " + cluster + " names no Kafka in the overlay");
            }
        }
        // the gateway rebuilds its picture by replaying every event topic: they keep everything, and share one
        // partition count (≥ 3, so consumers scale past one) so a community's events keep their order everywhere;
        // a dead letter stays until it is re-driven
        Map<String, Integer> eventPartitions = new TreeMap<>();
        for (Manifest t : r.ofKind("KafkaTopic")) {
            var spec = t.as(KafkaTopic.class).getSpec();
            String name = Objects.toString(spec.getTopicName(), t.name());
            Object retention = spec.getConfig() == null ? null : spec.getConfig().get("retention.ms");
            boolean forever = retention != null && "-1".equals(retention.toString().trim());
            if (name.endsWith(".events")) {
                eventPartitions.put(name, spec.getPartitions());
                if (spec.getPartitions() == null || spec.getPartitions() < 3) {
                    problems.add(t.where() + ": partitions " + spec.getPartitions() + ", an event topic wants at least 3");
                }
                if (!forever) {
                    problems.add(t.where() + ": retention.ms " + retention + ", an event topic keeps everything (-1): the gateway rebuilds by replaying it");
                }
            } else if (name.endsWith(".dlq") && !forever) {
                problems.add(t.where() + ": retention.ms " + retention + ", a dead-letter topic keeps its records until re-driven (-1)");
            }
        }
        if (new LinkedHashSet<>(eventPartitions.values()).size() > 1) {
            problems.add(r.overlay() + ": the event topics have different partition counts " + eventPartitions);
        }
        if (!names.equals(new TreeSet<>(expected))) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(names);
            Set<String> extra = new TreeSet<>(names);
            extra.removeAll(expected);
            problems.add(r.overlay() + ": KafkaTopics differ from the design's list: missing " + missing + ", not in the design " + extra);
        }
        return problems;
    }

    // --- environment -----------------------------------------------------------------------------------------

    /** Every variable each service's Deployment sets, with where it comes from (value, valueFrom, envFrom). */
    static Map<String, String> environment(Rendered r, Manifest deployment, Map<String, Set<String>> secretKeys,
            List<String> problems) {
        Map<String, String> env = new LinkedHashMap<>();
        Deployment d = deployment.as(Deployment.class);
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            if (!deployment.name().equals(c.getName())) {
                continue;
            }
            if (c.getEnvFrom() != null) {
                for (EnvFromSource from : c.getEnvFrom()) {
                    String prefix = Objects.toString(from.getPrefix(), "");
                    if (from.getConfigMapRef() != null) {
                        String name = from.getConfigMapRef().getName();
                        Optional<Manifest> cm = r.find("ConfigMap", name);
                        if (cm.isEmpty()) {
                            problems.add(deployment.where() + ": envFrom ConfigMap " + name + " is not in the manifests");
                        } else {
                            Map<String, String> data = Optional.ofNullable(cm.get().as(ConfigMap.class).getData()).orElse(Map.of());
                            data.forEach((k, v) -> env.put(prefix + k, "configMap " + name + ": " + v));
                        }
                    }
                    if (from.getSecretRef() != null) {
                        String name = from.getSecretRef().getName();
                        secretKeys.getOrDefault(name, Set.of()).forEach(k -> env.put(prefix + k, "secret " + name));
                    }
                }
            }
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    var from = e.getValueFrom();
                    if (from != null && from.getConfigMapKeyRef() != null) {
                        var ref = from.getConfigMapKeyRef();
                        var data = r.find("ConfigMap", ref.getName()).map(m -> m.as(ConfigMap.class).getData());
                        if (data.isEmpty() || data.get() == null || !data.get().containsKey(ref.getKey())) {
                            problems.add(deployment.where() + ": env " + e.getName() + " refers to ConfigMap "
                                    + ref.getName() + " key " + ref.getKey() + ", which the manifests do not have");
                        }
                    }
                    env.put(e.getName(), e.getValue() != null ? "value: " + e.getValue() : "valueFrom");
                }
            }
        }
        return env;
    }

    /**
     * The Deployments and docs/configuration.md agree: each sets every variable its service must get in Kubernetes,
     * and sets nothing the table does not document for it.
     */
    static List<String> environment(Rendered r, ConfigurationTable table, Map<String, Set<String>> secretKeys) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Deployment")) {
            Map<String, String> env = environment(r, m, secretKeys, problems);
            for (ConfigurationTable.Row row : table.rows()) {
                if (row.setInKubernetes() && row.services().contains(m.name())
                        && env.keySet().stream().noneMatch(row::matches)) {
                    problems.add(m.where() + ": does not set " + row.variable()
                            + " (docs/configuration.md: set in Kubernetes = yes)");
                }
            }
            for (String name : env.keySet()) {
                if (!table.documents(name, m.name())) {
                    problems.add(m.where() + ": sets " + name + ", which docs/configuration.md does not list for "
                            + m.name());
                }
            }
        }
        return problems;
    }

    private static final Pattern REQUIRED_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)\\}");

    /**
     * The variables a config file reads without a default ({@code ${VAR}}, no {@code :default}) outside the dev and
     * test profiles: a service started without them refuses to start (or runs on a wrong value), so its Deployment
     * must set them whatever docs/configuration.md says. Properties syntax (continuations, escapes) as Quarkus reads it.
     */
    static Set<String> requiredByConfig(String text) {
        java.util.Properties props = new java.util.Properties();
        try {
            props.load(new java.io.StringReader(text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> required = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                Set<String> profiles = Set.of(key.substring(1, dot < 0 ? key.length() : dot).split(","));
                if (Set.of("dev", "test").containsAll(profiles)) {
                    continue;
                }
            }
            Matcher m = REQUIRED_ENV.matcher(props.getProperty(key));
            while (m.find()) {
                required.add(m.group(1));
            }
        }
        return required;
    }

    /** Each Deployment sets every variable its service's config reads without a default ({@link #requiredByConfig}). */
    static List<String> environmentRequiredByConfig(Rendered r, Map<String, Map<String, String>> requiredByService,
            Map<String, Set<String>> secretKeys) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Deployment")) {
            Map<String, String> env = environment(r, m, secretKeys, new ArrayList<>());
            requiredByService.getOrDefault(m.name(), Map.of()).forEach((variable, file) -> {
                if (!env.containsKey(variable)) {
                    problems.add(m.where() + ": does not set " + variable + " (" + file + " reads ${" + variable
                            + "} without a default outside %dev/%test)");
                }
            });
        }
        return problems;
    }

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    /** Every ${ENV} a config file reads is in the table for the services that read it. */
    static List<String> configReferences(ConfigurationTable table, String file, String text, List<String> services) {
        List<String> problems = new ArrayList<>();
        Matcher m = ENV_REFERENCE.matcher(text);
        Set<String> seen = new LinkedHashSet<>();
        while (m.find()) {
            String name = m.group(1);
            if (!seen.add(name)) {
                continue;
            }
            for (String service : services) {
                if (!table.documents(name, service)) {
                    problems.add(file + " reads ${" + name + "}, which docs/configuration.md does not list for " + service);
                }
            }
        }
        return problems;
    }

    // --- wiring: the coordinates in each service's environment point at what the overlay creates -----------------

    /** The value of each variable of a Deployment's service container: literal, ConfigMap data, or "secret:name/key". */
    static Map<String, String> envValues(Rendered r, Manifest deployment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Container c : deployment.as(Deployment.class).getSpec().getTemplate().getSpec().getContainers()) {
            if (!deployment.name().equals(c.getName())) {
                continue;
            }
            if (c.getEnvFrom() != null) {
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        r.find("ConfigMap", from.getConfigMapRef().getName()).map(m -> m.as(ConfigMap.class).getData())
                                .ifPresent(data -> data.forEach((k, v) -> values.put(Objects.toString(from.getPrefix(), "") + k, v)));
                    }
                }
            }
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        values.put(e.getName(), "secret:" + ref.getName() + "/" + ref.getKey());
                    } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        r.find("ConfigMap", ref.getName()).map(m -> m.as(ConfigMap.class).getData())
                                .map(data -> data.get(ref.getKey())).ifPresent(v -> values.put(e.getName(), v));
                    } else {
                        values.put(e.getName(), Objects.toString(e.getValue(), ""));
                    }
                }
            }
        }
        return values;
    }

    private static final Pattern DB_URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([a-z0-9_]+)");

    /**
     * FRONTLINE_DB_URL names a Database of a Cluster through its -rw Service, the user/password Secret is the managed
     * role that owns it; FRONTLINE_KAFKA_BOOTSTRAP is a Kafka's bootstrap on a plain listener; FRONTLINE_OIDC_URL is
     * a Keycloak's Service on its enabled HTTP port and the imported realm; the gateway's service URLs are Services.
     */
    static List<String> wiring(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.ofKind("Keycloak")) {
            var db = m.as(OperatorModels.Keycloak.class).spec().db();
            if (db == null) {
                problems.add(m.where() + ": no spec.db (Keycloak would run on its dev-file database)");
                continue;
            }
            String host = Objects.toString(db.host(), "");
            String cluster = host.endsWith("-rw") ? host.substring(0, host.length() - 3) : null;
            Optional<OperatorModels.CnpgCluster> c = r.all(OperatorModels.CnpgCluster.class).stream()
                    .filter(x -> x.metadata().name().equals(cluster)).findFirst();
            Optional<OperatorModels.CnpgDatabase> database = r.all(OperatorModels.CnpgDatabase.class).stream()
                    .filter(d -> d.spec().cluster().name().equals(cluster) && d.spec().name().equals(db.database())).findFirst();
            if (!"postgres".equals(db.vendor()) || c.isEmpty() || database.isEmpty()) {
                problems.add(m.where() + ": spec.db (vendor " + db.vendor() + ", host " + host + ", database " + db.database()
                        + ") is not a Database of a CloudNativePG Cluster's -rw Service");
                continue;
            }
            String owner = database.get().spec().owner();
            Optional<String> secret = c.get().spec().managed() == null ? Optional.empty()
                    : c.get().spec().managed().roles().stream().filter(role -> role.name().equals(owner) && role.passwordSecret() != null)
                            .map(role -> role.passwordSecret().name()).findFirst();
            boolean user = db.usernameSecret() != null && secret.isPresent() && secret.get().equals(db.usernameSecret().name())
                    && "username".equals(db.usernameSecret().key());
            boolean password = db.passwordSecret() != null && secret.isPresent() && secret.get().equals(db.passwordSecret().name())
                    && "password".equals(db.passwordSecret().key());
            if (!user || !password) {
                problems.add(m.where() + ": spec.db user/password Secrets are not " + secret.orElse("(none)")
                        + " username/password, the managed role " + owner + " that owns database " + db.database());
            }
        }
        for (Manifest m : r.ofKind("Deployment")) {
            Map<String, String> env = envValues(r, m);
            String where = m.where();
            String url = env.get("FRONTLINE_DB_URL");
            if (url != null) {
                Matcher u = DB_URL.matcher(url);
                if (!u.matches()) {
                    problems.add(where + ": FRONTLINE_DB_URL " + url + " is not jdbc:postgresql://host:port/database");
                } else {
                    String cluster = u.group(1).endsWith("-rw") ? u.group(1).substring(0, u.group(1).length() - 3) : null;
                    Optional<OperatorModels.CnpgCluster> c = r.all(OperatorModels.CnpgCluster.class).stream()
                            .filter(x -> x.metadata().name().equals(cluster)).findFirst();
                    if (c.isEmpty() || !u.group(2).equals("5432")) {
                        problems.add(where + ": FRONTLINE_DB_URL " + url + " is not the -rw Service (port 5432) of a Cluster in the overlay");
                    } else {
                        Optional<OperatorModels.CnpgDatabase> db = r.all(OperatorModels.CnpgDatabase.class).stream()
                                .filter(d -> d.spec().cluster().name().equals(cluster) && d.spec().name().equals(u.group(3))).findFirst();
                        if (db.isEmpty()) {
                            problems.add(where + ": FRONTLINE_DB_URL names database " + u.group(3) + ", which no Database of " + cluster + " creates");
                        } else {
                            String owner = db.get().spec().owner();
                            Optional<String> ownerSecret = c.get().spec().managed() == null ? Optional.empty()
                                    : c.get().spec().managed().roles().stream().filter(role -> role.name().equals(owner)
                                            && role.passwordSecret() != null).map(role -> role.passwordSecret().name()).findFirst();
                            if (ownerSecret.isEmpty()) {
                                problems.add(where + ": database " + u.group(3) + " is owned by " + owner + ", which is no managed role with a password Secret");
                            } else {
                                for (String[] v : List.of(new String[] { "FRONTLINE_DB_USER", "username" },
                                        new String[] { "FRONTLINE_DB_PASSWORD", "password" })) {
                                    String want = "secret:" + ownerSecret.get() + "/" + v[1];
                                    if (!want.equals(env.get(v[0]))) {
                                        problems.add(where + ": " + v[0] + " is " + env.get(v[0]) + ", want " + want
                                                + " (the role " + owner + " that owns database " + u.group(3) + ")");
                                    }
                                }
                            }
                        }
                    }
                }
            }
            String bootstrap = env.get("FRONTLINE_KAFKA_BOOTSTRAP");
            if (bootstrap != null) {
                boolean ok = r.all(Kafka.class).stream().anyMatch(k -> k.getSpec().getKafka().getListeners().stream()
                        .anyMatch(l -> !l.isTls() && bootstrap.equals(k.getMetadata().getName() + "-kafka-bootstrap:" + l.getPort())));
                if (!ok) {
                    problems.add(where + ": FRONTLINE_KAFKA_BOOTSTRAP " + bootstrap + " is no Kafka's bootstrap Service on a plain listener");
                }
            }
            String oidc = env.get("FRONTLINE_OIDC_URL");
            if (oidc != null) {
                Set<String> realms = new TreeSet<>();
                r.all(OperatorModels.KeycloakRealmImport.class).forEach(ri -> realms.add(ri.spec().realm().path("realm").asString("")));
                boolean ok = r.all(OperatorModels.Keycloak.class).stream().anyMatch(k -> {
                    var http = k.spec().http();
                    int port = http != null && http.httpPort() != null ? http.httpPort() : 8080;
                    boolean enabled = http != null && Boolean.TRUE.equals(http.httpEnabled());
                    return enabled && realms.stream().anyMatch(realm -> oidc.equals(
                            "http://" + k.metadata().name() + "-service:" + port + "/realms/" + realm));
                });
                if (!ok) {
                    problems.add(where + ": FRONTLINE_OIDC_URL " + oidc
                            + " is not http://<keycloak>-service:<http port>/realms/<imported realm> of a Keycloak with httpEnabled");
                }
                // the service fetches the discovery document through the internal Service: unless the hostname is
                // backchannel-dynamic, Keycloak names the public host in jwks_uri, which the service may not reach
                for (OperatorModels.Keycloak k : r.all(OperatorModels.Keycloak.class)) {
                    if (oidc.startsWith("http://" + k.metadata().name() + "-service:")) {
                        var hostname = k.spec().hostname();
                        if (hostname == null || !Boolean.TRUE.equals(hostname.backchannelDynamic())) {
                            problems.add(where + ": FRONTLINE_OIDC_URL " + oidc + " is Keycloak " + k.metadata().name()
                                    + "'s internal Service, but its spec.hostname.backchannelDynamic is not true "
                                    + "(jwks_uri would name the public host: every call 401)");
                        }
                    }
                }
            }
            env.forEach((k, v) -> {
                Matcher g = Pattern.compile("FRONTLINE_GATEWAY_SERVICES_([A-Z]+)_URL").matcher(k);
                if (g.matches()) {
                    String svc = g.group(1).toLowerCase() + "-service";
                    if (!v.equals("http://" + svc + ":" + HTTP_PORT)) {
                        problems.add(where + ": " + k + " is " + v + ", want http://" + svc + ":" + HTTP_PORT);
                    } else if (r.find("Service", svc).isEmpty()) {
                        problems.add(where + ": " + k + " names Service " + svc + ", which the overlay does not have");
                    }
                }
            });
            String issuer = env.get("FRONTLINE_GATEWAY_WEB_ISSUER");
            if (issuer != null) {
                boolean ok = r.all(OperatorModels.Keycloak.class).stream().anyMatch(k -> k.spec().hostname() != null
                        && issuer.startsWith(k.spec().hostname().hostname() + "/realms/"));
                if (!ok) {
                    problems.add(where + ": FRONTLINE_GATEWAY_WEB_ISSUER " + issuer + " is not <Keycloak spec.hostname.hostname>/realms/...; "
                            + "the Keycloak hostnames are " + r.all(OperatorModels.Keycloak.class).stream()
                                    .map(k -> k.spec().hostname() == null ? null : k.spec().hostname().hostname()).toList()
                            + " (tokens name that issuer)");
                }
            }
        }
        return problems;
    }

    // --- secrets ---------------------------------------------------------------------------------------------

    /** A secret reference: which manifest refers to which Secret and key. */
    record SecretUse(String where, String secret, String key) {
    }

    /** Every Secret/key the rendered manifests refer to (TLS certificates excepted: the user brings those). */
    static List<SecretUse> secretUses(Rendered r) {
        List<SecretUse> uses = new ArrayList<>();
        for (Manifest m : r.manifests()) {
            if (m.model() instanceof Deployment d) {
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    if (c.getEnv() != null) {
                        for (EnvVar e : c.getEnv()) {
                            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                                    && !Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional())) {
                                var ref = e.getValueFrom().getSecretKeyRef();
                                uses.add(new SecretUse(m.where() + " env " + e.getName(), ref.getName(), ref.getKey()));
                            }
                        }
                    }
                    if (c.getEnvFrom() != null) {
                        c.getEnvFrom().stream().filter(f -> f.getSecretRef() != null).forEach(f -> uses.add(
                                new SecretUse(m.where() + " envFrom", f.getSecretRef().getName(), null)));
                    }
                }
                var vols = d.getSpec().getTemplate().getSpec().getVolumes();
                if (vols != null) {
                    vols.stream().filter(v -> v.getSecret() != null).forEach(v -> uses.add(
                            new SecretUse(m.where() + " volume " + v.getName(), v.getSecret().getSecretName(), null)));
                }
            } else if (m.model() instanceof OperatorModels.CnpgCluster c && c.spec() != null) {
                if (c.spec().managed() != null && c.spec().managed().roles() != null) {
                    for (var role : c.spec().managed().roles()) {
                        if (role.passwordSecret() != null) {
                            for (String key : List.of("username", "password")) {
                                uses.add(new SecretUse(m.where() + " managed role " + role.name(),
                                        role.passwordSecret().name(), key));
                            }
                        }
                    }
                }
                if (c.spec().bootstrap() != null && c.spec().bootstrap().initdb() != null
                        && c.spec().bootstrap().initdb().secret() != null) {
                    for (String key : List.of("username", "password")) {
                        uses.add(new SecretUse(m.where() + " bootstrap.initdb.secret",
                                c.spec().bootstrap().initdb().secret().name(), key));
                    }
                }
                if (c.spec().superuserSecret() != null) {
                    for (String key : List.of("username", "password")) {
                        uses.add(new SecretUse(m.where() + " superuserSecret", c.spec().superuserSecret().name(), key));
                    }
                }
            } else if (m.model() instanceof OperatorModels.Keycloak k && k.spec() != null) {
                var db = k.spec().db();
                if (db != null) {
                    if (db.usernameSecret() != null) {
                        uses.add(new SecretUse(m.where() + " db.usernameSecret", db.usernameSecret().name(), db.usernameSecret().key()));
                    }
                    if (db.passwordSecret() != null) {
                        uses.add(new SecretUse(m.where() + " db.passwordSecret", db.passwordSecret().name(), db.passwordSecret().key()));
                    }
                }
                if (k.spec().additionalOptions() != null) {
                    k.spec().additionalOptions().stream().filter(o -> o.secret() != null).forEach(o -> uses.add(
                            new SecretUse(m.where() + " additionalOptions " + o.name(), o.secret().name(), o.secret().key())));
                }
                if (k.spec().bootstrapAdmin() != null && k.spec().bootstrapAdmin().user() != null) {
                    for (String key : List.of("username", "password")) {
                        uses.add(new SecretUse(m.where() + " bootstrapAdmin.user", k.spec().bootstrapAdmin().user().secret(), key));
                    }
                }
                if (k.spec().bootstrapAdmin() != null && k.spec().bootstrapAdmin().service() != null) {
                    for (String key : List.of("client-id", "client-secret")) {
                        uses.add(new SecretUse(m.where() + " bootstrapAdmin.service", k.spec().bootstrapAdmin().service().secret(), key));
                    }
                }
            } else if (m.model() instanceof OperatorModels.KeycloakRealmImport ri && ri.spec() != null
                    && ri.spec().placeholders() != null) {
                ri.spec().placeholders().forEach((name, p) -> {
                    if (p.secret() != null) {
                        uses.add(new SecretUse(m.where() + " placeholder " + name, p.secret().name(), p.secret().key()));
                    }
                });
            }
        }
        return uses;
    }

    /** Every referenced Secret/key is one the secrets script creates; no Secret with data in the manifests. */
    static List<String> secrets(Rendered r, Map<String, Set<String>> created) {
        List<String> problems = new ArrayList<>();
        for (SecretUse use : secretUses(r)) {
            Set<String> keys = created.get(use.secret());
            if (keys == null) {
                problems.add(use.where() + ": Secret " + use.secret() + " is not created by deploy/kubernetes/secrets");
            } else if (use.key() != null && !keys.contains(use.key())) {
                problems.add(use.where() + ": Secret " + use.secret() + " has no key " + use.key()
                        + " in deploy/kubernetes/secrets (has " + keys + ")");
            }
        }
        for (Manifest m : r.ofKind("Secret")) {
            Secret s = m.as(Secret.class);
            if (s.getData() != null && !s.getData().isEmpty() || s.getStringData() != null && !s.getStringData().isEmpty()) {
                problems.add(m.where() + ": a Secret with data is committed; secrets come from deploy/kubernetes/secrets");
            }
        }
        return problems;
    }

    // --- the realm -------------------------------------------------------------------------------------------

    /** The realm import names the Keycloak that exists; prod imports no (sample) users. */
    static List<String> realm(Rendered r, boolean prod) {
        List<String> problems = new ArrayList<>();
        Set<String> keycloaks = new TreeSet<>();
        r.all(OperatorModels.Keycloak.class).forEach(k -> keycloaks.add(k.metadata().name()));
        for (Manifest m : r.ofKind("KeycloakRealmImport")) {
            var spec = m.as(OperatorModels.KeycloakRealmImport.class).spec();
            if (spec == null || !keycloaks.contains(spec.keycloakCRName())) {
                problems.add(m.where() + ": keycloakCRName " + (spec == null ? null : spec.keycloakCRName())
                        + " names no Keycloak in the overlay " + keycloaks);
                continue;
            }
            if (spec.realm() == null || !"frontline".equals(spec.realm().path("realm").asString(""))) {
                problems.add(m.where() + ": the imported realm is not named frontline");
            }
            if (prod && spec.realm() != null && spec.realm().path("users").size() > 0) {
                problems.add(m.where() + ": prod imports " + spec.realm().path("users").size() + " user(s); no sample users in production");
            }
        }
        if (r.ofKind("KeycloakRealmImport").isEmpty()) {
            problems.add(r.overlay() + ": no KeycloakRealmImport");
        }
        return problems;
    }

    // --- labels ----------------------------------------------------------------------------------------------

    /** The contract's labels on everything we write (the Namespace carries only part-of). */
    static List<String> labels(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : r.manifests()) {
            Map<String, String> labels = StrictManifestReader.labels(m);
            List<String> want = m.kind().equals("Namespace") ? List.of("app.kubernetes.io/part-of")
                    : List.of("app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of");
            for (String l : want) {
                if (labels.get(l) == null || labels.get(l).isBlank()) {
                    problems.add(m.where() + ": no label " + l);
                }
            }
            if (!"frontline".equals(labels.get("app.kubernetes.io/part-of")) && labels.containsKey("app.kubernetes.io/part-of")) {
                problems.add(m.where() + ": app.kubernetes.io/part-of is " + labels.get("app.kubernetes.io/part-of"));
            }
        }
        return problems;
    }

    // --- selectors -------------------------------------------------------------------------------------------

    static Map<String, String> podLabels(Deployment d) {
        var meta = d.getSpec().getTemplate().getMetadata();
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    /** Kubernetes label-selector semantics; a null selector selects nothing, an empty one everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement e : selector.getMatchExpressions()) {
                String v = labels.get(e.getKey());
                List<String> values = e.getValues() == null ? List.of() : e.getValues();
                boolean ok = switch (e.getOperator()) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
