package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.chat.ChatService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code chat.*} WebSocket frames (docs/websocket-protocol.md), forwarded to {@link ChatService}
 * with the socket's caller, and loss-free catch-up after a reconnect ({@link #resume}).
 *
 * <p>A socket holds a channel's topic ({@code parley.topic.chat.<channel>}) from {@code chat.subscribe}
 * or {@code chat.resume} until {@code chat.unsubscribe} or until it closes, and then gets the pushes
 * {@code chat.message {message}}, {@code chat.updated {message}} and {@code chat.typing {channel,
 * userId, displayName}}. The chat service authorises every request; this class only checks that
 * fields have the right JSON types. Event-loop confined.
 */
public final class ChatFrames {

  private static final int RESUME_PAGE = ChatService.MAX_PAGE;
  /** A resume names at most this many channels. */
  static final int MAX_RESUME_CHANNELS = 50;

  private final ChatService chat;
  private final SocketHub hub;
  /** Pushes held back while a channel catches up, by connection id and channel. */
  private final Map<String, Map<String, List<JsonObject>>> held = new HashMap<>();
  /** Per connection and channel, the highest seq a catch-up delivered: live copies up to it are dropped. */
  private final Map<String, Map<String, Long>> floors = new HashMap<>();

  public ChatFrames(ChatService chat, SocketHub hub) {
    this.chat = chat;
    this.hub = hub;
  }

  /** Registers the frame handlers, the push filter and the close listener on the hub. */
  public void register() {
    hub.on("chat.subscribe", this::subscribe);
    hub.on("chat.unsubscribe", (connection, data) -> channel(data).map(channel -> {
      hub.leave(connection, Addresses.chatTopic(channel));
      return new JsonObject();
    }));
    hub.on("chat.send", (connection, data) -> channel(data)
        .compose(channel -> data.containsKey("fileId")
            ? chat.shareFile(channel, string(data, "clientMessageId"), string(data, "fileId"), string(data, "text"), connection.caller())
            : chat.send(channel, string(data, "clientMessageId"), string(data, "text"), connection.caller()))
        .map(message -> new JsonObject().put("message", message)));
    hub.on("chat.history", (connection, data) -> channel(data)
        .compose(channel -> chat.history(channel, optionalLong(data, "before"), optionalInt(data, "limit"), connection.caller())));
    hub.on("chat.edit", (connection, data) -> channel(data)
        .compose(channel -> chat.edit(channel, requiredLong(data, "seq"), string(data, "text"), connection.caller()))
        .map(message -> new JsonObject().put("message", message)));
    hub.on("chat.delete", (connection, data) -> channel(data)
        .compose(channel -> chat.delete(channel, requiredLong(data, "seq"), connection.caller()))
        .map(message -> new JsonObject().put("message", message)));
    hub.on("chat.typing", (connection, data) -> channel(data)
        .compose(channel -> chat.typing(channel, connection.id(), connection.caller()))
        .map(new JsonObject()));
    hub.on("chat.read", (connection, data) -> channel(data)
        .compose(channel -> chat.markRead(channel, requiredLong(data, "seq"), connection.caller())));
    hub.on("chat.conversations", (connection, data) -> chat.conversations(connection.caller()));
    hub.on("chat.resume", (connection, data) -> {
      Object channels = data.getValue("channels");
      return channels instanceof JsonObject map
          ? resume(connection, map)
          : Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'channels' must be an object of channel → last seq seen."));
    });
    hub.filterPushes((connection, frame) -> admit(connection, frame) ? frame : null);
    hub.onClose(connection -> {
      held.remove(connection.id());
      floors.remove(connection.id());
    });
  }

  /**
   * Re-subscribes a connection to its channels and delivers, as {@code chat.message} pushes, every
   * message it missed, in order, exactly once: for each channel it first holds the topic (and waits
   * until the subscription is registered), holds back live pushes, pages through the messages after
   * the client's last seq, then writes the held-back pushes it has not already delivered. Live copies
   * of delivered messages that arrive later are dropped too.
   *
   * @param lastSeqByChannel {@code {"<channel>": last seq seen (0 for none)}}, at most 50 channels
   * @return {@code {"channels": {"<channel>": {"lastSeq": highest seq delivered or seen, "delivered":
   *     count}}, "failed": {"<channel>": {"code", "message"}}}}; a channel the caller may not use is
   *     reported under {@code failed} and does not stop the others
   */
  public Future<JsonObject> resume(ClientConnection connection, JsonObject lastSeqByChannel) {
    if (lastSeqByChannel.size() > MAX_RESUME_CHANNELS) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("Resume at most " + MAX_RESUME_CHANNELS + " channels at once."));
    }
    JsonObject resumed = new JsonObject();
    JsonObject failed = new JsonObject();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Object> entry : lastSeqByChannel) {
      String channel = entry.getKey();
      Object last = entry.getValue();
      chain = chain.compose(v -> {
        if (!(last instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
          failed.put(channel, error(ErrorCode.BAD_REQUEST, "The last seq seen must be a whole number of at least 0."));
          return Future.succeededFuture();
        }
        return resumeChannel(connection, channel, n.longValue())
            .onSuccess(state -> resumed.put(channel, state))
            .recover(err -> {
              failed.put(channel, err instanceof io.vertx.serviceproxy.ServiceException se
                  ? error(ErrorCode.of(se.failureCode()), se.getMessage())
                  : error(ErrorCode.UNAVAILABLE, "This chat could not be resumed; try again."));
              return Future.succeededFuture();
            })
            .mapEmpty();
      });
    }
    return chain.map(v -> new JsonObject().put("channels", resumed).put("failed", failed));
  }

  private Future<JsonObject> resumeChannel(ClientConnection connection, String channel, long lastSeen) {
    return chat.open(new JsonObject().put("channel", channel), connection.caller()).compose(state -> {
      String topic = Addresses.chatTopic(channel);
      held.computeIfAbsent(connection.id(), k -> new HashMap<>()).put(channel, new ArrayList<>());
      hub.join(connection, topic);
      return hub.subscriptions().ready(topic)
          .compose(v -> catchUp(connection, channel, lastSeen, lastSeen, 0))
          .onComplete(ar -> release(connection, channel, ar.succeeded() ? ar.result().getLong("lastSeq") : lastSeen));
    });
  }

  /** Pages through the messages after {@code after}, pushing each; returns the highest seq delivered. */
  private Future<JsonObject> catchUp(ClientConnection connection, String channel, long after, long highest, int delivered) {
    return chat.since(channel, after, RESUME_PAGE, connection.caller()).compose(page -> {
      JsonArray messages = page.getJsonArray("messages");
      long top = highest;
      for (int i = 0; i < messages.size(); i++) {
        JsonObject message = messages.getJsonObject(i);
        connection.send(Frames.push("chat.message", message));
        top = Math.max(top, message.getLong("seq"));
      }
      int count = delivered + messages.size();
      return page.getBoolean("hasMore") && !messages.isEmpty()
          ? catchUp(connection, channel, top, top, count)
          : Future.succeededFuture(new JsonObject().put("lastSeq", top).put("delivered", count));
    });
  }

  /** Ends a catch-up: records the floor, then writes the held-back pushes not yet delivered, in arrival order. */
  private void release(ClientConnection connection, String channel, long floor) {
    Map<String, List<JsonObject>> byChannel = held.get(connection.id());
    if (byChannel == null) {
      return; // the connection closed meanwhile
    }
    List<JsonObject> frames = byChannel.remove(channel);
    if (byChannel.isEmpty()) {
      held.remove(connection.id());
    }
    floors.computeIfAbsent(connection.id(), k -> new HashMap<>()).merge(channel, floor, Math::max);
    if (frames != null) {
      frames.stream().filter(frame -> admit(connection, frame)).forEach(connection::send);
    }
  }

  /** The push filter: holds back a catching-up channel's pushes and drops messages already delivered. */
  private boolean admit(ClientConnection connection, JsonObject frame) {
    String type = frame.getString("type");
    if (type == null || !type.startsWith("chat.")) {
      return true;
    }
    JsonObject data = frame.getJsonObject("data");
    String channel = data == null ? null : data.getString("channel");
    Map<String, List<JsonObject>> holding = held.get(connection.id());
    List<JsonObject> queue = holding == null || channel == null ? null : holding.get(channel);
    if (queue != null) {
      queue.add(frame);
      return false;
    }
    if ("chat.message".equals(type)) {
      Map<String, Long> byChannel = floors.get(connection.id());
      Long floor = byChannel == null ? null : byChannel.get(channel);
      return floor == null || data.getLong("seq", 0L) > floor;
    }
    return true;
  }

  private Future<JsonObject> subscribe(ClientConnection connection, JsonObject data) {
    JsonObject target = new JsonObject();
    for (String key : List.of("channel", "meetingId", "userId")) {
      Object value = data.getValue(key);
      if (value != null && !(value instanceof String)) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'" + key + "' must be a string."));
      }
      if (value != null) {
        target.put(key, value);
      }
    }
    return chat.open(target, connection.caller()).compose(state -> {
      String topic = Addresses.chatTopic(state.getString("channel"));
      hub.join(connection, topic);
      return hub.subscriptions().ready(topic).map(state);
    });
  }

  private static Future<String> channel(JsonObject data) {
    Object channel = data.getValue("channel");
    return ChatService.isChannel(channel)
        ? Future.succeededFuture((String) channel)
        : Future.failedFuture(ErrorCode.BAD_REQUEST.exception(
            "'channel' must be 'meeting:<meetingId>' or 'direct:<userId>:<userId>' (ids in ascending order).",
            new JsonObject().put(ErrorCode.FIELD, "channel")));
  }

  /** @return the string field, or null when absent; a field of another type is refused */
  private static String string(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a string.", new JsonObject().put(ErrorCode.FIELD, field));
    }
    return (String) value;
  }

  private static long requiredLong(JsonObject data, String field) {
    Long value = optionalLong(data, field);
    if (value == null) {
      throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a whole number.", new JsonObject().put(ErrorCode.FIELD, field));
    }
    return value;
  }

  private static Long optionalLong(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a whole number.", new JsonObject().put(ErrorCode.FIELD, field));
  }

  private static Integer optionalInt(JsonObject data, String field) {
    Long value = optionalLong(data, field);
    if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      throw ErrorCode.BAD_REQUEST.exception("'" + field + "' is out of range.", new JsonObject().put(ErrorCode.FIELD, field));
    }
    return value == null ? null : value.intValue();
  }

  private static JsonObject error(ErrorCode code, String message) {
    return new JsonObject().put("code", code.code()).put("message", message);
  }
}
