package dev.parley.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Blocking helpers for API tests: each call waits at most 20 s for its answer. */
final class Http {

  private final WebClient client;
  /** Each test client looks like its own address, so that per-address login throttling stays per test. */
  private final String clientAddress = "10.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);

  Http(WebClient client) {
    this.client = client;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Future did not complete: " + e, e);
    }
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return await(request(client.post(path)).sendJsonObject(body));
  }

  HttpResponse<Buffer> postRaw(String path, String contentType, Buffer body) {
    return await(request(client.post(path)).putHeader("content-type", contentType).sendBuffer(body));
  }

  HttpResponse<Buffer> postWithCookie(String path, String cookie, JsonObject body) {
    return await(request(client.post(path)).putHeader("cookie", cookie).sendJsonObject(body));
  }

  HttpResponse<Buffer> get(String path) {
    return await(request(client.get(path)).send());
  }

  HttpResponse<Buffer> getWithToken(String path, String token) {
    return await(request(client.get(path)).putHeader("Authorization", "Bearer " + token).send());
  }

  HttpResponse<Buffer> postWithToken(String path, String token, JsonObject body) {
    return await(request(client.post(path)).putHeader("Authorization", "Bearer " + token).sendJsonObject(body));
  }

  HttpResponse<Buffer> deleteWithToken(String path, String token) {
    return await(request(client.delete(path)).putHeader("Authorization", "Bearer " + token).send());
  }

  private HttpRequest<Buffer> request(HttpRequest<Buffer> request) {
    return request.putHeader("X-Forwarded-For", clientAddress);
  }

  /** Signs up a fresh account and returns the session body (refresh token in the body). */
  JsonObject signup(String displayName) {
    String email = displayName.toLowerCase().replace(' ', '.') + "+" + UUID.randomUUID() + "@parley.test";
    HttpResponse<Buffer> response = post("/api/v1/auth/signup", new JsonObject()
        .put("email", email).put("password", "correct horse battery staple").put("displayName", displayName)
        .put("refreshTokenTransport", "body"));
    if (response.statusCode() != 201) {
      throw new AssertionError("signup failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().put("email", email);
  }
}
