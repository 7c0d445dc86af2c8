package dev.parley.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay under {@code k8s/overlays} renders with {@code kubectl kustomize}, validates against the
 * Kubernetes API types with no unknown field ({@link Rendered}), and has what issue 18 asks of it:
 * restricted pods, probes on {@code /health/*}, Hazelcast DNS discovery, drain-matched grace periods,
 * autoscalers, disruption budgets, network isolation and documented configuration.
 */
class KustomizeOverlaysTest {

  private static final Set<String> SERVICES = Set.of(
      "gateway", "auth-service", "meeting-service", "chat-service", "signaling-service", "file-service");
  private static final String MEMBER = "parley.dev/cluster-member";

  private static Stream<Deployment> services(Rendered k8s) {
    return k8s.all(Deployment.class).filter(d -> SERVICES.contains(d.getMetadata().getName()));
  }

  private static Stream<PodSpec> pods(Rendered k8s) {
    return Stream.concat(k8s.all(Deployment.class).map(d -> d.getSpec().getTemplate().getSpec()),
        k8s.all(StatefulSet.class).map(s -> s.getSpec().getTemplate().getSpec()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("The overlay renders into Kubernetes API objects with no unknown field, a Deployment, Service and PodDisruptionBudget per service")
  void rendersAndValidates(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    assertThat(services(k8s).map(d -> d.getMetadata().getName())).containsExactlyInAnyOrderElementsOf(SERVICES);
    for (String service : SERVICES) {
      assertThat(k8s.one(Service.class, service).getSpec().getSelector()).containsEntry("app.kubernetes.io/name", service);
      assertThat(k8s.one(PodDisruptionBudget.class, service).getSpec().getSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/name", service);
    }
    assertThat(services(k8s).map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()))
        .allMatch(image -> RepoFiles.moduleImages().keySet().stream().anyMatch(name -> image.contains("/" + name + ":")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("Every pod runs as non-root with seccomp RuntimeDefault, no privilege escalation, no capabilities and a read-only root")
  void restrictedPods(String overlay) {
    pods(Rendered.overlay(overlay)).forEach(pod -> {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      for (Container c : pod.getContainers()) {
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
        assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
        assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("Each service has startup, liveness and readiness probes on /health/*, /tmp on an emptyDir, and a grace period longer than the 30 s drain")
  void probesTmpAndDrain(String overlay) {
    services(Rendered.overlay(overlay)).forEach(d -> {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Container c = pod.getContainers().get(0);
      assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
      String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
          .findFirst().orElseThrow().getName();
      assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null);
      assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(30L);
      assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("Services find each other through Hazelcast's DNS mode on a headless Service, binding the event bus to the pod IP")
  void hazelcastDiscovery(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    ConfigMap config = k8s.all(ConfigMap.class).filter(c -> Rendered.named(c.getMetadata().getName(), "parley-config"))
        .findFirst().orElseThrow();
    String dns = config.getData().get("PARLEY_CLUSTER_K8S_SERVICE_DNS");
    Service headless = k8s.one(Service.class, dns.substring(0, dns.indexOf('.')));
    assertThat(dns).isEqualTo(headless.getMetadata().getName() + "." + headless.getMetadata().getNamespace() + ".svc.cluster.local");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getSpec().getSelector()).containsEntry(MEMBER, "true");
    assertThat(headless.getSpec().getPorts()).anyMatch(p -> p.getPort() == 5701);
    services(k8s).forEach(d -> {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(MEMBER, "true");
      EnvVar host = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
          .filter(e -> e.getName().equals("PARLEY_CLUSTER_HOST")).findFirst().orElseThrow();
      assertThat(host.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("The gateway, signaling and chat scale on CPU; the Ingress routes to the gateway with WebSocket-long timeouts")
  void scalingAndIngress(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    assertThat(k8s.all(HorizontalPodAutoscaler.class).map(h -> h.getSpec().getScaleTargetRef().getName()))
        .containsExactlyInAnyOrder("gateway", "signaling-service", "chat-service");
    Ingress ingress = k8s.one(Ingress.class, "parley");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
        .isEqualTo("gateway");
    assertThat(Integer.parseInt(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
        .isGreaterThanOrEqualTo(3600);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("Ingress is denied by default: only the gateway is open to all, 5701 and 5710 only between Parley pods")
  void networkIsolation(String overlay) {
    List<NetworkPolicy> policies = Rendered.overlay(overlay).all(NetworkPolicy.class).toList();
    assertThat(policies).anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
        && p.getSpec().getPodSelector().getMatchExpressions().isEmpty() && p.getSpec().getIngress().isEmpty() && p.getSpec().getPolicyTypes().contains("Ingress"));
    for (NetworkPolicy policy : policies) {
      Map<String, String> selects = policy.getSpec().getPodSelector().getMatchLabels();
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        if (rule.getFrom().isEmpty()) {
          assertThat(selects).as(policy.getMetadata().getName() + " is open to all").containsEntry("app.kubernetes.io/name", "gateway");
          assertThat(rule.getPorts()).allMatch(p -> p.getPort().getIntVal() == 8080);
        }
        if (rule.getPorts().stream().anyMatch(p -> Set.of(5701, 5710).contains(p.getPort().getIntVal()))) {
          assertThat(rule.getFrom()).allMatch(peer -> peer.getPodSelector() != null
              && Map.of(MEMBER, "true").equals(peer.getPodSelector().getMatchLabels()) && peer.getNamespaceSelector() == null);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("Every PARLEY_* variable the overlay sets is documented in the README's configuration table")
  void variablesDocumented(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    Set<String> names = new TreeSet<>();
    k8s.all(ConfigMap.class).filter(c -> Rendered.named(c.getMetadata().getName(), "parley-config"))
        .forEach(c -> names.addAll(c.getData().keySet()));
    k8s.all(Secret.class).forEach(s -> names.addAll(Objects.requireNonNullElse(s.getData(), Map.<String, String>of()).keySet()));
    services(k8s).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
        .forEach(e -> names.add(e.getName())));
    names.removeIf(name -> !name.startsWith("PARLEY_") && !name.equals("secret"));
    names.remove("secret");
    assertThat(names).contains("PARLEY_CLUSTER_HOST", "PARLEY_CLUSTER_K8S_SERVICE_DNS");
    assertThat(RepoFiles.documentedVariables()).containsAll(names);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("coturn and the signaling service read the same TURN secret; every other Secret or ConfigMap named exists or is one the README tells you to create")
  void secretsAndReferences(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    Set<String> external = overlay.equals("dev") ? Set.of("parley-jwt") : Set.of("parley-jwt", "parley-secrets", "parley-turn");
    Set<String> rendered = new TreeSet<>();
    k8s.all(Secret.class).forEach(s -> rendered.add(s.getMetadata().getName()));
    k8s.all(ConfigMap.class).forEach(c -> rendered.add(c.getMetadata().getName()));
    Set<String> referenced = new TreeSet<>();
    pods(k8s).forEach(pod -> {
      pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret().getSecretName()));
      for (Container c : pod.getContainers()) {
        c.getEnv().stream().filter(e -> e.getValueFrom() != null).forEach(e -> {
          if (e.getValueFrom().getSecretKeyRef() != null) {
            referenced.add(e.getValueFrom().getSecretKeyRef().getName());
          }
          if (e.getValueFrom().getConfigMapKeyRef() != null) {
            referenced.add(e.getValueFrom().getConfigMapKeyRef().getName());
          }
        });
        for (EnvFromSource from : c.getEnvFrom()) {
          referenced.add(from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : from.getSecretRef().getName());
        }
      }
    });
    referenced.removeAll(rendered);
    assertThat(referenced).containsExactlyInAnyOrderElementsOf(external);
    assertThat(turnSecret(k8s, "coturn", "TURN_SECRET")).isEqualTo(turnSecret(k8s, "signaling-service", "PARLEY_TURN_SECRET"));
  }

  private static String turnSecret(Rendered k8s, String deployment, String variable) {
    EnvVar env = k8s.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
        .stream().filter(e -> e.getName().equals(variable)).findFirst().orElseThrow();
    return env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev", "prod"})
  @DisplayName("dev runs MongoDB and Redis as StatefulSets and Mailpit in the cluster; prod runs none of them and pulls from a registry")
  void storesPerOverlay(String overlay) {
    Rendered k8s = Rendered.overlay(overlay);
    List<String> statefulSets = k8s.all(StatefulSet.class).map(s -> s.getMetadata().getName()).toList();
    boolean mailpit = k8s.all(Deployment.class).anyMatch(d -> d.getMetadata().getName().equals("mailpit"));
    if (overlay.equals("dev")) {
      assertThat(statefulSets).containsExactlyInAnyOrder("mongo", "redis");
      assertThat(mailpit).isTrue();
    } else {
      assertThat(statefulSets).isEmpty();
      assertThat(mailpit).isFalse();
      assertThat(services(k8s).map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()))
          .allMatch(image -> !image.startsWith("parley/") && !image.endsWith("-SNAPSHOT"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"prod", "dev"})
  @DisplayName("The README's table of rendered objects lists exactly what the overlay renders")
  void readmeListsRenderedObjects(String overlay) {
    int column = overlay.equals("prod") ? 2 : 3;
    Map<String, Set<String>> listed = new java.util.TreeMap<>();
    String readme = RepoFiles.read("README.md");
    String table = readme.substring(readme.indexOf("| kind | prod | dev |"));
    table.lines().skip(2).takeWhile(line -> line.startsWith("| ")).forEach(line -> {
      String[] cells = line.split("\\|");
      Set<String> names = new TreeSet<>();
      for (String name : cells[column].split(",")) {
        if (!name.isBlank() && !name.strip().equals("—")) {
          names.add(name.strip());
        }
      }
      if (!names.isEmpty()) {
        listed.put(cells[1].strip(), names);
      }
    });
    Map<String, Set<String>> rendered = new java.util.TreeMap<>();
    Rendered.overlay(overlay).objects.forEach(o -> rendered.computeIfAbsent(o.getKind(), k -> new TreeSet<>())
        .add(o.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", "")));
    assertThat(listed).isEqualTo(rendered);
  }
}
