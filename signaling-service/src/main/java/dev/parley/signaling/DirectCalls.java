package dev.parley.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Accounts;
import dev.parley.common.Tokens;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Direct calls: one signed-in user rings another; every open client of the callee rings, and the
 * first to answer decides. An accepted call becomes a two-person meeting hosted by the caller.
 *
 * <p>A call lives in Redis as the hash {@code parley:call:<callId>} ({@code callerId}, {@code callerName},
 * {@code calleeId}, {@code state}: {@code ringing|accepted|rejected|cancelled|missed}, {@code meetingId}
 * once accepted), kept for an hour. Ringing calls are in the sorted set {@code parley:calls:ringing},
 * scored by the epoch ms when they become missed ({@code PARLEY_CALL_RING_S}, 30 s, after they start); the
 * state leaves {@code ringing} only through one atomic compare-and-set, so an accept racing a cancel
 * or the missed sweep has exactly one winner.
 *
 * <p>Pushes go to both people's user topics ({@link Addresses#userTopic}), so every client of each
 * sees them: {@code call.incoming {callId, from: {id, displayName}, expiresAt}} to the callee,
 * {@code call.accepted {callId, meetingId}}, {@code call.rejected {callId}}, {@code call.cancelled
 * {callId}}, {@code call.missed {callId}} to both.
 */
final class DirectCalls {

  private static final Logger LOG = LoggerFactory.getLogger(DirectCalls.class);
  private static final String PREFIX = "parley:call:";
  private static final String RINGING = "parley:calls:ringing";
  private static final long KEEP_SECONDS = 3_600;
  private static final List<String> FIELDS = List.of("callerId", "callerName", "calleeId", "state");

  /** KEYS: call, ringing set. ARGV: new state. Moves a ringing call on; returns 1, or 0 when it no longer rings. */
  private static final String TRANSITION = """
      if redis.call('HGET', KEYS[1], 'state') ~= 'ringing' then return 0 end
      redis.call('HSET', KEYS[1], 'state', ARGV[1])
      redis.call('ZREM', KEYS[2], KEYS[1])
      return 1
      """;

  /**
   * KEYS: ringing set. ARGV: now, most to take. Marks due ringing calls missed; returns {callKey,
   * callerId, calleeId, ...} for each one this call claimed.
   */
  private static final String EXPIRE = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      local missed = {}
      for _, key in ipairs(due) do
        redis.call('ZREM', KEYS[1], key)
        if redis.call('HGET', key, 'state') == 'ringing' then
          redis.call('HSET', key, 'state', 'missed')
          local ids = redis.call('HMGET', key, 'callerId', 'calleeId')
          missed[#missed + 1] = key
          missed[#missed + 1] = ids[1]
          missed[#missed + 1] = ids[2]
        end
      end
      return missed
      """;

  private final Redis redis;
  private final EventBus bus;
  private final MeetingService meetings;
  private final Accounts accounts;
  private final Duration ring;
  private final Clock clock;

  /**
   * @param accounts tells whether a callee exists
   * @param ring how long a call rings before it is missed
   */
  DirectCalls(Redis redis, EventBus bus, MeetingService meetings, Accounts accounts, Duration ring, Clock clock) {
    this.accounts = accounts;
    this.ring = ring;
    this.redis = redis;
    this.bus = bus;
    this.meetings = meetings;
    this.clock = clock;
  }

  /**
   * Rings every client of {@code calleeId}.
   *
   * @return {@code {"callId", "state": "ringing", "calleeId", "expiresAt": epoch ms}}; {@code BAD_REQUEST}
   *     for calling oneself or a malformed id, {@code FORBIDDEN} for guests, {@code NOT_FOUND} for an id
   *     that names no account ({@link Accounts}); nothing rings then
   */
  Future<JsonObject> start(String calleeId, Caller caller) {
    String callerId = Checks.participant(caller);
    String callee = Checks.id("userId", calleeId);
    if (!caller.isAccount()) {
      throw ErrorCode.FORBIDDEN.exception("Sign in to call someone.");
    }
    if (callee.equals(callerId)) {
      throw Checks.invalid("userId", "You cannot call yourself.");
    }
    return accounts.require(callee, caller).compose(account -> ring(callee, callerId, caller));
  }

  private Future<JsonObject> ring(String callee, String callerId, Caller caller) {
    String callId = Tokens.random(12);
    long expiresAt = clock.millis() + ring.toMillis();
    String name = caller.getDisplayName() == null ? "Someone" : caller.getDisplayName();
    return redis.batch(List.of(
            Request.cmd(Command.HSET).arg(key(callId)).arg("callerId").arg(callerId).arg("callerName").arg(name)
                .arg("calleeId").arg(callee).arg("state").arg("ringing"),
            Request.cmd(Command.EXPIRE).arg(key(callId)).arg(KEEP_SECONDS),
            Request.cmd(Command.ZADD).arg(RINGING).arg(expiresAt).arg(key(callId))))
        .map(v -> {
          push(callee, "call.incoming", new JsonObject().put("callId", callId)
              .put("from", new JsonObject().put("id", callerId).put("displayName", name)).put("expiresAt", expiresAt));
          LOG.debug("Call {} from {} to {} ringing", callId, callerId, callee);
          return new JsonObject().put("callId", callId).put("state", "ringing").put("calleeId", callee)
              .put("expiresAt", expiresAt);
        });
  }

  /**
   * The callee accepts: a two-person meeting hosted by the caller is created with the callee as a
   * participant, and both people's clients get {@code call.accepted} with its id.
   *
   * @return {@code {"callId", "state": "accepted", "meetingId"}}; {@code NOT_FOUND} for a call that is
   *     not the caller's to answer, {@code CONFLICT} when it no longer rings
   */
  Future<JsonObject> accept(String callId, Caller caller) {
    return answerable(callId, caller, "calleeId").compose(call -> transition(callId, "accepted").compose(won -> {
      Caller host = new Caller().setUserId(call.getString("callerId")).setDisplayName(call.getString("callerName"))
          .setRole(Caller.ROLE_USER).setCorrelationId(caller.getCorrelationId());
      JsonObject draft = new JsonObject().put("title", "Call: " + call.getString("callerName") + " and "
              + (caller.getDisplayName() == null ? "you" : caller.getDisplayName()))
          .put("settings", new JsonObject().put("guestsAllowed", false).put("participantLimit", 2));
      return meetings.create(draft, host)
          .compose(meeting -> meetings.join(meeting.getString("joinCode"), null, caller).map(meeting.getString("id")))
          .compose(meetingId -> redis.send(Request.cmd(Command.HSET).arg(key(callId)).arg("meetingId").arg(meetingId))
              .map(meetingId))
          .map(meetingId -> {
            JsonObject accepted = new JsonObject().put("callId", callId).put("meetingId", meetingId);
            push(call.getString("callerId"), "call.accepted", accepted.copy());
            push(call.getString("calleeId"), "call.accepted", accepted.copy());
            return new JsonObject().put("callId", callId).put("state", "accepted").put("meetingId", meetingId);
          });
    }));
  }

  /** The callee declines; @return {@code {"callId", "state": "rejected"}} (failures as {@link #accept}) */
  Future<JsonObject> reject(String callId, Caller caller) {
    return answerable(callId, caller, "calleeId").compose(call -> transition(callId, "rejected")
        .map(v -> ended(call, callId, "rejected")));
  }

  /** The caller hangs up before an answer; @return {@code {"callId", "state": "cancelled"}} */
  Future<JsonObject> cancel(String callId, Caller caller) {
    return answerable(callId, caller, "callerId").compose(call -> transition(callId, "cancelled")
        .map(v -> ended(call, callId, "cancelled")));
  }

  /** Marks calls that rang out missed and tells both people; @return how many */
  Future<Integer> expire(long now, int limit) {
    return redis.send(Request.cmd(Command.EVAL).arg(EXPIRE).arg(1).arg(RINGING).arg(now).arg(limit)).map(reply -> {
      int count = 0;
      for (int i = 0; i + 2 < reply.size(); i += 3) {
        String callId = reply.get(i).toString().substring(PREFIX.length());
        JsonObject missed = new JsonObject().put("callId", callId);
        push(reply.get(i + 1).toString(), "call.missed", missed.copy());
        push(reply.get(i + 2).toString(), "call.missed", missed.copy());
        count++;
      }
      return count;
    });
  }

  private JsonObject ended(JsonObject call, String callId, String state) {
    JsonObject data = new JsonObject().put("callId", callId);
    push(call.getString("callerId"), "call." + state, data.copy());
    push(call.getString("calleeId"), "call." + state, data.copy());
    return new JsonObject().put("callId", callId).put("state", state);
  }

  /** @return the call, when {@code party} ("callerId" or "calleeId") is the caller; else NOT_FOUND */
  private Future<JsonObject> answerable(String callId, Caller caller, String party) {
    String id = Checks.id("callId", callId);
    String userId = Checks.participant(caller);
    return redis.send(Request.cmd(Command.HMGET).arg(key(id)).arg("callerId").arg("callerName").arg("calleeId")
        .arg("state")).map(reply -> {
      JsonObject call = new JsonObject();
      for (int i = 0; i < FIELDS.size(); i++) {
        if (reply.get(i) != null) {
          call.put(FIELDS.get(i), reply.get(i).toString());
        }
      }
      if (!userId.equals(call.getString(party))) {
        throw ErrorCode.NOT_FOUND.exception("No such call.");
      }
      return call;
    });
  }

  /** @return succeeds when this request moved the call out of ringing; CONFLICT when something else did first */
  private Future<Void> transition(String callId, String state) {
    return redis.send(Request.cmd(Command.EVAL).arg(TRANSITION).arg(2).arg(key(callId)).arg(RINGING).arg(state))
        .compose(reply -> reply.toInteger() == 1
            ? Future.succeededFuture()
            : Future.failedFuture(ErrorCode.CONFLICT.exception("This call is no longer ringing.")));
  }

  private void push(String userId, String type, JsonObject data) {
    bus.publish(Addresses.userTopic(userId), new JsonObject().put("type", type).put("data", data));
  }

  private static String key(String callId) {
    return PREFIX + callId;
  }
}
