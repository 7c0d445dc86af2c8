package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository files the deployment tests check against: the root (the parent of this module), the
 * README's configuration table and the image names the service modules' POMs declare.
 */
final class RepoFiles {

  private static final Pattern README_VARIABLE = Pattern.compile("PARLEY_[A-Z0-9_]+");
  private static final Pattern IMAGE_NAME = Pattern.compile("<image\\.name>([a-z0-9-]+)</image\\.name>");

  private RepoFiles() {
  }

  /** @return the repository root (Surefire runs in the module's directory) */
  static Path root() {
    Path root = Path.of("").toAbsolutePath().getParent();
    if (!Files.exists(root.resolve("docker-compose.yml"))) {
      throw new IllegalStateException("Not run from deploy-tests/: no docker-compose.yml in " + root);
    }
    return root;
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return every {@code PARLEY_*} name in the first column of the README's configuration table (rows
   *     such as {@code | `PARLEY_HTTP_HOST` / `PARLEY_HTTP_PORT` | ...})
   */
  static Set<String> documentedVariables() {
    Set<String> names = new TreeSet<>();
    read("README.md").lines()
        .filter(line -> line.startsWith("| `PARLEY_"))
        .map(line -> line.substring(1, line.indexOf('|', 1)))
        .forEach(cell -> {
          Matcher m = README_VARIABLE.matcher(cell);
          while (m.find()) {
            names.add(m.group());
          }
        });
    return names;
  }

  /** @return image name (e.g. {@code gateway}) to module directory, for every module whose POM sets {@code image.name} */
  static Map<String, String> moduleImages() {
    Map<String, String> images = new TreeMap<>();
    try (Stream<Path> modules = Files.list(root())) {
      modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).forEach(dir -> {
        try {
          Matcher m = IMAGE_NAME.matcher(Files.readString(dir.resolve("pom.xml")));
          if (m.find()) {
            images.put(m.group(1), dir.getFileName().toString());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return images;
  }
}
