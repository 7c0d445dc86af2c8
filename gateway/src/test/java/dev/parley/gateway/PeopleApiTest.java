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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The people directory and one's own account through the gateway, against the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The people REST API")
class PeopleApiTest {

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

  static String family() {
    return "Fam" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
  }

  static String token(JsonObject session) {
    return session.getString("accessToken");
  }

  static String id(JsonObject session) {
    return session.getJsonObject("user").getString("id");
  }

  static HttpResponse<Buffer> search(String token, String q) {
    return http.getWithToken("/api/v1/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
  }

  private static HttpResponse<Buffer> patchMe(String token, JsonObject body) {
    return Http.await(harness.client().patch("/api/v1/users/me").putHeader("Authorization", "Bearer " + token).sendJsonObject(body));
  }

  @Test
  @DisplayName("People I have a conversation with come first, with their email; strangers follow without it; everyone has a presence")
  void contactsFirst() {
    String family = family();
    JsonObject ann = http.signup("Ann " + family);
    JsonObject aaron = http.signup("Aaron " + family);
    JsonObject zed = http.signup("Zed " + family);
    assertThat(http.postWithToken("/api/v1/conversations/" + id(zed) + "/messages", token(ann),
        new JsonObject().put("clientMessageId", "hello-1").put("text", "Hello Zed")).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> response = search(token(ann), family);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    List<JsonObject> items = response.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    assertThat(items).extracting(item -> item.getString("id")).containsExactly(id(zed), id(aaron));
    assertThat(items.get(0).getBoolean("contact")).isTrue();
    assertThat(items.get(0).getString("email")).isEqualTo(zed.getString("email"));
    assertThat(items.get(1).getBoolean("contact")).isFalse();
    assertThat(items.get(1).containsKey("email")).isFalse();
    assertThat(items).allSatisfy(item -> assertThat(item.getString("presence")).isIn("online", "in-call", "offline"));
  }

  @Test
  @DisplayName("A guest's token gets 401 from the directory")
  void guestRefused() {
    JsonObject host = http.signup("Host " + family());
    JsonObject meeting = http.postWithToken("/api/v1/meetings", token(host), new JsonObject().put("title", "Guests")).bodyAsJsonObject();
    String guestToken = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"),
        new JsonObject().put("displayName", "Gus")).bodyAsJsonObject().getString("guestToken");
    assertThat(search(guestToken, "a").statusCode()).isEqualTo(401);
    assertThat(http.get("/api/v1/users?q=a").statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("A 1 MB query is refused with a 4xx and pattern characters are searched literally, never a 5xx")
  void hostileQueries() {
    String token = token(http.signup("Hostile " + family()));
    int huge = http.getWithToken("/api/v1/users?q=" + "a".repeat(1_000_000), token).statusCode();
    assertThat(huge).isBetween(400, 499);
    assertThat(search(token, "a".repeat(201)).statusCode()).isEqualTo(400);
    http.signup("Someone " + family());
    for (String q : List.of(".*", "[", "\\", "$", "123", "true", "null", "{}")) {
      assertLiteral(token, q, List.of());
    }
    // '(a+)+$' finds what its one word 'a' finds, never what the pattern would.
    assertLiteral(token, "(a+)+$", ids(search(token, "a")));
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  /** A 4xx, or a 200 with exactly the expected people. */
  private static void assertLiteral(String token, String q, List<String> expected) {
    HttpResponse<Buffer> response = search(token, q);
    if (response.statusCode() == 200) {
      assertThat(ids(response)).as(q).containsExactlyElementsOf(expected);
    } else {
      assertThat(response.statusCode()).as(q + " " + response.bodyAsString()).isBetween(400, 499);
    }
  }

  @Test
  @DisplayName("Display names of 0 or 81 characters, with control or text-direction characters, are refused naming the field")
  void badDisplayNames() {
    String token = token(http.signup("Renamer " + family()));
    for (String name : List.of("", "   ", "x".repeat(81), "Bad\u0000Name", "Evil\u202Eeman", "Iso\u2066late", "\u200B")) {
      HttpResponse<Buffer> response = patchMe(token, new JsonObject().put("displayName", name));
      assertThat(response.statusCode()).as(name).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("field")).as(name).isEqualTo("displayName");
    }
    assertThat(patchMe(token, new JsonObject().put("timeZone", "Mars/Olympus")).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("A new display name and time zone are kept, trimmed, and the directory finds the person by the new name")
  void rename() {
    String family = family();
    JsonObject me = http.signup("Old " + family);
    JsonObject other = http.signup("Looker " + family);
    HttpResponse<Buffer> response = patchMe(token(me), new JsonObject().put("displayName", "  Renée " + family + " ")
        .put("timeZone", "Europe/Paris"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("displayName")).isEqualTo("Renée " + family);
    assertThat(response.bodyAsJsonObject().getString("timeZone")).isEqualTo("Europe/Paris");
    assertThat(http.getWithToken("/api/v1/users/me", token(me)).bodyAsJsonObject().getString("timeZone")).isEqualTo("Europe/Paris");
    assertThat(search(token(other), "renee " + family).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(id(me));
  }

  @Test
  @DisplayName("Changing the password needs the current one and signs every other session out")
  void changePassword() {
    JsonObject me = http.signup("Changer " + family());
    JsonObject body = new JsonObject().put("currentPassword", "not my password").put("newPassword", "a brand new passphrase")
        .put("refreshTokenTransport", "body");
    assertThat(http.postWithToken("/api/v1/users/me/password", token(me), body).statusCode()).isEqualTo(401);

    HttpResponse<Buffer> changed = http.postWithToken("/api/v1/users/me/password", token(me),
        body.copy().put("currentPassword", "correct horse battery staple"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getString("refreshToken")).isNotBlank();
    assertThat(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", me.getString("refreshToken"))).statusCode())
        .isEqualTo(401);
    assertThat(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken",
        changed.bodyAsJsonObject().getString("refreshToken"))).statusCode()).isEqualTo(200);
    assertThat(http.post("/api/v1/auth/login", new JsonObject().put("email", me.getString("email"))
        .put("password", "a brand new passphrase")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Deleting one's account needs the password; afterwards it cannot sign in, nobody finds it, and the email can sign up afresh")
  void deleteAccount() {
    String family = family();
    JsonObject me = http.signup("Leaver " + family);
    JsonObject other = http.signup("Stayer " + family);
    HttpResponse<Buffer> wrong = Http.await(harness.client().delete("/api/v1/users/me").putHeader("Authorization", "Bearer " + token(me))
        .sendJsonObject(new JsonObject().put("password", "wrong wrong wrong")));
    assertThat(wrong.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> deleted = Http.await(harness.client().delete("/api/v1/users/me").putHeader("Authorization", "Bearer " + token(me))
        .sendJsonObject(new JsonObject().put("password", "correct horse battery staple")));
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);

    assertThat(http.post("/api/v1/auth/login", new JsonObject().put("email", me.getString("email"))
        .put("password", "correct horse battery staple")).statusCode()).isEqualTo(401);
    assertThat(http.post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", me.getString("refreshToken"))).statusCode())
        .isEqualTo(401);
    assertThat(search(token(other), "leaver " + family).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(http.post("/api/v1/auth/signup", new JsonObject().put("email", me.getString("email"))
        .put("password", "correct horse battery staple").put("displayName", "Again")).statusCode()).isEqualTo(201);
  }
}
