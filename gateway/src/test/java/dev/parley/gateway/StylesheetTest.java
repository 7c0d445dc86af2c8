package dev.parley.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's stylesheets are well formed: every block is closed, and no style rule sits inside
 * another (only inside at-rules such as {@code @media}). A rule left open by a merge silently nests
 * every later rule under it, which browsers accept and then apply to nothing.
 */
class StylesheetTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"styles.css", "shell.css", "room.css", "calendar.css"})
  @DisplayName("Each stylesheet closes every block and nests style rules only inside at-rules")
  void wellFormed(String file) throws Exception {
    String css = Files.readString(Path.of("..", "web-client", "src", "main", "resources", "webroot", file))
        .replaceAll("(?s)/\\*.*?\\*/", "");
    Deque<String> open = new ArrayDeque<>();
    StringBuilder prelude = new StringBuilder();
    int line = 1;
    for (char c : css.toCharArray()) {
      if (c == '\n') {
        line++;
      }
      if (c == '{') {
        String selector = prelude.toString().trim();
        selector = selector.substring(selector.lastIndexOf(';') + 1).trim();
        if (!open.isEmpty() && !open.peek().startsWith("@")) {
          assertThat(selector).as("line %d: a rule inside the unclosed rule '%s'", line, open.peek()).startsWith("@");
        }
        open.push(selector);
        prelude.setLength(0);
      } else if (c == '}') {
        assertThat(open).as("line %d: a '}' closes nothing", line).isNotEmpty();
        open.pop();
        prelude.setLength(0);
      } else {
        prelude.append(c);
      }
    }
    assertThat(open).as("blocks left open at the end").isEmpty();
  }
}
