package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code live.*} WebSocket frames (docs/websocket-protocol.md): how many people are in meetings'
 * live rooms, kept current by {@code live.count} pushes. {@code live.watch {meetingIds}} asks the
 * signaling service for the counts of those of the meetings the caller is a member of and holds their
 * topics ({@link Addresses#liveTopic}) for the socket; {@code live.watch {joinCode}} does the same for
 * the meeting a join link leads to (anyone holding the link: a count, never names);
 * {@code live.unwatch {meetingIds}} lets go. The counts come from the room state in Redis, published
 * by whichever signaling instance changed a room, so they are the same on every gateway.
 */
public final class LiveFrames {

  private static final int MAX_MEETINGS = 100;

  private final SignalingService signaling;
  private final SocketHub hub;

  public LiveFrames(SignalingService signaling, SocketHub hub) {
    this.signaling = signaling;
    this.hub = hub;
  }

  /** Registers the frame handlers on the hub. */
  public void register() {
    hub.on("live.watch", this::watch);
    hub.on("live.unwatch", this::unwatch);
  }

  private Future<JsonObject> watch(ClientConnection connection, JsonObject data) {
    if (data.getValue("joinCode") instanceof String joinCode) {
      return signaling.liveByJoinCode(joinCode, connection.caller()).map(live -> {
        String meetingId = live.getString("meetingId");
        hub.join(connection, Addresses.liveTopic(meetingId));
        return new JsonObject().put("meetingId", meetingId)
            .put("counts", new JsonObject().put(meetingId, live.getInteger("participants")));
      });
    }
    return meetingIds(data).compose(ids -> signaling.liveCounts(ids, connection.caller())).map(live -> {
      live.getJsonObject("counts").fieldNames().forEach(id -> hub.join(connection, Addresses.liveTopic(id)));
      return live;
    });
  }

  private Future<JsonObject> unwatch(ClientConnection connection, JsonObject data) {
    return meetingIds(data).map(ids -> {
      ids.forEach(id -> hub.leave(connection, Addresses.liveTopic(id)));
      return new JsonObject();
    });
  }

  private static Future<List<String>> meetingIds(JsonObject data) {
    if (!(data.getValue("meetingIds") instanceof JsonArray given) || given.size() > MAX_MEETINGS) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(
          "'meetingIds' must list at most " + MAX_MEETINGS + " meetings, or give a 'joinCode'."));
    }
    List<String> ids = new ArrayList<>(given.size());
    for (Object id : given) {
      if (!dev.parley.api.Ids.isId(id)) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'meetingIds' must hold meeting ids."));
      }
      ids.add((String) id);
    }
    return Future.succeededFuture(ids);
  }
}
