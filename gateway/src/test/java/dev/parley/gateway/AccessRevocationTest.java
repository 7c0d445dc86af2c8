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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's findings 6-8 through the public API: removal, the end of a meeting and its deletion take
 * away the chat, the participants list and the meeting at once (each right after the person used
 * them, so that any cache would still say yes), and direct messages and calls reach only people who
 * exist.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class AccessRevocationTest {

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

  private record Meeting(String id, String joinCode, String hostToken) {
  }

  private static Meeting meeting() {
    String hostToken = http.signup("Revoking Host").getString("accessToken");
    JsonObject created = http.postWithToken("/api/v1/meetings", hostToken, new JsonObject().put("title", "Revocations"))
        .bodyAsJsonObject();
    return new Meeting(created.getString("id"), created.getString("joinCode"), hostToken);
  }

  private static JsonObject guest(Meeting meeting, String name) {
    return http.post("/api/v1/meetings/join/" + meeting.joinCode(), new JsonObject().put("displayName", name)).bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> post(Meeting meeting, String token, String text) {
    return http.postWithToken("/api/v1/meetings/" + meeting.id() + "/messages", token,
        new JsonObject().put("clientMessageId", UUID.randomUUID().toString()).put("text", text));
  }

  /** Reads everything a member reads, so that every cache on the way holds a yes for them. */
  private static void useEverything(Meeting meeting, String token) {
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id(), token).statusCode()).isEqualTo(200);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/messages", token).statusCode()).isEqualTo(200);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/participants", token).statusCode()).isEqualTo(200);
    assertThat(post(meeting, token, "hello").statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("A guest the host removes loses the chat (read and post), the participants list and the meeting at once, and their live chat feed ends")
  void removedGuest() {
    Meeting meeting = meeting();
    JsonObject guest = guest(meeting, "Removed Guest");
    String token = guest.getString("guestToken");
    useEverything(meeting, token);
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), token);
    String channel = "meeting:" + meeting.id();
    assertThat(socket.request("chat.subscribe", new JsonObject().put("channel", channel)).getBoolean("ok")).isTrue();

    assertThat(http.deleteWithToken("/api/v1/meetings/" + meeting.id() + "/participants/" + guest.getString("participantId"),
        meeting.hostToken()).statusCode()).isEqualTo(204);

    assertThat(socket.nextOfType("chat.revoked").getJsonObject("data"))
        .isEqualTo(new JsonObject().put("channel", channel).put("reason", "removed"));
    assertThat(post(meeting, token, "still here?").statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/messages", token).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/participants", token).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> read = http.getWithToken("/api/v1/meetings/" + meeting.id(), token);
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(read.bodyAsJsonObject().getString("detail")).isEqualTo("You were removed from this meeting.");
    post(meeting, meeting.hostToken(), "after the removal");
    assertThat(socket.nothingWithinOfType("chat.message", 500)).isTrue();
  }

  @Test
  @DisplayName("A signed-in member the host removes loses the meeting and its chat at once and cannot rejoin by the link")
  void removedMember() {
    Meeting meeting = meeting();
    JsonObject member = http.signup("Removed Member");
    String token = member.getString("accessToken");
    assertThat(http.postWithToken("/api/v1/meetings/join/" + meeting.joinCode(), token, new JsonObject()).statusCode()).isEqualTo(200);
    useEverything(meeting, token);

    assertThat(http.deleteWithToken("/api/v1/meetings/" + meeting.id() + "/participants/"
        + member.getJsonObject("user").getString("id"), meeting.hostToken()).statusCode()).isEqualTo(204);

    assertThat(post(meeting, token, "still here?").statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id(), token).statusCode()).isEqualTo(403);
    assertThat(http.postWithToken("/api/v1/meetings/join/" + meeting.joinCode(), token, new JsonObject()).statusCode()).isEqualTo(403);
    assertThat(http.getWithToken("/api/v1/meetings?size=100", token).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("When the meeting ends its guests lose the chat at once; signed-in members keep it")
  void endCutsGuests() {
    Meeting meeting = meeting();
    String guestToken = guest(meeting, "Ending Guest").getString("guestToken");
    String memberToken = http.signup("Staying Member").getString("accessToken");
    http.postWithToken("/api/v1/meetings/join/" + meeting.joinCode(), memberToken, new JsonObject());
    useEverything(meeting, guestToken);
    useEverything(meeting, memberToken);

    assertThat(http.postWithToken("/api/v1/meetings/" + meeting.id() + "/end", meeting.hostToken(), new JsonObject())
        .statusCode()).isEqualTo(204);

    assertThat(post(meeting, guestToken, "after the end").statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/messages", guestToken).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/messages", memberToken).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("A deleted meeting's chat is gone at once for everyone who had just read it")
  void deleteCutsEveryone() {
    Meeting meeting = meeting();
    String memberToken = http.signup("Deleted Member").getString("accessToken");
    http.postWithToken("/api/v1/meetings/join/" + meeting.joinCode(), memberToken, new JsonObject());
    useEverything(meeting, memberToken);

    assertThat(http.deleteWithToken("/api/v1/meetings/" + meeting.id(), meeting.hostToken()).statusCode()).isEqualTo(204);

    assertThat(http.getWithToken("/api/v1/meetings/" + meeting.id() + "/messages", memberToken).statusCode()).isEqualTo(404);
    assertThat(post(meeting, memberToken, "anyone?").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("A direct message or a call to a user id that names no account is refused with 404 and stores or rings nothing")
  void unknownPeople() {
    String token = http.signup("Lonely Caller").getString("accessToken");
    String nobody = UUID.randomUUID().toString();
    HttpResponse<Buffer> message = http.postWithToken("/api/v1/conversations/" + nobody + "/messages", token,
        new JsonObject().put("clientMessageId", "c1").put("text", "hello?"));
    assertThat(message.statusCode()).isEqualTo(404);
    assertThat(message.bodyAsJsonObject().getString("detail")).isEqualTo("No one on Parley has that user id.");
    assertThat(http.getWithToken("/api/v1/conversations", token).bodyAsJsonObject().getJsonArray("items")).isEmpty();

    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), token);
    JsonObject call = socket.request("call.start", new JsonObject().put("userId", nobody));
    assertThat(call.getBoolean("ok")).isFalse();
    assertThat(call.getJsonObject("error").getString("code")).isEqualTo("not_found");
  }
}
