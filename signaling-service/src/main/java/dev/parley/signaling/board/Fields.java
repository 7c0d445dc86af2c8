package dev.parley.signaling.board;

import dev.parley.api.ErrorCode;
import dev.parley.api.board.BoardService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one field of client JSON or refuses it with {@code BAD_REQUEST} naming the field (its dotted
 * path in the op). Numbers must be finite and within ±{@link BoardService#MAX_COORDINATE}.
 */
final class Fields {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Fields() {
  }

  static RuntimeException bad(String field, String message) {
    return ErrorCode.BAD_REQUEST.exception(message, new JsonObject().put(ErrorCode.FIELD, field));
  }

  static JsonObject object(JsonObject parent, String key, String path) {
    Object value = parent.getValue(key);
    if (!(value instanceof JsonObject object)) {
      throw bad(path, "'" + path + "' must be an object.");
    }
    return object;
  }

  static JsonArray array(JsonObject parent, String key, String path, int min, int max) {
    Object value = parent.getValue(key);
    if (!(value instanceof JsonArray array) || array.size() < min || array.size() > max) {
      throw bad(path, "'" + path + "' must be an array of " + min + ".." + max + " items.");
    }
    return array;
  }

  static String id(JsonObject parent, String key, String path) {
    Object value = parent.getValue(key);
    if (!(value instanceof String s) || !ID.matcher(s).matches()) {
      throw bad(path, "'" + path + "' must be 1..64 characters of A-Z a-z 0-9 - _.");
    }
    return s;
  }

  static boolean isId(Object value) {
    return value instanceof String s && ID.matcher(s).matches();
  }

  static String text(JsonObject parent, String key, String path, int max) {
    Object value = parent.getValue(key);
    if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
      throw bad(path, "'" + path + "' must be text of 1.." + max + " characters, not only white space.");
    }
    return s;
  }

  static String oneOf(JsonObject parent, String key, String path, Set<String> allowed) {
    Object value = parent.getValue(key);
    if (!(value instanceof String s) || !allowed.contains(s)) {
      throw bad(path, "'" + path + "' must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
    }
    return s;
  }

  static double number(JsonObject parent, String key, String path) {
    return number(parent.getValue(key), path);
  }

  static double number(Object value, String path) {
    if (!(value instanceof Number n)) {
      throw bad(path, "'" + path + "' must be a number.");
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || Math.abs(d) > BoardService.MAX_COORDINATE) {
      throw bad(path, "'" + path + "' must be a finite number within ±1e6.");
    }
    return d;
  }

  static double number(JsonObject parent, String key, String path, double min, double max) {
    double d = number(parent, key, path);
    if (d < min || d > max) {
      throw bad(path, "'" + path + "' must be between " + min + " and " + max + ".");
    }
    return d;
  }

  /** Checks a flat array of numbers whose length is a multiple of {@code stride}; returns its point count. */
  static int points(JsonObject parent, String key, String path, int stride, int maxPoints) {
    Object value = parent.getValue(key);
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() % stride != 0) {
      throw bad(path, "'" + path + "' must be a flat array of numbers, " + stride + " per point.");
    }
    int count = array.size() / stride;
    if (count > maxPoints) {
      throw bad(path, "'" + path + "' holds " + count + " points; at most " + maxPoints + " are allowed.");
    }
    for (int i = 0; i < array.size(); i++) {
      number(array.getValue(i), path);
    }
    return count;
  }

  /** Refuses members other than {@code allowed}. */
  static void only(JsonObject object, String path, Set<String> allowed) {
    for (String key : object.fieldNames()) {
      if (!allowed.contains(key)) {
        throw bad(path + "." + key, "'" + path + "' has no field '" + key + "'.");
      }
    }
  }
}
