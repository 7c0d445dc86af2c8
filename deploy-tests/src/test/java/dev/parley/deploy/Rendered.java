package dev.parley.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Kustomize overlay rendered by {@code kubectl kustomize} and read into fabric8's Kubernetes API
 * types, strictly: a document whose kind the API types do not know, or any field that the types do not
 * have (which fabric8 keeps aside in {@code additionalProperties}), fails the rendering with its path.
 */
final class Rendered {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  final List<HasMetadata> objects;

  private Rendered(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /**
   * @param overlay e.g. {@code dev}, a directory under {@code k8s/overlays}
   * @throws IllegalStateException when kubectl is missing or fails, or an object does not validate
   */
  static Rendered overlay(String overlay) {
    return CACHE.computeIfAbsent(overlay, Rendered::render);
  }

  private static final Map<String, Rendered> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private static Rendered render(String overlay) {
    String yaml = kubectlKustomize("k8s/overlays/" + overlay);
    List<HasMetadata> objects = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Yaml parser = new Yaml();
    for (Object document : parser.loadAll(yaml)) {
      if (document == null) {
        continue;
      }
      Object object = SERIALIZATION.unmarshal(parser.dump(document));
      if (!(object instanceof HasMetadata resource) || object instanceof GenericKubernetesResource) {
        throw new IllegalStateException("Not a Kubernetes API type: " + ((Map<?, ?>) document).get("kind"));
      }
      String name = resource.getKind() + "/" + resource.getMetadata().getName();
      collectUnknownFields(resource, name, unknown);
      objects.add(resource);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("Fields the Kubernetes API does not have:\n" + String.join("\n", unknown));
    }
    return new Rendered(objects);
  }

  /** @return the objects of a type, e.g. {@code Deployment.class} */
  <T extends HasMetadata> Stream<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast);
  }

  /** @return the object of a type with a name (after Kustomize's suffixes, compare with {@link #named}) */
  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** @return whether a generated name ({@code parley-config-h64h8kt5kg}) is the one the base gives ({@code parley-config}) */
  static boolean named(String rendered, String base) {
    return rendered.equals(base) || rendered.matches(java.util.regex.Pattern.quote(base) + "-[a-z0-9]{10}");
  }

  private static String kubectlKustomize(String directory) {
    ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", directory)
        .directory(RepoFiles.root().toFile())
        .redirectErrorStream(false);
    try {
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + err);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Like the browser tests without Chromium: skipped with a message saying what to install.
      throw new org.opentest4j.TestAbortedException("kubectl 1.27+ (with its built-in Kustomize) is not installed, so k8s/ "
          + "cannot be rendered here; install it to run this test (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Walks fabric8 model objects through their getters, reporting every non-empty {@code additionalProperties}. */
  private static void collectUnknownFields(Object node, String path, List<String> unknown) {
    if (node == null) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
      } else {
        collectUnknownFields(value, path + "." + Character.toLowerCase(getter.getName().charAt(3))
            + getter.getName().substring(4), unknown);
      }
    }
  }
}
