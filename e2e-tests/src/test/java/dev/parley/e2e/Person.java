package dev.parley.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person in a meeting, driving the WebSocket protocol as the web client does: one socket at a
 * time (a new one after a drop, on whichever gateway is given), the room's resume token, the chat
 * channel and every chat message acknowledged to them; what each of their sockets received is kept.
 */
final class Person {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final String userId;
  private final String token;
  private final Vertx vertx;
  private final List<LiveSocket> sockets = new ArrayList<>();
  /** clientMessageId → seq of the messages this person sent and had acknowledged. */
  final Map<String, Long> acknowledged = Collections.synchronizedMap(new TreeMap<>());
  private String meetingId;
  private String channel;
  private String resumeToken;
  private long joinedAtSeq = -1;

  private Person(String name, String userId, String token, Vertx vertx) {
    this.name = name;
    this.userId = userId;
    this.token = token;
    this.vertx = vertx;
  }

  static Person signUp(Vertx vertx, String gatewayUrl, String name) throws Exception {
    JsonObject body = new JsonObject().put("email", "person+" + UUID.randomUUID() + "@parley.test")
        .put("password", Accounts.PASSWORD).put("displayName", name).put("refreshTokenTransport", "body");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/auth/signup"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonObject account = new JsonObject(response.body());
    return new Person(name, account.getJsonObject("user").getString("id"), account.getString("accessToken"), vertx);
  }

  /** POSTs JSON with this person's access token; fails unless 2xx. */
  JsonObject post(String gatewayUrl, String path, JsonObject body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  Person connect(String gatewayUrl) {
    sockets.add(LiveSocket.open(vertx, gatewayUrl, token));
    return this;
  }

  LiveSocket socket() {
    return sockets.get(sockets.size() - 1);
  }

  void join(String meetingId) {
    within(Duration.ofSeconds(30), () -> tryJoin(meetingId));
  }

  /** {@code room.join}, then {@code chat.subscribe} to the meeting's channel; the reply that failed, or the join's. */
  JsonObject tryJoin(String meetingId) {
    JsonObject joined = socket().request("room.join", new JsonObject().put("meetingId", meetingId));
    if (!joined.getBoolean("ok")) {
      return joined;
    }
    this.meetingId = meetingId;
    resumeToken = joined.getJsonObject("data").getString("resumeToken");
    JsonObject subscribed = socket().request("chat.subscribe", new JsonObject().put("meetingId", meetingId));
    if (subscribed.getBoolean("ok")) {
      channel = subscribed.getJsonObject("data").getString("channel");
      joinedAtSeq = subscribed.getJsonObject("data").getLong("lastSeq");
    }
    return subscribed.getBoolean("ok") ? joined : subscribed;
  }

  void send(String clientMessageId) {
    within(Duration.ofSeconds(30), () -> trySend(clientMessageId));
  }

  /** {@code chat.send}; a retry with the same client message id is what makes a resend safe. */
  JsonObject trySend(String clientMessageId) {
    JsonObject reply = socket().request("chat.send", new JsonObject().put("channel", channel)
        .put("clientMessageId", clientMessageId).put("text", name + ": " + clientMessageId));
    if (reply.getBoolean("ok")) {
      acknowledged.put(clientMessageId, reply.getJsonObject("data").getJsonObject("message").getLong("seq"));
    }
    return reply;
  }

  void signal(Person to) {
    within(Duration.ofSeconds(30), () -> trySignal(to));
  }

  /** Sends an offer to {@code to}; ok only once it arrived on their socket. */
  JsonObject trySignal(Person to) {
    long before = to.pushes("room.signal").stream().filter(p -> userId.equals(p.getJsonObject("data").getString("from"))).count();
    JsonObject reply = socket().request("room.signal", new JsonObject().put("meetingId", meetingId).put("to", to.userId)
        .put("kind", "offer").put("payload", new JsonObject().put("type", "offer").put("sdp", "v=0 " + UUID.randomUUID())));
    if (!reply.getBoolean("ok")) {
      return reply;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (to.pushes("room.signal").stream().filter(p -> userId.equals(p.getJsonObject("data").getString("from"))).count() > before) {
        return reply;
      }
      sleep(50);
    }
    return new JsonObject().put("ok", false).put("error", "the offer did not reach " + to.name);
  }

  /**
   * Opens a new socket on {@code gatewayUrl} and sends {@code session.resume} with the room's resume
   * token and the last chat seq received without a gap; fails unless the room part is ok.
   */
  void resumeOn(String gatewayUrl, String meetingId) {
    connect(gatewayUrl);
    JsonObject reply = socket().request("session.resume", new JsonObject()
        .put("rooms", new JsonObject().put(meetingId, resumeToken))
        .put("chat", new JsonObject().put(channel, lastContiguousSeq())));
    assertThat(reply.getBoolean("ok")).as(name + " resume: " + reply).isTrue();
    JsonObject room = reply.getJsonObject("data").getJsonObject("rooms").getJsonObject(meetingId);
    assertThat(room.getBoolean("ok")).as(name + " resumed the room: " + room).isTrue();
    String fresh = room.getJsonObject("data").getString("resumeToken");
    if (fresh != null) {
      resumeToken = fresh;
    }
  }

  /** @return every push of a type received on any of this person's sockets, in order */
  List<JsonObject> pushes(String type) {
    List<JsonObject> all = new ArrayList<>();
    for (LiveSocket socket : List.copyOf(sockets)) {
      socket.pushes.stream().filter(p -> type.equals(p.getString("type"))).forEach(all::add);
    }
    return all;
  }

  private List<Long> pushedSeqs() {
    // The push's data is the message itself (chat-service publishes it as it stored it).
    return pushes("chat.message").stream().map(p -> p.getJsonObject("data"))
        .filter(m -> channel.equals(m.getString("channel"))).map(m -> m.getLong("seq")).toList();
  }

  /** @return seqs of chat messages received more than once over all of this person's sockets */
  Set<Long> duplicateSeqs() {
    Set<Long> seen = new TreeSet<>();
    Set<Long> twice = new TreeSet<>();
    pushedSeqs().forEach(seq -> {
      if (!seen.add(seq)) {
        twice.add(seq);
      }
    });
    return twice;
  }

  /** @return the seqs of the channel's messages this person received (pushes, own acknowledgements) */
  Set<Long> seenSeqs() {
    Set<Long> seen = new TreeSet<>(pushedSeqs());
    seen.addAll(acknowledged.values());
    return seen;
  }

  private long lastContiguousSeq() {
    TreeSet<Long> seen = new TreeSet<>(pushedSeqs());
    // The subscription's lastSeq may trail the channel by a message (it is raised after the insert).
    long last = seen.isEmpty() ? joinedAtSeq : Math.max(joinedAtSeq, seen.first() - 1);
    while (seen.contains(last + 1)) {
      last++;
    }
    return last;
  }

  /** @return the channel's history, oldest first (at most 100 messages) */
  List<JsonObject> history() {
    JsonObject reply = socket().request("chat.history", new JsonObject().put("channel", channel).put("limit", 100));
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    JsonArray messages = reply.getJsonObject("data").getJsonArray("messages");
    List<JsonObject> list = new ArrayList<>();
    messages.forEach(m -> list.add((JsonObject) m));
    return list;
  }

  /** @return ok once the room has {@code count} members and none is reconnecting */
  JsonObject membersConnected(int count) {
    JsonObject reply = socket().request("room.participants", new JsonObject().put("meetingId", meetingId));
    if (!reply.getBoolean("ok")) {
      return reply;
    }
    JsonArray members = reply.getJsonObject("data").getJsonArray("members");
    boolean settled = members.size() == count
        && members.stream().noneMatch(m -> ((JsonObject) m).getBoolean("reconnecting", false));
    return settled ? reply : new JsonObject().put("ok", false).put("members", members);
  }

  /**
   * Repeats {@code attempt} (a request whose reply has {@code ok}) every 100 ms until it succeeds.
   *
   * @return how long it took
   * @throws AssertionError with the last reply when {@code limit} passes first
   */
  static Duration within(Duration limit, Supplier<JsonObject> attempt) {
    long started = System.nanoTime();
    JsonObject last;
    do {
      try {
        last = attempt.get();
      } catch (AssertionError e) {
        last = new JsonObject().put("ok", false).put("error", e.getMessage());
      }
      if (last.getBoolean("ok")) {
        return Duration.ofNanos(System.nanoTime() - started);
      }
      sleep(100);
    } while (System.nanoTime() - started < limit.toNanos());
    throw new AssertionError("Not done within " + limit.toSeconds() + " s; last answer: " + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return name + " " + new HashMap<>(acknowledged);
  }
}
