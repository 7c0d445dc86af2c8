package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.Poll;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.file.FileVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files shared as chat messages, through the gateway and the real chat, file, meeting and auth
 * services: the message names the file, the chat checks that the file belongs there, the two are
 * deleted together whichever goes first, and access to both follows the chat's.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Files as chat messages")
class FileMessagesTest {

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
    String base() {
      return "/api/v1/meetings/" + id;
    }
  }

  @Test
  @DisplayName("A guest shares an uploaded file in the meeting's chat: the message names it, the host downloads identical bytes, a resend stores nothing")
  void guestShares() {
    Meeting meeting = meeting();
    String guest = guest(meeting);
    Buffer data = random(70_000);
    JsonObject file = upload(meeting.base() + "/files", guest, "Homework 2.pdf", data);

    HttpResponse<Buffer> shared = share(meeting.base(), guest, "share-1", file.getString("id"), "My homework");
    HttpResponse<Buffer> again = share(meeting.base(), guest, "share-1", file.getString("id"), "My homework");

    assertThat(shared.statusCode()).as(shared.bodyAsString()).isEqualTo(201);
    JsonObject message = shared.bodyAsJsonObject();
    assertThat(message.getString("text")).isEqualTo("My homework");
    assertThat(message.getJsonObject("file")).isEqualTo(new JsonObject().put("id", file.getString("id"))
        .put("name", "Homework 2.pdf").put("size", 70_000).put("type", file.getString("type")));
    assertThat(again.bodyAsJsonObject().getLong("seq")).isEqualTo(message.getLong("seq"));
    JsonObject seen = history(meeting.base(), meeting.hostToken()).getJsonObject(0);
    assertThat(seen.getJsonObject("file").getString("id")).isEqualTo(file.getString("id"));
    assertThat(http.getWithToken("/api/v1/files/" + seen.getJsonObject("file").getString("id"), meeting.hostToken()).body())
        .isEqualTo(data);
    HttpResponse<Buffer> twice = share(meeting.base(), guest, "share-2", file.getString("id"), null);
    assertThat(twice.statusCode()).as("a second message for the same file").isEqualTo(409);
    assertThat(history(meeting.base(), guest)).hasSize(1);
  }

  @Test
  @DisplayName("Only the uploader shares a file, only in its own chat, only a file that exists: 403, 400 naming fileId, nothing stored")
  void validated() {
    Meeting meeting = meeting();
    Meeting other = meeting();
    String guest = guest(meeting);
    JsonObject guestsFile = upload(meeting.base() + "/files", guest, "mine.txt", Buffer.buffer("mine"));
    JsonObject elsewhere = upload(other.base() + "/files", other.hostToken(), "other.txt", Buffer.buffer("other"));

    assertThat(share(meeting.base(), meeting.hostToken(), "a", guestsFile.getString("id"), null).statusCode()).isEqualTo(403);
    for (String fileId : new String[] {elsewhere.getString("id"), UUID.randomUUID().toString(), "../etc/passwd", ""}) {
      HttpResponse<Buffer> refused = share(meeting.base(), meeting.hostToken(), "b", fileId, null);
      assertThat(refused.statusCode()).as(fileId + ": " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("fileId");
    }
    HttpResponse<Buffer> longCaption = share(meeting.base(), guest, "c", guestsFile.getString("id"), "x".repeat(4001));
    assertThat(longCaption.statusCode()).isEqualTo(400);
    assertThat(history(meeting.base(), meeting.hostToken())).isEmpty();
  }

  @Test
  @DisplayName("Deleting the file tombstones its message; deleting the message deletes the file")
  void deletedTogether() throws InterruptedException {
    Meeting meeting = meeting();
    String guest = guest(meeting);
    JsonObject first = upload(meeting.base() + "/files", guest, "first.txt", Buffer.buffer("first"));
    JsonObject second = upload(meeting.base() + "/files", guest, "second.txt", Buffer.buffer("second"));
    long firstSeq = share(meeting.base(), guest, "f1", first.getString("id"), null).bodyAsJsonObject().getLong("seq");
    long secondSeq = share(meeting.base(), guest, "f2", second.getString("id"), null).bodyAsJsonObject().getLong("seq");

    // A host deletes the guest's first file: its message becomes a tombstone.
    assertThat(http.deleteWithToken("/api/v1/files/" + first.getString("id"), meeting.hostToken()).statusCode()).isEqualTo(204);
    Poll.until("the file's message is deleted", () -> message(meeting, firstSeq).getBoolean("deleted"));
    assertThat(message(meeting, firstSeq).getValue("file")).isNull();

    // The guest deletes the second message: its file is gone too.
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), guest);
    JsonObject reply = socket.request("chat.delete", new JsonObject().put("channel", "meeting:" + meeting.id()).put("seq", secondSeq));
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    socket.close();
    assertThat(http.getWithToken("/api/v1/files/" + second.getString("id"), meeting.hostToken()).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken(meeting.base() + "/files", meeting.hostToken()).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(message(meeting, secondSeq).getBoolean("deleted")).isTrue();
  }

  @Test
  @DisplayName("While the file service does not answer, sharing and deleting a file message answer 503 and change nothing")
  void fileServiceDown() {
    Meeting meeting = meeting();
    JsonObject file = upload(meeting.base() + "/files", meeting.hostToken(), "kept.txt", Buffer.buffer("kept"));
    long seq = share(meeting.base(), meeting.hostToken(), "k1", file.getString("id"), null).bodyAsJsonObject().getLong("seq");
    JsonObject other = upload(meeting.base() + "/files", meeting.hostToken(), "later.txt", Buffer.buffer("later"));
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());

    Http.await(vertx.undeploy(harness.fileDeployment));
    try {
      assertThat(share(meeting.base(), meeting.hostToken(), "k2", other.getString("id"), null).statusCode()).isEqualTo(503);
      JsonObject reply = socket.request("chat.delete", new JsonObject().put("channel", "meeting:" + meeting.id()).put("seq", seq));
      assertThat(reply.getBoolean("ok")).as(reply.encode()).isFalse();
      assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("unavailable");
      assertThat(history(meeting.base(), meeting.hostToken())).hasSize(1);
      assertThat(message(meeting, seq).getBoolean("deleted")).isFalse();
    } finally {
      socket.close();
      harness.fileDeployment = Http.await(vertx.deployVerticle(new FileVerticle(), new DeploymentOptions().setConfig(harness.config)));
    }
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), meeting.hostToken()).body()).isEqualTo(Buffer.buffer("kept"));
  }

  @Test
  @DisplayName("A member the host removes loses both the chat and the file it shares; the others keep both")
  void removedMemberLosesBoth() {
    Meeting meeting = meeting();
    JsonObject member = http.signup("Removed Member");
    String token = member.getString("accessToken");
    assertThat(http.postWithToken("/api/v1/meetings/join/" + meeting.joinCode(), token, new JsonObject()).statusCode()).isEqualTo(200);
    JsonObject file = upload(meeting.base() + "/files", meeting.hostToken(), "slides.pdf", Buffer.buffer("%PDF-1.4 slides"));
    assertThat(share(meeting.base(), meeting.hostToken(), "s1", file.getString("id"), null).statusCode()).isEqualTo(201);
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), token).statusCode()).isEqualTo(200);

    assertThat(http.deleteWithToken(meeting.base() + "/participants/" + member.getJsonObject("user").getString("id"),
        meeting.hostToken()).statusCode()).isEqualTo(204);

    assertThat(http.getWithToken(meeting.base() + "/messages", token).statusCode()).isEqualTo(404);
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), token).statusCode()).isEqualTo(404);
    assertThat(http.postWithToken("/api/v1/files/" + file.getString("id") + "/link", token, new JsonObject()).statusCode()).isEqualTo(404);
    assertThat(history(meeting.base(), meeting.hostToken())).hasSize(1);
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), meeting.hostToken()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("In a direct conversation: shared and downloaded by the two, 404 for anyone else; after one deletes their account the other keeps the file, shown as 'Deleted user', and cannot add to it")
  void conversation() throws InterruptedException {
    JsonObject ada = http.signup("Ada Sharing");
    JsonObject bob = http.signup("Bob Reading");
    String adaToken = ada.getString("accessToken");
    String bobToken = bob.getString("accessToken");
    String eveToken = http.signup("Eve Stranger").getString("accessToken");
    String toBob = "/api/v1/conversations/" + bob.getJsonObject("user").getString("id");
    String toAda = "/api/v1/conversations/" + ada.getJsonObject("user").getString("id");
    Buffer data = random(5_000);
    JsonObject file = upload(toBob + "/files", adaToken, "notes.bin", data);

    assertThat(share(toBob, adaToken, "d1", file.getString("id"), "notes").statusCode()).isEqualTo(201);
    JsonObject seen = history(toAda, bobToken).getJsonObject(0);
    assertThat(seen.getJsonObject("file").getString("name")).isEqualTo("notes.bin");
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), bobToken).body()).isEqualTo(data);
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), eveToken).statusCode()).isEqualTo(404);

    HttpResponse<Buffer> deleted = Http.await(harness.client().delete("/api/v1/users/me").putHeader("Authorization", "Bearer " + adaToken)
        .sendJsonObject(new JsonObject().put("password", "correct horse battery staple")));
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);

    Poll.until("the file shows 'Deleted user'", () -> "Deleted user".equals(http.getWithToken(toAda + "/files", bobToken)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("ownerName")));
    assertThat(http.getWithToken("/api/v1/files/" + file.getString("id"), bobToken).body()).isEqualTo(data);
    assertThat(history(toAda, bobToken).getJsonObject(0).getJsonObject("file").getString("id")).isEqualTo(file.getString("id"));
    HttpResponse<Buffer> added = Http.await(harness.client().post(toAda + "/files?name=late.txt").putHeader("Authorization", "Bearer " + bobToken)
        .putHeader("Content-Type", "application/octet-stream").sendBuffer(Buffer.buffer("too late")));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(404);
  }

  private static Meeting meeting() {
    String hostToken = http.signup("Sharing Host").getString("accessToken");
    JsonObject created = http.postWithToken("/api/v1/meetings", hostToken, new JsonObject().put("title", "Shared files")).bodyAsJsonObject();
    return new Meeting(created.getString("id"), created.getString("joinCode"), hostToken);
  }

  private static String guest(Meeting meeting) {
    return http.post("/api/v1/meetings/join/" + meeting.joinCode(), new JsonObject().put("displayName", "Guest Student"))
        .bodyAsJsonObject().getString("guestToken");
  }

  private static JsonObject upload(String path, String token, String name, Buffer data) {
    HttpResponse<Buffer> created = Http.await(harness.client().post(path + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/octet-stream").sendBuffer(data));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** Posts a message that shares a file ({@code text} may be null) to {@code <base>/messages}. */
  private static HttpResponse<Buffer> share(String base, String token, String clientMessageId, String fileId, String text) {
    JsonObject body = new JsonObject().put("clientMessageId", clientMessageId).put("fileId", fileId);
    if (text != null) {
      body.put("text", text);
    }
    return http.postWithToken(base + "/messages", token, body);
  }

  private static JsonArray history(String base, String token) {
    HttpResponse<Buffer> page = http.getWithToken(base + "/messages", token);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("messages");
  }

  private static JsonObject message(Meeting meeting, long seq) {
    return history(meeting.base(), meeting.hostToken()).stream().map(JsonObject.class::cast)
        .filter(m -> m.getLong("seq") == seq).findFirst().orElseThrow();
  }

  private static Buffer random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Buffer.buffer(bytes);
  }
}
