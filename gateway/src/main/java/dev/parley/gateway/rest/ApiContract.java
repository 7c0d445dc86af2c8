package dev.parley.gateway.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

/**
 * The REST contract, {@code openapi.yaml} on the classpath: the document published at
 * {@code /api/openapi.json} (with this deployment's public URL as its server) and the
 * {@link OpenAPIContract} the router validates requests with.
 *
 * <p>vertx-openapi 5.0 refuses response media types it cannot validate, such as
 * {@code application/problem+json} (RFC 9457). Responses are not validated here, so the router gets
 * a copy whose problem responses are declared as {@code application/json}; clients see the truth.
 * Operations marked {@code x-parley-streamed} (file upload and download) are left out of that copy:
 * their bodies stream past the validator and they have routes of their own.
 */
public final class ApiContract {

  private static final String PROBLEM = "application/problem+json";

  private final JsonObject published;
  private final OpenAPIContract contract;

  private ApiContract(JsonObject published, OpenAPIContract contract) {
    this.published = published;
    this.contract = contract;
  }

  /** Loads and checks the contract; fails naming the problem when it is invalid. */
  public static Future<ApiContract> load(Vertx vertx, String publicUrl) {
    return vertx.fileSystem().readFile("openapi.yaml").compose(buffer -> {
      Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(buffer.toString());
      JsonObject document = new JsonObject(yaml);
      JsonObject published = document.copy()
          .put("servers", new JsonArray().add(new JsonObject().put("url", publicUrl + "/api/v1")));
      return OpenAPIContract.from(vertx, forRouter(document.copy()))
          .map(contract -> new ApiContract(published, contract));
    });
  }

  /** @return the document as published to clients */
  public JsonObject document() {
    return published;
  }

  /** @return the contract for routing and request validation */
  public OpenAPIContract contract() {
    return contract;
  }

  private static JsonObject forRouter(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.copy().fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      item.copy().fieldNames().stream()
          .filter(method -> item.getValue(method) instanceof JsonObject op && op.getBoolean("x-parley-streamed", false))
          .forEach(item::remove);
      if (item.fieldNames().stream().noneMatch(key -> !key.equals("parameters"))) {
        paths.remove(path);
      }
    }
    JsonObject responses = document.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
    for (String name : responses.fieldNames()) {
      JsonObject content = responses.getJsonObject(name).getJsonObject("content");
      if (content != null && content.containsKey(PROBLEM)) {
        content.put("application/json", content.remove(PROBLEM));
      }
    }
    return document;
  }
}
