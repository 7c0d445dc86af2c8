package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.api.board.BoardService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code board.*} frames (the whiteboard, issue 15): {@code board.sync}, {@code board.op},
 * {@code board.live}, {@code board.leave}, and the {@code board} part of {@code session.resume}.
 *
 * <p>A socket holds a board's topic ({@code parley.topic.board.<meetingId>}) from {@code board.sync}
 * until {@code board.leave}, a revocation or its close, and gets {@code board.op} and
 * {@code board.live} pushes. A sync delivers every op exactly once and in order: the topic is held
 * first (and registered in the cluster), pushes are held back while the service answers, the reply
 * goes out, and then the held pushes after the reply's {@code lastSeq} follow; later copies of ops at
 * or below it are dropped. The board service authorises every request; this class checks JSON types.
 * Event-loop confined.
 */
public final class BoardFrames {

  /** A resume names at most this many boards. */
  static final int MAX_RESUME_BOARDS = 10;

  private final Vertx vertx;
  private final BoardService board;
  private final SocketHub hub;
  /** Pushes held back while a board syncs, by connection id and meeting id. */
  private final Map<String, Map<String, List<JsonObject>>> held = new HashMap<>();
  /** Per connection and meeting, the highest seq a sync delivered: op pushes up to it are dropped. */
  private final Map<String, Map<String, Long>> floors = new HashMap<>();

  public BoardFrames(Vertx vertx, BoardService board, SocketHub hub) {
    this.vertx = vertx;
    this.board = board;
    this.hub = hub;
  }

  /** Registers the frame handlers, the push filter and the close listener on the hub. */
  public void register() {
    hub.on("board.sync", (connection, data) -> sync(connection, meetingId(data), sinceSeq(data, "sinceSeq")));
    hub.on("board.op", (connection, data) -> board.apply(meetingId(data), string(data, "opId"), object(data, "op"), connection.caller()));
    hub.on("board.live", (connection, data) -> {
      String meetingId = meetingId(data);
      JsonObject live = data.copy();
      live.remove("meetingId");
      return board.live(meetingId, live, connection.id(), connection.caller()).map(new JsonObject());
    });
    hub.on("board.leave", (connection, data) -> {
      String meetingId = meetingId(data);
      forget(connection.id(), meetingId);
      hub.leave(connection, Addresses.boardTopic(meetingId));
      return Future.succeededFuture(new JsonObject());
    });
    hub.filterPushes((connection, frame) -> admit(connection, frame) ? frame : null);
    hub.onClose(connection -> {
      held.remove(connection.id());
      floors.remove(connection.id());
    });
  }

  /**
   * The {@code board} part of {@code session.resume}: {@code {"<meetingId>": last seq applied}} → {@code
   * {"<meetingId>": {"ok": true, "data": <as board.sync>} | {"ok": false, "error": {code, message}}}}.
   */
  public Future<JsonObject> resume(ClientConnection connection, JsonObject lastSeqByMeeting) {
    if (lastSeqByMeeting.size() > MAX_RESUME_BOARDS) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("Resume at most " + MAX_RESUME_BOARDS + " boards at once."));
    }
    JsonObject answers = new JsonObject();
    List<Future<?>> pending = new ArrayList<>();
    for (Map.Entry<String, Object> entry : lastSeqByMeeting) {
      Future<JsonObject> synced;
      try {
        synced = sync(connection, entry.getKey(), sinceSeq(new JsonObject().put("sinceSeq", entry.getValue()), "sinceSeq"));
      } catch (RuntimeException e) {
        synced = Future.failedFuture(e);
      }
      pending.add(synced.transform(ar -> {
        answers.put(entry.getKey(), ar.succeeded() ? new JsonObject().put("ok", true).put("data", ar.result())
            : new JsonObject().put("ok", false).put("error", Frames.errorBody(ar.cause())));
        return Future.succeededFuture();
      }));
    }
    return Future.all(pending).map(answers);
  }

  private Future<JsonObject> sync(ClientConnection connection, String meetingId, long sinceSeq) {
    String topic = Addresses.boardTopic(meetingId);
    boolean wasHeld = connection.topics().contains(topic);
    held.computeIfAbsent(connection.id(), k -> new HashMap<>()).put(meetingId, new ArrayList<>());
    hub.join(connection, topic);
    return hub.subscriptions().ready(topic)
        .compose(v -> board.sync(meetingId, sinceSeq, connection.caller()))
        .onComplete(ar -> {
          if (ar.failed()) {
            forget(connection.id(), meetingId);
            if (!wasHeld) {
              hub.leave(connection, topic);
            }
            return;
          }
          // The reply is written when this future's handlers have run; the held pushes follow it.
          long floor = ar.result().getLong("lastSeq");
          vertx.getOrCreateContext().runOnContext(x -> release(connection, meetingId, floor));
        });
  }

  private void release(ClientConnection connection, String meetingId, long floor) {
    Map<String, List<JsonObject>> byMeeting = held.get(connection.id());
    List<JsonObject> frames = byMeeting == null ? null : byMeeting.remove(meetingId);
    if (byMeeting != null && byMeeting.isEmpty()) {
      held.remove(connection.id());
    }
    if (!connection.topics().contains(Addresses.boardTopic(meetingId))) {
      return; // closed or left meanwhile
    }
    floors.computeIfAbsent(connection.id(), k -> new HashMap<>()).put(meetingId, floor);
    if (frames != null) {
      frames.stream().filter(frame -> admit(connection, frame)).forEach(connection::send);
    }
  }

  private void forget(String connectionId, String meetingId) {
    Map<String, List<JsonObject>> byMeeting = held.get(connectionId);
    if (byMeeting != null) {
      byMeeting.remove(meetingId);
    }
    Map<String, Long> floor = floors.get(connectionId);
    if (floor != null) {
      floor.remove(meetingId);
    }
  }

  /** The push filter: holds back a syncing board's ops, drops live pushes meanwhile and ops already delivered. */
  private boolean admit(ClientConnection connection, JsonObject frame) {
    String type = frame.getString("type");
    if (!"board.op".equals(type) && !"board.live".equals(type)) {
      return true;
    }
    JsonObject data = frame.getJsonObject("data");
    String meetingId = data == null ? null : data.getString("meetingId");
    Map<String, List<JsonObject>> holding = held.get(connection.id());
    List<JsonObject> queue = holding == null || meetingId == null ? null : holding.get(meetingId);
    if (queue != null) {
      if ("board.op".equals(type)) {
        queue.add(frame);
      }
      return false;
    }
    if ("board.op".equals(type)) {
      Map<String, Long> byMeeting = floors.get(connection.id());
      Long floor = byMeeting == null ? null : byMeeting.get(meetingId);
      return floor == null || data.getLong("seq", 0L) > floor;
    }
    return true;
  }

  private static String meetingId(JsonObject data) {
    return string(data, "meetingId");
  }

  private static String string(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (!(value instanceof String s)) {
      throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a string.", new JsonObject().put(ErrorCode.FIELD, field));
    }
    return s;
  }

  private static JsonObject object(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (!(value instanceof JsonObject o)) {
      throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be an object.", new JsonObject().put(ErrorCode.FIELD, field));
    }
    return o;
  }

  private static long sinceSeq(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0) {
      return n.longValue();
    }
    throw ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a whole number of at least 0.", new JsonObject().put(ErrorCode.FIELD, field));
  }
}
