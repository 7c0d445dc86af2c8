package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat REST operations through the gateway, against the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The chat REST API")
class ChatApiTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    return Http.await(harness.client().post(path).putHeader("Authorization", "Bearer " + token).sendJsonObject(body));
  }

  private static HttpResponse<Buffer> get(String path, String token) {
    return http.getWithToken(path, token);
  }

  private static String meeting(String token) {
    return post("/api/v1/meetings", token, new JsonObject().put("title", "REST chat")).bodyAsJsonObject().getString("id");
  }

  @Test
  @DisplayName("A member posts to a meeting's chat (201) and reads it back; a resend with the same id stores nothing more")
  void meetingChat() {
    String token = http.signup("Poster").getString("accessToken");
    String id = meeting(token);
    JsonObject body = new JsonObject().put("clientMessageId", "rest-1").put("text", "over REST");

    HttpResponse<Buffer> created = post("/api/v1/meetings/" + id + "/messages", token, body);
    HttpResponse<Buffer> again = post("/api/v1/meetings/" + id + "/messages", token, body);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject()).isEqualTo(created.bodyAsJsonObject());
    HttpResponse<Buffer> page = get("/api/v1/meetings/" + id + "/messages?limit=10", token);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsJsonObject().getJsonArray("messages")).hasSize(1);
    assertThat(page.bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("over REST");
  }

  @Test
  @DisplayName("Over-long, empty, wrongly typed and foreign-channel messages get 4xx problems and store nothing")
  void refusals() {
    String token = http.signup("Poster").getString("accessToken");
    String stranger = http.signup("Stranger").getString("accessToken");
    String id = meeting(token);
    String path = "/api/v1/meetings/" + id + "/messages";

    HttpResponse<Buffer> tooLong = post(path, token, new JsonObject().put("clientMessageId", "a").put("text", "x".repeat(4001)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.bodyAsJsonObject().getString("field")).isEqualTo("text");
    assertThat(post(path, token, new JsonObject().put("clientMessageId", "b").put("text", " ")).statusCode()).isEqualTo(400);
    assertThat(post(path, token, new JsonObject().put("clientMessageId", "c").put("text", 12)).statusCode()).isEqualTo(400);
    assertThat(post(path, token, new JsonObject().put("clientMessageId", "d").put("text", "hi").put("seq", 1)).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> foreign = post(path, stranger, new JsonObject().put("clientMessageId", "e").put("text", "hi"));
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(get(path, stranger).statusCode()).isEqualTo(404);
    assertThat(get(path, token).bodyAsJsonObject().getJsonArray("messages")).isEmpty();
  }

  @Test
  @DisplayName("A direct message shows up in the recipient's conversations with one unread message")
  void conversations() {
    JsonObject ada = http.signup("Ada");
    JsonObject bob = http.signup("Bob");
    String adaId = ada.getJsonObject("user").getString("id");
    String bobId = bob.getJsonObject("user").getString("id");

    HttpResponse<Buffer> sent = post("/api/v1/conversations/" + bobId + "/messages", ada.getString("accessToken"),
        new JsonObject().put("clientMessageId", "dm-1").put("text", "Hi Bob"));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);

    JsonObject list = get("/api/v1/conversations", bob.getString("accessToken")).bodyAsJsonObject();
    assertThat(list.getJsonArray("items")).hasSize(1);
    JsonObject conversation = list.getJsonArray("items").getJsonObject(0);
    assertThat(conversation.getString("peerId")).isEqualTo(adaId);
    assertThat(conversation.getString("peerName")).isEqualTo("Ada");
    assertThat(conversation.getLong("unread")).isEqualTo(1);
    JsonObject page = get("/api/v1/conversations/" + adaId + "/messages", bob.getString("accessToken")).bodyAsJsonObject();
    assertThat(page.getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("Hi Bob");
    assertThat(get("/api/v1/conversations/" + adaId + "/messages", ada.getString("accessToken")).statusCode())
        .as("no conversation with oneself").isEqualTo(400);
  }
}
