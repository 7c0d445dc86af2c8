package dev.parley.chat;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-person send limit shared by every chat-service instance: at most {@code limit} new messages in a
 * fixed window of {@value #WINDOW_SECONDS} s, counted in Redis ({@code INCR} + {@code EXPIRE} in one
 * Lua script). Past it, {@code TOO_MANY_REQUESTS} with {@code retryAfter} = seconds left in the window.
 * Every send is counted, resends included; past the limit the service still answers a resend of a
 * stored message with that message.
 */
final class SendRateLimit {

  static final int WINDOW_SECONDS = 10;

  private static final String INCREMENT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}
      """;

  private static final Logger LOG = LoggerFactory.getLogger(SendRateLimit.class);

  private final Redis redis;
  private final int limit;

  /**
   * @param redis a pooled client whose wait queue allows for bursts of sends
   * @param limit messages per window and person
   */
  SendRateLimit(Redis redis, int limit) {
    this.redis = redis;
    this.limit = limit;
  }

  /** Counts one message of the person; fails with {@code TOO_MANY_REQUESTS} past the limit. */
  Future<Void> admit(String userId) {
    return redis.send(Request.cmd(Command.EVAL).arg(INCREMENT).arg(1).arg("parley:chat:rate:" + userId).arg(WINDOW_SECONDS))
        .recover(err -> {
          LOG.warn("Counting a chat message in Redis failed", err);
          return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("Chat is unavailable right now; try again shortly."));
        })
        .compose(reply -> {
          if (reply.get(0).toLong() <= limit) {
            return Future.succeededFuture();
          }
          long retryAfter = Math.max(1, reply.get(1).toLong());
          return Future.failedFuture(ErrorCode.TOO_MANY_REQUESTS.exception(
              "You are sending messages too fast: at most " + limit + " every " + WINDOW_SECONDS
                  + " seconds. Try again in " + retryAfter + (retryAfter == 1 ? " second." : " seconds."),
              new JsonObject().put(ErrorCode.RETRY_AFTER, retryAfter)));
        });
  }
}
