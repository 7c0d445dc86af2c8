package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.gateway.presence.PresenceStore;
import dev.parley.gateway.presence.PresenceStore.Mark;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Presence on the WebSocket (docs/websocket-protocol.md, {@code presence.*}). Keeps
 * {@link PresenceStore} told what this node's account sockets are doing — online from their
 * {@code auth}, in a call while they hold a room's topic, gone when they close, refreshed every
 * {@link PresenceStore#REFRESH_MS} — and publishes each change the store reports as
 * {@code presence.changed {userId, status}} on the account's presence topic. Clients follow people
 * with {@code presence.watch {userIds}} (the reply carries their statuses now) and stop with
 * {@code presence.unwatch {userIds}}; a socket watches at most {@value #MAX_WATCHED} people.
 */
public final class PresenceFrames {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceFrames.class);
  /** Most people one socket may watch at once. */
  public static final int MAX_WATCHED = 500;
  private static final String ROOM_TOPIC = Addresses.roomTopic("");
  private static final String PRESENCE_TOPIC = Addresses.presenceTopic("");

  private final Vertx vertx;
  private final SocketHub hub;
  private final PresenceStore store;
  /** Connection id → whether its last mark was in a call; only account sockets are tracked. */
  private final Map<String, Boolean> inCall = new HashMap<>();
  private long refreshTimer = -1;
  private long sweepTimer = -1;

  public PresenceFrames(Vertx vertx, SocketHub hub, PresenceStore store) {
    this.vertx = vertx;
    this.hub = hub;
    this.store = store;
  }

  /** Registers the frames and listeners on the hub and starts the refresh and sweep timers. */
  public void register() {
    hub.on("presence.watch", this::watch);
    hub.on("presence.unwatch", this::unwatch);
    hub.onAuthenticated(connection -> {
      if (connection.caller().isAccount()) {
        inCall.put(connection.id(), false);
        mark(connection, Mark.ONLINE);
      }
    });
    hub.onTopicsChanged(connection -> {
      Boolean was = inCall.get(connection.id());
      boolean now = inRoom(connection);
      if (was != null && was != now) {
        inCall.put(connection.id(), now);
        mark(connection, now ? Mark.IN_CALL : Mark.ONLINE);
      }
    });
    hub.onClose(connection -> {
      if (inCall.remove(connection.id()) != null) {
        mark(connection, Mark.GONE);
      }
    });
    refreshTimer = vertx.setPeriodic(PresenceStore.REFRESH_MS, id -> hub.forEachConnection(connection -> {
      Boolean call = inCall.get(connection.id());
      if (call != null) {
        mark(connection, call ? Mark.IN_CALL : Mark.ONLINE);
      }
    }));
    sweepTimer = vertx.setPeriodic(PresenceStore.SWEEP_MS, id -> store.sweep()
        .onSuccess(changes -> changes.forEach(this::announce))
        .onFailure(err -> LOG.warn("Presence sweep failed: {}", err.getMessage())));
  }

  /** Stops the timers (the sockets' entries run out or are removed as they close). */
  public void stop() {
    vertx.cancelTimer(refreshTimer);
    vertx.cancelTimer(sweepTimer);
  }

  private void mark(ClientConnection connection, Mark mark) {
    String userId = connection.caller().getUserId();
    store.mark(userId, connection.id(), mark)
        .onSuccess(status -> {
          if (status != null) {
            announce(userId, status);
          }
        })
        .onFailure(err -> LOG.warn("Presence of {} not recorded: {}", userId, err.getMessage()));
  }

  private void announce(String userId, String status) {
    vertx.eventBus().publish(Addresses.presenceTopic(userId),
        Frames.push("presence.changed", new JsonObject().put("userId", userId).put("status", status)));
  }

  private static boolean inRoom(ClientConnection connection) {
    return connection.topics().stream().anyMatch(topic -> topic.startsWith(ROOM_TOPIC));
  }

  private Future<JsonObject> watch(ClientConnection connection, JsonObject data) {
    return userIds(connection, data).compose(ids -> {
      long watched = connection.topics().stream().filter(topic -> topic.startsWith(PRESENCE_TOPIC)).count();
      long adding = ids.stream().filter(id -> !connection.topics().contains(Addresses.presenceTopic(id))).count();
      if (watched + adding > MAX_WATCHED) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("A connection watches at most " + MAX_WATCHED
            + " people; unwatch some first.", new JsonObject().put(ErrorCode.FIELD, "userIds")));
      }
      ids.forEach(id -> hub.join(connection, Addresses.presenceTopic(id)));
      // The topics are held before the statuses are read, so no change falls between the two.
      return Future.all(ids.stream().map(id -> hub.subscriptions().ready(Addresses.presenceTopic(id))).toList())
          .compose(ready -> store.statuses(ids))
          .map(statuses -> new JsonObject().put("statuses", new JsonObject(new HashMap<>(statuses))));
    });
  }

  private Future<JsonObject> unwatch(ClientConnection connection, JsonObject data) {
    return userIds(connection, data).map(ids -> {
      ids.forEach(id -> hub.leave(connection, Addresses.presenceTopic(id)));
      return new JsonObject();
    });
  }

  private static Future<List<String>> userIds(ClientConnection connection, JsonObject data) {
    if (!connection.caller().isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to see who is online."));
    }
    if (!(data.getValue("userIds") instanceof JsonArray given) || given.size() > MAX_WATCHED) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'userIds' must be a list of at most " + MAX_WATCHED
          + " user ids.", new JsonObject().put(ErrorCode.FIELD, "userIds")));
    }
    List<String> ids = new ArrayList<>();
    for (Object id : given) {
      if (!(id instanceof String s) || !Ids.isId(s)) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("Each of 'userIds' must be a user id.",
            new JsonObject().put(ErrorCode.FIELD, "userIds")));
      }
      if (!ids.contains(s)) {
        ids.add(s);
      }
    }
    return Future.succeededFuture(ids);
  }
}
