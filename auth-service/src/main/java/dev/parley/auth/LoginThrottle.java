package dev.parley.auth;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.serviceproxy.ServiceException;

/**
 * Login throttling with Redis counters (OWASP Authentication Cheat Sheet, "Login Throttling"), shared
 * by every auth-service instance:
 *
 * <ul>
 *   <li>per client address: at most {@code maxPerAddress} attempts a minute, counted before checking
 *       the password, so that one address cannot spray guesses across many accounts;</li>
 *   <li>per account (normalised email): at most {@code maxFailures} failed attempts in
 *       {@link #ACCOUNT_WINDOW_SECONDS}, cleared by a successful login.</li>
 * </ul>
 * Past either limit the answer is {@link ErrorCode#TOO_MANY_REQUESTS} with {@code retryAfter} seconds
 * (the counter's remaining time to live). Counters expire by themselves.
 */
final class LoginThrottle {

  static final int ADDRESS_WINDOW_SECONDS = 60;
  static final int ACCOUNT_WINDOW_SECONDS = 15 * 60;

  /** INCR, set the window on the first hit, return {count, ttl}; atomic on the Redis server. */
  private static final String INCREMENT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}
      """;

  private final Redis redis;
  private final int maxPerAddress;
  private final int maxFailures;

  LoginThrottle(Redis redis, int maxPerAddress, int maxFailures) {
    this.redis = redis;
    this.maxPerAddress = maxPerAddress;
    this.maxFailures = maxFailures;
  }

  /** Counts an attempt from the address and fails if the address or the account is over its limit. */
  Future<Void> admit(String clientAddress, String email) {
    Future<Void> addressCheck = clientAddress == null
        ? Future.succeededFuture()
        : redis.send(Request.cmd(Command.EVAL).arg(INCREMENT).arg(1).arg(addressKey(clientAddress)).arg(ADDRESS_WINDOW_SECONDS))
            .compose(reply -> reply.get(0).toInteger() > maxPerAddress
                ? Future.failedFuture(tooMany(reply.get(1)))
                : Future.succeededFuture());
    return addressCheck.compose(v -> redis.send(Request.cmd(Command.GET).arg(accountKey(email))))
        .compose(count -> count != null && count.toInteger() >= maxFailures
            ? redis.send(Request.cmd(Command.TTL).arg(accountKey(email))).compose(ttl -> Future.failedFuture(tooMany(ttl)))
            : Future.succeededFuture());
  }

  /** Records a failed attempt on the account; {@code true} when this failure locked the account (its limit reached). */
  Future<Boolean> failed(String email) {
    return redis.send(Request.cmd(Command.EVAL).arg(INCREMENT).arg(1).arg(accountKey(email)).arg(ACCOUNT_WINDOW_SECONDS))
        .map(reply -> reply.get(0).toInteger() == maxFailures);
  }

  /** Clears the account's failure count after a successful login. */
  Future<Void> succeeded(String email) {
    return redis.send(Request.cmd(Command.DEL).arg(accountKey(email))).mapEmpty();
  }

  private static ServiceException tooMany(Response ttl) {
    long seconds = Math.max(1, ttl == null ? 1 : ttl.toLong());
    return ErrorCode.TOO_MANY_REQUESTS.exception("Too many sign-in attempts. Try again in " + describe(seconds) + ".",
        new JsonObject().put(ErrorCode.RETRY_AFTER, seconds));
  }

  private static String describe(long seconds) {
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = (seconds + 59) / 60;
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  private static String addressKey(String clientAddress) {
    return "parley:login:address:" + clientAddress;
  }

  private static String accountKey(String email) {
    return "parley:login:account:" + email;
  }
}
