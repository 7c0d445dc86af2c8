package dev.parley.meeting.invitation;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How many addresses one account may invite per UTC day, counted in Redis so that every meeting-service
 * instance shares the count: key {@code parley:invitations:<userId>:<yyyy-mm-dd>}, raised by the number of
 * addresses of a request only when the total stays within the limit (one Lua script: check and add are
 * atomic), expiring a day after the day ends.
 */
final class InviteLimit {

  private static final String SCRIPT = """
      local total = tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1])
      if total > tonumber(ARGV[2]) then return -1 end
      redis.call('INCRBY', KEYS[1], ARGV[1])
      redis.call('EXPIRE', KEYS[1], 172800)
      return total
      """;

  private final Redis redis;
  private final int perDay;
  private final Clock clock;

  /** @param perDay addresses one account may invite per UTC day */
  InviteLimit(Redis redis, int perDay, Clock clock) {
    this.redis = redis;
    this.perDay = perDay;
    this.clock = clock;
  }

  /**
   * Counts {@code addresses} invitations against the account's day.
   *
   * @return success when they fit; {@code TOO_MANY_REQUESTS} with {@code retryAfter} (seconds to the next
   *     UTC midnight) when they do not, and nothing is counted
   */
  Future<Void> take(String userId, int addresses) {
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String key = "parley:invitations:" + userId + ":" + day;
    return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(key).arg(addresses).arg(perDay))
        .compose(reply -> {
          if (reply.toLong() >= 0) {
            return Future.succeededFuture();
          }
          long retryAfter = Math.max(1, Duration.between(now, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds());
          return Future.failedFuture(ErrorCode.TOO_MANY_REQUESTS.exception("You can invite at most " + perDay
              + " addresses a day; try again tomorrow.", new JsonObject().put(ErrorCode.RETRY_AFTER, retryAfter)));
        });
  }
}
