package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat over raw WebSockets through the gateway, against the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Chat over the WebSocket")
class ChatSocketTest {

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

  /** A host's meeting that a second account joined; the channel and both people's tokens. */
  private record Meeting(String meetingId, String channel, String hostToken, String memberToken) {
  }

  private static Meeting meeting() {
    String hostToken = http.signup("Chat Host").getString("accessToken");
    String memberToken = http.signup("Chat Member").getString("accessToken");
    JsonObject meeting = Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + hostToken)
        .sendJsonObject(new JsonObject().put("title", "Chat test"))).bodyAsJsonObject();
    Http.await(harness.client().post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
        .putHeader("Authorization", "Bearer " + memberToken).send());
    return new Meeting(meeting.getString("id"), "meeting:" + meeting.getString("id"), hostToken, memberToken);
  }

  private static JsonObject send(TestSocket socket, String channel, String clientMessageId, Object text) {
    return socket.request("chat.send", new JsonObject().put("channel", channel).put("clientMessageId", clientMessageId).put("text", text));
  }

  @Test
  @DisplayName("A message sent by one member is acknowledged to the sender and pushed to a subscribed member")
  void sendAndPush() {
    Meeting meeting = meeting();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());
    TestSocket member = TestSocket.authenticated(vertx, harness.port(), meeting.memberToken());
    JsonObject subscribed = member.request("chat.subscribe", new JsonObject().put("meetingId", meeting.meetingId()));
    assertThat(subscribed.getBoolean("ok")).as(subscribed.encode()).isTrue();
    assertThat(subscribed.getJsonObject("data").getString("channel")).isEqualTo(meeting.channel());

    JsonObject reply = send(host, meeting.channel(), "hello-1", "Hello <b>there</b>");

    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    JsonObject message = reply.getJsonObject("data").getJsonObject("message");
    assertThat(message.getLong("seq")).isEqualTo(1);
    JsonObject push = member.next();
    assertThat(push.getString("type")).isEqualTo("chat.message");
    assertThat(push.getJsonObject("data")).isEqualTo(message);
  }

  @Test
  @DisplayName("A client that was away while 20 messages were sent resumes and receives exactly those 20, in order, once")
  void resumeAfterDisconnect() throws Exception {
    Meeting meeting = meeting();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());
    TestSocket member = TestSocket.authenticated(vertx, harness.port(), meeting.memberToken());
    member.request("chat.subscribe", new JsonObject().put("channel", meeting.channel()));
    for (int i = 1; i <= 3; i++) {
      send(host, meeting.channel(), "before-" + i, "before " + i);
    }
    long lastSeen = 0;
    for (int i = 0; i < 3; i++) {
      lastSeen = member.next().getJsonObject("data").getLong("seq");
    }
    assertThat(lastSeen).isEqualTo(3);
    member.close();

    for (int i = 1; i <= 20; i++) {
      assertThat(send(host, meeting.channel(), "missed-" + i, "missed " + i).getBoolean("ok")).isTrue();
    }
    TestSocket back = TestSocket.authenticated(vertx, harness.port(), meeting.memberToken());
    JsonObject resumed = back.request("chat.resume", new JsonObject().put("channels", new JsonObject().put(meeting.channel(), lastSeen)));

    assertThat(resumed.getBoolean("ok")).as(resumed.encode()).isTrue();
    assertThat(resumed.getJsonObject("data").getJsonObject("channels").getJsonObject(meeting.channel()))
        .isEqualTo(new JsonObject().put("lastSeq", 23L).put("delivered", 20));
    List<Long> seqs = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JsonObject push = back.next();
      assertThat(push.getString("type")).isEqualTo("chat.message");
      seqs.add(push.getJsonObject("data").getLong("seq"));
      texts.add(push.getJsonObject("data").getString("text"));
    }
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(4, 23).boxed().toList());
    assertThat(texts).first().isEqualTo("missed 1");
    assertThat(back.nothingWithin(300)).as("nothing more, nothing twice").isTrue();

    JsonObject live = send(host, meeting.channel(), "after", "after the resume");
    assertThat(back.next().getJsonObject("data").getLong("seq")).isEqualTo(live.getJsonObject("data").getJsonObject("message").getLong("seq"));
  }

  @Test
  @DisplayName("Messages sent while a resume is catching up arrive too, each once and in order")
  void resumeWhileMessagesFlow() throws Exception {
    Meeting meeting = meeting();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());
    for (int i = 1; i <= 20; i++) {
      send(host, meeting.channel(), "m-" + i, "message " + i);
    }
    TestSocket member = TestSocket.authenticated(vertx, harness.port(), meeting.memberToken());
    CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
      for (int i = 21; i <= 40; i++) {
        var response = Http.await(harness.client().post("/api/v1/meetings/" + meeting.meetingId() + "/messages")
            .putHeader("Authorization", "Bearer " + meeting.hostToken())
            .sendJsonObject(new JsonObject().put("clientMessageId", "m-" + i).put("text", "message " + i)));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
      }
    });

    JsonObject resumed = member.request("chat.resume", new JsonObject().put("channels", new JsonObject().put(meeting.channel(), 0)));
    assertThat(resumed.getBoolean("ok")).as(resumed.encode()).isTrue();
    more.get();

    List<Long> seqs = new ArrayList<>();
    while (seqs.size() < 40) {
      JsonObject push = member.next();
      assertThat(push.getString("type")).isEqualTo("chat.message");
      seqs.add(push.getJsonObject("data").getLong("seq"));
    }
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(member.nothingWithin(300)).isTrue();
  }

  @Test
  @DisplayName("Over-long, empty, wrongly typed, malformed and foreign-channel messages get an error reply and store nothing")
  void refusals() {
    Meeting meeting = meeting();
    Meeting foreign = meeting();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());

    assertRefused(send(host, meeting.channel(), "long", "x".repeat(4001)), "bad_request");
    assertRefused(send(host, meeting.channel(), "empty", ""), "bad_request");
    assertRefused(send(host, meeting.channel(), "typed", 42), "bad_request");
    assertRefused(send(host, meeting.channel(), "obj", new JsonObject().put("$gt", "")), "bad_request");
    assertRefused(host.request("chat.send", new JsonObject().put("channel", 7).put("clientMessageId", "c").put("text", "hi")), "bad_request");
    assertRefused(send(host, "meeting:../etc", "bad", "hi"), "bad_request");
    assertRefused(send(host, foreign.channel(), "foreign", "hi"), "not_found");
    assertRefused(host.request("chat.subscribe", new JsonObject().put("channel", foreign.channel())), "not_found");

    JsonObject history = host.request("chat.history", new JsonObject().put("channel", meeting.channel()));
    assertThat(history.getJsonObject("data").getJsonArray("messages")).isEmpty();
    JsonObject foreignHistory = TestSocket.authenticated(vertx, harness.port(), foreign.hostToken())
        .request("chat.history", new JsonObject().put("channel", foreign.channel()));
    assertThat(foreignHistory.getJsonObject("data").getJsonArray("messages")).isEmpty();
    assertThat(host.isClosed()).isFalse();
  }

  @Test
  @DisplayName("Typing is pushed to the other subscribers but not back to the typist")
  void typing() throws Exception {
    Meeting meeting = meeting();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), meeting.hostToken());
    TestSocket member = TestSocket.authenticated(vertx, harness.port(), meeting.memberToken());
    host.request("chat.subscribe", new JsonObject().put("channel", meeting.channel()));
    member.request("chat.subscribe", new JsonObject().put("channel", meeting.channel()));

    assertThat(host.request("chat.typing", new JsonObject().put("channel", meeting.channel())).getBoolean("ok")).isTrue();

    JsonObject typing = member.next();
    assertThat(typing.getString("type")).isEqualTo("chat.typing");
    assertThat(typing.getJsonObject("data").getString("displayName")).isEqualTo("Chat Host");
    assertThat(host.nothingWithin(300)).isTrue();
  }

  @Test
  @DisplayName("An edit and a deletion reach subscribers as chat.updated; read markers and conversations answer over the socket")
  void editDeleteRead() {
    JsonObject ada = http.signup("Ada");
    JsonObject bob = http.signup("Bob");
    TestSocket adaSocket = TestSocket.authenticated(vertx, harness.port(), ada.getString("accessToken"));
    TestSocket bobSocket = TestSocket.authenticated(vertx, harness.port(), bob.getString("accessToken"));
    String bobId = bob.getJsonObject("user").getString("id");
    String channel = adaSocket.request("chat.subscribe", new JsonObject().put("userId", bobId))
        .getJsonObject("data").getString("channel");
    bobSocket.request("chat.subscribe", new JsonObject().put("channel", channel));
    long seq = send(adaSocket, channel, "e-1", "helo").getJsonObject("data").getJsonObject("message").getLong("seq");
    assertThat(bobSocket.next().getString("type")).isEqualTo("chat.message");
    assertThat(bobSocket.request("chat.conversations", new JsonObject()).getJsonObject("data").getJsonArray("items")
        .getJsonObject(0).getLong("unread")).isEqualTo(1);

    JsonObject edited = adaSocket.request("chat.edit", new JsonObject().put("channel", channel).put("seq", seq).put("text", "hello"));
    assertThat(edited.getBoolean("ok")).as(edited.encode()).isTrue();
    JsonObject update = bobSocket.next();
    assertThat(update.getString("type")).isEqualTo("chat.updated");
    assertThat(update.getJsonObject("data").getString("text")).isEqualTo("hello");
    assertRefused(bobSocket.request("chat.delete", new JsonObject().put("channel", channel).put("seq", seq)), "forbidden");
    assertRefused(adaSocket.request("chat.edit", new JsonObject().put("channel", channel).put("seq", "1").put("text", "x")), "bad_request");
    adaSocket.request("chat.delete", new JsonObject().put("channel", channel).put("seq", seq));
    assertThat(bobSocket.next().getJsonObject("data").getBoolean("deleted")).isTrue();

    JsonObject read = bobSocket.request("chat.read", new JsonObject().put("channel", channel).put("seq", seq));
    assertThat(read.getJsonObject("data").getLong("unread")).isZero();
  }

  private static void assertRefused(JsonObject reply, String code) {
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isFalse();
    assertThat(reply.getJsonObject("error").getString("code")).as(reply.encode()).isEqualTo(code);
  }
}
