package dev.parley.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} and {@code .env.example} (issue 18): every image is one a module builds,
 * every variable is given a value, every {@code PARLEY_*} setting is documented in the README, and the
 * services start in order of health. Parsed with SnakeYAML, which applies the file's YAML merge keys as
 * Compose does.
 */
class ComposeFileTest {

  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");
  private static final Set<String> PARLEY_SERVICES = Set.of(
      "gateway", "auth-service", "meeting-service", "chat-service", "signaling-service", "file-service");

  private static String text;
  private static Map<String, Map<String, Object>> services;
  private static Map<String, String> env;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() {
    text = RepoFiles.read("docker-compose.yml");
    Map<String, Object> compose = new Yaml().load(text);
    services = (Map<String, Map<String, Object>>) compose.get("services");
    env = new LinkedHashMap<>();
    RepoFiles.read(".env.example").lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(line -> env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(String service, String key) {
    return (Map<String, Object>) services.get(service).getOrDefault(key, Map.of());
  }

  @Test
  @DisplayName("Every Parley image the compose file runs is one a service module builds with Jib")
  void imagesAreBuilt() {
    Map<String, String> built = RepoFiles.moduleImages();
    for (String service : PARLEY_SERVICES) {
      String image = (String) services.get(service).get("image");
      assertThat(image).as(service).isEqualTo("${IMAGE_PREFIX}/" + service + ":${IMAGE_TAG}");
      assertThat(built).as("a module whose POM sets image.name " + service).containsKey(service);
    }
    assertThat(services.keySet()).as("every built image runs in compose").containsAll(built.keySet());
  }

  @Test
  @DisplayName("Every ${VARIABLE} the compose file uses has a value in .env.example (no silent blanks)")
  void variablesHaveValues() {
    Matcher m = INTERPOLATION.matcher(text);
    Set<String> used = new TreeSet<>();
    while (m.find()) {
      assertThat(m.group(2)).as("${%s} takes its value from .env, not an inline default", m.group(1)).isEmpty();
      used.add(m.group(1));
    }
    assertThat(env.keySet()).containsAll(used);
    used.stream().filter(name -> !Set.of("PARLEY_CORS_ORIGINS", "PARLEY_ADMIN_EMAILS").contains(name))
        .forEach(name -> assertThat(env.get(name)).as(name).isNotBlank());
  }

  @Test
  @DisplayName("Every PARLEY_* variable compose sets or .env.example names is in the README's configuration table")
  void parleyVariablesDocumented() {
    Set<String> documented = RepoFiles.documentedVariables();
    Set<String> set = new TreeSet<>();
    for (String service : PARLEY_SERVICES) {
      set.addAll(section(service, "environment").keySet());
    }
    env.keySet().stream().filter(name -> name.startsWith("PARLEY_")).forEach(set::add);
    assertThat(set).allMatch(name -> name.startsWith("PARLEY_"), "only PARLEY_* configure Parley");
    assertThat(documented).containsAll(set);
  }

  @Test
  @DisplayName("Each Parley service has a health check and waits for healthy MongoDB and Redis; the gateway waits for every service")
  void startOrderOnHealth() {
    for (String service : PARLEY_SERVICES) {
      assertThat(section(service, "healthcheck")).as(service).containsKey("test");
      Map<String, Object> dependsOn = section(service, "depends_on");
      Set<String> needs = service.equals("gateway")
          ? PARLEY_SERVICES.stream().filter(s -> !s.equals("gateway")).collect(Collectors.toSet())
          : Set.of("mongo", "redis");
      for (String dependency : needs) {
        assertThat(dependsOn).as(service + " depends on " + dependency)
            .containsEntry(dependency, Map.of("condition", "service_healthy"));
      }
    }
    for (String store : List.of("mongo", "redis", "mailpit")) {
      assertThat(section(store, "healthcheck")).as(store).containsKey("test");
    }
  }

  @Test
  @DisplayName("The health check runs a probe class that exists in the common module")
  void healthProbeExists() {
    String probe = "dev.parley.common.ops.HealthProbe";
    assertThat(text).contains(probe);
    assertThat(Files.exists(RepoFiles.root().resolve(
        "common/src/main/java/" + probe.replace('.', '/') + ".java"))).isTrue();
  }

  @Test
  @DisplayName("Only the auth service gets the JWT key, as a mounted secret named by PARLEY_JWT_KEY_FILE")
  @SuppressWarnings("unchecked")
  void jwtKeyIsSecret() {
    assertThat((List<String>) services.get("auth-service").get("secrets")).containsExactly("jwt-keys");
    assertThat(section("auth-service", "environment")).containsEntry("PARLEY_JWT_KEY_FILE", "/run/secrets/jwt-keys");
    PARLEY_SERVICES.stream().filter(s -> !s.equals("auth-service"))
        .forEach(s -> assertThat(services.get(s)).as(s).doesNotContainKey("secrets"));
    assertThat(text).contains("secrets:\n  jwt-keys:\n    file: ${JWT_KEYS_FILE}");
  }

  @Test
  @DisplayName("The gateway is published on port 8080 and the stores keep their data in named volumes")
  @SuppressWarnings("unchecked")
  void portsAndVolumes() {
    assertThat((List<String>) services.get("gateway").get("ports")).containsExactly("${GATEWAY_PORT}:8080");
    assertThat(env).containsEntry("GATEWAY_PORT", "8080");
    Map<String, Object> compose = new Yaml().load(text);
    Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
    for (String store : List.of("mongo", "redis")) {
      List<String> volumes = (List<String>) services.get(store).get("volumes");
      assertThat(volumes).as(store).isNotEmpty();
      volumes.forEach(v -> assertThat(declared).contains(v.substring(0, v.indexOf(':'))));
    }
  }

  @Test
  @DisplayName("MongoDB runs as a replica set and coturn shares the signaling service's TURN secret")
  @SuppressWarnings("unchecked")
  void mongoReplicaSetAndTurnSecret() {
    assertThat((List<String>) services.get("mongo").get("command")).contains("--replSet", "rs0");
    assertThat(section("signaling-service", "environment").get("PARLEY_MONGO_URI").toString()).contains("replicaSet=rs0");
    assertThat((List<String>) services.get("coturn").get("command"))
        .contains("--use-auth-secret", "--static-auth-secret=${PARLEY_TURN_SECRET}");
    assertThat(section("signaling-service", "environment")).containsEntry("PARLEY_TURN_SECRET", "${PARLEY_TURN_SECRET}");
  }
}
