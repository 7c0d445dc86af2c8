package dev.parley.signaling.board;

import dev.parley.api.board.BoardService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

import static dev.parley.signaling.board.Fields.bad;

/**
 * The element types of a board and the rules of their fields (issue 15 limits). Every element has
 * {@code id}, {@code type}, {@code page}, {@code x}, {@code y} (board coordinates of its origin) and
 * {@code style {color, width, fill}} from closed sets; by type:
 * <ul>
 *   <li>{@code stroke}, {@code highlighter}: {@code points} [x, y, pressure (0..1), …] relative to the
 *       origin, at most {@value BoardService#MAX_POINTS} points;</li>
 *   <li>{@code line}, {@code arrow}: {@code points} [x1, y1, x2, y2] relative to the origin;</li>
 *   <li>{@code rect}, {@code ellipse}: {@code w}, {@code h} (0..2e6);</li>
 *   <li>{@code text}: {@code text} (1..{@value BoardService#MAX_TEXT_LENGTH} characters, plain text),
 *       {@code size} (font size 8..400);</li>
 *   <li>{@code plot}: {@code w}, {@code h}, {@code functions} [{expr (≤ 200 characters), color}] (1..6),
 *       {@code domain} [xmin, xmax], {@code range} [ymin, ymax] (min &lt; max), {@code curves}
 *       [{fn (index into functions), points [x, y, …] in the plot's own coordinates}] (≤ 2,000 curves,
 *       at most {@value BoardService#MAX_POINTS} points in all).</li>
 * </ul>
 * Unknown fields and types are refused with {@code BAD_REQUEST} naming the field.
 */
final class Elements {

  static final Set<String> TYPES = Set.of("stroke", "highlighter", "line", "arrow", "rect", "ellipse", "text", "plot");
  static final Set<String> COLORS = Set.of("#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00", "#9c36b5",
      "#0c8599", "#868e96", "#fcc419", "#ffffff");
  static final Set<String> FILLS = Set.of("none", "light", "solid");
  static final Set<Double> WIDTHS = Set.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0);
  static final int MAX_FUNCTIONS = 6;
  static final int MAX_CURVES = 2_000;
  static final int MAX_EXPRESSION = 200;
  private static final Set<String> COMMON = Set.of("id", "type", "page", "x", "y", "style");
  /** Fields an update may set, by type (geometry, style, content; never id, type or page). */
  private static final java.util.Map<String, Set<String>> MUTABLE = java.util.Map.of(
      "stroke", Set.of("x", "y", "style", "points"),
      "highlighter", Set.of("x", "y", "style", "points"),
      "line", Set.of("x", "y", "style", "points"),
      "arrow", Set.of("x", "y", "style", "points"),
      "rect", Set.of("x", "y", "style", "w", "h"),
      "ellipse", Set.of("x", "y", "style", "w", "h"),
      "text", Set.of("x", "y", "style", "text", "size"),
      "plot", Set.of("x", "y", "style", "w", "h", "functions", "domain", "range", "curves"));

  private Elements() {
  }

  /** Checks a whole element (an {@code add}); {@code path} is where it sits in the op. */
  static void check(JsonObject element, String path) {
    Fields.id(element, "id", path + ".id");
    String type = Fields.oneOf(element, "type", path + ".type", TYPES);
    Fields.id(element, "page", path + ".page");
    Set<String> allowed = new java.util.HashSet<>(COMMON);
    allowed.addAll(MUTABLE.get(type));
    Fields.only(element, path, allowed);
    for (String field : MUTABLE.get(type)) {
      if (!element.containsKey(field)) {
        throw bad(path + "." + field, "A " + type + " needs '" + field + "'.");
      }
      checkField(type, element, field, path);
    }
  }

  /** Checks an update's {@code set} against the type of the element it changes. */
  static void checkUpdate(String type, JsonObject set, String path) {
    if (set.isEmpty()) {
      throw bad(path, "'" + path + "' must set at least one field.");
    }
    Fields.only(set, path, MUTABLE.get(type));
    for (String field : set.fieldNames()) {
      checkField(type, set, field, path);
    }
  }

  private static void checkField(String type, JsonObject source, String field, String path) {
    String at = path + "." + field;
    switch (field) {
      case "x", "y" -> Fields.number(source, field, at);
      case "w", "h" -> Fields.number(source, field, at, 0, 2 * BoardService.MAX_COORDINATE);
      case "size" -> Fields.number(source, field, at, 8, 400);
      case "text" -> Fields.text(source, field, at, BoardService.MAX_TEXT_LENGTH);
      case "style" -> style(Fields.object(source, field, at), at);
      case "points" -> {
        boolean freehand = "stroke".equals(type) || "highlighter".equals(type);
        Fields.points(source, field, at, freehand ? 3 : 2, freehand ? BoardService.MAX_POINTS : 2);
        if (!freehand && source.getJsonArray(field).size() != 4) {
          throw bad(at, "A " + type + " has 'points' [x1, y1, x2, y2].");
        }
        if (freehand) {
          JsonArray points = source.getJsonArray(field);
          for (int i = 2; i < points.size(); i += 3) {
            double pressure = points.getDouble(i);
            if (pressure < 0 || pressure > 1) {
              throw bad(at, "Pressure (every third number of '" + at + "') must be between 0 and 1.");
            }
          }
        }
      }
      case "functions" -> {
        JsonArray functions = Fields.array(source, field, at, 1, MAX_FUNCTIONS);
        for (int i = 0; i < functions.size(); i++) {
          if (!(functions.getValue(i) instanceof JsonObject fn)) {
            throw bad(at, "'" + at + "' must hold objects {expr, color}.");
          }
          Fields.only(fn, at + "[" + i + "]", Set.of("expr", "color"));
          Fields.text(fn, "expr", at + "[" + i + "].expr", MAX_EXPRESSION);
          Fields.oneOf(fn, "color", at + "[" + i + "].color", COLORS);
        }
      }
      case "domain", "range" -> {
        JsonArray bounds = Fields.array(source, field, at, 2, 2);
        if (Fields.number(bounds.getValue(0), at) >= Fields.number(bounds.getValue(1), at)) {
          throw bad(at, "'" + at + "' must be [min, max] with min < max.");
        }
      }
      case "curves" -> {
        JsonArray curves = Fields.array(source, field, at, 0, MAX_CURVES);
        int total = 0;
        for (int i = 0; i < curves.size(); i++) {
          if (!(curves.getValue(i) instanceof JsonObject curve)) {
            throw bad(at, "'" + at + "' must hold objects {fn, points}.");
          }
          Fields.only(curve, at + "[" + i + "]", Set.of("fn", "points"));
          Fields.number(curve, "fn", at + "[" + i + "].fn", 0, MAX_FUNCTIONS - 1);
          total += Fields.points(curve, "points", at + "[" + i + "].points", 2, BoardService.MAX_POINTS);
        }
        if (total > BoardService.MAX_POINTS) {
          throw bad(at, "A plot holds at most " + BoardService.MAX_POINTS + " points in all; this one has " + total + ".");
        }
      }
      default -> throw bad(at, "'" + path + "' has no field '" + field + "'.");
    }
  }

  private static void style(JsonObject style, String path) {
    Fields.only(style, path, Set.of("color", "width", "fill"));
    Fields.oneOf(style, "color", path + ".color", COLORS);
    double width = Fields.number(style, "width", path + ".width");
    if (!WIDTHS.contains(width)) {
      throw bad(path + ".width", "'" + path + ".width' must be one of 1, 2, 4, 8, 16, 32.");
    }
    Fields.oneOf(style, "fill", path + ".fill", FILLS);
  }
}
