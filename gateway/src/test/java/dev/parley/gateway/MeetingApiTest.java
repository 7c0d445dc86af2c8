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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The meeting REST operations through the gateway, against the real meeting and auth services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class MeetingApiTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @BeforeEach
  void client() {
    http = new Http(harness.client());
  }

  private HttpResponse<Buffer> create(String token, JsonObject draft) {
    return Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(draft));
  }

  @Test
  @DisplayName("A host creates a meeting, gets a shareable join URL, and finds it in their list")
  void createAndList() {
    String token = http.signup("Host Hannah").getString("accessToken");
    HttpResponse<Buffer> created = create(token, new JsonObject().put("title", "Weekly sync"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject meeting = created.bodyAsJsonObject();
    assertThat(meeting.getString("joinCode")).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
    assertThat(meeting.getString("joinUrl")).isEqualTo("http://localhost:8080/#/join/" + meeting.getString("joinCode"));
    assertThat(meeting.getJsonObject("settings").getInteger("participantLimit")).isEqualTo(8);
    assertThat(meeting.getString("role")).isEqualTo("host");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/meetings/" + meeting.getString("id"));

    JsonObject page = http.getWithToken("/api/v1/meetings?page=1&size=10", token).bodyAsJsonObject();
    assertThat(page.getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("id"))).contains(meeting.getString("id"));
  }

  @Test
  @DisplayName("Creating a meeting needs an account and a valid body")
  void createValidation() {
    assertThat(http.post("/api/v1/meetings", new JsonObject().put("title", "No token")).statusCode()).isEqualTo(401);
    String token = http.signup("Sloppy Sam").getString("accessToken");
    HttpResponse<Buffer> noTitle = create(token, new JsonObject().put("description", "no title"));
    assertThat(noTitle.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badLimit = create(token, new JsonObject().put("title", "x")
        .put("settings", new JsonObject().put("participantLimit", 500)));
    assertThat(badLimit.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> injection = create(token, new JsonObject().put("title", new JsonObject().put("$gt", "")));
    assertThat(injection.statusCode()).isEqualTo(400);
    assertThat(http.getWithToken("/api/v1/meetings?size=1000", token).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("A signed-in user joins by link; a named guest joins without an account and gets a guest token")
  void join() {
    String host = http.signup("Link Owner").getString("accessToken");
    JsonObject meeting = create(host, new JsonObject().put("title", "Open house")).bodyAsJsonObject();
    String code = meeting.getString("joinCode");

    String user = http.signup("Invited User").getString("accessToken");
    HttpResponse<Buffer> userJoin = Http.await(harness.client().post("/api/v1/meetings/join/" + code.toUpperCase())
        .putHeader("Authorization", "Bearer " + user).send());
    assertThat(userJoin.statusCode()).as(userJoin.bodyAsString()).isEqualTo(200);
    assertThat(userJoin.bodyAsJsonObject().getString("role")).isEqualTo("participant");
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.getString("id"), user).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> guestJoin = http.post("/api/v1/meetings/join/" + code, new JsonObject().put("displayName", "Guest Gina"));
    assertThat(guestJoin.statusCode()).as(guestJoin.bodyAsString()).isEqualTo(200);
    String guestToken = guestJoin.bodyAsJsonObject().getString("guestToken");
    assertThat(guestToken).isNotBlank();
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.getString("id"), guestToken).statusCode()).isEqualTo(200);
    assertThat(http.getWithToken("/api/v1/users/me", guestToken).statusCode()).as("a guest has no account").isEqualTo(401);

    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), guestToken);
    assertThat(socket.authReply.getJsonObject("user").getString("role")).isEqualTo("guest");
    assertThat(socket.authReply.getJsonObject("user").getString("meetingId")).isEqualTo(meeting.getString("id"));
    socket.close();

    assertThat(http.post("/api/v1/meetings/join/" + code, new JsonObject()).statusCode())
        .as("a guest must give a name").isEqualTo(400);
    assertThat(http.post("/api/v1/meetings/join/no-such-code", new JsonObject().put("displayName", "X")).statusCode())
        .isEqualTo(404);
    assertThat(Http.await(harness.client().post("/api/v1/meetings/join/" + code)
        .putHeader("Authorization", "Bearer forged").send()).statusCode()).as("a bad token is not treated as a guest").isEqualTo(401);
  }

  @Test
  @DisplayName("Only the host changes or deletes a meeting; strangers cannot even see it")
  void hostOnly() {
    String host = http.signup("Careful Host").getString("accessToken");
    JsonObject meeting = create(host, new JsonObject().put("title", "Board meeting")).bodyAsJsonObject();
    String path = "/api/v1/meetings/" + meeting.getString("id");
    String member = http.signup("Plain Member").getString("accessToken");
    Http.await(harness.client().post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
        .putHeader("Authorization", "Bearer " + member).send());
    String stranger = http.signup("Curious Stranger").getString("accessToken");

    assertThat(http.getWithToken(path, stranger).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> memberPatch = Http.await(harness.client().patch(path).putHeader("Authorization", "Bearer " + member)
        .sendJsonObject(new JsonObject().put("title", "Hijacked")));
    assertThat(memberPatch.statusCode()).isEqualTo(403);
    assertThat(Http.await(harness.client().delete(path).putHeader("Authorization", "Bearer " + member).send()).statusCode())
        .isEqualTo(403);
    assertThat(http.getWithToken(path, host).bodyAsJsonObject().getString("title")).isEqualTo("Board meeting");

    HttpResponse<Buffer> hostPatch = Http.await(harness.client().patch(path).putHeader("Authorization", "Bearer " + host)
        .sendJsonObject(new JsonObject().put("title", "Board meeting (moved)")));
    assertThat(hostPatch.statusCode()).as(hostPatch.bodyAsString()).isEqualTo(200);
    assertThat(hostPatch.bodyAsJsonObject().getString("title")).isEqualTo("Board meeting (moved)");
    assertThat(Http.await(harness.client().delete(path).putHeader("Authorization", "Bearer " + host).send()).statusCode())
        .isEqualTo(204);
    assertThat(http.getWithToken(path, host).statusCode()).isEqualTo(404);
  }
}
