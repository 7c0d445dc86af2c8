package dev.parley.e2e;

import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Runs axe-core (the {@code org.webjars.npm:axe-core} WebJar on the test classpath) inside a page and
 * reports its serious and critical violations of WCAG 2.0 and 2.1, levels A and AA.
 */
final class Axe {

  private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";
  private static final String SOURCE = load();

  /** The rules' tags that are checked: WCAG 2.1 AA and what it includes. */
  private static final String RUN = """
      async () => {
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return JSON.stringify(result.violations
          .filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
      }
      """;

  private Axe() {
  }

  /**
   * @return one line per serious or critical violation on the page as it is now: rule id, impact,
   *     help text and up to three of the elements; empty when there is none
   */
  static List<String> seriousViolations(Page page) {
    // Evaluated as a script by the debugging protocol, which the page's Content-Security-Policy does not govern.
    if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
      page.evaluate(SOURCE + "\n;0");
    }
    JsonArray violations = new JsonArray((String) page.evaluate(RUN));
    List<String> lines = new ArrayList<>();
    for (Object item : violations) {
      JsonObject violation = (JsonObject) item;
      lines.add(violation.getString("id") + " (" + violation.getString("impact") + "): " + violation.getString("help")
          + " at " + violation.getJsonArray("targets").encode());
    }
    return lines;
  }

  private static String load() {
    ClassLoader loader = Axe.class.getClassLoader();
    try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      if (pom == null) {
        throw new IllegalStateException("The axe-core WebJar is not on the test classpath");
      }
      Properties properties = new Properties();
      properties.load(pom);
      try (InputStream script = loader.getResourceAsStream(WEBJAR + properties.getProperty("version") + "/axe.min.js")) {
        if (script == null) {
          throw new IllegalStateException("No axe.min.js in the axe-core WebJar " + properties.getProperty("version"));
        }
        return new String(script.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
