package dev.parley.signaling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Live-room state in Redis, shared by every signaling instance. Per meeting ({@code <m>} a validated
 * id of {@code [A-Za-z0-9_-]}, so keys never carry client text unescaped):
 *
 * <ul>
 *   <li>{@code parley:room:<m>:members}: hash participantId → stored member JSON ({@link Member});
 *       expires {@value #MEMBERS_TTL_SECONDS} s after the last join, as a safety net for members of a
 *       gateway that died without leaving;</li>
 *   <li>{@code parley:room:<m>:state}: hash of room flags: {@code locked} and {@code hardMute}
 *       ({@code 1} or {@code 0}), {@code ended} ({@code 1}), {@code timerDeadline} (epoch ms) and
 *       {@code timerSeconds};</li>
 *   <li>{@code parley:room:<m>:removed}: set of participant ids the host removed (they cannot rejoin);</li>
 *   <li>{@code parley:room:<m>:cohosts}: set of participant ids the host promoted to co-host;</li>
 *   <li>{@code parley:room:<m>:lobby}: hash participantId → entry of those waiting to be let in;</li>
 *   <li>{@code parley:room:<m>:admitted}: set of participant ids a host let in from the lobby.</li>
 * </ul>
 * Across rooms, for presence:
 * <ul>
 *   <li>{@code parley:rooms:grace}: sorted set of dropped members whose place is kept, scored by the
 *       epoch ms at which they are removed unless they resume;</li>
 *   <li>{@code parley:nodes}: sorted set of live gateway nodes, scored by the epoch ms at which a node
 *       counts as dead unless its heartbeat moves it on;</li>
 *   <li>{@code parley:node:<n>:rooms}: set of rooms that had members on gateway node {@code <n>}.</li>
 * </ul>
 * The sweeps ({@link #expireGrace}, {@link #expireNodes}) reach room keys they compute themselves, so
 * this layout needs a single Redis (or Sentinel), not Redis Cluster.
 * Steps that check and then write run as Lua scripts ({@link RoomScripts}), atomic on the server.
 */
final class RoomStore {

  /** How long a room's member list outlives its last join. */
  static final long MEMBERS_TTL_SECONDS = 24 * 60 * 60;

  private static final String PREFIX = "parley:room:";
  private static final String NODE_PREFIX = "parley:node:";
  static final String GRACE_KEY = "parley:rooms:grace";
  static final String NODES_KEY = "parley:nodes";

  private final Redis redis;
  private final RouteCache routes;
  private final Consumer<String> changes;

  /** @param routes told of every write to a room's members; serves {@link #pair} */
  RoomStore(Redis redis, RouteCache routes) {
    this(redis, routes, meetingId -> { });
  }

  /**
   * @param routes told of every write to a room's members; serves {@link #pair}
   * @param changes also told the meeting id after every write to a room's members (live counts)
   */
  RoomStore(Redis redis, RouteCache routes, Consumer<String> changes) {
    this.redis = redis;
    this.routes = routes;
    this.changes = changes;
  }

  /** What {@link #join} or {@link #resume} did. */
  enum Outcome { JOINED, REPLACED, RESUMED, ENDED, REMOVED, LOCKED, WAITING, FULL, GONE, MISMATCH }

  /** A member the sweeps removed. */
  record Expired(String meetingId, String participantId) {
  }

  /**
   * @param self the member's stored entry after the join (null unless joined or replaced)
   * @param previous the entry a replacing join overwrote, with the older connection (or null)
   * @param others the other members' stored entries
   * @param timerDeadline epoch ms, or null when no timer is set
   */
  record Joined(Outcome outcome, JsonObject self, JsonObject previous, boolean locked, Long timerDeadline,
                Integer timerSeconds, List<JsonObject> others) {
  }

  /** Outcome of a change to one member: {@code member} is null when they are not in the room. */
  record Patched(JsonObject member, boolean changed, boolean refused) {
  }

  /** A member entry a room-wide change touched. */
  record Touched(JsonObject member, boolean changed) {
  }

  /** The room's standing for an actor: whether it has ended and whether the actor was promoted. */
  record Standing(boolean ended, boolean promoted) {
  }

  /**
   * Enters the room, or replaces the connection of a participant already in it. Refuses, in this
   * order: an ended room, a removed participant, a locked room (unless host or co-host), a full room.
   *
   * @param entry a fresh stored entry ({@link Member#fresh}); its role is the meeting role, raised to
   *     co-host when the host promoted the participant in this room
   * @param limit the most members the room may hold
   */
  Future<Joined> join(String meetingId, JsonObject entry, int limit, boolean lobby) {
    Request eval = Request.cmd(Command.EVAL).arg(RoomScripts.JOIN).arg(7)
        .arg(membersKey(meetingId)).arg(stateKey(meetingId)).arg(removedKey(meetingId)).arg(cohostsKey(meetingId))
        .arg(nodeRoomsKey(entry.getString(Member.NODE_ID))).arg(lobbyKey(meetingId)).arg(admittedKey(meetingId))
        .arg(entry.getString(Member.PARTICIPANT_ID)).arg(entry.encode()).arg(entry.getString(Member.ROLE))
        .arg(limit).arg(entry.getString(Member.NODE_ID)).arg(entry.getString(Member.CONNECTION_ID))
        .arg(MEMBERS_TTL_SECONDS).arg(meetingId).arg(lobby ? "1" : "0");
    return changing(meetingId, redis.send(eval)).map(RoomStore::joined);
  }

  /** @return the lobby entries (stored member entries) of everyone waiting to be let in */
  Future<List<JsonObject>> lobby(String meetingId) {
    return redis.send(Request.cmd(Command.HVALS).arg(lobbyKey(meetingId))).map(reply -> {
      List<JsonObject> waiting = new ArrayList<>(reply.size());
      reply.forEach(value -> waiting.add(json(value)));
      return waiting;
    });
  }

  /**
   * Takes someone out of the lobby: admitted (their next join enters) or denied.
   *
   * @return their lobby entry, or null when they are not waiting
   */
  Future<JsonObject> decide(String meetingId, String participantId, boolean admit) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.DECIDE).arg(2).arg(lobbyKey(meetingId))
        .arg(admittedKey(meetingId)).arg(participantId).arg(admit ? "1" : "0")).map(RoomStore::json);
  }

  /** Takes someone out of the lobby when they give up waiting on that connection; @return their entry or null */
  Future<JsonObject> leaveLobby(String meetingId, String participantId, String connectionId) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.LEAVE).arg(1).arg(lobbyKey(meetingId))
        .arg(participantId).arg(connectionId)).map(RoomStore::json);
  }

  /**
   * Gives a member their place back on a new connection, when the resume token matches theirs.
   *
   * @return {@code RESUMED} with the room as {@link #join} describes it ({@code previous} the entry as
   *     it was, with the old connection), or {@code ENDED}, {@code GONE} (not in the room: removed, or
   *     their grace ran out) or {@code MISMATCH} (another token)
   */
  Future<Joined> resume(String meetingId, String participantId, String resumeToken, String nodeId, String connectionId) {
    Request eval = Request.cmd(Command.EVAL).arg(RoomScripts.RESUME).arg(4)
        .arg(membersKey(meetingId)).arg(stateKey(meetingId)).arg(GRACE_KEY).arg(nodeRoomsKey(nodeId))
        .arg(participantId).arg(resumeToken).arg(nodeId).arg(connectionId).arg(meetingId).arg(MEMBERS_TTL_SECONDS);
    return changing(meetingId, redis.send(eval)).map(RoomStore::joined);
  }

  /**
   * Marks a member whose socket dropped as reconnecting, keeping their place until {@code deadline}.
   *
   * @param deadline epoch ms
   * @return the updated entry, or null when the member is gone, on another connection, or already
   *     reconnecting
   */
  Future<JsonObject> disconnect(String meetingId, String participantId, String connectionId, long deadline) {
    return changing(meetingId, redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.DISCONNECT).arg(2)
        .arg(membersKey(meetingId)).arg(GRACE_KEY).arg(participantId).arg(connectionId).arg(deadline).arg(meetingId)))
        .map(RoomStore::json);
  }

  /** Removes members whose grace ran out by {@code now} (epoch ms), at most {@code limit} entries a call. */
  Future<List<Expired>> expireGrace(long now, int limit) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.EXPIRE_GRACE).arg(1).arg(GRACE_KEY)
        .arg(now).arg(limit).arg(PREFIX)).map(this::expired);
  }

  /**
   * Records that a gateway node is alive until {@code deadline} (epoch ms).
   */
  Future<Void> nodeAlive(String nodeId, long deadline) {
    return redis.send(Request.cmd(Command.ZADD).arg(NODES_KEY).arg(deadline).arg(nodeId)).mapEmpty();
  }

  /** Removes the members of gateway nodes whose liveness ran out by {@code now} (epoch ms). */
  Future<List<Expired>> expireNodes(long now, int limit) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.EXPIRE_NODES).arg(1).arg(NODES_KEY)
        .arg(now).arg(limit).arg(PREFIX).arg(NODE_PREFIX)).map(this::expired);
  }

  private List<Expired> expired(Response reply) {
    List<Expired> expired = new ArrayList<>();
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      expired.add(new Expired(reply.get(i).toString(), reply.get(i + 1).toString()));
    }
    expired.stream().map(Expired::meetingId).distinct().forEach(this::changed);
    return expired;
  }

  private static Joined joined(Response reply) {
    Outcome outcome = Outcome.valueOf(reply.get(0).toString().toUpperCase());
    if (outcome != Outcome.JOINED && outcome != Outcome.REPLACED && outcome != Outcome.RESUMED) {
      return new Joined(outcome, null, null, false, null, null, List.of());
    }
    List<JsonObject> others = new ArrayList<>();
    for (int i = 6; i < reply.size(); i++) {
      others.add(json(reply.get(i)));
    }
    return new Joined(outcome, json(reply.get(1)), json(reply.get(2)), "1".equals(text(reply.get(3))),
        reply.get(4) == null ? null : reply.get(4).toLong(),
        reply.get(5) == null ? null : reply.get(5).toInteger(), others);
  }

  /** @return the deleted entry, or null when the participant is not in the room under that connection */
  Future<JsonObject> leave(String meetingId, String participantId, String connectionId) {
    return changing(meetingId, redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.LEAVE).arg(1)
        .arg(membersKey(meetingId)).arg(participantId).arg(connectionId))).map(RoomStore::json);
  }

  /**
   * Where two members' sockets are, for the relay: from this instance's {@link RouteCache} when it
   * holds both, otherwise both entries with a single {@code HMGET}.
   *
   * @return a list of two routes (each null when that participant is not in the room)
   */
  Future<List<RouteCache.Route>> pair(String meetingId, String first, String second) {
    return routes.pair(meetingId, first, second, ids -> {
      Request hmget = Request.cmd(Command.HMGET).arg(membersKey(meetingId));
      ids.forEach(hmget::arg);
      return redis.send(hmget).map(reply -> {
        List<JsonObject> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
          entries.add(json(reply.get(i)));
        }
        return entries;
      });
    });
  }

  /**
   * Forgets this instance's cached routes of a room, e.g. after a delivery to one of them found the
   * socket gone, so that the next {@link #pair} reads Redis.
   */
  void refresh(String meetingId) {
    routes.drop(meetingId);
  }

  /** @return the stored entries of everyone in the room, in no particular order */
  Future<List<JsonObject>> members(String meetingId) {
    return redis.send(Request.cmd(Command.HVALS).arg(membersKey(meetingId))).map(reply -> {
      List<JsonObject> all = new ArrayList<>(reply.size());
      reply.forEach(value -> all.add(json(value)));
      return all;
    });
  }

  /**
   * Sets member fields atomically.
   *
   * @param patch the member fields to set (validated values only)
   * @param guardForceMuted refuse (and change nothing) when the patch turns audio on for a member
   *     who is force-muted
   */
  Future<Patched> patch(String meetingId, String participantId, JsonObject patch, boolean guardForceMuted) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.PATCH).arg(1).arg(membersKey(meetingId))
            .arg(participantId).arg(patch.encode()).arg(guardForceMuted ? "1" : "0"))
        .map(RoomStore::patched);
  }

  /** Makes a member co-host for the rest of the room's life; {@code refused} when they are the host. */
  Future<Patched> promote(String meetingId, String participantId) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.PROMOTE).arg(2).arg(membersKey(meetingId))
            .arg(cohostsKey(meetingId)).arg(participantId))
        .map(RoomStore::patched);
  }

  /**
   * Mutes everyone but the actor (see {@link RoomScripts#MUTE_ALL}).
   *
   * @return the entries of everyone but the actor after the change
   */
  Future<List<Touched>> muteAll(String meetingId, String actorId, boolean hard) {
    return redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.MUTE_ALL).arg(2).arg(membersKey(meetingId))
            .arg(stateKey(meetingId)).arg(actorId).arg(hard ? "1" : "0"))
        .map(reply -> {
          List<Touched> touched = new ArrayList<>(reply.size() / 3);
          for (int i = 0; i + 2 < reply.size(); i += 3) {
            touched.add(new Touched(json(reply.get(i + 1)), reply.get(i + 2).toInteger() == 1));
          }
          return touched;
        });
  }

  /** Bars the participant from the room and deletes their entry; @return the entry, or null if absent */
  Future<JsonObject> remove(String meetingId, String participantId) {
    return changing(meetingId, redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.REMOVE).arg(3)
        .arg(membersKey(meetingId)).arg(removedKey(meetingId)).arg(cohostsKey(meetingId)).arg(participantId)))
        .map(RoomStore::json);
  }

  Future<Void> lock(String meetingId, boolean locked) {
    return redis.send(Request.cmd(Command.HSET).arg(stateKey(meetingId)).arg("locked").arg(locked ? "1" : "0"))
        .mapEmpty();
  }

  /** Marks the room ended (joins are refused from now on) and empties it. */
  Future<Void> end(String meetingId) {
    return changing(meetingId, redis.send(Request.cmd(Command.EVAL).arg(RoomScripts.END).arg(2)
        .arg(membersKey(meetingId)).arg(stateKey(meetingId)))).mapEmpty();
  }

  /**
   * @param deadline epoch ms, or null to clear the timer
   * @param seconds the duration the timer was set for (ignored when clearing)
   */
  Future<Void> timer(String meetingId, Long deadline, int seconds) {
    Request request = deadline == null
        ? Request.cmd(Command.HDEL).arg(stateKey(meetingId)).arg("timerDeadline").arg("timerSeconds")
        : Request.cmd(Command.HSET).arg(stateKey(meetingId)).arg("timerDeadline").arg(deadline)
            .arg("timerSeconds").arg(seconds);
    return redis.send(request).mapEmpty();
  }

  /** @return whether the room has ended and whether the participant was promoted to co-host in it */
  Future<Standing> standing(String meetingId, String participantId) {
    return redis.batch(List.of(
            Request.cmd(Command.HGET).arg(stateKey(meetingId)).arg("ended"),
            Request.cmd(Command.SISMEMBER).arg(cohostsKey(meetingId)).arg(participantId)))
        .map(replies -> new Standing("1".equals(text(replies.get(0))), replies.get(1).toInteger() == 1));
  }

  /**
   * Tells the route cache once a write to the room's members is over, whether it succeeded or not (a
   * write that timed out may still have been applied).
   */
  private <T> Future<T> changing(String meetingId, Future<T> write) {
    return write.andThen(done -> changed(meetingId));
  }

  private void changed(String meetingId) {
    routes.changed(meetingId);
    changes.accept(meetingId);
  }

  private static Patched patched(Response reply) {
    return switch (reply.get(0).toString()) {
      case "ok" -> new Patched(json(reply.get(1)), reply.get(2).toInteger() == 1, false);
      case "absent" -> new Patched(null, false, false);
      default -> new Patched(null, false, true);
    };
  }

  private static JsonObject json(Response value) {
    return value == null ? null : new JsonObject(value.toString());
  }

  private static String text(Response value) {
    return value == null ? null : value.toString();
  }

  static String membersKey(String meetingId) {
    return PREFIX + meetingId + ":members";
  }

  static String stateKey(String meetingId) {
    return PREFIX + meetingId + ":state";
  }

  static String removedKey(String meetingId) {
    return PREFIX + meetingId + ":removed";
  }

  static String lobbyKey(String meetingId) {
    return PREFIX + meetingId + ":lobby";
  }

  static String admittedKey(String meetingId) {
    return PREFIX + meetingId + ":admitted";
  }

  static String nodeRoomsKey(String nodeId) {
    return NODE_PREFIX + nodeId + ":rooms";
  }

  static String cohostsKey(String meetingId) {
    return PREFIX + meetingId + ":cohosts";
  }
}
