package dev.parley.gateway.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Schemas of an OpenAPI document: resolves local {@code $ref}s and builds a sample value that
 * satisfies a schema (the baseline a hostile value replaces one field of), and the values that violate
 * it (wrong types, out-of-range numbers, oversize strings).
 */
public final class Schemas {

  private final JsonObject document;

  public Schemas(JsonObject document) {
    this.document = document;
  }

  /** @return the schema with a top-level {@code $ref} ({@code #/a/b/c}) followed */
  public JsonObject resolve(JsonObject schema) {
    JsonObject current = schema == null ? new JsonObject() : schema;
    for (int hops = 0; current.containsKey("$ref") && hops < 10; hops++) {
      String[] parts = current.getString("$ref").substring(2).split("/");
      JsonObject target = document;
      for (String part : parts) {
        target = target.getJsonObject(part);
      }
      current = target;
    }
    return current;
  }

  /** @return the first JSON type the schema allows ({@code type} may be a string or an array) */
  public String type(JsonObject schema) {
    Object type = resolve(schema).getValue("type");
    if (type instanceof JsonArray types) {
      return types.stream().map(String::valueOf).filter(t -> !"null".equals(t)).findFirst().orElse("string");
    }
    return type == null ? (resolve(schema).containsKey("properties") ? "object" : "string") : (String) type;
  }

  /** @return a value the schema accepts (the service may still refuse it; the contract does not) */
  public Object sample(JsonObject raw, String name) {
    JsonObject schema = resolve(raw);
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    return switch (type(schema)) {
      case "object" -> {
        JsonObject object = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String property : properties.fieldNames()) {
          object.put(property, sample(properties.getJsonObject(property), property));
        }
        yield object;
      }
      case "array" -> new JsonArray().add(sample(schema.getJsonObject("items", new JsonObject()), name));
      case "integer" -> schema.getLong("minimum", 1L) <= 1 && schema.getLong("maximum", 2L) >= 1 ? 1L : schema.getLong("minimum", 1L);
      case "number" -> schema.getDouble("minimum", 1.0);
      case "boolean" -> true;
      default -> sampleString(schema, name);
    };
  }

  private static String sampleString(JsonObject schema, String name) {
    String lower = name.toLowerCase();
    String value;
    if ("email".equals(schema.getString("format")) || lower.contains("email")) {
      value = "fuzz-" + System.nanoTime() + "@example.test";
    } else if ("date-time".equals(schema.getString("format")) || lower.equals("start") || lower.equals("end") || lower.endsWith("start")) {
      value = "2031-03-28T09:00:00+01:00";
    } else if ("date".equals(schema.getString("format")) || lower.endsWith("date")) {
      value = "2031-03-28";
    } else if (lower.contains("zone")) {
      value = "Europe/Berlin";
    } else if (lower.contains("password")) {
      value = "correct horse battery staple";
    } else {
      value = "sample";
    }
    int min = schema.getInteger("minLength", 0);
    return value.length() >= min ? value : value + "x".repeat(min - value.length());
  }

  /** @return values that break the schema: each must be refused with 400 */
  public List<Object> violations(JsonObject raw) {
    JsonObject schema = resolve(raw);
    List<Object> values = new ArrayList<>();
    String type = type(schema);
    boolean nullable = schema.getValue("type") instanceof JsonArray types && types.contains("null");
    switch (type) {
      case "integer", "number" -> {
        values.add("12");
        values.add(new JsonObject().put("$gt", 0));
        if (schema.containsKey("maximum")) {
          values.add(schema.getLong("maximum") + 1);
        }
        if (schema.containsKey("minimum")) {
          values.add(schema.getLong("minimum") - 1);
        }
        if ("integer".equals(type)) {
          values.add(1.5);
        }
      }
      case "boolean" -> {
        values.add("true");
        values.add(1);
      }
      case "object" -> {
        values.add("object");
        values.add(new JsonArray().add(1));
      }
      case "array" -> {
        values.add("array");
        values.add(new JsonObject());
      }
      default -> {
        values.add(42);
        values.add(new JsonObject().put("$ne", ""));
        values.add(new JsonArray().add("a"));
        if (schema.containsKey("maxLength")) {
          values.add("y".repeat(schema.getInteger("maxLength") + 1));
        }
      }
    }
    if (!nullable && !"null".equals(type)) {
      values.add(null);
    }
    return values;
  }
}
