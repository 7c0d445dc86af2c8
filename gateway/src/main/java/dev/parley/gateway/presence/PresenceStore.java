package dev.parley.gateway.presence;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Presence of accounts in Redis, shared by every gateway: {@code online} (a live socket),
 * {@code in-call} (a live socket in a room) or {@code offline}.
 *
 * <p>Keys: {@code parley:presence:conn:<userId>} and {@code parley:presence:call:<userId>}, sorted
 * sets of connection ids scored by the time (epoch ms) each entry expires; {@code parley:presence:due}
 * (user ids scored by their latest expiry) and {@code parley:presence:last} (user id → the status last
 * announced). Gateways refresh their sockets' entries every {@link #REFRESH_MS} to
 * {@link #TTL_MS} ahead and remove them when sockets close. Every change goes through one Lua script
 * that recomputes the status and compares it with the one last announced, so each change is reported
 * exactly once, whichever gateway made it. A gateway that dies stops refreshing: its entries run out,
 * and {@link #sweep()} — run by every gateway every {@link #SWEEP_MS} — reports those people offline
 * (or online, if another device remains) within {@code TTL_MS + SWEEP_MS} = 27 s.
 */
public final class PresenceStore {

  /** How far ahead a refresh moves an entry's expiry. */
  public static final long TTL_MS = 24_000;
  /** How often a gateway refreshes its sockets' entries. */
  public static final long REFRESH_MS = 8_000;
  /** How often a gateway looks for entries that ran out. */
  public static final long SWEEP_MS = 3_000;

  /** What a socket's entry says. */
  public enum Mark { ONLINE, IN_CALL, GONE }

  private static final String PREFIX = "parley:presence:";
  private static final String DUE = PREFIX + "due";
  private static final String LAST = PREFIX + "last";

  /** Shared by both scripts: drop what ran out, read the status, keep the bookkeeping. */
  private static final String STATUS = """
      local function settle(uid, ck, kk, now)
        redis.call('ZREMRANGEBYSCORE', ck, '-inf', now)
        redis.call('ZREMRANGEBYSCORE', kk, '-inf', now)
        local status = 'offline'
        if redis.call('ZCARD', kk) > 0 then status = 'in-call'
        elseif redis.call('ZCARD', ck) > 0 then status = 'online' end
        local before = redis.call('HGET', KEYS[2], uid) or 'offline'
        local latest = redis.call('ZRANGE', ck, -1, -1, 'WITHSCORES')
        if latest[2] then
          redis.call('ZADD', KEYS[1], latest[2], uid)
          redis.call('PEXPIREAT', ck, latest[2])
          redis.call('PEXPIREAT', kk, latest[2])
          redis.call('HSET', KEYS[2], uid, status)
        else
          redis.call('ZREM', KEYS[1], uid)
          redis.call('HDEL', KEYS[2], uid)
        end
        if before ~= status then return status end
        return false
      end
      """;

  /** KEYS: due, last. ARGV: prefix, userId, connectionId, now, expiry, mark. Returns the new status if it changed. */
  private static final String MARK = STATUS + """
      local uid = ARGV[2]
      local ck = ARGV[1] .. 'conn:' .. uid
      local kk = ARGV[1] .. 'call:' .. uid
      if ARGV[6] == 'GONE' then
        redis.call('ZREM', ck, ARGV[3])
        redis.call('ZREM', kk, ARGV[3])
      else
        redis.call('ZADD', ck, ARGV[5], ARGV[3])
        if ARGV[6] == 'IN_CALL' then redis.call('ZADD', kk, ARGV[5], ARGV[3]) else redis.call('ZREM', kk, ARGV[3]) end
      end
      return settle(uid, ck, kk, ARGV[4])
      """;

  /** KEYS: due, last. ARGV: prefix, now, batch. Returns {userId, status, ...} of the changes. */
  private static final String SWEEP = STATUS + """
      local changed = {}
      for _, uid in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])) do
        local status = settle(uid, ARGV[1] .. 'conn:' .. uid, ARGV[1] .. 'call:' .. uid, ARGV[2])
        if status then
          changed[#changed + 1] = uid
          changed[#changed + 1] = status
        end
      end
      return changed
      """;

  private final Redis redis;
  private final LongSupplier clock;

  /** @param clock epoch milliseconds */
  public PresenceStore(Redis redis, LongSupplier clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /**
   * Records what one socket of an account says now.
   *
   * @return the account's new status when this changed it, otherwise {@code null}
   */
  public Future<String> mark(String userId, String connectionId, Mark mark) {
    long now = clock.getAsLong();
    return redis.send(Request.cmd(Command.EVAL).arg(MARK).arg(2).arg(DUE).arg(LAST)
            .arg(PREFIX).arg(userId).arg(connectionId).arg(now).arg(now + TTL_MS).arg(mark.name()))
        .map(reply -> reply == null ? null : reply.toString());
  }

  /** @return the changes found among entries that ran out: user id → new status */
  public Future<Map<String, String>> sweep() {
    return redis.send(Request.cmd(Command.EVAL).arg(SWEEP).arg(2).arg(DUE).arg(LAST)
            .arg(PREFIX).arg(clock.getAsLong()).arg(500))
        .map(reply -> {
          Map<String, String> changes = new HashMap<>();
          for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
            changes.put(reply.get(i).toString(), reply.get(i + 1).toString());
          }
          return changes;
        });
  }

  /** @return each account's status as last announced ({@code offline} when unknown), by id */
  public Future<Map<String, String>> statuses(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Request hmget = Request.cmd(Command.HMGET).arg(LAST);
    userIds.forEach(hmget::arg);
    return redis.send(hmget).map(reply -> {
      Map<String, String> statuses = new HashMap<>();
      for (int i = 0; i < userIds.size(); i++) {
        Response value = reply.get(i);
        statuses.put(userIds.get(i), value == null ? "offline" : value.toString());
      }
      return statuses;
    });
  }
}
