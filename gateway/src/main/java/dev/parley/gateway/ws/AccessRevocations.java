package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.AccessNotice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Acts on {@link AccessNotice}s ({@link Addresses#ACCESS_REVOKED}) for this gateway node's sockets: a
 * socket whose caller lost the meeting stops receiving its chat and its whiteboard at once (its
 * subscriptions to the meeting channel's and the board's topics are dropped) and is told with a push
 * {@code chat.revoked {channel, reason}} and {@code board.revoked {meetingId, reason}} ({@code reason}:
 * {@code removed}, {@code ended} or {@code deleted}). The chat service refuses the
 * same person's next request by itself; this closes the live feed, which no request guards.
 * Event-loop confined, like the hub.
 */
public final class AccessRevocations {

  private final Vertx vertx;
  private final SocketHub hub;
  private MessageConsumer<JsonObject> consumer;

  public AccessRevocations(Vertx vertx, SocketHub hub) {
    this.vertx = vertx;
    this.hub = hub;
  }

  /** Starts listening; completes once the consumer is registered. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.ACCESS_REVOKED, message -> revoke(AccessNotice.of(message.body())));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void revoke(AccessNotice notice) {
    if (notice.meetingId() == null) {
      return;
    }
    String channel = ChatService.meetingChannel(notice.meetingId());
    drop(notice, Addresses.chatTopic(channel), Frames.push("chat.revoked",
        new JsonObject().put("channel", channel).put("reason", reason(notice))));
    drop(notice, Addresses.boardTopic(notice.meetingId()), Frames.push("board.revoked",
        new JsonObject().put("meetingId", notice.meetingId()).put("reason", reason(notice))));
  }

  /** Leaves the topic for every local socket the notice affects, and tells each with the frame. */
  private void drop(AccessNotice notice, String topic, JsonObject frame) {
    List<ClientConnection> affected = new ArrayList<>();
    for (ClientConnection connection : hub.connections()) {
      if (connection.topics().contains(topic) && notice.affects(connection.caller())) {
        affected.add(connection);
      }
    }
    for (ClientConnection connection : affected) {
      hub.leave(connection, topic);
      connection.send(frame);
    }
  }

  private static String reason(AccessNotice notice) {
    return switch (notice.scope()) {
      case AccessNotice.MEMBER -> "removed";
      case AccessNotice.GUESTS -> "ended";
      default -> "deleted";
    };
  }
}
