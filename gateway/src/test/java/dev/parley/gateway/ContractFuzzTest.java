package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.fuzz.Hostile;
import dev.parley.gateway.fuzz.Schemas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The negative test generator of issue 13: walks the OpenAPI document the gateway serves and, for every
 * operation, sends hostile values in every path parameter, query parameter and body field (wrong types,
 * out-of-range numbers, oversize strings, malformed escapes, injection strings), one at a time on an
 * otherwise valid request. Every answer must come within 2 s and never be a 5xx; every refusal must be
 * problem+json; a value that breaks the contract must be refused with a 4xx. The server must stay ready.
 * A new operation in the contract is covered without writing anything here.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ContractFuzzTest {

  private static final long ANSWER_WITHIN_MS = 2_000;
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static WebClient client;
  private static JsonObject document;
  private static Schemas schemas;
  private static String token;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    client = harness.client();
    Http http = new Http(client);
    document = http.get("/api/openapi.json").bodyAsJsonObject();
    schemas = new Schemas(document);
    token = http.signup("Contract Fuzzer").getString("accessToken");
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  /** One request of a case: what is sent, and whether the contract forbids it (then it must be a 4xx). */
  private record Case(String what, HttpMethod method, String uri, Object body, String contentType, boolean mustRefuse) {
  }

  @TestFactory
  Stream<DynamicTest> everyOperation() {
    List<DynamicTest> tests = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          JsonObject operation = item.getJsonObject(method);
          List<JsonObject> parameters = new ArrayList<>();
          item.getJsonArray("parameters", new io.vertx.core.json.JsonArray()).forEach(p -> parameters.add(schemas.resolve((JsonObject) p)));
          operation.getJsonArray("parameters", new io.vertx.core.json.JsonArray()).forEach(p -> parameters.add(schemas.resolve((JsonObject) p)));
          HttpMethod verb = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
          tests.add(DynamicTest.dynamicTest(method.toUpperCase(Locale.ROOT) + " " + path,
              () -> check(cases(verb, path, parameters, operation))));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(30);
    return tests.stream();
  }

  private List<Case> cases(HttpMethod method, String path, List<JsonObject> parameters, JsonObject operation) {
    List<Case> cases = new ArrayList<>();
    JsonObject bodySchema = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema");
    Object baseline = bodySchema == null ? null : schemas.sample(bodySchema, "body");
    for (JsonObject parameter : parameters) {
      String name = parameter.getString("name");
      JsonObject schema = parameter.getJsonObject("schema", new JsonObject());
      if ("path".equals(parameter.getString("in"))) {
        for (String segment : Hostile.PATH_SEGMENTS) {
          cases.add(new Case("path " + name + "=" + abbreviate(segment), method, uri(path, parameters, name, segment, null),
              baseline, "application/json", true));
        }
      } else if ("query".equals(parameter.getString("in"))) {
        boolean integer = "integer".equals(schemas.type(schema));
        for (String value : Hostile.QUERY_VALUES) {
          boolean breaksContract = integer && !Set.of("1e3", "%201", "").contains(value);
          cases.add(new Case("query " + name + "=" + abbreviate(value), method, uri(path, parameters, null, null, name + "=" + value),
              baseline, "application/json", breaksContract));
        }
      }
    }
    String valid = uri(path, parameters, null, null, null);
    if (baseline instanceof JsonObject object) {
      JsonObject properties = schemas.resolve(bodySchema).getJsonObject("properties", new JsonObject());
      for (String field : properties.fieldNames()) {
        JsonObject fieldSchema = properties.getJsonObject(field);
        for (Object value : schemas.violations(fieldSchema)) {
          cases.add(new Case("body " + field + "=" + abbreviate(String.valueOf(value)), method, valid,
              object.copy().put(field, value), "application/json", true));
        }
        if ("string".equals(schemas.type(fieldSchema))) {
          for (String value : Hostile.STRINGS) {
            cases.add(new Case("body " + field + "=" + abbreviate(value), method, valid, object.copy().put(field, value),
                "application/json", false));
          }
        }
      }
      cases.add(new Case("body with an unknown field", method, valid, object.copy().put("$where", "1"), "application/json", false));
    }
    if (bodySchema != null) {
      for (String raw : List.of("[]", "\"text\"", "1", "null", "{", "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":1,\"a\":2}")) {
        cases.add(new Case("body " + abbreviate(raw), method, valid, Buffer.buffer(raw), "application/json", true));
      }
      cases.add(new Case("body as text/plain", method, valid, Buffer.buffer("title=x"), "text/plain", true));
    }
    return cases;
  }

  /** @return the request URI with sample values for path parameters, one of them replaced when named */
  private static String uri(String path, List<JsonObject> parameters, String hostileName, String hostileSegment, String query) {
    String uri = "/api/v1" + path;
    for (JsonObject parameter : parameters) {
      if ("path".equals(parameter.getString("in"))) {
        String name = parameter.getString("name");
        uri = uri.replace("{" + name + "}", name.equals(hostileName) ? hostileSegment : "fuzz-" + name);
      }
    }
    return query == null ? uri : uri + "?" + query;
  }

  private void check(List<Case> cases) {
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String failure = verdict(c);
      if (failure != null) {
        failures.add(c.what() + " -> " + failure);
      }
    }
    HttpResponse<Buffer> ready = Http.await(client.get("/health/ready").send());
    assertThat(ready.statusCode()).as("the server stays ready").isEqualTo(200);
    assertThat(failures).as("%d of %d cases", failures.size(), cases.size()).isEmpty();
  }

  private String verdict(Case c) {
    HttpRequest<Buffer> request = client.request(c.method(), c.uri()).timeout(ANSWER_WITHIN_MS)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("X-Forwarded-For", "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
    Future<HttpResponse<Buffer>> sent;
    if (c.body() == null) {
      sent = request.send();
    } else {
      Buffer body = c.body() instanceof Buffer buffer ? buffer : Buffer.buffer(Json.encode(c.body()));
      sent = request.putHeader("content-type", c.contentType()).sendBuffer(body);
    }
    HttpResponse<Buffer> response;
    try {
      response = sent.toCompletionStage().toCompletableFuture().get(ANSWER_WITHIN_MS + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return "no answer within " + ANSWER_WITHIN_MS + " ms (" + e.getMessage() + ")";
    }
    int status = response.statusCode();
    if (status >= 500) {
      return status + " " + abbreviate(response.bodyAsString());
    }
    if (c.mustRefuse() && status < 400) {
      return "accepted with " + status + " although the contract forbids it";
    }
    if (status >= 400 && !"application/problem+json".equals(response.getHeader("content-type"))) {
      return status + " without problem+json: " + response.getHeader("content-type");
    }
    if (status >= 400 && response.bodyAsString().contains("Exception")) {
      return status + " leaks an exception: " + abbreviate(response.bodyAsString());
    }
    return null;
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "null" : text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 60 ? flat.substring(0, 60) + "…(" + flat.length() + ")" : flat;
  }
}
